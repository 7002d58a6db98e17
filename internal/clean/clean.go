package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Ellipsis ends a text that was cut.
const Ellipsis = '…'

// Text returns s cleaned, keeping its line breaks, cut to at most max runes.
// max <= 0 yields "". Text is idempotent.
func Text(s string, max int) string { return run(s, max, false) }

// Line returns s cleaned as one line: line breaks and runs of white space
// become one space, leading and trailing space goes, and the result is cut
// to at most max runes. max <= 0 yields "". Line is idempotent.
func Line(s string, max int) string { return run(s, max, true) }

// IsBidi reports whether r is a bidirectional formatting character: the
// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and
// the implicit marks (U+200E, U+200F, U+061C).
func IsBidi(r rune) bool {
	switch {
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	case r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}

// dropped reports whether r is removed outright.
func dropped(r rune) bool {
	return unicode.IsControl(r) || IsBidi(r) || r == '\u200B' || r == '\uFEFF'
}

func run(s string, limit int, oneLine bool) string {
	if limit <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*(limit+1)))
	n := 0   // runes written
	cut := 0 // length of b before the limit-th rune: where "…" goes
	space := false
	emit := func(r rune) bool {
		if n == limit-1 {
			cut = b.Len()
		}
		if n == limit {
			return false
		}
		b.WriteRune(r)
		n++
		return true
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // the '\n' that follows is the line break
			}
			r = '\n'
		case r == '\n', r == '\u2028', r == '\u2029':
			r = '\n'
		case r == '\t':
			r = ' '
		case dropped(r):
			continue
		}
		// r == utf8.RuneError with size 1 is invalid input: WriteRune
		// writes U+FFFD.
		if oneLine {
			if unicode.IsSpace(r) {
				space = n > 0
				continue
			}
			if space {
				space = false
				if !emit(' ') {
					return cutAt(&b, cut)
				}
			}
		}
		if !emit(r) {
			return cutAt(&b, cut)
		}
	}
	return b.String()
}

// cutAt ends b at cut with an ellipsis; a space before it goes.
func cutAt(b *strings.Builder, cut int) string {
	return strings.TrimRight(b.String()[:cut], " ") + string(Ellipsis)
}
