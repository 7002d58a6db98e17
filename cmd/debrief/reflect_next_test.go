package main

import (
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// TestNextAfterReflect: the thank-you hint only while the note can still
// be on time; otherwise the follow-up that comes next.
func TestNextAfterReflect(t *testing.T) {
	end := time.Date(2026, 3, 13, 11, 0, 0, 0, time.UTC) // a Friday
	p := notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2}
	rec := func(f func(r *notebook.Record)) *notebook.Record {
		r := &notebook.Record{ID: "abcd123456",
			Source:    &notebook.Source{CalendarID: "primary", EventID: "e1", Start: end.Add(-time.Hour), End: end},
			Interview: notebook.Details{Company: "Acme"}}
		if f != nil {
			f(r)
		}
		return r
	}
	sent := &notebook.Date{Year: 2026, Month: 3, Day: 13}
	for _, tc := range []struct {
		name string
		r    *notebook.Record
		now  time.Time
		want string
	}{
		{"right-after", rec(nil), end.Add(20 * time.Minute),
			"next: send a thank-you note by Sat 14 Mar 11:00 UTC; debrief thank-you abcd123456 drafts it"},
		{"before-it-ends", rec(nil), end.Add(-10 * time.Minute),
			"next: once the interview is over, a thank-you note by Sat 14 Mar 11:00 UTC; debrief thank-you abcd123456 drafts it"},
		{"too-late-for-thanks", rec(nil), end.Add(3 * 24 * time.Hour),
			"next: wait for their answer, expected by Fri 20 Mar; if none has come by then, debrief reminds you to follow up"},
		{"thanks-sent", rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent }), end.Add(time.Hour),
			"next: wait for their answer, expected by Fri 20 Mar; if none has come by then, debrief reminds you to follow up"},
		{"no-thanks-needed-answer-late", rec(func(r *notebook.Record) { no := false; r.NextSteps.ThankYouNeeded = &no }), end.Add(8 * 24 * time.Hour),
			"next: their answer was expected by Fri 20 Mar; when it comes, debrief outcome abcd123456 STATUS"},
		{"time-to-ask", rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent }), end.Add(12 * 24 * time.Hour),
			"next: follow up now, you have not heard back (due Tue 24 Mar); then debrief done abcd123456 follow-up"},
		{"outcome-known", rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent; r.FollowUp.Outcome = notebook.OutcomeOffer }), end.Add(8 * 24 * time.Hour),
			"next: debrief followups shows what is due"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nextAfterReflect(tc.r, notebook.Followups(tc.r, tc.now, p)); got != tc.want {
				t.Errorf("nextAfterReflect at %v = %q, want %q", tc.now, got, tc.want)
			}
		})
	}
}
