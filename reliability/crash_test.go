package reliability

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/internal/e2e"
)

var (
	kills  = flag.Int("kills", 100, "number of kill -9 of TestCrashLoop")
	kills2 = flag.Int("kills2", 30, "number of kill -9 of TestCrashLoopTwoSources")
)

// TestCrashLoop kills the daemon with SIGKILL 20–300 ms after each start,
// restarting it at once, while interviews that ended a while ago wait for
// their blocks and nudges, others end during the loop, and interviews in
// the future move or are cancelled between restarts. Then one daemon runs
// to the end, and the calendar, the notebook, the ledger and the nudges
// are checked.
func TestCrashLoop(t *testing.T) {
	t.Parallel()
	crashLoop(t, *kills, false)
}

// TestCrashLoopTwoSources is the crash loop with two calendar sources,
// the second failing 20 % of its requests while the daemon is killed and
// restarted; its interviews' blocks go to the first.
func TestCrashLoopTwoSources(t *testing.T) {
	t.Parallel()
	crashLoop(t, *kills2, true)
}

func crashLoop(t *testing.T, nKills int, twoSources bool) {
	rng := rand.New(rand.NewPCG(seed(t), 11))
	r := newRig(t)
	if twoSources {
		r.addSource()
		for _, f := range soakFaults() {
			r.other.Inject(f)
		}
	}
	t0 := time.Now().Truncate(time.Second)
	var ivs []*interview
	add := func(start, end time.Time) *interview {
		i := len(ivs)
		iv := &interview{id: fmt.Sprintf("crash%03d", i), company: companyName(i), start: start, end: end, tz: zones[i%len(zones)], state: "live", other: twoSources && i%2 == 1}
		ivs = append(ivs, iv)
		r.put(iv)
		return iv
	}
	// Ended in the last 25 minutes: their blocks still matter, their
	// nudges are due at the first pass.
	for k := range 15 {
		end := t0.Add(-time.Minute - time.Duration(k)*90*time.Second)
		add(end.Add(-time.Minute), end)
	}
	// Ending during the loop.
	for k := range 15 {
		end := t0.Add(5*time.Second + time.Duration(k)*3*time.Second)
		add(end.Add(-time.Second), end)
	}
	// In the future, moved and cancelled between restarts.
	var future []*interview
	free := map[int]bool{}
	for k := range 40 {
		free[k] = true
	}
	laneEnd := func(k int) time.Time { return t0.Add(3*time.Hour + time.Duration(k)*time.Hour) }
	slot := map[*interview]int{}
	for k := range 20 {
		iv := add(laneEnd(k).Add(-45*time.Minute), laneEnd(k))
		future = append(future, iv)
		delete(free, k)
		slot[iv] = k
	}

	var moved, cancelled, selfExit int
	var killedAt []time.Duration
	start := time.Now()
	phases := map[string]int{}
	var tornAfterKill int
	for i := range nKills {
		off := fileSize(r.log)
		p := r.start("DEBRIEF_LOG=debug")
		d := time.Duration(20+rng.IntN(281)) * time.Millisecond
		select {
		case <-p.Done():
			selfExit++
			t.Errorf("restart %d: the daemon exited by itself before the kill: %v\nlog tail:\n%s", i, p.Err(), r.logTail(30))
		case <-time.After(d):
			p.Kill()
			killedAt = append(killedAt, d)
			phases[killPhase(r.logText()[max(off, 0):])]++
			tornAfterKill += len(tornFiles(t, r.notebook, r.state))
		}
		// The person, between two restarts.
		switch x := rng.Float64(); {
		case x < 0.3:
			iv := future[rng.IntN(len(future))]
			if iv.state != "live" {
				break
			}
			var lanes []int
			for k := range free {
				lanes = append(lanes, k)
			}
			k := lanes[rng.IntN(len(lanes))]
			free[slot[iv]] = true
			delete(free, k)
			slot[iv] = k
			iv.start, iv.end = laneEnd(k).Add(-45*time.Minute), laneEnd(k)
			r.put(iv)
			moved++
		case x < 0.33:
			iv := future[rng.IntN(len(future))]
			if iv.state != "live" {
				break
			}
			iv.state = "cancelled"
			r.remove(iv)
			cancelled++
		}
	}
	loop := time.Since(start).Round(100 * time.Millisecond)
	sweptRecords := strings.Count(r.logText(), "removed a temp file left by an interrupted write")
	reqsDuringLoop := len(r.fake.Requests())
	if twoSources {
		reqsDuringLoop += len(r.other.Requests())
		r.other.ClearFaults() // the last daemon settles, as in the soak
	}
	nudgesDuringLoop := len(r.readNudges())

	// One daemon to the end.
	// Interviews go on ending every 3 s after the loop: the last check
	// that found the daemon caught up (checked) and the moment it is
	// stopped (now) bound the ones it may or may not have nudged.
	p := r.startReady()
	var checked time.Time
	settled := e2e.WaitFor(30*time.Second, func() bool {
		checked = time.Now()
		np, _, _ := nudgeCheck(r.readNudges(), ivs, checked, true)
		return blockCheck(r.fake, ivs).ok() && len(np) == 0
	})
	r.stop(p)
	now := time.Now()
	if tornAfterKill > 0 {
		t.Errorf("%d torn files seen right after kills", tornAfterKill)
	}
	bc := blockCheck(r.fake, ivs)
	if !settled && len(bc.problems) > 0 {
		t.Errorf("not settled 30 s after the last restart")
	}
	if !settled {
		t.Logf("log tail of the last daemon:\n%s", r.logTail(60))
	}
	ns := r.readNudges()
	np, ended, twice := nudgeCheckBetween(ns, ivs, checked, now, true)
	nbp, files := notebookCheck(r.notebook, ivs)
	mp, nfiles := modeCheck(r.notebook, r.state)
	for _, list := range [][]string{bc.problems, np, nbp, mp} {
		for _, s := range list {
			t.Error(s)
		}
	}
	// A kill between a block move and the ledger's save must not leave
	// the block behind: the block carries the times debrief wrote.
	for _, s := range bc.misplaced {
		t.Errorf("crash: block left behind: %s", s)
	}
	ledger, err := os.ReadFile(filepath.Join(r.state, "ledger.json"))
	if err != nil || !json.Valid(ledger) {
		t.Errorf("ledger.json: %v, valid JSON %v", err, json.Valid(ledger))
	}
	delivered, duplicates := 0, 0
	for _, n := range endedNudges(ns) {
		delivered += n
		duplicates += max(n-1, 0)
	}
	// Each alert is saved as sent right after its delivery, so a kill
	// repeats at most the one delivery in flight.
	if delivered > ended+len(killedAt) {
		t.Errorf("%d ended nudges for %d ended interviews and %d kills, want at most one repeat per kill", delivered, ended, len(killedAt))
	}
	var sum time.Duration
	for _, d := range killedAt {
		sum += d
	}
	t.Logf("crash: sources=%d", map[bool]int{false: 1, true: 2}[twoSources])
	t.Logf("crash: kills=%d self_exits=%d loop=%v mean_kill_after=%v moved=%d cancelled=%d requests=%d nudges_during_loop=%d",
		len(killedAt), selfExit, loop, (sum / time.Duration(max(len(killedAt), 1))).Round(time.Millisecond), moved, cancelled, reqsDuringLoop, nudgesDuringLoop)
	t.Logf("crash: killed after (last log line of the killed daemon) start/sync=%d records=%d blocks=%d alerts=%d; torn_files_after_kills=%d record_temp_files_swept=%d",
		phases["sync"], phases["records"], phases["blocks"], phases["alerts"], tornAfterKill, sweptRecords)
	t.Logf("crash: duplicate_blocks=%d blocks_missing_or_extra=%d blocks_left_behind=%d record_files=%d corrupt_or_lost=%d files_checked_modes=%d mode_problems=%d",
		bc.dups, len(bc.problems), len(bc.misplaced), files, len(nbp), nfiles, len(mp))
	t.Logf("crash: ended=%d nudges_delivered=%d duplicates=%d never_nudged=%d nudged_twice=%d", ended, delivered, duplicates, len(np), twice)
}

// killPhase names what a killed daemon was doing, by the last line it
// logged: "sync" (started, first sync), "records" (notebook writes),
// "blocks" (calendar writes) or "alerts" (notifications).
func killPhase(log string) string {
	lines := strings.Split(strings.TrimRight(log, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		switch {
		case strings.Contains(l, "alert sent"), strings.Contains(l, "alert dropped"):
			return "alerts"
		case strings.Contains(l, "reflection block"):
			return "blocks"
		case strings.Contains(l, "record"):
			return "records"
		case strings.Contains(l, "daemon started"):
			return "sync"
		}
	}
	return "sync"
}

// tornFiles returns the record files and the ledger that are not valid
// JSON right now.
func tornFiles(t *testing.T, dirs ...string) []string {
	t.Helper()
	var out []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(d, e.Name()))
			if err != nil || !json.Valid(b) {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
	}
	return out
}
