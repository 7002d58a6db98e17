package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

// Calendar is what the daemon needs of the calendar adapter
// (*calendar.Client implements it).
type Calendar interface {
	// Sync returns the live events of calendarID after an incremental
	// sync, each with CalendarID set; on failure, the last known events
	// and an error wrapping one of calendar's sentinels. The slice and
	// the events are shared with the adapter: the daemon never modifies
	// them.
	Sync(ctx context.Context, calendarID string, now time.Time) ([]*calendar.Event, error)
	// InsertBlock writes a block; an existing one is returned, one the
	// person deleted yields calendar.ErrBlockDeleted.
	InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error)
	// MoveBlock changes an existing block's times, title and description.
	MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error)
	// DeleteBlock deletes a block; one already gone is not an error.
	DeleteBlock(ctx context.Context, calendarID, id string) error
	// Busy returns the busy spans of the calendars in [from, to).
	Busy(ctx context.Context, calendarIDs []string, from, to time.Time) ([]calendar.Interval, error)
}

// Notifier delivers one notification (*notify.Notifier implements it).
type Notifier interface {
	Notify(ctx context.Context, title, body string) error
}

// Daemon watches the calendars, keeps the blocks and the notebook in step
// with the interviews, and fires the alerts. Its methods are not safe for
// concurrent use: Run, Once and Plan are meant to be called one at a time.
type Daemon struct {
	lg  *slog.Logger
	cfg Config
	cal Calendar
	n   Notifier
	nb  *notebook.Book

	ledger *Ledger
	dirty  bool // the ledger changed since it was saved

	events    map[string][]*calendar.Event // last known, by calendar; shared with the adapter, read-only
	known     map[string]bool              // calendars synced successfully since start
	fresh     map[string]bool              // calendars synced successfully in this tick
	overrides Overrides
	learned   []Learned // the person's corrections, read with the overrides
	// grouping is the person's merges and splits of the question bank,
	// read with the overrides, for the briefings.
	grouping  questions.Corrections
	nextPoll  time.Time
	nextAlert time.Time // the next alert deadline after the last pass; zero: none
	// writesFailed: the last calendar writes failed; retry at the next
	// poll, not at every tick.
	writesFailed bool
	told         map[string]bool // problems the person was told about and not yet resolved

	// buttons is n when it shows buttons; choices carries the person's
	// choices from the notifier's goroutine to Run (see listen).
	buttons Buttons
	choices chan choice
	// last is what the last pass saw, for other goroutines (Last).
	last atomic.Pointer[Snapshot]
}

// New returns a daemon. It creates the state directory (0700), removes temp
// files a crash left there (neither with Config.ReadOnly), and reads the
// ledger and the overrides; a corrupt ledger is an error naming the file,
// never silently replaced.
func New(lg *slog.Logger, cfg Config, cal Calendar, n Notifier, nb *notebook.Book) (*Daemon, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if lg == nil || cal == nil || n == nil || nb == nil {
		return nil, errors.New("daemon.New: logger, calendar, notifier and notebook are required")
	}
	if !cfg.ReadOnly {
		if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
			return nil, fmt.Errorf("create state directory: %w", err)
		}
		sweepTemp(cfg.StateDir)
	}
	l, err := LoadLedger(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	ov, err := LoadOverrides(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	learned, err := LoadLearned(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	d := &Daemon{
		lg: lg, cfg: cfg, cal: cal, n: n, nb: nb,
		ledger: l, overrides: ov, learned: learned,
		events: map[string][]*calendar.Event{},
		known:  map[string]bool{},
		fresh:  map[string]bool{},
		told:   map[string]bool{},
	}
	d.listen()
	return d, nil
}

// Report is what a tick would do now, for `debrief plan` and `debrief
// doctor`: nothing in it has been written.
type Report struct {
	Now time.Time
	// Decisions are Detect's verdicts on every event of the watched
	// calendars; Interviews the events taken, sorted by start.
	Decisions  []Decision
	Interviews []Interview
	// Blocks are the block writes that would be made, and every
	// interview's slot.
	Blocks BlockPlan
	// Alerts are the alerts due now (Drop: would be recorded as dropped).
	Alerts []Alert
	// SyncErrors are the calendars that could not be synced; the report
	// then uses their last known events.
	SyncErrors []error
}

// Plan syncs the calendars and reports what Once would do, writing
// nothing: no calendar writes, no notebook records, no ledger entries, no
// notifications. The calendar adapter updates its cache unless it was
// opened read-only; with Config.ReadOnly and a read-only calendar and
// notebook, Plan writes no file at all. Records that do not exist yet are
// missing from the alerts' view.
func (d *Daemon) Plan(ctx context.Context) (*Report, error) {
	now := d.cfg.Now().Round(0)
	errs := d.sync(ctx, now, false)
	s := d.compute(now)
	d.place(ctx, s)
	return &Report{Now: now, Decisions: s.decisions, Interviews: s.interviews, Blocks: s.blocks, Alerts: s.alerts, SyncErrors: errs}, nil
}

// calendars are the calendars synced: the watched ones and, when blocks
// are written, the block calendar (to see the blocks).
func (d *Daemon) calendars() []string {
	cs := slices.Clone(d.cfg.Calendars)
	if d.cfg.BlockEnabled && !slices.Contains(cs, d.cfg.BlockCalendar) {
		cs = append(cs, d.cfg.BlockCalendar)
	}
	return cs
}

// sync refreshes the events of every calendar, keeping the last known ones
// of a calendar that fails, and with tell, tells the person once per
// problem.
func (d *Daemon) sync(ctx context.Context, now time.Time, tell bool) []error {
	var errs []error
	for _, id := range d.calendars() {
		evs, err := d.cal.Sync(ctx, id, now)
		if evs != nil || err == nil {
			d.events[id] = evs
		}
		if err != nil {
			d.lg.Warn("calendar sync failed", "calendar", id, "err", err)
			if tell {
				d.problem(ctx, id, err)
			}
			errs = append(errs, err)
			continue
		}
		d.known[id], d.fresh[id] = true, true
		if tell {
			d.resolved(id)
		}
	}
	if ov, err := LoadOverrides(d.cfg.StateDir); err != nil {
		d.lg.Warn("cannot read the overrides; keeping the last ones", "err", err)
	} else {
		d.overrides = ov
	}
	if ls, err := LoadLearned(d.cfg.StateDir); err != nil {
		d.lg.Warn("cannot read the corrections; keeping the last ones", "err", err)
	} else {
		d.learned = ls
	}
	if g, err := questions.Load(d.nb.Dir()); err != nil {
		d.lg.Warn("cannot read the question bank's merges and splits; keeping the last ones", "err", err)
	} else {
		d.grouping = g
	}
	return errs
}

// rules are the configured rules with the person's corrections.
func (d *Daemon) rules() Rules {
	r := d.cfg.Rules
	r.Learned = d.learned
	return r
}

// snapshot is what one tick decided.
type snapshot struct {
	now        time.Time
	decisions  []Decision
	interviews []Interview
	records    []*notebook.Record
	save       recordPlan // the records to write, planned from records
	input      PlanInput
	blocks     BlockPlan
	alerts     []Alert
}

// place asks free/busy about the windows the plan's new and moved blocks
// may go in, and plans again with the answers. Where free/busy fails, the
// synced events alone say what is busy.
func (d *Daemon) place(ctx context.Context, s *snapshot) {
	if len(s.blocks.NeedBusy) == 0 {
		return
	}
	in := s.input
	in.Busy = map[string][]calendar.Interval{}
	for _, q := range s.blocks.NeedBusy {
		busy, err := d.cal.Busy(ctx, d.calendars(), q.From, q.To)
		if err != nil {
			d.lg.Debug("free/busy failed; placing by the synced events", "err", err)
		}
		in.Busy[q.BlockID] = busy
	}
	s.blocks = PlanBlocks(in, d.cfg)
}

// Decision is Detect's verdict on one event, for `debrief plan`.
type Decision struct {
	Event   calendar.Event
	Verdict Verdict
}

// watched returns the events of the watched calendars, in config order.
func (d *Daemon) watched() []calendar.Event {
	return values(d.events, d.cfg.Calendars)
}

func (d *Daemon) allEvents() []calendar.Event {
	return values(d.events, d.calendars())
}

// values copies the events of the calendars ids, in that order, for the
// decisions, which take events by value.
func values(events map[string][]*calendar.Event, ids []string) []calendar.Event {
	n := 0
	for _, id := range ids {
		n += len(events[id])
	}
	evs := make([]calendar.Event, 0, n)
	for _, id := range ids {
		for _, e := range events[id] {
			evs = append(evs, *e)
		}
	}
	return evs
}

// compute runs the pure decisions on the current data: it reads the
// notebook and writes nothing. The records of new and moved interviews
// are written afterwards, by saveRecords.
func (d *Daemon) compute(now time.Time) *snapshot {
	s := &snapshot{now: now}
	s.decisions = Decide(d.watched(), d.rules(), d.overrides)
	s.interviews = InterviewsOf(s.decisions)
	recs, err := d.nb.List()
	if err != nil {
		// Unreadable files are reported; the good records still count.
		d.lg.Warn("some notebook records cannot be read", "err", err)
	}
	s.records = recs
	s.save = planRecords(s.interviews, recs)

	in := PlanInput{
		Now: now, Interviews: s.interviews, Events: d.allEvents(), Known: d.known,
		BlocksFresh: d.fresh[d.cfg.BlockCalendar], Ledger: d.ledger,
		Busy: map[string][]calendar.Interval{},
	}
	s.input = in
	s.blocks = PlanBlocks(in, d.cfg)
	s.alerts = d.due(s)
	return s
}

// due are the alerts due at s.now, as the records of s stand.
func (d *Daemon) due(s *snapshot) []Alert {
	return Due(d.dueInput(s), d.cfg)
}

// dueInput is what the alerts are worked out from after the pass s.
func (d *Daemon) dueInput(s *snapshot) DueInput {
	return DueInput{Now: s.now, Interviews: s.interviews, Slots: s.blocks.Slots, Records: s.records, Corrections: d.grouping, Ledger: d.ledger}
}

// apply performs the block plan: ledger first for what needs no call, then
// the calendar writes, each recorded in the ledger when it succeeded. A
// failed write is simply planned again at the next tick. No new write
// starts after ctx ended; those in flight run on wctx.
func (d *Daemon) apply(ctx, wctx context.Context, s *snapshot) []error {
	p := s.blocks
	for _, a := range p.Adopt {
		d.ledger.Blocks[calendar.BlockID(a.InterviewCalendarID, a.InterviewEventID)] = a
		d.dirty = true
	}
	for _, id := range p.Gone {
		e := d.ledger.Blocks[id]
		e.Deleted = true
		d.ledger.Blocks[id] = e
		d.dirty = true
		d.lg.Info("reflection block deleted by the person; not recreating it", "block", id)
	}
	var errs []error
	write := func(b calendar.Block, move bool) {
		if ctx.Err() != nil {
			return
		}
		op, f := "insert", d.cal.InsertBlock
		if move {
			op, f = "move", d.cal.MoveBlock
		}
		got, err := f(wctx, b)
		switch {
		case errors.Is(err, calendar.ErrBlockDeleted) || (move && errors.Is(err, calendar.ErrNotFound)):
			e := d.ledger.Blocks[b.ID]
			e.CalendarID, e.InterviewCalendarID, e.InterviewEventID, e.Deleted = b.CalendarID, b.InterviewCalendarID, b.InterviewEventID, true
			if e.End.IsZero() {
				e.Start, e.End = b.Start, b.End
			}
			d.ledger.Blocks[b.ID] = e
			d.dirty = true
			d.lg.Info("reflection block was deleted by the person; not recreating it", "block", b.ID)
		case err != nil:
			d.lg.Warn("block write failed; retrying at the next tick", "op", op, "block", b.ID, "err", err)
			d.problem(ctx, b.CalendarID, err)
			errs = append(errs, err)
		default:
			start, end := got.Start, got.End
			if start.IsZero() {
				start, end = b.Start, b.End
			}
			d.ledger.Blocks[b.ID] = BlockEntry{
				CalendarID: b.CalendarID, InterviewCalendarID: b.InterviewCalendarID, InterviewEventID: b.InterviewEventID,
				Start: start, End: end, Anchor: p.Anchors[b.ID],
			}
			d.dirty = true
			d.lg.Info("reflection block written", "op", op, "block", b.ID, "start", start)
			if got.ID == "" || !got.IsBlock() {
				got = blockAsEvent(b)
				got.Start, got.End = start, end
			}
			d.remember(got)
		}
	}
	for _, b := range p.Inserts {
		write(b, false)
	}
	for _, b := range p.Moves {
		write(b, true)
	}
	for _, r := range p.Deletes {
		if ctx.Err() != nil {
			break
		}
		if err := d.cal.DeleteBlock(wctx, r.CalendarID, r.ID); err != nil {
			d.lg.Warn("block delete failed; retrying at the next tick", "block", r.ID, "err", err)
			d.problem(ctx, r.CalendarID, err)
			errs = append(errs, err)
			continue
		}
		delete(d.ledger.Blocks, r.ID)
		d.dirty = true
		d.forget(r.CalendarID, r.ID)
		d.lg.Info("reflection block deleted: its interview is gone", "block", r.ID)
	}
	return errs
}

// alert delivers the alerts due and the notes about blocks one by one:
// each is saved in the ledger as "sending" just before its delivery and as
// "sent" right after it, so a crash re-sends the one alert in flight
// rather than loses it, and never the ones delivered before; a failed
// delivery stays "sending" and is retried at the next tick while it still
// matters.
func (d *Daemon) alert(ctx context.Context, now time.Time, alerts []Alert, notes []Note) error {
	var todo []Alert
	for _, n := range notes {
		if !d.ledger.done(n.Key) {
			todo = append(todo, Alert{Key: n.Key, Kind: KindNote, Due: now, Title: "debrief: reflection block", Body: n.Text})
		}
	}
	for _, a := range alerts {
		if d.ledger.done(a.Key) {
			continue // fired by the pass before the sync
		}
		if a.Drop {
			d.ledger.Alerts[a.Key] = AlertEntry{State: StateDropped, At: now, Due: a.Due}
			d.dirty = true
			d.lg.Debug("alert dropped: it no longer matters", "kind", a.Kind, "key", a.Key, "due", a.Due)
			continue
		}
		todo = append(todo, a)
	}
	if len(todo) == 0 {
		return nil
	}
	var errs []error
	for _, a := range todo {
		// One save records the delivery before as "sent" and this one
		// as "sending", so a crash re-sends at most the alert in flight.
		d.ledger.Alerts[a.Key] = AlertEntry{State: StateSending, At: now, Due: a.Due}
		d.dirty = true
		d.saveLedger(now)
		h, err := d.deliver(ctx, a, "")
		if err != nil {
			d.lg.Warn("notification failed; retrying at the next tick", "kind", a.Kind, "err", err)
			errs = append(errs, err)
			continue
		}
		e := AlertEntry{State: StateSent, At: now, Due: a.Due}
		if h != "" {
			e.Notification, e.Kind, e.Records = h, a.Kind, a.Records
		}
		d.ledger.Alerts[a.Key] = e
		d.lg.Info("alert sent", "kind", a.Kind, "key", a.Key)
	}
	d.saveLedger(now)
	return errors.Join(errs...)
}

// saveLedger writes the ledger now. A failed save is logged and left to
// the end of the tick; delivery goes on without it: a duplicate after a
// crash beats a lost nudge.
func (d *Daemon) saveLedger(now time.Time) {
	if err := d.ledger.save(d.cfg.StateDir, now); err != nil {
		d.lg.Error("cannot save the alert ledger", "err", err)
		return
	}
	d.dirty = false
}

// remember puts a block just written into the known events, so that the
// ticks before the next sync see it.
func (d *Daemon) remember(e calendar.Event) {
	d.forget(e.CalendarID, e.ID)
	d.events[e.CalendarID] = append(d.events[e.CalendarID], &e)
}

// forget removes an event from the known events.
func (d *Daemon) forget(calID, id string) {
	d.events[calID] = slices.DeleteFunc(slices.Clone(d.events[calID]), func(e *calendar.Event) bool { return e.ID == id })
}

// blockAsEvent is the event a block becomes.
func blockAsEvent(b calendar.Block) calendar.Event {
	return calendar.Event{
		CalendarID: b.CalendarID, ID: b.ID, Status: "confirmed", Summary: b.Summary, Description: b.Description,
		Start: b.Start, End: b.End, TimeZone: b.TimeZone,
		Private: calendar.BlockProperties(b),
	}
}
