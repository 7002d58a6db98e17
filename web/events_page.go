package web

import (
	"net/http"
	"time"
)

// eventsView is the data of the detection view.
type eventsView struct {
	// Off says why there are no events to show; "" when there are.
	Off string
	// At is when the daemon last looked; Poll how often it does.
	At, Poll string
	// Interviews and Others are the events judged interviews and not.
	Interviews, Others []eventRow
	Back               string
}

// eventRow is one event with its verdict and the marks to give.
type eventRow struct {
	SeenEvent
	When   string // in the event's own zone
	Block  string
	Href   string // its record's page, "" for a non-interview
	Marked string // "marked an interview by you", "" when detection decides
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, 0, "events", eventsOf(s.deps.Detection, backOf(r)))
}

func eventsOf(d Detection, back string) eventsView {
	v := eventsView{Back: back}
	if d == nil {
		v.Off = "The daemon is not running, so there are no calendar events to show: start it with `debrief daemon` (or `systemctl --user start debrief`), then reload this page."
		return v
	}
	seen := d.Seen()
	if seen.At.IsZero() {
		v.Off = "The daemon has not looked at the calendar yet. Reload this page in a moment."
		return v
	}
	v.At = seen.At.Local().Format("15:04 on Mon 2 Jan")
	if seen.Poll > 0 {
		v.Poll = seen.Poll.String()
	}
	for _, e := range seen.Events {
		row := eventRow{SeenEvent: e, When: e.Start.Format("Mon 2 Jan 2006, 15:04") + "–" + e.End.Format("15:04 MST")}
		if e.RecordID != "" {
			row.Href = "/records/" + e.RecordID
		}
		if !e.BlockStart.IsZero() {
			row.Block = e.BlockStart.In(e.Start.Location()).Format("15:04") + "–" + e.BlockEnd.In(e.Start.Location()).Format("15:04")
			if !e.BlockInCalendar {
				row.Block += " (not in the calendar)"
			}
		}
		switch e.Mark {
		case VerdictInterview:
			row.Marked = "You marked it an interview."
		case VerdictNotInterview:
			row.Marked = "You marked it not an interview."
		}
		if e.Interview {
			v.Interviews = append(v.Interviews, row)
		} else {
			v.Others = append(v.Others, row)
		}
	}
	return v
}

// markSpan is how the events page says when the daemon acts on a mark.
func markSpan(poll time.Duration) string {
	if poll <= 0 {
		return "at its next pass"
	}
	return "within " + poll.String()
}
