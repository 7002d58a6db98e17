package notebook

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDoneAndSetOutcome(t *testing.T) {
	b := mustOpen(t, t.TempDir())
	start := time.Date(2026, 3, 13, 14, 0, 0, 0, time.UTC)
	r := &Record{Schema: SchemaVersion, ID: RecordID("primary", "ev1"),
		Source:    &Source{CalendarID: "primary", EventID: "ev1", Start: start, End: start.Add(time.Hour)},
		Interview: Details{Company: "Acme", Date: DateOf(start)}}
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
	day := Date{2026, 3, 14}
	if _, err := b.Done(r.ID, KindThankYou, day); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Done(r.ID[:5], KindFollowUp, Date{2026, 3, 20}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetOutcome(r.ID, OutcomeOffer, Date{2026, 3, 21}); err != nil {
		t.Fatal(err)
	}
	got, err := b.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := FollowUp{ThankYouSent: &day, FollowUpDone: &Date{2026, 3, 20}, Outcome: OutcomeOffer, OutcomeOn: &Date{2026, 3, 21}}
	if diff := cmp.Diff(got.FollowUp, want); diff != "" {
		t.Errorf("FollowUp differs (-got +want):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"done-reply", func() error { _, err := b.Done(r.ID, KindReply, day); return err }(), `"reply" is not something to mark done`},
		{"done-no-day", func() error { _, err := b.Done(r.ID, KindThankYou, Date{}); return err }(), "no day given"},
		{"outcome-unknown", func() error { _, err := b.SetOutcome(r.ID, "hired", day); return err }(), `"hired" is not an outcome`},
		{"outcome-no-record", func() error { _, err := b.SetOutcome("zzzz", OutcomeOffer, day); return err }(), "zzzz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", tc.err, tc.want)
			}
		})
	}
}
