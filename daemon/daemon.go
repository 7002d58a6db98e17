package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/internal/clean"
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

// calSource returns the source of a calendar id "SOURCE/CALENDAR", or ""
// for a calendar of the [calendar] table, whose ids carry no source.
func calSource(calID string) string {
	src, _, ok := strings.Cut(calID, "/")
	if !ok {
		return ""
	}
	return src
}

// Problems the person is told about once, until resolved. A key is
// "kind:scope": the scope is the calendar id, or "@" and the source for a
// problem of the whole source (its sign-in, its network), so that one
// source failing while another works is told once, not at every poll.
func problemOf(calID string, err error) (key, title, body string) {
	src := calSource(calID)
	name, auth := "Google Calendar", "`debrief auth`"
	if src != "" {
		name = fmt.Sprintf("Calendar source %q", src)
		auth = fmt.Sprintf("`debrief auth --source %s`", src)
	}
	whole := ":@" + src
	switch {
	case errors.Is(err, calendar.ErrNotSignedIn):
		return "auth" + whole, "debrief: not signed in yet",
			fmt.Sprintf("%s: not signed in yet: run %s. Until then debrief works from the last known calendar.", name, auth)
	case errors.Is(err, calendar.ErrUnauthorized):
		return "auth" + whole, "debrief: calendar access expired",
			fmt.Sprintf("%s access expired or was revoked: run %s. Until then debrief works from the last known calendar.", name, auth)
	case errors.Is(err, calendar.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return "offline" + whole, "debrief: offline",
			fmt.Sprintf("%s cannot be reached: offline, retrying. Alerts keep working from the last known calendar.", name)
	case errors.Is(err, calendar.ErrRateLimited):
		return "rate-limited" + whole, "debrief: rate limited",
			fmt.Sprintf("%s is rate limiting debrief; it retries later.", name)
	case errors.Is(err, calendar.ErrForbidden):
		return "forbidden:" + calID, "debrief: calendar refused",
			fmt.Sprintf("%s refused access to calendar %q: check the calendars in the config and run %s to grant access.", name, calID, auth)
	case errors.Is(err, calendar.ErrNotFound) && src != "":
		return "not-found:" + calID, "debrief: calendar not found",
			fmt.Sprintf("Calendar %q was not found. A secret iCal address may have been reset: copy it again into the source's url_file. Otherwise fix the source in the config; `debrief doctor` checks it.", calID)
	case errors.Is(err, calendar.ErrNotFound):
		return "not-found:" + calID, "debrief: no such calendar",
			fmt.Sprintf("Calendar %q does not exist: fix the calendars in the config.", calID)
	}
	return "error:" + calID, "debrief: calendar error",
		fmt.Sprintf("%s answered with an error for calendar %q; debrief retries. Run `debrief doctor` if it persists.", name, calID)
}

func (d *Daemon) problem(ctx context.Context, calID string, err error) {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return // shutting down, not a problem
	}
	key, title, body := problemOf(calID, err)
	if d.told[key] {
		return
	}
	d.lg.Warn("told the person about a calendar problem", "problem", key, "advice", body)
	d.tell(ctx, key, title, body)
}

// notebookProblem tells the person once that records cannot be saved
// (read-only or full disk, permissions), until a save works again.
func (d *Daemon) notebookProblem(ctx context.Context, err error) {
	if err == nil || d.told[notebookKey] || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return
	}
	d.lg.Warn("told the person about a notebook problem", "dir", d.nb.Dir(), "err", err)
	d.tell(ctx, notebookKey, "debrief: cannot save to the notebook",
		fmt.Sprintf("debrief cannot save interview records in %s: fix the directory (permissions, free space). Nothing already saved is lost; debrief keeps retrying.", d.nb.Dir()))
}

// notebookKey is the problem key of notebookProblem.
const notebookKey = "notebook"

// notebookSaved forgets a notebook problem once a save worked.
func (d *Daemon) notebookSaved() {
	if d.told[notebookKey] {
		d.lg.Info("notebook problem resolved", "dir", d.nb.Dir())
		delete(d.told, notebookKey)
	}
}

// tell notifies the person of a problem, once until it is resolved.
func (d *Daemon) tell(ctx context.Context, key, title, body string) {
	d.told[key] = true
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.n.Notify(nctx, title, body); err != nil {
		d.lg.Warn("notification failed", "err", err)
	}
}

// resolved forgets the problems a successful sync of calID disproves.
func (d *Daemon) resolved(calID string) {
	for key := range d.told {
		if key == notebookKey {
			continue
		}
		_, scope, _ := strings.Cut(key, ":")
		if scope == calID || scope == "@"+calSource(calID) {
			d.lg.Info("calendar problem resolved", "problem", key, "calendar", calID)
			delete(d.told, key)
		}
	}
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

// recordPlan is what the notebook needs after a pass: a record for each
// interview that has none, and the records whose interview moved.
type recordPlan struct {
	create []Interview
	move   []recordMove
}

// recordMove is a record to make follow its moved interview.
type recordMove struct {
	at int // index of the record in the records planned from
	iv Interview
}

// planRecords compares the interviews with the records; it is pure.
func planRecords(ivs []Interview, recs []*notebook.Record) recordPlan {
	byID := make(map[string]int, len(recs))
	for i, r := range recs {
		byID[r.ID] = i
	}
	var p recordPlan
	planned := map[string]bool{}
	for _, iv := range ivs {
		i, ok := byID[iv.RecordID]
		if !ok {
			if !planned[iv.RecordID] {
				planned[iv.RecordID] = true
				p.create = append(p.create, iv)
			}
			continue
		}
		r, src := recs[i], sourceOf(iv.Event)
		if r.Source == nil || (r.Source.Start.Equal(src.Start) && r.Source.End.Equal(src.End) && r.Source.TimeZone == src.TimeZone) {
			continue
		}
		p.move = append(p.move, recordMove{at: i, iv: iv})
	}
	return p
}

// saveRecords is the notebook's part of the apply phase: it creates the
// records s.save plans and makes the records of moved interviews follow,
// then, when a record changed, works out the alerts again so they see
// them. A record that cannot be saved is retried at the next pass.
func (d *Daemon) saveRecords(s *snapshot) error {
	p := s.save
	if len(p.create) == 0 && len(p.move) == 0 {
		return nil
	}
	recs := slices.Clone(s.records)
	var errs []error
	for _, iv := range p.create {
		r := newRecord(iv)
		err := d.nb.Create(r)
		switch {
		case errors.Is(err, notebook.ErrExists):
			r, err = d.nb.Get(iv.RecordID)
		case err == nil:
			d.notebookSaved()
			d.lg.Info("new interview in the notebook", "record", r.ID)
			d.lg.Debug("new interview", "record", r.ID, "company", r.Interview.Company)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("create record of event %q: %w", iv.Event.ID, err))
			continue
		}
		recs = append(recs, r)
	}
	for _, m := range p.move {
		src := sourceOf(m.iv.Event)
		up, err := d.nb.Update(recs[m.at].ID, func(r *notebook.Record) error {
			oldDay := notebook.DateOf(r.Source.Start.In(r.Location()))
			if r.Interview.Date == oldDay || r.Interview.Date.IsZero() {
				r.Interview.Date = notebook.DateOf(src.Start.In(zone(src.TimeZone)))
			}
			r.Source.Start, r.Source.End, r.Source.TimeZone = src.Start, src.End, src.TimeZone
			r.Source.Title, r.Source.Link, r.Source.Location, r.Source.Conference = src.Title, src.Link, src.Location, src.Conference
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("update record %s after its interview moved: %w", recs[m.at].ID, err))
			continue
		}
		d.notebookSaved()
		d.lg.Info("interview moved; record follows", "record", up.ID)
		recs[m.at] = up
	}
	s.records = recs
	s.alerts = d.due(s)
	return errors.Join(errs...)
}

func sourceOf(e calendar.Event) *notebook.Source {
	tz := e.TimeZone
	if _, err := time.LoadLocation(tz); err != nil {
		tz = ""
	}
	return &notebook.Source{
		CalendarID: e.CalendarID, EventID: e.ID, Title: clean.Line(clip(e.Summary, 4*500), 500),
		Start: e.Start, End: e.End, TimeZone: tz, Link: clip(e.HTMLLink, 2048),
		Location: clean.Line(clip(e.Location, 4*500), 500), Conference: clip(e.ConferenceURL, 2048),
		Series: clean.Line(e.RecurringEventID, 200), OrganizerDomain: clean.Line(domainOf(e.Organizer.Email), 200),
	}
}

// newRecord prefills the record of an interview from its event.
func newRecord(iv Interview) *notebook.Record {
	src := sourceOf(iv.Event)
	src.CompanyFrom, src.PositionFrom = string(iv.Verdict.CompanyFrom), string(iv.Verdict.PositionFrom)
	r := &notebook.Record{
		ID:     iv.RecordID,
		Source: src,
		Interview: notebook.Details{
			Company:  iv.Verdict.Company,
			Position: iv.Verdict.Position,
			Date:     notebook.DateOf(src.Start.In(zone(src.TimeZone))),
			Format:   iv.Verdict.Format,
			Round:    iv.Verdict.Kind,
		},
	}
	for _, a := range iv.Event.Attendees {
		if a.Self || a.Resource || isRobot(a.Email) {
			continue
		}
		r.Interview.Interviewers = append(r.Interview.Interviewers, notebook.Person{
			Name: cleanField(a.Name), Email: cleanField(a.Email),
		})
		if len(r.Interview.Interviewers) == 20 {
			break
		}
	}
	return r
}

// isRobot: scheduling tools' and no-reply addresses are not interviewers.
func isRobot(email string) bool {
	e := strings.ToLower(email)
	return strings.Contains(e, "no-reply") || strings.Contains(e, "noreply") ||
		strings.Contains(e, "donotreply") || isToolDomain(domainOf(e)) || isCalendarDomain(domainOf(e))
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
