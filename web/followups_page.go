package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// followupsView is the data of the follow-ups page.
type followupsView struct {
	Problem string
	// Due are the follow-ups due or overdue now, Upcoming those not yet
	// due, each earliest deadline first; Done counts those done.
	Due, Upcoming []followupRow
	Done          int
	Settle        settleView
}

func (s *Server) followupsPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	v := followupsOf(recs, s.deps.Now(), s.deps.Policy)
	v.Problem = problem
	v.Settle = s.settleOf("", backOf(r))
	s.render(w, r, 0, "followups", v)
}

func followupsOf(recs []*notebook.Record, now time.Time, p notebook.Policy) followupsView {
	var v followupsView
	for _, r := range recs {
		for _, f := range notebook.Followups(r, now, p) {
			switch f.State {
			case notebook.Due, notebook.Overdue:
				v.Due = append(v.Due, followupOf(r, f))
			case notebook.Upcoming:
				v.Upcoming = append(v.Upcoming, followupOf(r, f))
			default:
				v.Done++
			}
		}
	}
	byDeadline := func(a, b followupRow) int { return cmp.Compare(a.sortKey, b.sortKey) }
	slices.SortStableFunc(v.Due, byDeadline)
	slices.SortStableFunc(v.Upcoming, byDeadline)
	return v
}
