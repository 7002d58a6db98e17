package config

import (
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

func TestKeyLines(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want map[string]int
	}{
		{"tables-and-keys", "# c\n[a]\nx = 1\n\n[b]\ny = 2\n",
			map[string]int{"a": 2, "a.x": 3, "b": 5, "b.y": 6}},
		{"array-table", "[[a]]\nx = 1\n[[a]]\nx = 2\n",
			map[string]int{"a": 1, "a.x": 2}},
		{"dotted-and-quoted", "a.b = 1\n\"c.d\" = 2\n'e' . f = 3\n",
			map[string]int{"a.b": 1, `"c.d"`: 2, "e.f": 3}},
		{"quoted-with-escape", "\"q\\\"r\" = 1\ns = 2\n",
			map[string]int{`"q\"r"`: 1, "s": 2}},
		{"multiline-basic-string", "a = \"\"\"\nb = 1\n[t]\n\\\"\"\" \"\"\"\nc = 2\n",
			map[string]int{"a": 1, "c": 5}},
		{"multiline-string-ending-in-quotes", "a = '''x'''''\nb = \"\"\"y\"\"\"\"\"\nc = 1\n",
			map[string]int{"a": 1, "b": 2, "c": 3}},
		{"literal-string-with-backslash", "a = 'C:\\'\nb = 1\n",
			map[string]int{"a": 1, "b": 2}},
		{"array-over-lines-with-comments", "a = [\n  1, # ] b = 2\n  [2, 3],\n]\nc = 1\n",
			map[string]int{"a": 1, "c": 5}},
		{"inline-tables", "a = { b = 1, c = { d = [ { e = 2 } ] } }\nf = 3\n",
			map[string]int{"a": 1, "a.b": 1, "a.c": 1, "a.c.d": 1, "a.c.d.e": 1, "f": 2}},
		{"date-time-with-space", "a = 1979-05-27 07:32:00Z\nb = { c = 1979-05-27 07:32:00, d = 1 }\n",
			map[string]int{"a": 1, "b": 2, "b.c": 2, "b.d": 2}},
		{"byte-order-mark", "\ufeff[a]\nx = 1\n",
			map[string]int{"a": 1, "a.x": 2}},
		{"crlf", "[a]\r\nx = 1\r\ny = 'z'\r\n",
			map[string]int{"a": 1, "a.x": 2, "a.y": 3}},
		{"header-with-spaces-and-comment", "[ a . \"b]\" ] # [c]\nx = 1\n",
			map[string]int{`a."b]"`: 1, `a."b]".x`: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v map[string]any
			md, err := toml.Decode(tt.toml, &v)
			if err != nil {
				t.Fatalf("test input does not parse: %v", err)
			}
			got := keyLines(tt.toml, md.Keys())
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("keyLines(%q) (-got +want):\n%s", tt.toml, diff)
			}
		})
	}
}

// TestKeyLinesDisagreement checks that keyLines gives up rather than report
// wrong lines when its keys do not line up with the decoder's.
func TestKeyLinesDisagreement(t *testing.T) {
	md, err := toml.Decode("a = 1\nb = 2\n", &map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if got := keyLines("a = 1\n", md.Keys()); got != nil {
		t.Errorf("keyLines with a missing key = %v, want nil", got)
	}
	if got := keyLines("a = 1\nc = 2\n", md.Keys()); got != nil {
		t.Errorf("keyLines with a different key = %v, want nil", got)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"duration", "duration", 0},
		{"duraton", "duration", 1},
		{"durtaion", "duration", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"tick", "tik", 1},
		{"ça", "ca", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"enabled", "duration", "calendar", "dir"}
	tests := []struct {
		got    string
		want   string
		wantOK bool
	}{
		{"duraton", "duration", true},
		{"DURATION", "duration", true},
		{"calender", "calendar", true},
		{"dri", "dir", true},
		{"url", "", false},
		{"colour", "", false},
	}
	for _, tt := range tests {
		got, ok := closest(tt.got, names)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("closest(%q) = %q, %v, want %q, %v", tt.got, got, ok, tt.want, tt.wantOK)
		}
	}
}
