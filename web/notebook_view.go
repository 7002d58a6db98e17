package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// The view models shared by the pages that list interviews. They hold
// text ready to show, built from notebook's functions; the templates
// escape it.

// records returns the notebook's records for a page, and a sentence for
// the page when some files could not be read (they are left out). When
// nothing can be read it answers with the error page itself and returns
// ok false.
func (s *Server) records(w http.ResponseWriter, r *http.Request) (recs []*notebook.Record, problem string, ok bool) {
	recs, err := s.deps.Book.List()
	if recs == nil && err != nil {
		s.fail(w, r, err)
		return nil, "", false
	}
	if err != nil {
		problem = "Some notebook files could not be read and are left out: " + err.Error() +
			". Fix or move them; debrief never changes a file it cannot read."
	}
	return recs, problem, true
}

// today is the person's current day.
func (s *Server) today() notebook.Date {
	return notebook.DateOf(s.deps.Now().In(s.deps.Local))
}

// recordRow is one interview in a list.
type recordRow struct {
	ID    string
	Href  string // the record's page
	Title string // "Acme — Backend Engineer"
	When  string // in the interview's zone
	Round string
	// Reflected reports whether the reflection is saved; Reflect is the
	// form's address.
	Reflected bool
	Reflect   string
	Outcome   string
	// Upcoming: the interview has not started (set by the pages that
	// know the time).
	Upcoming bool
}

func rowOf(r *notebook.Record) recordRow {
	return recordRow{
		ID:        r.ID,
		Href:      "/records/" + r.ID,
		Title:     notebook.Title(r),
		When:      notebook.When(r),
		Round:     notebook.OneLine(r.Interview.Round),
		Reflected: r.Reflected(),
		Reflect:   "/reflect/" + r.ID,
		Outcome:   r.FollowUp.Outcome,
	}
}

// followupRow is one follow-up of an interview, with what settles it.
type followupRow struct {
	recordRow
	Kind  notebook.Kind
	State notebook.State
	// What says what to do, "Send the thank-you note"; Due when, in the
	// interview's zone.
	What, Due string
	// DoneOn is the day it was done, "" when not.
	DoneOn string
	// Late is due or overdue: something to do now. CanSettle: it can be
	// marked done (not done yet, and not a thank-you note for an
	// interview still to come).
	Late, CanSettle bool
	// ThankYou is the draft's page, for a thank-you note.
	ThankYou string
	sortKey  int64 // the deadline, Unix seconds
}

func followupOf(r *notebook.Record, f notebook.Followup) followupRow {
	row := followupRow{recordRow: rowOf(r), Kind: f.Kind, State: f.State,
		Late: f.State == notebook.Due || f.State == notebook.Overdue, sortKey: f.Due.Unix(),
		CanSettle: f.State != notebook.Done && !(f.Kind == notebook.KindThankYou && f.State == notebook.Upcoming)}
	switch f.Kind {
	case notebook.KindThankYou:
		row.What = "Send the thank-you note"
		row.Due = "by " + f.Due.In(r.Location()).Format("Mon 2 Jan 2006, 15:04 MST")
		row.ThankYou = "/thank-you/" + r.ID
	case notebook.KindReply:
		row.What = "A reply is expected"
		row.Due = "by " + f.Day.In(time.UTC).Format("Mon 2 Jan 2006")
	case notebook.KindFollowUp:
		row.What = "Follow up if no reply came"
		row.Due = "on " + f.Day.In(time.UTC).Format("Mon 2 Jan 2006")
	default:
		row.What = string(f.Kind)
		row.Due = f.Day.String()
	}
	if !f.DoneOn.IsZero() {
		row.DoneOn = f.DoneOn.String()
	}
	return row
}

// openFollowup is a follow-up and its record, before it is made a row:
// the pages sort all of them and make rows of those they show only.
type openFollowup struct {
	r *notebook.Record
	f notebook.Followup
}

// byUrgency orders follow-ups to act on: those whose window is open
// first, earliest deadline first; then the overdue ones, the most recently
// missed first (a note missed yesterday can still be sent; one missed a
// year ago can wait at the end of the list).
func byUrgency(a, b openFollowup) int {
	aDue, bDue := a.f.State == notebook.Due, b.f.State == notebook.Due
	switch {
	case aDue != bDue:
		if aDue {
			return -1
		}
		return 1
	case aDue:
		return a.f.Due.Compare(b.f.Due)
	}
	return b.f.Due.Compare(a.f.Due)
}

// rowsOf makes the rows of fs.
func rowsOf(fs []openFollowup) []followupRow {
	rows := make([]followupRow, len(fs))
	for i, o := range fs {
		rows[i] = followupOf(o.r, o.f)
	}
	return rows
}

// settleView is what the settle buttons of a record need: its id, the
// page to come back to, today's date for the date fields, the outcomes.
type settleView struct {
	ID       string
	Back     string
	Today    string
	Outcomes []string
}

func (s *Server) settleOf(id, back string) settleView {
	return settleView{ID: id, Back: back, Today: s.today().String(), Outcomes: notebook.Outcomes}
}

// backOf is the page a request was made on, to return to after an action.
func backOf(r *http.Request) string {
	u := url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	return u.RequestURI()
}

// settleRow is a follow-up with the settle view, for the "settle" partial
// (templates/_settle.html), which needs both.
type settleRow struct {
	F followupRow
	S settleView
}

// rowsView is a list of follow-ups with the settle view, for the
// "followups" partial.
type rowsView struct {
	Rows []followupRow
	S    settleView
}

func itoa(n int) string { return strconv.Itoa(n) }

// eventForm is an event row with the page to return to, for the "event"
// partial of templates/events.html.
type eventForm struct {
	E    eventRow
	Back string
}
