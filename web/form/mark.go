package form

import (
	"fmt"
	"net/url"
	"strings"
)

// Mark is the form of POST /events/mark: the person's verdict on one
// calendar event.
type Mark struct {
	Event   string
	Verdict string // "interview", "not-interview" or "auto"
	Back    string
}

// maxEventID bounds an event id: Google's are at most 1024 characters.
const maxEventID = 1024

// ParseMark reads a Mark form.
func ParseMark(v url.Values) (Mark, error) {
	errs := Errors{}
	m := Mark{Event: strings.TrimSpace(v.Get("event")), Verdict: v.Get("verdict"), Back: Back(v)}
	switch {
	case m.Event == "":
		errs["event"] = "No event given: use the buttons of the events page."
	case len(m.Event) > maxEventID || strings.ContainsFunc(m.Event, func(r rune) bool { return r < ' ' || r == 0x7f }):
		errs["event"] = "This is not a calendar event id: use the buttons of the events page."
	}
	switch m.Verdict {
	case "interview", "not-interview", "auto":
	default:
		errs["verdict"] = fmt.Sprintf("%q is not a verdict: the page sends interview, not-interview or auto.", m.Verdict)
	}
	return m, errs.err()
}
