package notify

import (
	"strings"
	"testing"
)

// The cleaning rules are internal/clean's and tested there; this checks
// only that Sanitize applies them with its cap.
func TestSanitize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"cleaned", "invoice\u202Egnp.exe\x00\r\nnext", 100, "invoicegnp.exe\nnext"},
		{"capped", "abcdef", 5, "abcd…"},
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
