package notebook

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var policy = Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}

// describe renders follow-ups as "kind day state" lines; a thank-you shows
// its deadline instead of its day.
func describe(fs []Followup) string {
	var lines []string
	for _, f := range fs {
		when := f.Day.String()
		if f.Kind == KindThankYou {
			when = f.Due.Format(time.RFC3339)
		}
		line := fmt.Sprintf("%s %s %s", f.Kind, when, f.State)
		if !f.DoneOn.IsZero() {
			line += " on " + f.DoneOn.String()
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func TestFollowups(t *testing.T) {
	// freshRecord: Friday 2026-03-13, 14:00–15:00 in Los Angeles (UTC-7).
	for _, tc := range []struct {
		name string
		edit func(r *Record)
		now  string
		p    Policy
		want string
	}{
		{
			name: "during-interview",
			now:  "2026-03-13T14:30:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 upcoming\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "just-ended",
			now:  "2026-03-13T15:01:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 due\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "thank-you-overdue",
			now:  "2026-03-14T15:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "thank-you-sent",
			edit: func(r *Record) { r.FollowUp.ThankYouSent = ptr(mustDate(t, "2026-03-14")) },
			now:  "2026-03-16T09:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 done on 2026-03-14\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "thank-you-not-needed",
			edit: func(r *Record) { r.NextSteps.ThankYouNeeded = ptr(false) },
			now:  "2026-03-16T09:00:00-07:00",
			want: "reply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "thank-you-deadline-override",
			edit: func(r *Record) { r.FollowUp.ThankYouDue = mustTime(t, "2026-03-13T20:00:00-07:00") },
			now:  "2026-03-13T21:00:00-07:00",
			want: "thank-you 2026-03-13T20:00:00-07:00 overdue\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "reply-day-late-evening-in-interview-zone",
			// 22:00 in Los Angeles is already Saturday in UTC.
			now:  "2026-03-21T05:00:00Z",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 due\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "reply-overdue-over-weekend",
			now:  "2026-03-22T12:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 overdue\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "follow-up-due-monday",
			now:  "2026-03-23T08:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 overdue\nfollow-up 2026-03-23 due",
		},
		{
			name: "reply-said-saturday-follow-up-monday",
			edit: func(r *Record) { r.FollowUp.ReplyExpectedBy = ptr(mustDate(t, "2026-03-28")) },
			now:  "2026-03-23T08:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-28 upcoming\nfollow-up 2026-03-30 upcoming",
		},
		{
			name: "follow-up-date-override",
			edit: func(r *Record) { r.FollowUp.FollowUpOn = ptr(mustDate(t, "2026-03-18")) },
			now:  "2026-03-19T08:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 upcoming\nfollow-up 2026-03-18 overdue",
		},
		{
			name: "follow-up-done",
			edit: func(r *Record) { r.FollowUp.FollowUpDone = ptr(mustDate(t, "2026-03-24")) },
			now:  "2026-03-25T08:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 overdue\nfollow-up 2026-03-23 done on 2026-03-24",
		},
		{
			name: "outcome-closes-reply-and-follow-up",
			edit: func(r *Record) {
				r.FollowUp.Outcome = OutcomeRejected
				r.FollowUp.OutcomeOn = ptr(mustDate(t, "2026-03-17"))
			},
			now:  "2026-03-25T08:00:00-07:00",
			want: "thank-you 2026-03-14T15:00:00-07:00 overdue\nreply 2026-03-20 done on 2026-03-17\nfollow-up 2026-03-23 done",
		},
		{
			name: "policy-other-days",
			now:  "2026-03-13T15:01:00-07:00",
			p:    Policy{ThankYouWithin: 3 * time.Hour, ReplyAfterDays: 10, FollowUpDays: 2},
			want: "thank-you 2026-03-13T18:00:00-07:00 due\nreply 2026-03-27 upcoming\nfollow-up 2026-03-31 upcoming",
		},
		{
			name: "sunday-utc-is-monday-in-tokyo",
			// Monday 00:30 in Tokyo, Sunday 15:30 UTC: Tokyo's Monday counts.
			edit: func(r *Record) {
				r.Interview.Date = Date{}
				r.Source.TimeZone = "Asia/Tokyo"
				r.Source.Start = mustTime(t, "2026-03-16T00:30:00+09:00")
				r.Source.End = mustTime(t, "2026-03-16T01:30:00+09:00")
			},
			now:  "2026-03-16T12:00:00+09:00",
			p:    Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 1, FollowUpDays: 1},
			want: "thank-you 2026-03-17T01:30:00+09:00 due\nreply 2026-03-17 upcoming\nfollow-up 2026-03-18 upcoming",
		},
		{
			name: "hand-made-without-times",
			edit: func(r *Record) {
				r.Source = nil
				r.Interview.Date = mustDate(t, "2026-03-13")
			},
			now:  "2026-03-14T10:00:00Z",
			want: "thank-you 2026-03-15T00:00:00Z due\nreply 2026-03-20 upcoming\nfollow-up 2026-03-23 upcoming",
		},
		{
			name: "undated",
			edit: func(r *Record) { r.Source, r.Interview.Date = nil, Date{} },
			now:  "2026-03-14T10:00:00Z",
			want: "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := freshRecord(t)
			if tc.edit != nil {
				tc.edit(r)
			}
			p := tc.p
			if p == (Policy{}) {
				p = policy
			}
			got := describe(Followups(r, mustTime(t, tc.now), p))
			if got != tc.want {
				t.Errorf("Followups at %s =\n%s\nwant\n%s", tc.now, got, tc.want)
			}
		})
	}
}

func TestNextAndPending(t *testing.T) {
	r := freshRecord(t)
	now := mustTime(t, "2026-03-13T16:00:00-07:00")
	f, ok := Next(Followups(r, now, policy))
	if !ok || f.Kind != KindThankYou {
		t.Errorf("Next = %v, %v; want the thank-you", f, ok)
	}
	if !Pending(r, now, policy) {
		t.Error("fresh record: Pending = false, want true")
	}
	r = fullRecord(t) // reflected, thank-you sent, follow-up done, outcome
	if Pending(r, now, policy) {
		t.Error("full record: Pending = true, want false")
	}
	if f, ok := Next(Followups(r, now, policy)); ok {
		t.Errorf("full record: Next = %v, want none", f)
	}
	r.FollowUp.FollowUpDone, r.FollowUp.Outcome = nil, ""
	if !Pending(r, now, policy) {
		t.Error("reflected record with a follow-up open: Pending = false, want true")
	}
}
