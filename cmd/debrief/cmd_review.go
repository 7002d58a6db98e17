package main

import (
	"time"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["review"] = command{
		summary: "the weekly review: the week's interviews, what is missing or due, what keeps coming back",
		run:     cmdReview,
	}
}

// cmdReview prints the weekly review (insight.WeeklyFor) of this week, or
// with --week of the week, Monday to Sunday in local time, that holds
// that day.
func cmdReview(e *env, args []string) error {
	fs := nbFlags(e, "review", "debrief review [--week YYYY-MM-DD]")
	var week notebook.Date
	fs.Var(dateFlag{&week}, "week", "review the week (Monday to Sunday) holding this day instead of this week")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	recs, listErr := b.List()
	if recs == nil && listErr != nil {
		return listErr
	}
	now := e.now()
	if week.IsZero() {
		week = notebook.DateOf(now.In(time.Local))
	}
	rv := insight.WeeklyFor(recs, week, now, time.Local, p, cfg.Block.Duration.Duration)
	if err := insight.WriteReview(e.stdout, rv); err != nil {
		return err
	}
	return nbListErr(listErr)
}
