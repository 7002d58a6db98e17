package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/notebook"
)

// reviewView is the data of the weekly review's page.
type reviewView struct {
	Problem   string
	WeekError string
	insight.Review
	// Week is "Mon 2026-03-16 to Sun 2026-03-22"; Prev and Next the other
	// weeks' pages ("" for a week not begun).
	Week, Prev, Next string
	Interviews       []reviewRow
	Missing          []reviewRow
	Actions          []reviewAction
	Due              []followupRow
	MoreDue          int // the follow-ups due not listed
	Settle           settleView
	// Means is "Average rating 7.5 (last week 5.0), confidence 6.0 (last
	// week 4.0)."; Themes the recurring areas in one line.
	Means, Themes string
}

// reviewRow is one interview of the review.
type reviewRow struct {
	Day, Company, Round string
	Rating, Confidence  string
	State               string // "reflected", "no reflection yet", "upcoming"
	Href, Reflect       string
	Reflected, Upcoming bool
}

// reviewAction is one open action item.
type reviewAction struct {
	Text, Company, Day, Href string
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	now := s.deps.Now()
	week := notebook.DateOf(now.In(s.deps.Local))
	var weekErr string
	if q := strings.TrimSpace(r.URL.Query().Get("week")); q != "" {
		d, err := notebook.ParseDate(q)
		if err != nil {
			weekErr = "“" + q + "” is not a date: write it as YYYY-MM-DD. Showing this week."
		} else {
			week = d
		}
	}
	rv := insight.WeeklyFor(recs, week, now, s.deps.Local, s.deps.Policy, s.deps.Block)
	v := reviewOf(rv, recs)
	v.Problem, v.WeekError = problem, weekErr
	v.Settle = s.settleOf("", backOf(r))
	s.render(w, r, 0, "review", v)
}

func reviewOf(rv insight.Review, recs []*notebook.Record) reviewView {
	v := reviewView{Review: rv}
	day := func(d notebook.Date) string { return d.In(time.UTC).Format("Mon 2006-01-02") }
	v.Week = day(rv.Start) + " to " + day(rv.End)
	v.Prev = "/review?week=" + rv.Start.AddDays(-7).String()
	if next := rv.Start.AddDays(7); !next.In(rv.Now.Location()).After(rv.Now) {
		v.Next = "/review?week=" + next.String()
	}
	row := func(iv insight.ReviewInterview) reviewRow {
		rr := reviewRow{Day: day(iv.Day), Company: iv.Company, Round: iv.Round, Rating: opt(iv.Rating), Confidence: opt(iv.Conf),
			Href: "/records/" + iv.ID, Reflect: "/reflect/" + iv.ID, Reflected: iv.Reflects, Upcoming: !iv.Started}
		switch {
		case !iv.Started:
			rr.State = "upcoming"
		case iv.Reflects:
			rr.State = "reflected"
		default:
			rr.State = "no reflection yet"
		}
		return rr
	}
	for _, iv := range rv.Interviews {
		v.Interviews = append(v.Interviews, row(iv))
	}
	for _, iv := range rv.Missing {
		v.Missing = append(v.Missing, row(iv))
	}
	for _, a := range rv.Actions {
		v.Actions = append(v.Actions, reviewAction{Text: a.Text, Company: a.Company, Day: a.Day.String(), Href: "/records/" + a.ID})
	}
	byID := map[string]*notebook.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	var due []openFollowup
	for _, f := range rv.Followups {
		if r := byID[f.ID]; r != nil {
			due = append(due, openFollowup{r, f.Followup})
		}
	}
	slices.SortStableFunc(due, byUrgency)
	if len(due) > todayDue {
		due, v.MoreDue = due[:todayDue], len(due)-todayDue
	}
	v.Due = rowsOf(due)
	if len(rv.Interviews) > 0 {
		v.Means = fmt.Sprintf("Average rating %s (last week %s), confidence %s (last week %s).",
			mean(rv.Rating), mean(rv.PrevRating), mean(rv.Confidence), mean(rv.PrevConfidence))
	}
	var themes []string
	for _, t := range rv.Themes {
		themes = append(themes, fmt.Sprintf("%s (%d)", t.Term, t.Count))
	}
	v.Themes = strings.Join(themes, ", ")
	return v
}

func opt(v *int) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(*v)
}

func mean(m insight.StatsMean) string {
	if m.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", m.Mean)
}
