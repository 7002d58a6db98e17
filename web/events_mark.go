package web

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"

	"github.com/debrief-dev/debrief/web/form"
)

// eventsMark records the person's verdict on one calendar event (POST
// /events/mark, event=…&verdict=interview|not-interview|auto), the same
// override `debrief mark` writes, then returns to the page it was made on
// with a message saying what happens next.
func (s *Server) eventsMark(w http.ResponseWriter, r *http.Request) {
	if s.deps.Detection == nil {
		s.errorPage(w, r, http.StatusServiceUnavailable, "The daemon is not running, so nothing can be marked here",
			"Start it with `debrief daemon`, or mark the event from a terminal: debrief mark EVENT interview|not-interview|auto")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	m, err := form.ParseMark(r.PostForm)
	if err != nil {
		s.badForm(w, r, err)
		return
	}
	if err := s.deps.Detection.Mark(m.Event, m.Verdict); err != nil {
		s.fail(w, r, fmt.Errorf("mark event %s: %w", m.Event, err))
		return
	}
	title := m.Event
	for _, e := range s.deps.Detection.Seen().Events {
		if e.ID == m.Event {
			title = fmt.Sprintf("“%s”", e.Title)
			break
		}
	}
	when := markSpan(s.deps.Detection.Seen().Poll)
	var msg string
	switch m.Verdict {
	case VerdictInterview:
		msg = fmt.Sprintf("Marked %s as an interview. The daemon treats it as one %s: a record in the notebook, a reflection block after it, and the nudges.", title, when)
	case VerdictNotInterview:
		msg = fmt.Sprintf("Marked %s as not an interview. The daemon removes its reflection block, if it wrote one, and sends no more nudges for it %s; its notebook record, if any, is kept.", title, when)
	default:
		msg = fmt.Sprintf("Removed your mark on %s: detection decides again %s.", title, when)
	}
	if base, _, ok := strings.Cut(m.Event, "_"); ok && base != "" && m.Verdict != VerdictAuto {
		msg += " The mark is for this occurrence only; for every occurrence of the series, run: debrief mark " + base + " " + m.Verdict
	}
	setFlash(w, msg)
	http.Redirect(w, r, cmp.Or(m.Back, "/events"), http.StatusSeeOther)
}
