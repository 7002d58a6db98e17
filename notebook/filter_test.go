package notebook

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFilter(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	at := func(day int) time.Time { return time.Date(2026, 3, day, 10, 0, 0, 0, time.UTC) }
	rec := func(id, company string, day int, opts ...func(*Record)) *Record {
		r := &Record{ID: id, Interview: Details{Company: company}}
		if day > 0 {
			r.Source = &Source{Start: at(day), End: at(day).Add(time.Hour)}
			r.Interview.Date = DateOf(at(day))
		}
		for _, o := range opts {
			o(r)
		}
		return r
	}
	done := func(r *Record) {
		r.ReflectedAt = &now
		d := DateOf(now)
		r.FollowUp.ThankYouSent, r.FollowUp.FollowUpDone = &d, &d
	}
	outcome := func(o string) func(*Record) { return func(r *Record) { r.FollowUp.Outcome = o } }
	recs := []*Record{
		rec("a", "Acme Corp", 2, done, outcome(OutcomeRejected)),
		rec("b", "Globex", 10, done),
		rec("c", "acme labs", 18),
		rec("d", "Initech", 0, outcome(OutcomeOffer)),
	}
	p := Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2}
	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"zero-keeps-all", Filter{}, []string{"a", "b", "c", "d"}},
		{"company-any-case", Filter{Company: "ACME"}, []string{"a", "c"}},
		{"from", Filter{From: DateOf(at(10))}, []string{"b", "c"}},
		{"to", Filter{To: DateOf(at(10))}, []string{"a", "b"}},
		{"from-to-one-day", Filter{From: DateOf(at(10)), To: DateOf(at(10))}, []string{"b"}},
		{"pending", Filter{Status: StatusPending}, []string{"c", "d"}},
		{"to-reflect", Filter{Status: StatusToReflect}, []string{"c", "d"}},
		{"open", Filter{Status: StatusOpen}, []string{"b", "c"}},
		{"outcome", Filter{Status: OutcomeOffer}, []string{"d"}},
		{"all-together", Filter{Company: "acme", From: DateOf(at(1)), Status: StatusOpen}, []string{"c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range tc.f.Apply(recs, now, p) {
				got = append(got, r.ID)
			}
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Apply(%+v) differs (-got +want):\n%s", tc.f, diff)
			}
		})
	}
	if len(recs) != 4 || recs[0].ID != "a" {
		t.Errorf("Apply changed its input: %v", recs)
	}
}
