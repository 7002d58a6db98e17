package insight

import (
	"fmt"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// reviewWeeks is how many weeks, the reviewed one included, the review
// looks back for missing reflections, open action items and recurring
// themes: older ones are unlikely to be acted on.
const reviewWeeks = 4

// Review is the weekly review of `debrief review`: the week's interviews
// against the week before, and what to do next, from the seed's "review
// your notes and feedback to identify areas for improvement".
type Review struct {
	// Start is the Monday and End the Sunday of the week, in the zone the
	// review was made for; Now is when it was made, in that zone.
	Start, End notebook.Date
	Now        time.Time
	// Interviews are the week's, by start; Companies their distinct
	// companies in that order.
	Interviews []ReviewInterview
	Companies  []string
	// Rating and Confidence are the week's means; PrevRating and
	// PrevConfidence the week before's.
	Rating, Confidence         StatsMean
	PrevRating, PrevConfidence StatsMean
	// Block is the reflection block; InBlock counts the week's
	// reflections saved within it.
	Block   time.Duration
	InBlock int
	// Missing are the interviews of the last four weeks that have ended
	// without a saved reflection, oldest first.
	Missing []ReviewInterview
	// Actions are the open action items of the last four weeks'
	// interviews, newest interview first.
	Actions []ReviewAction
	// Followups are the thank-you notes and follow-ups of any interview
	// that are due or overdue at Now, earliest deadline first.
	Followups []ReviewFollowup
	// ThankYouOnTime and ThankYouLate count the week's interviews whose
	// thank-you note was sent by its deadline day, and after it or not
	// yet past it.
	ThankYouOnTime, ThankYouLate int
	// Themes are the recurring improvement themes of the last four weeks.
	Themes []Theme
	// Encouragement is one line grounded in the data.
	Encouragement string
}

// ReviewInterview is one interview of the review.
type ReviewInterview struct {
	ID       string
	Day      notebook.Date // in the review's zone
	Company  string
	Round    string
	Rating   *int
	Conf     *int
	Started  bool // the interview has started by Now
	Reflects bool // a reflection is saved
}

// ReviewAction is an open action item and the interview it came from.
type ReviewAction struct {
	ID      string
	Day     notebook.Date
	Company string
	Text    string
}

// ReviewFollowup is a due or overdue follow-up and its interview.
type ReviewFollowup struct {
	ID      string
	Day     notebook.Date
	Company string
	// Loc is the interview's zone, in which the deadline is shown.
	Loc *time.Location
	notebook.Followup
}

// Weekly reviews the week (Monday to Sunday in loc) that holds now: see
// WeeklyFor.
func Weekly(recs []*notebook.Record, now time.Time, loc *time.Location, p notebook.Policy, block time.Duration) Review {
	return WeeklyFor(recs, notebook.DateOf(now.In(loc)), now, loc, p, block)
}

// WeeklyFor reviews the week, Monday to Sunday in loc, that holds day, as
// things stand at now: an interview belongs to the day its start has in
// loc (a record without a start, to its date). Follow-ups are due or
// overdue at now, whatever the week. block is the reflection block
// (block.duration; 0 means 30 minutes). recs need not be sorted.
func WeeklyFor(recs []*notebook.Record, day notebook.Date, now time.Time, loc *time.Location, p notebook.Policy, block time.Duration) Review {
	if block <= 0 {
		block = 30 * time.Minute
	}
	rv := Review{Start: statsWeekStart(day), Now: now.In(loc), Block: block}
	rv.End = rv.Start.AddDays(6)
	prev, from := rv.Start.AddDays(-7), rv.Start.AddDays(-7*(reviewWeeks-1))

	sorted := slices.Clone(recs)
	notebook.Sort(sorted)
	var recent []*notebook.Record // the last four weeks, the reviewed one included
	seen := map[string]bool{}
	for _, r := range sorted {
		d := reviewDay(r, loc)
		if d.IsZero() {
			continue
		}
		in := func(a, b notebook.Date) bool { return !d.Before(a) && !d.After(b) }
		if in(from, rv.End) {
			recent = append(recent, r)
			if reviewEnded(r, now) && !r.Reflected() {
				rv.Missing = append(rv.Missing, reviewInterview(r, d, now))
			}
		}
		if in(prev, rv.Start.AddDays(-1)) {
			rv.PrevRating.add(r.Overall.Rating)
			rv.PrevConfidence.add(r.Performance.Confidence)
		}
		if !in(rv.Start, rv.End) {
			continue
		}
		rv.Interviews = append(rv.Interviews, reviewInterview(r, d, now))
		if c := r.Interview.Company; c != "" && !seen[c] {
			seen[c] = true
			rv.Companies = append(rv.Companies, c)
		}
		rv.Rating.add(r.Overall.Rating)
		rv.Confidence.add(r.Performance.Confidence)
		if d, _, ok := statsReflectionDelay(r); ok && d <= block {
			rv.InBlock++
		}
	}
	slices.SortStableFunc(rv.Interviews, func(a, b ReviewInterview) int { return a.Day.Compare(b.Day) })

	for i := len(recent) - 1; i >= 0; i-- {
		r := recent[i]
		for _, a := range r.ActionItems {
			if !a.Done {
				rv.Actions = append(rv.Actions, ReviewAction{r.ID, reviewDay(r, loc), r.Interview.Company, notebook.OneLine(a.Text)})
			}
		}
	}
	for _, r := range sorted {
		d := reviewDay(r, loc)
		week := !d.IsZero() && !d.Before(rv.Start) && !d.After(rv.End)
		for _, f := range notebook.Followups(r, now, p) {
			if f.Kind == notebook.KindReply {
				continue // the company's move, not the person's
			}
			if f.State == notebook.Due || f.State == notebook.Overdue {
				rv.Followups = append(rv.Followups, ReviewFollowup{r.ID, d, r.Interview.Company, r.Location(), f})
			}
			if week && f.Kind == notebook.KindThankYou {
				switch {
				case f.State == notebook.Done && !f.DoneOn.IsZero() && !f.DoneOn.After(f.Day):
					rv.ThankYouOnTime++
				case f.State == notebook.Done && !f.DoneOn.IsZero(), f.State == notebook.Overdue:
					rv.ThankYouLate++
				}
			}
		}
	}
	slices.SortStableFunc(rv.Followups, func(a, b ReviewFollowup) int { return a.Due.Compare(b.Due) })
	rv.Themes = Themes(recent, 5)
	rv.Encouragement = reviewEncouragement(rv)
	return rv
}

// reviewDay is the day r's interview starts in loc, else its date.
func reviewDay(r *notebook.Record, loc *time.Location) notebook.Date {
	if s := r.Start(); !s.IsZero() {
		return notebook.DateOf(s.In(loc))
	}
	return r.Day()
}

// reviewEnded reports whether r's interview has ended by now; one without
// an end time has ended once its day is over in its zone.
func reviewEnded(r *notebook.Record, now time.Time) bool {
	if e := r.End(); !e.IsZero() {
		return !now.Before(e)
	}
	return now.In(r.Location()).After(r.Day().AddDays(1).In(r.Location()))
}

func reviewInterview(r *notebook.Record, d notebook.Date, now time.Time) ReviewInterview {
	started := !now.Before(r.Start())
	if r.Start().IsZero() {
		started = !notebook.DateOf(now.In(r.Location())).Before(r.Day())
	}
	return ReviewInterview{
		ID: r.ID, Day: d, Company: notebook.OneLine(r.Interview.Company), Round: notebook.OneLine(r.Interview.Round),
		Rating: r.Overall.Rating, Conf: r.Performance.Confidence,
		Started: started, Reflects: r.Reflected(),
	}
}

// reviewEncouragement is the first of these that the week bears out: the
// reflections saved within the block, a rating or confidence up on the
// week before, every thank-you note on time, every interview reflected
// on, the interviews done; else the work of a quiet week.
func reviewEncouragement(rv Review) string {
	done := 0
	reflected := 0
	for _, iv := range rv.Interviews {
		if iv.Started {
			done++
			if iv.Reflects {
				reflected++
			}
		}
	}
	up := func(what string, now, before StatsMean) string {
		if now.N == 0 || before.N == 0 || now.Mean < before.Mean+0.05 {
			return ""
		}
		return fmt.Sprintf("Your average %s rose from %.1f last week to %.1f.", what, before.Mean, now.Mean)
	}
	switch {
	case rv.InBlock > 0:
		return fmt.Sprintf("%s saved within the %s block: that is when you remember the most.",
			Plural(rv.InBlock, "reflection"), reviewBlockWords(rv.Block))
	case up("rating", rv.Rating, rv.PrevRating) != "":
		return up("rating", rv.Rating, rv.PrevRating)
	case up("confidence", rv.Confidence, rv.PrevConfidence) != "":
		return up("confidence", rv.Confidence, rv.PrevConfidence)
	case rv.ThankYouOnTime > 0 && rv.ThankYouLate == 0:
		return fmt.Sprintf("Every thank-you note this week went out on time (%d).", rv.ThankYouOnTime)
	case done > 0 && reflected == done:
		return fmt.Sprintf("Every interview this week has its reflection saved (%d).", done)
	case done > 0:
		return fmt.Sprintf("%s this week: each one is practice for the next.", Plural(done, "interview"))
	case len(rv.Themes) > 0:
		return fmt.Sprintf("A quiet week: time to work on %q, which came up in %d interviews.", rv.Themes[0].Term, rv.Themes[0].Count)
	}
	return "A quiet week: a good time to prepare the stories and questions for the next interviews."
}

// reviewBlockWords is "30-minute" or "1-hour", else the duration.
func reviewBlockWords(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%d-hour", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("%d-minute", d/time.Minute)
	}
	return StatsFormatDuration(d)
}

// ReviewNotice is the weekly notification: a title and a short body with
// the week's counts and the command that shows the review (with --week
// once the week is over).
func ReviewNotice(rv Review) (title, body string) {
	title = fmt.Sprintf("Your week in interviews: %s to %s", rv.Start, rv.End)
	cmd := "debrief review"
	if notebook.DateOf(rv.Now).After(rv.End) {
		cmd += " --week " + rv.Start.String()
	}
	body = fmt.Sprintf("%s, %s missing, %s due or overdue, %s open.\nRun `%s` to see the week.",
		Plural(len(rv.Interviews), "interview"),
		Plural(len(rv.Missing), "reflection"),
		Plural(len(rv.Followups), "follow-up"),
		Plural(len(rv.Actions), "action item"), cmd)
	return title, body
}
