package daemon

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/google/go-cmp/cmp"
)

func mustCreate(t *testing.T, nb *notebook.Book, r *notebook.Record) {
	t.Helper()
	if err := nb.Create(r); err != nil {
		t.Fatal(err)
	}
}

// onceAt checks that exactly one notification whose title contains title
// was sent, within a tick after due.
func onceAt(t *testing.T, n *fakeNotifier, title string, due time.Time) sentNote {
	t.Helper()
	got := n.matching(title)
	if len(got) != 1 {
		t.Fatalf("%d notifications %q, want 1; all: %v", len(got), title, n.Sent())
	}
	if got[0].At.Before(due) || got[0].At.After(due.Add(31*time.Second)) {
		t.Errorf("notification %q sent at %v, want within a tick after %v", title, got[0].At, due)
	}
	return got[0]
}

func TestRunEveryAlertOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		iv := interviewAt("a", at(10, 0), at(11, 0))
		h := newHarness(t, at(8, 0), iv)
		rating := 6
		mustCreate(t, h.nb, &notebook.Record{
			ID:          notebook.NewID(),
			Interview:   notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 10}, Round: "phone screen"},
			Overall:     notebook.Overall{Rating: &rating},
			Takeaways:   notebook.Takeaways{Questions: []notebook.Question{{Question: "Tell me about a time you failed"}}},
			ActionItems: []notebook.ActionItem{{Text: "practise system design"}},
			FollowUp:    notebook.FollowUp{Outcome: notebook.OutcomeNextRound},
		})
		h.run()
		id := notebook.RecordID("primary", "a")
		r, err := h.nb.Get(id)
		if err != nil {
			t.Fatalf("record of the interview: %v", err)
		}
		if r.Interview.Company != "Acme" || r.Source == nil || !r.Source.End.Equal(iv.End) || len(r.Interview.Interviewers) != 1 {
			t.Errorf("record = %+v, want Acme prefilled from the event", r.Interview)
		}
		if _, err := h.nb.Update(id, func(r *notebook.Record) error {
			r.FollowUp.FollowUpOn = &notebook.Date{Year: 2026, Month: 11, Day: 21}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, want := h.cal.Writes(), []string{"insert a 11:00-11:30"}; !cmp.Equal(got, want) {
			t.Errorf("writes = %v, want %v", got, want)
		}

		h.clock.sleepUntil(at(9, 0).Add(31 * time.Second))
		b := onceAt(t, h.n, "Coming up: Acme", at(9, 0))
		for _, s := range []string{"2026-11-10 phone screen", "6/10", "Tell me about a time you failed", "practise system design"} {
			if !strings.Contains(b.Body, s) {
				t.Errorf("briefing %q lacks %q", b.Body, s)
			}
		}
		h.clock.sleepUntil(at(11, 0).Add(31 * time.Second))
		e := onceAt(t, h.n, "Interview with Acme over", at(11, 0))
		if !strings.Contains(e.Body, "debrief reflect "+id) || !strings.Contains(e.Body, "11:00–11:30") {
			t.Errorf("ended body %q lacks the command or the block's time", e.Body)
		}
		h.clock.sleepUntil(at(11, 30).Add(31 * time.Second))
		onceAt(t, h.n, "Reflect on your interview", at(11, 30))
		h.clock.sleepUntil(at(14, 0).Add(31 * time.Second))
		onceAt(t, h.n, "Thank-you note", at(14, 0))
		h.clock.sleepUntil(at(31, 0).Add(31 * time.Second)) // 07:00 the next day
		if got := h.n.matching("Thank-you note"); len(got) != 2 {
			t.Errorf("%d thank-you reminders by the next morning, want 2", len(got))
		}
		h.clock.sleepUntil(at(33, 0).Add(31 * time.Second)) // 09:00 the next day
		onceAt(t, h.n, "Follow up with Acme", at(33, 0))
		h.stop()

		before := len(h.n.Sent())
		h.run()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		h.stop()
		if got := h.n.Sent()[before:]; len(got) != 0 {
			t.Errorf("after a restart %d alerts fired again: %v", len(got), got)
		}
		if got := len(h.n.Sent()); got != 6 {
			t.Errorf("%d notifications in all, want 6: %v", got, h.n.Sent())
		}
	})
}

func TestRunWakeAfterSuspend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		iv := interviewAt("a", at(9, 30), at(10, 30))
		h := newHarness(t, at(8, 0), iv)
		mustCreate(t, h.nb, &notebook.Record{ID: notebook.NewID(), Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 2}},
			FollowUp: notebook.FollowUp{Outcome: notebook.OutcomeRejected}})
		h.run()
		time.Sleep(20 * time.Minute) // 08:20
		synctest.Wait()
		h.clock.suspend(2*time.Hour + 15*time.Minute) // wakes at 10:35
		time.Sleep(30 * time.Second)
		synctest.Wait()
		// Timers were frozen for the 2 h 15 min: the nudge comes at the
		// first pass after waking, within one tick of 10:35.
		got := onceAt(t, h.n, "Interview with Acme over", at(10, 35))
		t.Logf("nudge %v after waking from a 2 h 15 min suspend, %v after the interview's end", got.At.Sub(at(10, 35)), got.At.Sub(iv.End))
		if got := h.n.matching("Coming up"); len(got) != 0 {
			t.Errorf("briefing fired after the interview began: %v", got)
		}
		h.stop()
		l, err := LoadLedger(h.cfg.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		k := key(Interview{Event: iv}, KindBriefing, "")
		if got := l.Alerts[k].State; got != StateDropped {
			t.Errorf("ledger[briefing] = %q, want %q", got, StateDropped)
		}
	})
}

// TestRunNudgeOnTime: with the default 30 s tick, the loop wakes at the
// deadline itself, so the nudge comes at the interview's end exactly (in
// the bubble, where a pass takes no time); interviews ending off the tick's
// phase included.
func TestRunNudgeOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ends := []time.Time{at(10, 0).Add(17*time.Second + 300*time.Millisecond), at(12, 42).Add(11*time.Second + 7*time.Millisecond)}
		h := newHarness(t, at(8, 0).Add(4*time.Second),
			interviewAt("a", ends[0].Add(-time.Hour), ends[0]), interviewAt("b", ends[1].Add(-time.Hour), ends[1]))
		if h.cfg.Tick != 30*time.Second {
			t.Fatalf("tick %v, want the default 30s", h.cfg.Tick)
		}
		h.run()
		h.clock.sleepUntil(ends[1].Add(time.Minute))
		h.stop()
		got := h.n.matching("over")
		if len(got) != len(ends) {
			t.Fatalf("%d ended nudges, want %d: %v", len(got), len(ends), h.n.Sent())
		}
		for i, n := range got {
			if !n.At.Equal(ends[i]) {
				t.Errorf("ended nudge %d at %v, want %v exactly (%v late)", i, n.At, ends[i], n.At.Sub(ends[i]))
			}
		}
	})
}

// TestRunPollsOnTime: polls run PollInterval (with its jitter) apart, not
// rounded up to the next tick.
func TestRunPollsOnTime(t *testing.T) {
	tests := []struct {
		name   string
		poll   time.Duration
		jitter float64
		want   time.Duration // between polls: poll × (0.9 + 0.2 × jitter)
	}{
		{"45s-mid", 45 * time.Second, 0.5, 45 * time.Second},
		{"1m-low", time.Minute, 0, 54 * time.Second},
		{"1m-high", time.Minute, 0.75, 63 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := at(8, 0)
				h := newHarness(t, start)
				h.cfg.PollInterval = tt.poll
				h.cfg.Jitter = func() float64 { return tt.jitter }
				h.run()
				time.Sleep(10 * tt.want)
				synctest.Wait()
				h.stop()
				got := h.cal.Syncs()
				if len(got) != 11 {
					t.Fatalf("%d polls in 10 intervals of %v, want 11: %v", len(got), tt.want, got)
				}
				for i, s := range got {
					if want := start.Add(time.Duration(i) * tt.want); !s.Equal(want) {
						t.Errorf("poll %d at %v, want %v", i, s.Format("15:04:05.000"), want.Format("15:04:05.000"))
					}
				}
			})
		})
	}
}

// TestRunWakeSignalAfterSuspend: with logind's wake signal the nudge that
// fell due during a suspend comes at once on waking, not a tick later.
func TestRunWakeSignalAfterSuspend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		iv := interviewAt("a", at(9, 30), at(10, 30))
		h := newHarness(t, at(8, 0), iv)
		wake := make(chan struct{})
		h.cfg.Wake = wake
		h.run()
		time.Sleep(20 * time.Minute) // 08:20
		synctest.Wait()
		h.clock.suspend(2*time.Hour + 15*time.Minute) // wakes at 10:35
		wake <- struct{}{}
		synctest.Wait()
		h.stop()
		if got := onceAt(t, h.n, "over", at(10, 35)); !got.At.Equal(at(10, 35)) {
			t.Errorf("ended nudge %v after the wake signal, want at once", got.At.Sub(at(10, 35)))
		}
	})
}

func TestRunWakeSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(8, 0))
		wake := make(chan struct{})
		h.cfg.Wake = wake
		h.cfg.PollInterval = time.Hour
		h.run()
		h.cal.set(interviewAt("a", at(9, 0), at(10, 0)))
		wake <- struct{}{}
		synctest.Wait()
		h.stop()
		if got, want := h.cal.Writes(), []string{"insert a 10:00-10:30"}; !cmp.Equal(got, want) {
			t.Errorf("writes after a wake = %v, want %v (an immediate sync)", got, want)
		}
	})
}

func TestRunResendsAfterCrash(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		iv := interviewAt("a", at(9, 0), at(10, 0))
		h := newHarness(t, at(10, 5), iv)
		l := newLedger()
		k := key(Interview{Event: iv}, KindEnded, "")
		l.Alerts[k] = AlertEntry{State: StateSending, At: at(10, 0), Due: at(10, 0)}
		if err := l.save(h.cfg.StateDir, at(10, 0)); err != nil {
			t.Fatal(err)
		}
		h.run()
		h.stop()
		onceAt(t, h.n, "over", at(10, 5))
	})
}

func TestRunNotifyFailureRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(10, 5), interviewAt("a", at(9, 0), at(10, 0)))
		h.n.err = errors.New("dbus: no reply")
		h.run()
		time.Sleep(time.Minute)
		synctest.Wait()
		h.n.mu.Lock()
		h.n.err = nil
		h.n.mu.Unlock()
		time.Sleep(time.Minute)
		synctest.Wait()
		h.stop()
		if got := len(h.n.matching("over")); got != 1 {
			t.Errorf("ended sent %d times after a failed delivery, want 1", got)
		}
	})
}

func TestRunDST(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		start    time.Time // the interview's start, in zone
		dur      time.Duration
		followUp notebook.Date
		wantFU   time.Time // 09:00 local on followUp, in UTC
	}{
		{"new-york-fall-back", "America/New_York", time.Date(2026, 11, 1, 0, 45, 0, 0, mustZone("America/New_York")), time.Hour,
			notebook.Date{Year: 2026, Month: 11, Day: 1}, time.Date(2026, 11, 1, 14, 0, 0, 0, time.UTC)},
		{"berlin-spring-forward", "Europe/Berlin", time.Date(2026, 3, 29, 1, 15, 0, 0, mustZone("Europe/Berlin")), 35 * time.Minute,
			notebook.Date{Year: 2026, Month: 3, Day: 29}, time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				iv := interviewAt("a", tt.start, tt.start.Add(tt.dur))
				iv.TimeZone = tt.zone
				h := newHarness(t, tt.start.Add(-time.Hour), iv)
				h.run()
				b, ok := h.cal.block(calendar.BlockID("primary", "a"))
				if !ok {
					t.Fatalf("no block written; writes %v", h.cal.Writes())
				}
				if !b.Start.Equal(iv.End) || b.End.Sub(b.Start) != 30*time.Minute || b.TimeZone != tt.zone {
					t.Errorf("block %v–%v in %q, want 30 min of absolute time from %v in %q", b.Start, b.End, b.TimeZone, iv.End, tt.zone)
				}
				if _, err := h.nb.Update(notebook.RecordID("primary", "a"), func(r *notebook.Record) error {
					r.FollowUp.FollowUpOn = &tt.followUp
					r.FollowUp.ThankYouSent = &tt.followUp
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				h.clock.sleepUntil(tt.wantFU.Add(31 * time.Second))
				h.stop()
				onceAt(t, h.n, "Follow up", tt.wantFU)
			})
		})
	}
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestRunOtherZone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tokyo := mustZone("Asia/Tokyo")
		// 23:30–00:30 in Tokyo: the record's date is Tokyo's, not UTC's.
		iv := interviewAt("a", time.Date(2026, 11, 20, 23, 30, 0, 0, tokyo), time.Date(2026, 11, 21, 0, 30, 0, 0, tokyo))
		iv.TimeZone = "Asia/Tokyo"
		h := newHarness(t, iv.Start.Add(-time.Hour), iv)
		h.run()
		h.clock.sleepUntil(iv.End.Add(31 * time.Second))
		h.stop()
		r, err := h.nb.Get(notebook.RecordID("primary", "a"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.Interview.Date, (notebook.Date{Year: 2026, Month: 11, Day: 20}); got != want {
			t.Errorf("record date = %v, want %v (Tokyo's)", got, want)
		}
		e := onceAt(t, h.n, "over", iv.End)
		if !strings.Contains(e.Body, "00:30–01:00 JST") {
			t.Errorf("ended body %q does not show the block in Tokyo time", e.Body)
		}
	})
}

func TestRunOfflineToldOnce(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unavailable", fmt.Errorf("sync events of %q: %w", "primary", calendar.ErrUnavailable), "offline, retrying"},
		{"unauthorized", fmt.Errorf("sync events of %q: %w", "primary", calendar.ErrUnauthorized), "expired or was revoked: run `debrief auth`"},
		{"not-signed-in", fmt.Errorf("sync events of %q: %w", "primary", calendar.ErrNotSignedIn), "not signed in yet: run `debrief auth`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t, at(9, 0), interviewAt("a", at(9, 30), at(10, 0)))
				h.run() // one good sync: the interview is known
				h.cal.setErr(tt.err, tt.err)
				told := func() int {
					n := 0
					for _, s := range h.n.Sent() {
						if strings.Contains(s.Body, tt.want) {
							n++
						}
					}
					return n
				}
				h.clock.sleepUntil(at(10, 1))
				if got := told(); got != 1 {
					t.Errorf("told %d times in an hour offline, want once", got)
				}
				onceAt(t, h.n, "over", at(10, 0)) // alerts go on offline
				h.cal.setErr(nil, nil)
				time.Sleep(5 * time.Minute)
				h.cal.setErr(tt.err, nil)
				time.Sleep(5 * time.Minute)
				synctest.Wait()
				h.stop()
				if got := told(); got != 2 {
					t.Errorf("told %d times after the problem came back, want 2", got)
				}
			})
		})
	}
}

func TestRunWriteRetriedWhenBackOnline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(9, 0), interviewAt("a", at(9, 30), at(10, 0)))
		h.cal.setErr(nil, fmt.Errorf("insert: %w", calendar.ErrUnavailable))
		h.run()
		time.Sleep(2 * time.Minute)
		h.cal.setErr(nil, nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		h.stop()
		if _, ok := h.cal.block(calendar.BlockID("primary", "a")); !ok {
			t.Errorf("block not written once back online; writes %v", h.cal.Writes())
		}
	})
}

func TestRunBlocks(t *testing.T) {
	a := interviewAt("a", at(14, 0), at(15, 0))
	idA := calendar.BlockID("primary", "a")
	tests := []struct {
		name string
		evs  []calendar.Event
		cfg  func(*Config)
		// then runs after the first tick, with time to poll after it.
		then       func(h *harness)
		wantWrites []string
		wantNotes  int
	}{
		{name: "back-to-back-one-block", evs: []calendar.Event{a, interviewAt("b", at(15, 5), at(16, 0))},
			wantWrites: []string{"insert b 16:00-16:30"}},
		{name: "shift", evs: []calendar.Event{a, meeting("m", at(15, 0), at(15, 30))},
			wantWrites: []string{"insert a 15:30-16:00"}, wantNotes: 1},
		{name: "shift-free-busy", evs: []calendar.Event{a},
			then:       nil,
			cfg:        func(c *Config) {},
			wantWrites: []string{"insert a 15:00-15:30"}},
		{name: "shorten", evs: []calendar.Event{a, meeting("m", at(15, 20), at(16, 0))}, cfg: func(c *Config) { c.Conflict = ConflictShorten },
			wantWrites: []string{"insert a 15:00-15:20"}, wantNotes: 1},
		{name: "overlap", evs: []calendar.Event{a, meeting("m", at(15, 0), at(16, 0))}, cfg: func(c *Config) { c.Conflict = ConflictOverlap },
			wantWrites: []string{"insert a 15:00-15:30"}, wantNotes: 1},
		{name: "skip", evs: []calendar.Event{a, meeting("m", at(15, 0), at(16, 0))}, cfg: func(c *Config) { c.Conflict = ConflictSkip },
			wantNotes: 1},
		{name: "shift-within-zero-like-skip", evs: []calendar.Event{a, meeting("m", at(15, 0), at(15, 30))}, cfg: func(c *Config) { c.ShiftWithin = 0 },
			wantNotes: 1},
		{name: "shift-within-zero-free-slot-kept", evs: []calendar.Event{a}, cfg: func(c *Config) { c.ShiftWithin = 0 },
			wantWrites: []string{"insert a 15:00-15:30"}},
		{name: "merge-gap-zero-back-to-back-two-blocks", evs: []calendar.Event{a, interviewAt("b", at(15, 0), at(16, 0))},
			cfg:        func(c *Config) { c.MergeGap, c.Conflict = 0, ConflictOverlap },
			wantWrites: []string{"insert a 15:00-15:30", "insert b 16:00-16:30"}, wantNotes: 1},
		{name: "interview-moves-block-follows", evs: []calendar.Event{a},
			then:       func(h *harness) { h.cal.set(interviewAt("a", at(16, 0), at(17, 0))) },
			wantWrites: []string{"insert a 15:00-15:30", "move a 17:00-17:30"}},
		{name: "cancelled-block-deleted", evs: []calendar.Event{a},
			then: func(h *harness) {
				c := a
				c.Status = "cancelled"
				h.cal.set(c)
			},
			wantWrites: []string{"insert a 15:00-15:30", "delete a"}},
		{name: "marked-not-interview-block-deleted", evs: []calendar.Event{a},
			then: func(h *harness) {
				if err := SetOverride(h.cfg.StateDir, "a", OverrideNotInterview, at(13, 0)); err != nil {
					h.t.Fatal(err)
				}
			},
			wantWrites: []string{"insert a 15:00-15:30", "delete a"}},
		{name: "deleted-by-person-not-recreated", evs: []calendar.Event{a},
			then:       func(h *harness) { h.cal.personDeletes(idA) },
			wantWrites: []string{"insert a 15:00-15:30"}},
		{name: "moved-by-person-left", evs: []calendar.Event{a},
			then: func(h *harness) {
				h.cal.personMoves(idA, at(18, 0), at(18, 30))
				h.cal.set(interviewAt("a", at(14, 0), at(15, 10)))
			},
			wantWrites: []string{"insert a 15:00-15:30"}},
		{name: "disabled-zero-writes", evs: []calendar.Event{a, interviewAt("b", at(15, 5), at(16, 0))},
			cfg:  func(c *Config) { c.BlockEnabled = false },
			then: func(h *harness) { h.cal.set(interviewAt("b", at(15, 5), at(16, 30))) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t, at(13, 0), tt.evs...)
				if tt.cfg != nil {
					tt.cfg(&h.cfg)
				}
				h.run()
				if tt.then != nil {
					tt.then(h)
				}
				time.Sleep(3 * time.Minute)
				synctest.Wait()
				h.stop()
				if diff := cmp.Diff(h.cal.Writes(), tt.wantWrites); diff != "" {
					t.Errorf("writes (-got +want):\n%s", diff)
				}
				if got := len(h.n.matching("reflection block")); got != tt.wantNotes {
					t.Errorf("%d notes about the block, want %d: %v", got, tt.wantNotes, h.n.Sent())
				}
			})
		})
	}
}

func TestRunDisabledStillAlerts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(13, 0), interviewAt("a", at(14, 0), at(15, 0)))
		h.cfg.BlockEnabled = false
		h.run()
		h.clock.sleepUntil(at(15, 31))
		h.stop()
		if got := h.cal.Writes(); len(got) != 0 {
			t.Errorf("writes with blocks disabled: %v", got)
		}
		onceAt(t, h.n, "over", at(15, 0))
		onceAt(t, h.n, "Reflect", at(15, 30))
	})
}

func TestRunStopsPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(13, 0), interviewAt("a", at(14, 0), at(15, 0)))
		h.run()
		start := time.Now()
		h.stop()
		if d := time.Since(start); d > 0 {
			t.Errorf("Run took %v of (bubble) time to return after cancel, want none", d)
		}
	})
}

func TestRunInterviewMovesRecordFollows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(13, 0), interviewAt("a", at(14, 0), at(15, 0)))
		h.run()
		moved := interviewAt("a", at(14, 0).Add(48*time.Hour), at(15, 0).Add(48*time.Hour))
		h.cal.set(moved)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		h.stop()
		r, err := h.nb.Get(notebook.RecordID("primary", "a"))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Source.Start.Equal(moved.Start) || r.Interview.Date != notebook.DateOf(moved.Start) {
			t.Errorf("record source start %v, date %v; want %v", r.Source.Start, r.Interview.Date, moved.Start)
		}
	})
}

func TestPlanWritesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(13, 0), interviewAt("a", at(14, 0), at(15, 0)), interviewAt("old", at(9, 0), at(10, 0)), meeting("m", at(15, 0), at(15, 20)))
		d, err := New(quietLogger(), h.cfg, h.cal, h.n, h.nb)
		if err != nil {
			t.Fatal(err)
		}
		r, err := d.Plan(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Interviews) != 2 || len(r.Decisions) != 3 {
			t.Errorf("Plan found %d interviews in %d decisions, want 2 in 3", len(r.Interviews), len(r.Decisions))
		}
		if len(r.Blocks.Inserts) != 1 || !r.Blocks.Inserts[0].Start.Equal(at(15, 20)) || len(r.Blocks.Notes) != 1 {
			t.Errorf("Plan blocks = %+v, want one insert shifted to 15:20 with a note", r.Blocks.Inserts)
		}
		var kinds []string
		for _, a := range r.Alerts {
			kinds = append(kinds, a.Kind)
		}
		if want := []string{KindEnded, KindReflectReminder, KindThankYou}; !cmp.Equal(kinds, want) {
			t.Errorf("Plan alerts = %v, want %v (of the 09:00 interview)", kinds, want)
		}
		recs, err := h.nb.List()
		if err != nil {
			t.Fatal(err)
		}
		if w := h.cal.Writes(); len(w) != 0 || len(recs) != 0 || len(h.n.Sent()) != 0 {
			t.Errorf("Plan wrote: calendar %v, %d records, %d notifications", w, len(recs), len(h.n.Sent()))
		}
		if _, err := os.Stat(filepath.Join(h.cfg.StateDir, LedgerFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Plan wrote the ledger (stat: %v)", err)
		}
	})
}

// TestBriefingUsesQuestionMerges: the briefing notification groups the
// questions with the person's merges (kept in the notebook folder), as
// `debrief questions` does: two wordings merged there are one question.
func TestBriefingUsesQuestionMerges(t *testing.T) {
	for _, tc := range []struct {
		name  string
		merge bool
		want  int // questions under "They asked:"
	}{
		{name: "no-corrections", want: 2},
		{name: "merged", merge: true, want: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				iv := interviewAt("a", at(10, 0), at(11, 0))
				h := newHarness(t, at(8, 0), iv)
				mustCreate(t, h.nb, &notebook.Record{
					ID:        notebook.NewID(),
					Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 10}, Round: "phone screen"},
					Takeaways: notebook.Takeaways{Questions: []notebook.Question{{Question: "Tell me about a time you failed"}, {Question: "Why Acme?"}}},
				})
				if tc.merge {
					c := questions.Corrections{Together: [][2]string{{"Tell me about a time you failed", "Why Acme?"}}}
					if err := questions.Save(h.nb.Dir(), c); err != nil {
						t.Fatal(err)
					}
				}
				h.run()
				h.clock.sleepUntil(at(9, 0).Add(31 * time.Second))
				b := onceAt(t, h.n, "Coming up: Acme", at(9, 0))
				h.stop()
				_, rest, ok := strings.Cut(b.Body, "They asked:\n")
				if !ok {
					t.Fatalf("briefing %q has no questions", b.Body)
				}
				n := 0
				for _, line := range strings.Split(rest, "\n") {
					if !strings.HasPrefix(line, "- ") {
						break
					}
					n++
				}
				if n != tc.want {
					t.Errorf("briefing lists %d questions, want %d:\n%s", n, tc.want, b.Body)
				}
			})
		})
	}
}

// TestPlanReadOnlyCreatesNothing: with Config.ReadOnly and a notebook
// opened read-only, Plan on a first run (no state directory, no notebook)
// plans as usual and creates neither directory; Run and Once refuse.
func TestPlanReadOnlyCreatesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(13, 0), interviewAt("a", at(14, 0), at(15, 0)), interviewAt("old", at(9, 0), at(10, 0)))
		base := t.TempDir()
		cfg := h.cfg
		cfg.StateDir, cfg.ReadOnly = filepath.Join(base, "state"), true
		nb, err := notebook.OpenReadOnly(quietLogger(), filepath.Join(base, "notebook"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := New(quietLogger(), cfg, h.cal, h.n, nb)
		if err != nil {
			t.Fatal(err)
		}
		r, err := d.Plan(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Interviews) != 2 || len(r.Blocks.Inserts) != 1 || len(r.Alerts) == 0 {
			t.Errorf("Plan = %d interviews, %d inserts, %d alerts; want 2, 1 and the alerts of the 09:00 interview", len(r.Interviews), len(r.Blocks.Inserts), len(r.Alerts))
		}
		for _, f := range []func(context.Context) error{d.Once, d.Run} {
			if err := f(t.Context()); !errors.Is(err, errReadOnly) {
				t.Errorf("Once or Run of a read-only daemon = %v, want errReadOnly", err)
			}
		}
		ents, err := os.ReadDir(base)
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != 0 || len(h.cal.Writes()) != 0 || len(h.n.Sent()) != 0 {
			t.Errorf("a read-only Plan wrote: files %v, calendar %v, %d notifications", ents, h.cal.Writes(), len(h.n.Sent()))
		}
	})
}

// TestRunNotebookProblemToldOnce breaks the notebook (its lock file replaced
// by a directory, so no record can be saved): the person is told once, not
// at every tick, and the record is saved as soon as the notebook works again.
func TestRunNotebookProblemToldOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, at(9, 0), interviewAt("a", at(9, 30), at(10, 0)))
		lock := filepath.Join(h.nb.Dir(), ".lock")
		if err := os.Remove(lock); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(lock, 0o700); err != nil {
			t.Fatal(err)
		}
		h.run()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if got := len(h.n.matching("cannot save to the notebook")); got != 1 {
			t.Errorf("told %d times in 10 minutes that the notebook cannot be saved, want once", got)
		}
		if err := os.Remove(lock); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		h.stop()
		if _, err := h.nb.ForEvent("primary", "a"); err != nil {
			t.Errorf("record of the interview once the notebook works again: %v", err)
		}
	})
}
