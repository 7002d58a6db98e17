package daemon

import (
	"fmt"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/notebook"
)

// weeklyWindow is how late the weekly review notice may still come: a
// laptop asleep on Sunday evening gets it on Monday morning.
const weeklyWindow = 24 * time.Hour

// weeklyReview adds the weekly review notice, due at the most recent
// c.WeeklyReview ("Sun 18:00" in c.Local) and keyed in the ledger once per
// ISO week of that instant ("weekly-review|2026-W47"). It reviews the week,
// Monday to Sunday in c.Local, holding the day before the notice, so a
// Monday notice reviews the week just ended. The review is computed only
// when the notice is due and unsettled (Due runs every tick); a notice
// missed by more than weeklyWindow is skipped, not recorded, and one whose
// counts are all zero comes back dropped, so an idle notebook stays quiet.
func weeklyReview(in DueInput, c Config, add func(Alert, time.Time)) {
	due, err := weeklyDue(in.Now, c)
	if err != nil {
		return // checked by New
	}
	year, week := due.ISOWeek()
	k := fmt.Sprintf("%s|%d-W%02d", KindWeeklyReview, year, week)
	if in.Ledger.done(k) || !in.Now.Before(due.Add(weeklyWindow)) {
		// Settled, or missed by more than a day (the machine was off):
		// nothing to send, and nothing to record, as the slot is a time,
		// not an event that could come back.
		return
	}
	day := notebook.DateOf(due).AddDays(-1)
	rv := insight.WeeklyFor(in.Records, day, in.Now, c.Local, c.Policy, c.BlockDuration)
	title, body := insight.ReviewNotice(rv)
	window := due.Add(weeklyWindow)
	if len(rv.Interviews)+len(rv.Missing)+len(rv.Followups)+len(rv.Actions) == 0 {
		window = due // nothing to review: settled as dropped, never shown
	}
	add(Alert{Key: k, Kind: KindWeeklyReview, Due: due, Title: title, Body: body}, window)
}

// weeklyDue returns the latest c.WeeklyReview instant at or before now.
func weeklyDue(now time.Time, c Config) (time.Time, error) {
	wd, hh, mm, err := weeklyTime(c.WeeklyReview)
	if err != nil {
		return time.Time{}, err
	}
	now = now.In(c.Local)
	y, mo, d := now.Date()
	monday := d - (int(now.Weekday())+6)%7
	due := time.Date(y, mo, monday+(int(wd)+6)%7, hh, mm, 0, 0, c.Local)
	if now.Before(due) {
		due = time.Date(y, mo, monday+(int(wd)+6)%7-7, hh, mm, 0, 0, c.Local)
	}
	return due, nil
}

// weeklyTime parses "Sun 18:00": an English three-letter day and HH:MM.
func weeklyTime(s string) (wd time.Weekday, h, m int, err error) {
	day, clock, ok := strings.Cut(s, " ")
	for i := range 7 {
		if ok && day == time.Weekday(i).String()[:3] {
			if h, m, err = clockTime(clock); err == nil {
				return time.Weekday(i), h, m, nil
			}
		}
	}
	return 0, 0, 0, fmt.Errorf("weekly review time %q: want a day and HH:MM, e.g. Sun 18:00", s)
}
