package notebook

import (
	"strings"
	"time"
)

// Filter selects records: `debrief list`'s and `debrief export`'s flags
// and the web app's notebook page. The zero Filter keeps every record.
type Filter struct {
	// Company keeps the records whose company contains it, ignoring case.
	Company string
	// From and To keep the records dated on or after From and on or
	// before To; a zero bound does not limit, and an undated record is
	// left out when either is set.
	From, To Date
	// Status keeps the records in one state, one of Statuses; "" keeps
	// all.
	Status string
}

// The states a Filter can select besides the outcomes.
const (
	// StatusPending: the reflection not saved, or a thank-you note or
	// follow-up not done (Pending).
	StatusPending = "pending"
	// StatusToReflect: the reflection not saved.
	StatusToReflect = "to-reflect"
	// StatusOpen: no outcome recorded yet.
	StatusOpen = "open"
)

// Statuses are the values of Filter.Status: pending, to-reflect, open and
// each of Outcomes.
var Statuses = append([]string{StatusPending, StatusToReflect, StatusOpen}, Outcomes...)

// Keep reports whether f selects r at now (what is pending depends on the
// time and the follow-up policy p).
func (f Filter) Keep(r *Record, now time.Time, p Policy) bool {
	if f.Company != "" && !strings.Contains(strings.ToLower(r.Interview.Company), strings.ToLower(f.Company)) {
		return false
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		d := r.Day()
		if d.IsZero() || !f.From.IsZero() && d.Before(f.From) || !f.To.IsZero() && d.After(f.To) {
			return false
		}
	}
	switch f.Status {
	case "":
		return true
	case StatusPending:
		return Pending(r, now, p)
	case StatusToReflect:
		return !r.Reflected()
	case StatusOpen:
		return r.FollowUp.Outcome == ""
	}
	return r.FollowUp.Outcome == f.Status
}

// Apply returns the records of recs that f keeps, in their order, in a new
// slice: recs is left as it is.
func (f Filter) Apply(recs []*Record, now time.Time, p Policy) []*Record {
	out := make([]*Record, 0, len(recs))
	for _, r := range recs {
		if f.Keep(r, now, p) {
			out = append(out, r)
		}
	}
	return out
}
