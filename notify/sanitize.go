package notify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Caps on what one notification shows, in runes. Notification servers
// truncate or wrap on their own; the caps keep a hostile calendar event (a
// megabyte of description) from reaching them, the command line or the log.
const (
	MaxTitle = 100
	MaxBody  = 1000
)

const ellipsis = '…'

// Sanitize returns s as plain text that is safe to show: invalid UTF-8 is
// replaced by U+FFFD, carriage returns become newlines (CR LF becomes one
// newline), a tab becomes a space, every other control character and every
// bidirectional formatting character (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) is removed, and the result is cut to at most
// max runes, the last of them an ellipsis when anything was cut. Newlines are
// kept; see also the title handling of Notify, which turns them into spaces.
// max <= 0 yields "". Sanitize is idempotent.
//
// Bidi characters are removed because they let text display in an order other
// than the one it is stored in ("Trojan Source"): an event title could make a
// notification read differently from what the calendar holds.
func Sanitize(s string, max int) string {
	return clean(s, max, true)
}

// sanitizeTitle is Sanitize for a one-line text: newlines become spaces.
func sanitizeTitle(s string) string {
	return clean(s, MaxTitle, false)
}

func clean(s string, limit int, keepNewline bool) string {
	if limit <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*(limit+1)))
	n := 0 // runes written
	// cut is the length of b just before the limit-th rune: where the
	// ellipsis goes when the text turns out to be longer than limit runes.
	cut := 0
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
	newline := '\n'
	if !keepNewline {
		newline = ' '
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // the '\n' that follows is the line break
			}
			r = newline
		case r == '\n', r == '\u2028', r == '\u2029':
			r = newline
		case r == '\t':
			r = ' '
		case unicode.IsControl(r), isBidi(r):
			continue
		}
		// r == utf8.RuneError with size 1 is invalid input: WriteRune
		// writes U+FFFD, which is what we want.
		if !emit(r) {
			out := b.String()[:cut]
			return out + string(ellipsis)
		}
	}
	return b.String()
}

// isBidi reports whether r is a bidirectional formatting character: the
// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and
// the implicit marks (U+200E, U+200F, U+061C).
func isBidi(r rune) bool {
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

// markupEscaper escapes the characters that the Desktop Notifications
// specification's body markup (a subset of XML) gives a meaning to.
var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeMarkup makes plain text safe to send as a notification body to a
// server that interprets markup.
func escapeMarkup(s string) string {
	return markupEscaper.Replace(s)
}
