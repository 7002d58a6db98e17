package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// The today page's windows: interviews that ended this long ago are
// "just ended" (a weekend's worth, so Monday still shows Friday's), and
// those starting within the next week are "coming".
const (
	todayEnded  = 72 * time.Hour
	todayComing = 7 * 24 * time.Hour
	// todayDue is how many follow-ups the page lists; the follow-ups
	// page has them all.
	todayDue = 10
)

// todayView is the data of the today page.
type todayView struct {
	Day     string // "Wednesday 2 December 2026"
	Problem string // files that could not be read
	// Ended are the interviews under way or ended within todayEnded,
	// most recent first; Coming those starting within todayComing,
	// soonest first.
	Ended, Coming []todayItem
	// Due are the most urgent follow-ups due or overdue now (byUrgency),
	// at most todayDue; MoreDue counts the others.
	Due     []followupRow
	MoreDue int
	// Blocks says where the blocks come from when they cannot be shown.
	Blocks string
	Settle settleView
}

// todayItem is one interview of the today page.
type todayItem struct {
	recordRow
	// Status is where it stands: "in progress", "ended 40 min ago",
	// "starts in 3 h".
	Status string
	// Block is its reflection block, "15:00–15:30 in the calendar", ""
	// when unknown.
	Block string
}

func (s *Server) todayPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	var seen *Seen
	if s.deps.Detection != nil {
		sn := s.deps.Detection.Seen()
		seen = &sn
	}
	v := todayOf(recs, seen, s.deps.Now(), s.deps.Local, s.deps.Policy)
	v.Problem = problem
	v.Settle = s.settleOf("", backOf(r))
	s.render(w, r, 0, "today", v)
}

// todayOf builds the today page of recs at now; seen is the daemon's last
// pass, nil when no daemon runs.
func todayOf(recs []*notebook.Record, seen *Seen, now time.Time, local *time.Location, p notebook.Policy) todayView {
	v := todayView{Day: now.In(local).Format("Monday 2 January 2006")}
	blocks := map[string]SeenEvent{}
	switch {
	case seen == nil:
		v.Blocks = "The daemon is not running, so the reflection blocks are not shown: start it with `debrief daemon`."
	case seen.At.IsZero():
		v.Blocks = "The daemon has not looked at the calendar yet: the reflection blocks show after its first pass."
	default:
		for _, e := range seen.Events {
			if e.RecordID != "" && !e.BlockStart.IsZero() {
				blocks[e.RecordID] = e
			}
		}
	}
	var due []openFollowup
	for _, r := range recs {
		for _, f := range notebook.Followups(r, now, p) {
			if f.State == notebook.Due || f.State == notebook.Overdue {
				due = append(due, openFollowup{r, f})
			}
		}
		if r.Source == nil || r.Source.Start.IsZero() {
			continue
		}
		start, end := r.Source.Start, cmp.Or(r.Source.End, r.Source.Start)
		it := todayItem{recordRow: rowOf(r)}
		if b, ok := blocks[r.ID]; ok {
			loc := r.Location()
			it.Block = b.BlockStart.In(loc).Format("15:04") + "–" + b.BlockEnd.In(loc).Format("15:04 MST")
			if b.BlockInCalendar {
				it.Block += ", in the calendar"
			} else {
				it.Block += ", not written in the calendar"
			}
		}
		switch {
		case start.After(now) && start.Sub(now) <= todayComing:
			it.Status = "starts in " + span(start.Sub(now))
			v.Coming = append(v.Coming, it)
		case !start.After(now) && end.After(now):
			it.Status = "in progress, ends at " + end.In(r.Location()).Format("15:04 MST")
			v.Ended = append(v.Ended, it)
		case !end.After(now) && now.Sub(end) <= todayEnded:
			it.Status = "ended " + span(now.Sub(end)) + " ago"
			v.Ended = append(v.Ended, it)
		}
	}
	// recs are in date order: the ended ones read most recent first.
	slices.Reverse(v.Ended)
	slices.SortStableFunc(due, byUrgency)
	if len(due) > todayDue {
		due, v.MoreDue = due[:todayDue], len(due)-todayDue
	}
	v.Due = rowsOf(due)
	return v
}

// span is a duration the way a person says it: "40 min", "3 h", "2 days".
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 || h >= 10 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}
