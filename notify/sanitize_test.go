package notify

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in, tt.max); got != tt.want {
				t.Errorf("Sanitize(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestSanitizeTitle(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"newlines-to-spaces", "Interview\nwith\r\nAcme\u2028now", "Interview with Acme now"},
		{"capped", strings.Repeat("x", 150), strings.Repeat("x", MaxTitle-1) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitizeTitle(tt.in); got != tt.want {
				t.Errorf("sanitizeTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEscapeMarkup(t *testing.T) {
	in := `<b>Acme & Co</b> <a href="x">y</a> &amp;`
	want := `&lt;b&gt;Acme &amp; Co&lt;/b&gt; &lt;a href="x"&gt;y&lt;/a&gt; &amp;amp;`
	if got := escapeMarkup(in); got != want {
		t.Errorf("escapeMarkup(%q) = %q, want %q", in, got, want)
	}
}

// A hostile description a megabyte long is cut without cleaning all of it.
func BenchmarkSanitizeHuge(b *testing.B) {
	s := strings.Repeat("Interview \u202Ewith\x00 Acme\n", 1<<16)
	for b.Loop() {
		Sanitize(s, MaxBody)
	}
}
