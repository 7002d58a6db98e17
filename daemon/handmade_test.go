package daemon

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/debrief-dev/debrief/notebook"
	"github.com/google/go-cmp/cmp"
)

// handRecord is a phone screen with Acme recorded by hand (debrief add)
// for 10:00–10:30, created at created.
func handRecord(created time.Time, f func(r *notebook.Record)) *notebook.Record {
	r := &notebook.Record{
		Schema: notebook.SchemaVersion, ID: "hand000001", Revision: 1,
		Scheduled: &notebook.Scheduled{Start: at(10, 0), End: at(10, 30)},
		Interview: notebook.Details{Company: "Acme", Date: notebook.DateOf(at(10, 0)), Round: "phone screen", Format: notebook.FormatPhone},
		Created:   created, Updated: created,
	}
	if f != nil {
		f(r)
	}
	return r
}

// TestDueHandMade: an interview recorded by hand, with no calendar event,
// gets the alerts of a detected one, except the news that it is over when
// it was recorded after it ended.
func TestDueHandMade(t *testing.T) {
	earlier := &notebook.Record{ID: "earlier1", Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 2}},
		FollowUp: notebook.FollowUp{Outcome: notebook.OutcomeNextRound}}
	iv := HandMade([]*notebook.Record{handRecord(at(8, 0), nil)})[0]
	fired := func(kinds ...string) *Ledger {
		l := newLedger()
		for _, k := range kinds {
			extra := ""
			if k == KindThankYou {
				extra = (3 * time.Hour).String()
			}
			l.Alerts[key(iv, k, extra)] = AlertEntry{State: StateSent}
		}
		return l
	}
	c := testConfig()
	c.Policy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}
	for _, tc := range []struct {
		name   string
		now    time.Time
		recs   []*notebook.Record
		ledger *Ledger
		want   []string
	}{
		{"before", at(9, 0), []*notebook.Record{handRecord(at(8, 0), nil)}, nil, nil},
		{"briefing-with-an-earlier-round", at(9, 0), []*notebook.Record{handRecord(at(8, 0), nil), earlier}, nil, []string{KindBriefing}},
		{"ended", at(10, 30), []*notebook.Record{handRecord(at(8, 0), nil)}, nil, []string{KindEnded}},
		{"reflect-reminder", at(11, 0), []*notebook.Record{handRecord(at(8, 0), nil)}, fired(KindEnded), []string{KindReflectReminder}},
		{"thank-you", at(13, 30), []*notebook.Record{handRecord(at(8, 0), nil)}, fired(KindEnded, KindReflectReminder), []string{KindThankYou}},
		{"recorded-after-it-ended", at(10, 40), []*notebook.Record{handRecord(at(10, 35), nil)}, nil, nil},
		{"recorded-late-not-reflected", at(11, 0), []*notebook.Record{handRecord(at(10, 35), nil)}, nil, []string{KindReflectReminder}},
		{"recorded-late-reflected", at(11, 0), []*notebook.Record{handRecord(at(10, 35), func(r *notebook.Record) { r.Overall.WentWell = "rapport" })}, nil, nil},
		{"date-only", at(13, 30), []*notebook.Record{handRecord(at(8, 0), func(r *notebook.Record) { r.Scheduled = nil })}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.ledger
			if l == nil {
				l = newLedger()
			}
			got := dueKinds(tc.now, nil, tc.recs, l, c)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Due at %v (-got +want):\n%s", tc.now.Format("15:04"), diff)
			}
		})
	}
	in := DueInput{Now: at(9, 0), Records: []*notebook.Record{handRecord(at(8, 0), nil)}, Ledger: newLedger()}
	if got, want := nextDeadline(in, c), at(10, 30); !got.Equal(want) {
		t.Errorf("nextDeadline at 09:00 = %v, want the hand-made interview's end %v", got, want)
	}
}

// TestRunPicksUpHandMade: a record added by hand while the daemon runs, for
// an interview that is not on any calendar, gets its nudge at its end
// without a restart, and no block.
func TestRunPicksUpHandMade(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(9, 0))
		h.run()
		h.clock.sleepUntil(at(9, 30))
		r := handRecord(time.Time{}, nil)
		r.ID, r.Schema, r.Revision = "", 0, 0
		mustCreate(t, h.nb, r)
		h.clock.sleepUntil(at(11, 1))
		h.stop()
		got := h.n.matching("over")
		if len(got) != 1 || !got[0].At.Equal(at(10, 30)) || !strings.Contains(got[0].Title, "Acme") || !strings.Contains(got[0].Body, "debrief reflect "+r.ID) {
			t.Errorf("ended nudges %v; want one at 10:30 about Acme naming debrief reflect %s", got, r.ID)
		}
		if rem := h.n.matching("Reflect on your interview"); len(rem) != 1 || !rem[0].At.Equal(at(11, 0)) {
			t.Errorf("reflect reminders %v; want one at 11:00, when the 30 min a block would take are over", rem)
		}
		if w := h.cal.Writes(); len(w) != 0 {
			t.Errorf("calendar writes %v; want none for an interview that is not on a calendar", w)
		}
	})
}
