package daemon

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Run works once at once, then again at the earliest of: the next alert
// deadline, the next poll (every PollInterval, ±10 % jitter), Tick (30 s
// at most) after the last pass, and Config.Wake (a closed Wake is ignored
// from then on); a poll runs at its time or at once on Wake. Timers stop
// while the machine is suspended, so the Tick cap is what re-reads the
// wall clock after a sleep. A failed pass is logged and the loop goes on.
// Run returns nil when ctx is cancelled, after the calendar writes in
// flight finished (they get Config.Grace, 5 s).
//
// When the Notifier shows buttons (Buttons), Run also acts on the person's
// choices, one at a time between passes: the notifier's goroutine hands
// them over through a channel and Run does the rest. After the first pass
// it takes over the notifications with buttons an earlier run left on
// display (see reattach). Run starts no goroutine of its own.
func (d *Daemon) Run(ctx context.Context) error {
	if d.cfg.ReadOnly {
		return errReadOnly
	}
	d.tick(ctx, true)
	d.reattach(ctx, d.cfg.Now().Round(0))
	t := time.NewTimer(d.wait())
	defer t.Stop()
	wake := d.cfg.Wake
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			d.tick(ctx, false)
		case c := <-d.choices:
			d.choose(ctx, c)
		case _, ok := <-wake:
			if !ok {
				wake = nil // the watcher ended; the timer goes on
				continue
			}
			d.lg.Info("woke up: checking at once")
			d.tick(ctx, true)
		}
		t.Reset(d.wait())
	}
}

// wait is how long Run sleeps after a pass: until the next deadline or
// poll, Tick at most, none if one is already past.
func (d *Daemon) wait() time.Duration {
	return waitFor(d.cfg.Now().Round(0), d.cfg.Tick, d.nextPoll, d.nextAlert)
}

// waitFor is the time from now to the earliest of the instants (zero ones
// ignored), capped at tick and not negative.
func waitFor(now time.Time, tick time.Duration, at ...time.Time) time.Duration {
	w := tick
	for _, t := range at {
		if !t.IsZero() {
			w = min(w, t.Sub(now))
		}
	}
	return max(w, 0)
}

// Once syncs every calendar, reconciles blocks and records, and fires the
// alerts due now: `debrief daemon --once`. Its error joins what went wrong;
// the ledger is saved either way.
func (d *Daemon) Once(ctx context.Context) error {
	if d.cfg.ReadOnly {
		return errReadOnly
	}
	return d.tick(ctx, true)
}

// errReadOnly is what Run and Once answer with Config.ReadOnly.
var errReadOnly = errors.New("daemon made read-only (Config.ReadOnly): only Plan may run")

func (d *Daemon) tick(ctx context.Context, poll bool) error {
	if ctx.Err() != nil {
		return nil
	}
	tctx, cancel := context.WithTimeout(ctx, d.cfg.TickTimeout)
	defer cancel()
	// Writes started before ctx ended may finish within the grace.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(tctx), d.cfg.TickTimeout)
	defer wcancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(d.cfg.Grace, wcancel) })
	defer stop()

	now := d.cfg.Now().Round(0)
	var errs []error
	clear(d.fresh)
	poll = poll || !now.Before(d.nextPoll)
	if poll && len(d.events) > 0 {
		// A sync can take long offline (the adapter retries): fire what
		// is due from the last known events first.
		s := d.compute(now)
		errs = append(errs, d.alert(wctx, now, s.alerts, nil))
	}
	if poll {
		errs = append(errs, d.sync(tctx, now, true)...)
		j := 0.5
		if d.cfg.Jitter != nil {
			j = d.cfg.Jitter()
		} else {
			j = rand.Float64()
		}
		d.nextPoll = now.Add(time.Duration(float64(d.cfg.PollInterval) * (0.9 + 0.2*j)))
	}
	s := d.compute(now)
	err := d.saveRecords(s)
	d.notebookProblem(wctx, err)
	errs = append(errs, err, d.alert(wctx, now, s.alerts, nil))
	// Writes that failed wait for the next poll rather than every tick.
	if ctx.Err() == nil && (poll || !d.writesFailed) {
		d.place(tctx, s)
		werrs := d.apply(ctx, wctx, s)
		d.writesFailed = len(werrs) > 0
		errs = append(errs, werrs...)
		errs = append(errs, d.alert(wctx, now, nil, s.blocks.Notes))
	}
	d.nextAlert = nextDeadline(d.dueInput(s), d.cfg)
	d.last.Store(&Snapshot{At: now, Decisions: s.decisions, Interviews: s.interviews, Slots: s.blocks.Slots, Overrides: d.overrides})
	if d.dirty {
		if err := d.ledger.save(d.cfg.StateDir, now); err != nil {
			d.lg.Error("cannot save the alert ledger", "err", err)
			errs = append(errs, err)
		} else {
			d.dirty = false
		}
	}
	err = errors.Join(errs...)
	if err != nil {
		d.lg.Debug("tick finished with errors", "err", err)
	}
	return err
}
