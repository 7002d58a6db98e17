package notify

import (
	"strings"

	"github.com/debrief-dev/debrief/internal/clean"
)

// Caps on what one notification shows, in runes. Notification servers
// truncate or wrap on their own; the caps keep a hostile calendar event (a
// megabyte of description) from reaching them, the command line or the log.
const (
	MaxTitle = 100
	MaxBody  = 1000
)

// Sanitize returns s as plain text that is safe to show, cut to at most
// max runes: the rules of package internal/clean (control and bidi
// characters go, line breaks become "\n", an ellipsis ends a cut text).
// Newlines are kept; Notify turns a title's into spaces. max <= 0 yields "".
// Sanitize is idempotent.
func Sanitize(s string, max int) string {
	return clean.Text(s, max)
}

// sanitizeTitle is Sanitize for a one-line text: line breaks and runs of
// white space become one space.
func sanitizeTitle(s string) string {
	return clean.Line(s, MaxTitle)
}

// markupEscaper escapes the characters that the Desktop Notifications
// specification's body markup (a subset of XML) gives a meaning to.
var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeMarkup makes plain text safe to send as a notification body to a
// server that interprets markup.
func escapeMarkup(s string) string {
	return markupEscaper.Replace(s)
}
