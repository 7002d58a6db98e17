package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// followupsView is the data of the follow-ups page.
type followupsView struct {
	Problem string
	// Due are this page's follow-ups due or overdue now (byUrgency);
	// Upcoming the next ones not yet due, earliest first, at most
	// followupsPerPage; Done counts those done.
	Due, Upcoming []followupRow
	Done          int
	// TotalDue and MoreUpcoming count all the due and the upcoming not
	// listed; Shown is "1–100 of 312", Prev and Next the other pages.
	TotalDue, MoreUpcoming int
	Shown, Prev, Next      string
	Settle                 settleView
}

func (s *Server) followupsPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	page := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 {
		page = p
	}
	v := followupsOf(recs, s.deps.Now(), s.deps.Policy, page)
	v.Problem = problem
	v.Settle = s.settleOf("", backOf(r))
	s.render(w, r, 0, "followups", v)
}

// followupsPerPage is how many follow-ups a list of the page shows.
const followupsPerPage = 100

func followupsOf(recs []*notebook.Record, now time.Time, p notebook.Policy, page int) followupsView {
	var v followupsView
	var due, upcoming []openFollowup
	for _, r := range recs {
		for _, f := range notebook.Followups(r, now, p) {
			switch f.State {
			case notebook.Due, notebook.Overdue:
				due = append(due, openFollowup{r, f})
			case notebook.Upcoming:
				upcoming = append(upcoming, openFollowup{r, f})
			default:
				v.Done++
			}
		}
	}
	slices.SortStableFunc(due, byUrgency)
	slices.SortStableFunc(upcoming, func(a, b openFollowup) int { return a.f.Due.Compare(b.f.Due) })
	if len(upcoming) > followupsPerPage {
		upcoming, v.MoreUpcoming = upcoming[:followupsPerPage], len(upcoming)-followupsPerPage
	}
	v.TotalDue = len(due)
	first := (page - 1) * followupsPerPage
	if first >= len(due) {
		first, page = 0, 1
	}
	last := min(first+followupsPerPage, len(due))
	if len(due) > followupsPerPage {
		v.Shown = fmt.Sprintf("%d–%d of %d", first+1, last, len(due))
	}
	if page > 1 {
		v.Prev = "/followups?page=" + strconv.Itoa(page-1)
	}
	if last < len(due) {
		v.Next = "/followups?page=" + strconv.Itoa(page+1)
	}
	v.Due, v.Upcoming = rowsOf(due[first:last]), rowsOf(upcoming)
	return v
}
