package reliability

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/internal/e2e"
	"github.com/debrief-dev/debrief/notebook"
)

// TestConcurrentWriters runs the daemon, made to write records over and
// over (its interviews move, and SIGHUP makes it pass again at once),
// while 8 `debrief` processes mark thank-you notes and follow-ups done and
// set outcomes on the same records. Each (record, field) has one owning
// process that writes it several times; at the end every field must hold
// its owner's last value and every record its interview's last time: no
// update lost to another writer.
func TestConcurrentWriters(t *testing.T) {
	r := newRig(t)
	t0 := time.Now().Truncate(time.Hour).Add(3 * time.Hour)
	const nRec, nProc, rounds = 12, 8, 8
	var ivs []*interview
	for i := range nRec {
		end := t0.Add(time.Duration(i) * 2 * time.Hour)
		iv := &interview{id: fmt.Sprintf("conc%03d", i), company: companyName(i), start: end.Add(-45 * time.Minute), end: end, tz: zones[i%len(zones)], state: "live"}
		ivs = append(ivs, iv)
		r.fake.Put("primary", iv.event())
	}
	if out, code := r.run(nil, "daemon", "--once"); code != 0 {
		t.Fatalf("daemon --once = exit %d\n%s", code, out)
	}
	p := r.startReady()

	// The daemon's side: move interviews and make it pass at once.
	stop := make(chan struct{})
	moverDone := make(chan int)
	go func() {
		moves, k := 0, 0
		for {
			select {
			case <-stop:
				moverDone <- moves
				return
			case <-time.After(150 * time.Millisecond):
			}
			iv := ivs[k%nRec]
			k++
			shift := time.Duration(k%7+1) * time.Minute
			iv.start, iv.end = iv.start.Add(shift), iv.end.Add(shift)
			r.fake.Put("primary", iv.event())
			moves++
			p.Cmd.Process.Signal(syscall.SIGHUP)
		}
	}()

	fields := []string{"thank-you", "follow-up", "outcome"}
	day := func(round int) string { return time.Date(2027, 1, 1+round, 0, 0, 0, 0, time.UTC).Format("2006-01-02") }
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	updates := 0
	for proc := range nProc {
		wg.Go(func() {
			for round := range rounds {
				for rec := range nRec {
					for f, field := range fields {
						if (rec*len(fields)+f)%nProc != proc {
							continue
						}
						args := []string{"done", ivs[rec].recordID(), field, "--on", day(round)}
						if field == "outcome" {
							args = []string{"outcome", ivs[rec].recordID(), notebook.Outcomes[round%len(notebook.Outcomes)], "--on", day(round)}
						}
						out, code := r.run(nil, args...)
						mu.Lock()
						updates++
						if code != 0 {
							failures = append(failures, fmt.Sprintf("debrief %v = exit %d: %s", args, code, out))
						}
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	moves := <-moverDone
	// One more pass after the last move, then stop.
	p.Cmd.Process.Signal(syscall.SIGHUP)
	ok := e2e.WaitFor(20*time.Second, func() bool {
		probs, _ := notebookCheck(r.notebook, ivs)
		return len(probs) == 0
	})
	r.stop(p)
	for _, f := range failures {
		t.Error(f)
	}
	if !ok {
		t.Error("the records did not follow their interviews' last moves within 20 s")
	}

	book, err := notebook.Open(slog.New(slog.NewTextHandler(io.Discard, nil)), r.notebook)
	if err != nil {
		t.Fatal(err)
	}
	lost := 0
	last := day(rounds - 1)
	wantOutcome := notebook.Outcomes[(rounds-1)%len(notebook.Outcomes)]
	for _, iv := range ivs {
		rec, err := book.Get(iv.recordID())
		if err != nil {
			t.Errorf("record of %s: %v", iv.id, err)
			lost += 3
			continue
		}
		fu := rec.FollowUp
		if fu.ThankYouSent == nil || fu.ThankYouSent.String() != last {
			t.Errorf("record %s: thank-you sent %v, want %s", rec.ID, fu.ThankYouSent, last)
			lost++
		}
		if fu.FollowUpDone == nil || fu.FollowUpDone.String() != last {
			t.Errorf("record %s: follow-up done %v, want %s", rec.ID, fu.FollowUpDone, last)
			lost++
		}
		if fu.Outcome != wantOutcome || fu.OutcomeOn == nil || fu.OutcomeOn.String() != last {
			t.Errorf("record %s: outcome %q on %v, want %q on %s", rec.ID, fu.Outcome, fu.OutcomeOn, wantOutcome, last)
			lost++
		}
	}
	probs, files := notebookCheck(r.notebook, ivs)
	for _, s := range probs {
		t.Error(s)
	}
	daemonWrites := strings.Count(r.logText(), "interview moved; record follows")
	t.Logf("writers: cli_processes=%d records=%d cli_updates=%d cli_failures=%d interview_moves=%d sighups=%d daemon_record_updates=%d lost_cli_updates=%d records_not_following_moves=%d record_files=%d",
		nProc, nRec, updates, len(failures), moves, moves+1, daemonWrites, lost, len(probs), files)
}
