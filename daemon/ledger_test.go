package daemon

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/google/go-cmp/cmp"
)

// errKilled is what crashNotifier panics with.
var errKilled = errors.New("killed")

// crashNotifier delivers like fakeNotifier, then panics right after its
// k-th delivery: a kill -9 once the notification went out and before the
// daemon learned that it did.
type crashNotifier struct {
	fakeNotifier
	k int
}

func (n *crashNotifier) Notify(ctx context.Context, title, body string) error {
	if err := n.fakeNotifier.Notify(ctx, title, body); err != nil {
		return err
	}
	if len(n.Sent()) == n.k {
		panic(errKilled)
	}
	return nil
}

// crashState is a state directory, a notebook and a calendar that daemons
// started one after the other share, as a restarted process does.
type crashState struct {
	cfg      Config
	cal      *fakeCalendar
	notebook string
}

func newCrashState(t *testing.T, now time.Time, evs ...calendar.Event) crashState {
	t.Helper()
	cfg := testConfig()
	cfg.StateDir = t.TempDir()
	cfg.Now = func() time.Time { return now }
	cfg.Jitter = func() float64 { return 0.5 }
	cfg.Policy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}
	return crashState{cfg: cfg, cal: newFakeCalendar(evs...), notebook: t.TempDir()}
}

// once starts a daemon on the state, as a new process would (the ledger
// and the notebook read from disk), and makes one pass. It reports
// whether the pass was killed.
func (s crashState) once(t *testing.T, n Notifier) (killed bool) {
	t.Helper()
	nb, err := notebook.Open(quietLogger(), s.notebook)
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(quietLogger(), s.cfg, s.cal, n, nb)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r != nil {
			if r != errKilled {
				panic(r)
			}
			killed = true
		}
	}()
	if err := d.Once(context.Background()); err != nil {
		t.Errorf("Once: %v", err)
	}
	return false
}

// TestAlertCrashResendsOnlyInFlight kills the daemon right after each of
// the deliveries of a pass in turn, restarts it on what it left on disk,
// and checks that the restarted daemon delivers the alert that was in
// flight and those not yet delivered, and none delivered before it.
func TestAlertCrashResendsOnlyInFlight(t *testing.T) {
	now := at(12, 0)
	evs := []calendar.Event{
		interviewAt("a", at(8, 30), at(9, 0)),
		interviewAt("b", at(9, 30), at(10, 0)),
		interviewAt("c", at(10, 30), at(11, 0)),
	}
	ref := newCrashState(t, now, evs...)
	all := &fakeNotifier{now: ref.cfg.Now}
	if ref.once(t, all) {
		t.Fatal("the pass without a kill was killed")
	}
	pass := all.Sent()
	// Ended and reflect reminders of each interview, and the first
	// thank-you reminder of the first (3 h after its end).
	if len(pass) != 7 {
		t.Fatalf("one pass delivered %d alerts, want 7: %v", len(pass), pass)
	}
	for k := 1; k <= len(pass); k++ {
		t.Run(fmt.Sprintf("killed-after-delivery-%d", k), func(t *testing.T) {
			s := newCrashState(t, now, evs...)
			crash := &crashNotifier{fakeNotifier: fakeNotifier{now: s.cfg.Now}, k: k}
			if !s.once(t, crash) {
				t.Fatalf("the pass was not killed after delivery %d", k)
			}
			if diff := cmp.Diff(crash.Sent(), pass[:k]); diff != "" {
				t.Errorf("delivered before the kill (-got +want):\n%s", diff)
			}
			after := &fakeNotifier{now: s.cfg.Now}
			if s.once(t, after) {
				t.Fatal("the pass after the restart was killed")
			}
			// The one in flight again, then the rest.
			if diff := cmp.Diff(after.Sent(), pass[k-1:]); diff != "" {
				t.Errorf("delivered after the restart (-got +want):\n%s", diff)
			}
			l, err := LoadLedger(s.cfg.StateDir)
			if err != nil {
				t.Fatal(err)
			}
			for key, e := range l.Alerts {
				if e.State != StateSent && e.State != StateDropped {
					t.Errorf("ledger[%s] = %q after the restart's pass, want sent or dropped", key, e.State)
				}
			}
			again := &fakeNotifier{now: s.cfg.Now}
			if s.once(t, again); len(again.Sent()) != 0 {
				t.Errorf("a third pass delivered %d alerts, want none: %v", len(again.Sent()), again.Sent())
			}
		})
	}
}

// TestRunBlockFollowsAfterKillBeforeLedgerSave: debrief moved a block and
// was killed before the ledger recorded the move; the interview then
// moved again. The restarted daemon knows the block's times for its own
// by the block's properties, and the block follows its interview.
func TestRunBlockFollowsAfterKillBeforeLedgerSave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := interviewAt("a", at(14, 0), at(15, 0))
		idA := calendar.BlockID("primary", "a")
		h := newHarness(t, at(13, 0), a)
		h.cfg.Conflict = ConflictOverlap
		h.run()
		h.stop()
		// The killed daemon's move: in the calendar, not in the ledger.
		moved := interviewAt("a", at(16, 0), at(17, 0))
		h.cal.set(moved)
		b, _ := h.cal.block(idA)
		if _, err := h.cal.MoveBlock(context.Background(), calendar.Block{
			CalendarID: "primary", ID: idA, InterviewCalendarID: "primary", InterviewEventID: "a",
			Summary: b.Summary, Description: b.Description, Start: at(17, 0), End: at(17, 30),
		}); err != nil {
			t.Fatal(err)
		}
		h.cal.set(interviewAt("a", at(18, 0), at(19, 0)))
		h.run()
		time.Sleep(time.Minute)
		synctest.Wait()
		h.stop()
		want := []string{"insert a 15:00-15:30", "move a 17:00-17:30", "move a 19:00-19:30"}
		if diff := cmp.Diff(h.cal.Writes(), want); diff != "" {
			t.Errorf("writes (-got +want):\n%s", diff)
		}
		if got, _ := h.cal.block(idA); !got.Start.Equal(at(19, 0)) {
			t.Errorf("block starts %v, want %v (after its interview)", got.Start, at(19, 0))
		}
	})
}
