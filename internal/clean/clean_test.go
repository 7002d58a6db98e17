package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"plain", "Interview with Acme", 100, "Interview with Acme"},
		{"empty", "", 10, ""},
		{"zero-max", "abc", 0, ""},
		{"negative-max", "abc", -1, ""},
		{"newline-kept", "line one\nline two", 100, "line one\nline two"},
		{"crlf-to-lf", "a\r\nb\rc", 100, "a\nb\nc"},
		{"line-separators", "a\u2028b\u2029c", 100, "a\nb\nc"},
		{"tab-to-space", "a\tb", 100, "a b"},
		{"c0-controls-removed", "a\x00b\x07c\x1bd\x7fe", 100, "abcde"},
		{"c1-controls-removed", "a\u0085b\u009bc", 100, "abc"},
		{"ansi-escape-loses-esc", "\x1b[31mred\x1b[0m", 100, "[31mred[0m"},
		{"bidi-override-removed", "invoice\u202Egnp.exe", 100, "invoicegnp.exe"},
		{"bidi-isolates-removed", "\u2066a\u2067b\u2068c\u2069", 100, "abc"},
		{"bidi-marks-removed", "a\u200Eb\u200Fc\u061Cd", 100, "abcd"},
		{"all-embeddings-removed", "\u202Aa\u202Bb\u202Cc\u202Dd", 100, "abcd"},
		{"zero-width-space-and-bom-removed", "\uFEFFAc\u200Bme", 100, "Acme"},
		{"zwj-kept", "👩\u200D💻", 100, "👩\u200D💻"},
		{"invalid-utf8-replaced", "a\xffb\xc3", 100, "a\uFFFDb\uFFFD"},
		{"shell-text-untouched", "$(rm -rf ~); `id` && echo", 100, "$(rm -rf ~); `id` && echo"},
		{"markup-untouched", "<b>x</b> & y", 100, "<b>x</b> & y"},
		{"exactly-max", "abcde", 5, "abcde"},
		{"one-over-max", "abcdef", 5, "abcd…"},
		{"max-one", "abc", 1, "…"},
		{"cut-on-rune-boundary", "ééééé", 3, "éé…"},
		{"removed-chars-do-not-count", "a\u202Eb\x00c", 3, "abc"},
		{"newline-counts", "a\nb\nc", 4, "a\nb…"},
		{"space-before-ellipsis-goes", "ab cd", 4, "ab…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in, tt.max); got != tt.want {
				t.Errorf("Text(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"plain", "Interview with Acme", 100, "Interview with Acme"},
		{"newlines-to-spaces", "Interview\nwith\r\nAcme\u2028now", 100, "Interview with Acme now"},
		{"spaces-collapsed-and-trimmed", "  two\n lines\t \u00a0", 100, "two lines"},
		{"rlo-in-title-removed", "Interview \u202Eemca\u202C with Acme", 100, "Interview emca with Acme"},
		{"controls-between-words", "a\x00\x1b b", 100, "a b"},
		{"capped", strings.Repeat("x", 150), 100, strings.Repeat("x", 99) + "…"},
		{"cut-after-space", "a bc", 3, "a…"},
		{"only-spaces", " \n\t ", 10, ""},
		{"zero-max", "abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in, tt.max); got != tt.want {
				t.Errorf("Line(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

// FuzzClean checks the promises of Text and Line on any input: valid UTF-8,
// no control or bidi character (but "\n" in Text), at most max runes,
// idempotent, and Line's single spaces.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "Interview with Acme", "a\r\nb\rc", "\u202Eexe.gnp", "\xff\xfe", "  a \n b  ",
		"👩\u200D💻", strings.Repeat("é ", 40), "a\u2028b\u2029c\u0085d",
	} {
		f.Add(s, 5)
		f.Add(s, 100)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%200 + 1
		if max <= 0 {
			max += 200
		}
		for _, c := range []struct {
			name    string
			fn      func(string, int) string
			oneLine bool
		}{{"Text", Text, false}, {"Line", Line, true}} {
			got := c.fn(s, max)
			if !utf8.ValidString(got) {
				t.Fatalf("%s(%q, %d) = %q: invalid UTF-8", c.name, s, max, got)
			}
			if n := utf8.RuneCountInString(got); n > max {
				t.Fatalf("%s(%q, %d) = %q: %d runes", c.name, s, max, got, n)
			}
			for _, r := range got {
				if (unicode.IsControl(r) && (r != '\n' || c.oneLine)) || IsBidi(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
					t.Fatalf("%s(%q, %d) = %q: holds %U", c.name, s, max, got, r)
				}
			}
			if again := c.fn(got, max); again != got {
				t.Fatalf("%s not idempotent: %q, then %q", c.name, got, again)
			}
			if c.oneLine && (strings.Contains(got, "  ") || strings.TrimSpace(got) != got) {
				t.Fatalf("Line(%q, %d) = %q: spaces not collapsed", s, max, got)
			}
		}
	})
}

func BenchmarkLineHuge(b *testing.B) {
	s := strings.Repeat("Interview \u202Ewith\x00 Acme\n", 1<<16)
	b.ReportAllocs()
	for b.Loop() {
		Line(s, 500)
	}
}
