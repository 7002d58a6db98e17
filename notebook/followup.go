package notebook

import (
	"slices"
	"time"
)

// Policy is how follow-up dates are derived when the record does not say:
// the [followup] table of the config.
type Policy struct {
	// ThankYouWithin is how long after the interview's end the thank-you
	// note is due ("within 24 hours").
	ThankYouWithin time.Duration
	// ReplyAfterDays is the business days after the interview date by
	// which a reply is expected when nobody said when.
	ReplyAfterDays int
	// FollowUpDays is the business days after the expected reply to
	// follow up if none came.
	FollowUpDays int
}

// Kind is what a follow-up is about.
type Kind string

// Kinds of follow-up.
const (
	KindThankYou Kind = "thank-you" // send the thank-you note
	KindReply    Kind = "reply"     // the company should have answered
	KindFollowUp Kind = "follow-up" // ask them where things stand
)

// State is where a follow-up stands at a given instant.
type State string

// States of a follow-up.
const (
	// Upcoming: not yet: the interview has not ended (thank-you) or the
	// day has not come.
	Upcoming State = "upcoming"
	// Due: the thank-you window is open, or it is the day.
	Due State = "due"
	// Overdue: the deadline or the day has passed.
	Overdue State = "overdue"
	// Done: sent, done, or closed by an outcome.
	Done State = "done"
)

// Followup is one thing to chase for a record.
type Followup struct {
	Kind Kind
	// Due is the deadline of a thank-you note, and the start of the day
	// (in the interview's zone) of a reply or follow-up.
	Due time.Time
	// Day is the calendar day of Due in the interview's zone.
	Day   Date
	State State
	// DoneOn is the day it was done, zero when not done or closed by an
	// outcome.
	DoneOn Date
}

// Followups returns the follow-ups of r at now, in the order thank-you,
// reply, follow-up. Calendar days are those of the interview's time zone.
//
//   - thank-you: due FollowUp.ThankYouDue, else the interview's end +
//     ThankYouWithin (a record without a start time ends at the end of its
//     day); upcoming before the end, due until the deadline, then overdue;
//     done once ThankYouSent is set. Left out when the person answered that
//     no thank-you is needed, or the record has no date.
//   - reply: on FollowUp.ReplyExpectedBy, else ReplyAfterDays business days
//     after the interview date; done once an outcome is recorded.
//   - follow-up: on FollowUp.FollowUpOn, else FollowUpDays business days
//     after the reply day; done once FollowUpDone or an outcome is set.
//
// Business days skip Saturdays and Sundays (not public holidays).
func Followups(r *Record, now time.Time, p Policy) []Followup {
	day := r.Day()
	if day.IsZero() {
		return nil
	}
	loc := r.Location()
	today := DateOf(now.In(loc))
	fu := r.FollowUp
	var out []Followup

	if r.NextSteps.ThankYouNeeded == nil || *r.NextSteps.ThankYouNeeded {
		end := day.AddDays(1).In(loc)
		if e := r.End(); !e.IsZero() {
			end = e
		}
		due := end.Add(p.ThankYouWithin)
		if !fu.ThankYouDue.IsZero() {
			due = fu.ThankYouDue
		}
		f := Followup{Kind: KindThankYou, Due: due, Day: DateOf(due.In(loc))}
		switch {
		case fu.ThankYouSent != nil:
			f.State, f.DoneOn = Done, *fu.ThankYouSent
		case now.Before(end):
			f.State = Upcoming
		case now.Before(due):
			f.State = Due
		default:
			f.State = Overdue
		}
		out = append(out, f)
	}

	reply := day.AddBusinessDays(p.ReplyAfterDays)
	if fu.ReplyExpectedBy != nil {
		reply = *fu.ReplyExpectedBy
	}
	f := dayFollowup(KindReply, reply, today, loc)
	if fu.Outcome != "" {
		f.State = Done
		if fu.OutcomeOn != nil {
			f.DoneOn = *fu.OutcomeOn
		}
	}
	out = append(out, f)

	follow := reply.AddBusinessDays(p.FollowUpDays)
	if fu.FollowUpOn != nil {
		follow = *fu.FollowUpOn
	}
	f = dayFollowup(KindFollowUp, follow, today, loc)
	switch {
	case fu.FollowUpDone != nil:
		f.State, f.DoneOn = Done, *fu.FollowUpDone
	case fu.Outcome != "":
		f.State = Done
	}
	return append(out, f)
}

func dayFollowup(k Kind, d, today Date, loc *time.Location) Followup {
	f := Followup{Kind: k, Due: d.In(loc), Day: d}
	switch c := today.Compare(d); {
	case c < 0:
		f.State = Upcoming
	case c == 0:
		f.State = Due
	default:
		f.State = Overdue
	}
	return f
}

// Next is the earliest follow-up of fs that is not done, and false when
// all are done.
func Next(fs []Followup) (Followup, bool) {
	open := slices.DeleteFunc(slices.Clone(fs), func(f Followup) bool { return f.State == Done })
	if len(open) == 0 {
		return Followup{}, false
	}
	return slices.MinFunc(open, func(a, b Followup) int { return a.Due.Compare(b.Due) }), true
}

// Pending reports whether r still asks something of the person: its
// reflection is not saved, or a thank-you note or follow-up is not done
// (the reply alone is the company's move, not the person's).
func Pending(r *Record, now time.Time, p Policy) bool {
	if !r.Reflected() {
		return true
	}
	for _, f := range Followups(r, now, p) {
		if f.Kind != KindReply && f.State != Done {
			return true
		}
	}
	return false
}
