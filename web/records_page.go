package web

import (
	"cmp"
	"net/http"

	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web/form"
)

// recordsPerPage is how many interviews the notebook page shows at once:
// enough to scroll a year, few enough that 10,000 records draw quickly.
const recordsPerPage = 100

// recordsView is the data of the notebook page.
type recordsView struct {
	Problem string
	Filter  form.Filter
	Errors  form.Errors
	// Statuses are the status filter's choices, with their labels.
	Statuses []choice
	// Rows are this page's interviews, most recent first; Total how
	// many match, All how many the notebook holds.
	Rows       []recordRow
	Total, All int
	// Shown is "1–100 of 312"; Prev and Next the other pages' addresses.
	Shown, Prev, Next string
}

// choice is one option of a select.
type choice struct{ Value, Label string }

// statusLabels name the status filter's values for a person.
var statusLabels = map[string]string{
	notebook.StatusPending:     "something to do (reflection or follow-up)",
	notebook.StatusToReflect:   "reflection not saved",
	notebook.StatusOpen:        "no outcome yet",
	notebook.OutcomeNextRound:  "outcome: next round",
	notebook.OutcomeOffer:      "outcome: offer",
	notebook.OutcomeRejected:   "outcome: rejected",
	notebook.OutcomeWithdrawn:  "outcome: withdrawn",
	notebook.OutcomeNoResponse: "outcome: no response",
}

func (s *Server) recordsPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	f, errs := form.ParseFilter(r.URL.Query())
	s.render(w, r, 0, "records", recordsOf(recs, f, errs, problem, s.deps))
}

func recordsOf(recs []*notebook.Record, f form.Filter, errs form.Errors, problem string, d Deps) recordsView {
	v := recordsView{Problem: problem, Filter: f, Errors: errs, All: len(recs)}
	for _, st := range notebook.Statuses {
		v.Statuses = append(v.Statuses, choice{st, cmp.Or(statusLabels[st], st)})
	}
	match := f.Apply(recs, d.Now(), d.Policy)
	v.Total = len(match)
	first := (f.Page - 1) * recordsPerPage
	if first >= len(match) && len(match) > 0 {
		first = (len(match) - 1) / recordsPerPage * recordsPerPage
		v.Filter.Page = first/recordsPerPage + 1
	}
	// Most recent first: walk the date-ordered matches from the end.
	last := min(first+recordsPerPage, len(match))
	now := d.Now()
	for i := first; i < last; i++ {
		r := match[len(match)-1-i]
		row := rowOf(r)
		row.Upcoming = r.Start().After(now)
		v.Rows = append(v.Rows, row)
	}
	if len(match) > 0 {
		v.Shown = itoa(first+1) + "–" + itoa(last) + " of " + itoa(len(match))
	}
	page := func(n int) string {
		q := f.Query()
		if n > 1 {
			q.Set("page", itoa(n))
		}
		if len(q) == 0 {
			return "/records"
		}
		return "/records?" + q.Encode()
	}
	if first > 0 {
		v.Prev = page(v.Filter.Page - 1)
	}
	if last < len(match) {
		v.Next = page(v.Filter.Page + 1)
	}
	return v
}
