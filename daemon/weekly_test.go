package daemon

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func TestWeeklyTime(t *testing.T) {
	for _, tc := range []struct {
		in     string
		wd     time.Weekday
		h, m   int
		reject bool
	}{
		{in: "Sun 18:00", wd: time.Sunday, h: 18},
		{in: "Mon 08:30", wd: time.Monday, h: 8, m: 30},
		{in: "Sat 23:59", wd: time.Saturday, h: 23, m: 59},
		{in: "", reject: true},
		{in: "18:00", reject: true},
		{in: "Sunday 18:00", reject: true},
		{in: "sun 18:00", reject: true},
		{in: "Sun 6pm", reject: true},
	} {
		wd, h, m, err := weeklyTime(tc.in)
		switch {
		case tc.reject && err == nil:
			t.Errorf("weeklyTime(%q) = %v %d:%d, want an error", tc.in, wd, h, m)
		case !tc.reject && (err != nil || wd != tc.wd || h != tc.h || m != tc.m):
			t.Errorf("weeklyTime(%q) = %v %d:%02d, %v; want %v %d:%02d", tc.in, wd, h, m, err, tc.wd, tc.h, tc.m)
		}
	}
}

// weeklyRecords is one interview on Wednesday 2026-11-18, not reflected.
func weeklyRecords() []*notebook.Record {
	start := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
	return []*notebook.Record{{
		Schema: 1, ID: notebook.RecordID("primary", "w"),
		Source:    &notebook.Source{CalendarID: "primary", EventID: "w", Start: start, End: start.Add(time.Hour)},
		Interview: notebook.Details{Company: "Acme", Date: notebook.DateOf(start)},
		FollowUp:  notebook.FollowUp{Outcome: notebook.OutcomeNextRound, ThankYouSent: &notebook.Date{Year: 2026, Month: 11, Day: 18}},
	}}
}

func TestDueWeeklyReview(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	settled := newLedger()
	settled.Alerts["weekly-review|2026-W47"] = AlertEntry{State: StateSent}
	// at() is Friday 2026-11-20, in ISO week 47.
	for _, tc := range []struct {
		name   string
		when   string // WeeklyReview
		local  *time.Location
		now    time.Time
		ledger *Ledger
		want   []string // kind, with "(dropped)", then the title
	}{
		{"off", "", time.UTC, at(18, 0), nil, nil},
		{"not-yet", "Fri 18:00", time.UTC, at(17, 59), nil, nil},
		{"due", "Fri 18:00", time.UTC, at(18, 0), nil,
			[]string{"weekly-review", "Your week in interviews: 2026-11-16 to 2026-11-22"}},
		{"late-within-a-day", "Fri 18:00", time.UTC, at(41, 59), nil,
			[]string{"weekly-review", "Your week in interviews: 2026-11-16 to 2026-11-22"}},
		{"skipped-after-a-day", "Fri 18:00", time.UTC, at(42, 0), nil, nil},
		{"nothing-to-review-is-dropped", "Fri 18:00", time.UTC, time.Date(2027, 3, 5, 18, 0, 0, 0, time.UTC), nil,
			[]string{"weekly-review(dropped)", "Your week in interviews: 2027-03-01 to 2027-03-07"}},
		{"settled-this-week", "Fri 18:00", time.UTC, at(20, 0), settled, nil},
		{"sunday-after-the-week-of-friday", "Sun 18:00", time.UTC, at(66, 0), nil,
			[]string{"weekly-review", "Your week in interviews: 2026-11-16 to 2026-11-22"}},
		{"monday-reviews-the-week-before", "Mon 08:30", time.UTC, time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC), nil,
			[]string{"weekly-review", "Your week in interviews: 2026-11-16 to 2026-11-22"}},
		{"local-zone-not-yet", "Fri 18:00", ny, at(22, 59), nil, nil},
		{"local-zone-due", "Fri 18:00", ny, at(23, 0), nil,
			[]string{"weekly-review", "Your week in interviews: 2026-11-16 to 2026-11-22"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig()
			c.WeeklyReview, c.Local = tc.when, tc.local
			l := tc.ledger
			if l == nil {
				l = newLedger()
			}
			var got []string
			for _, a := range Due(DueInput{Now: tc.now, Records: weeklyRecords(), Ledger: l}, c) {
				if a.Kind != KindWeeklyReview {
					continue
				}
				k := a.Kind
				if a.Drop {
					k += "(dropped)"
				}
				got = append(got, k, a.Title)
				if !a.Drop && (!strings.Contains(a.Body, "1 interview, 1 reflection missing") || !strings.Contains(a.Body, "debrief review")) {
					t.Errorf("body %q lacks the week's counts or the command", a.Body)
				}
				if y, w := a.Due.ISOWeek(); a.Key != fmt.Sprintf("weekly-review|%d-W%02d", y, w) {
					t.Errorf("key %q, due %v: want the ISO week of the due time", a.Key, a.Due)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("weekly alerts = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRunWeeklyReviewOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(17, 0))
		h.cfg.WeeklyReview, h.cfg.Local = "Fri 18:00", time.UTC
		for _, r := range weeklyRecords() {
			mustCreate(t, h.nb, r)
		}
		h.run()
		h.clock.sleepUntil(at(18, 0).Add(31 * time.Second))
		n := onceAt(t, h.n, "Your week in interviews", at(18, 0))
		if want := "1 interview, 1 reflection missing, 0 follow-ups due or overdue, 0 action items open.\nRun `debrief review` to see the week."; n.Body != want {
			t.Errorf("weekly review body = %q, want %q", n.Body, want)
		}
		h.clock.sleepUntil(at(30, 0)) // 06:00 on Saturday
		h.stop()
		h.run()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		h.stop()
		if got := h.n.matching("Your week in interviews"); len(got) != 1 {
			t.Errorf("%d weekly review notices after a restart in the same week, want 1: %v", len(got), got)
		}
		l, err := LoadLedger(h.cfg.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Alerts["weekly-review|2026-W47"].State; got != StateSent {
			t.Errorf("ledger[weekly-review|2026-W47] = %q, want %q", got, StateSent)
		}
	})
}
