package daemon

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/notebook"
)

// fakeCalendar is an in-memory calendar: events by calendar, debrief's
// blocks in the "primary" calendar, a log of the writes, injectable errors.
type fakeCalendar struct {
	mu       sync.Mutex
	events   map[string][]calendar.Event
	blocks   map[string]calendar.Event
	deleted  map[string]bool // blocks the person deleted
	busy     []calendar.Interval
	syncErr  error
	writeErr error
	writes   []string    // "insert ID HH:MM-HH:MM", "move …", "delete ID"
	syncs    []time.Time // the now of each Sync of "primary"
}

func newFakeCalendar(evs ...calendar.Event) *fakeCalendar {
	f := &fakeCalendar{events: map[string][]calendar.Event{}, blocks: map[string]calendar.Event{}, deleted: map[string]bool{}}
	for _, e := range evs {
		f.events[e.CalendarID] = append(f.events[e.CalendarID], e)
	}
	return f
}

// Sync returns copies, as the adapter returns events it never changes
// afterwards, with CalendarID set to calendarID.
func (f *fakeCalendar) Sync(ctx context.Context, calendarID string, now time.Time) ([]*calendar.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if calendarID == "primary" {
		f.syncs = append(f.syncs, now)
	}
	var evs []*calendar.Event
	add := func(e calendar.Event) {
		e.CalendarID = calendarID
		evs = append(evs, &e)
	}
	for _, e := range f.events[calendarID] {
		add(e)
	}
	if calendarID == "primary" {
		for _, id := range slices.Sorted(maps.Keys(f.blocks)) {
			add(f.blocks[id])
		}
	}
	return evs, f.syncErr
}

func span2(s, e time.Time) string { return s.UTC().Format("15:04") + "-" + e.UTC().Format("15:04") }

func (f *fakeCalendar) InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.writeErr != nil {
		return calendar.Event{}, f.writeErr
	}
	f.writes = append(f.writes, "insert "+b.InterviewEventID+" "+span2(b.Start, b.End))
	if f.deleted[b.ID] {
		return calendar.Event{}, calendar.ErrBlockDeleted
	}
	if e, ok := f.blocks[b.ID]; ok {
		return e, nil
	}
	e := calendar.Event{
		CalendarID: b.CalendarID, ID: b.ID, Status: "confirmed", Summary: b.Summary, Description: b.Description,
		Start: b.Start, End: b.End, TimeZone: b.TimeZone,
		Private: calendar.BlockProperties(b),
	}
	f.blocks[b.ID] = e
	return e, nil
}

func (f *fakeCalendar) MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.writeErr != nil {
		return calendar.Event{}, f.writeErr
	}
	f.writes = append(f.writes, "move "+b.InterviewEventID+" "+span2(b.Start, b.End))
	e, ok := f.blocks[b.ID]
	if !ok {
		return calendar.Event{}, calendar.ErrNotFound
	}
	e.Start, e.End, e.Summary, e.Description = b.Start, b.End, b.Summary, b.Description
	e.Private = calendar.BlockProperties(b)
	f.blocks[b.ID] = e
	return e, nil
}

func (f *fakeCalendar) DeleteBlock(ctx context.Context, calendarID, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.writeErr != nil {
		return f.writeErr
	}
	f.writes = append(f.writes, "delete "+f.blocks[id].Private[calendar.PropInterview])
	delete(f.blocks, id)
	return nil
}

func (f *fakeCalendar) Busy(ctx context.Context, calendarIDs []string, from, to time.Time) ([]calendar.Interval, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.busy), nil
}

// set replaces an event (by id) or adds it.
func (f *fakeCalendar) set(e calendar.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	evs := f.events[e.CalendarID]
	for i := range evs {
		if evs[i].ID == e.ID {
			evs[i] = e
			return
		}
	}
	f.events[e.CalendarID] = append(evs, e)
}

// personDeletes removes a block as the person would in Google Calendar.
func (f *fakeCalendar) personDeletes(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.blocks, id)
	f.deleted[id] = true
}

// personMoves drags a block as the person would in Google Calendar: its
// times change, its private properties do not.
func (f *fakeCalendar) personMoves(id string, start, end time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.blocks[id]
	b.Start, b.End = start, end
	f.blocks[id] = b
}

func (f *fakeCalendar) setErr(sync, write error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncErr, f.writeErr = sync, write
}

func (f *fakeCalendar) Writes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.writes)
}

func (f *fakeCalendar) Syncs() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.syncs)
}

func (f *fakeCalendar) block(id string) (calendar.Event, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.blocks[id]
	return b, ok
}

// fakeNotifier records notifications with the (wall) time they were sent.
type fakeNotifier struct {
	mu    sync.Mutex
	now   func() time.Time
	err   error
	sent  []sentNote
	tries int
}

type sentNote struct {
	At          time.Time
	Title, Body string
}

func (n *fakeNotifier) Notify(ctx context.Context, title, body string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.tries++
	if n.err != nil {
		return n.err
	}
	n.sent = append(n.sent, sentNote{At: n.now(), Title: title, Body: body})
	return nil
}

func (n *fakeNotifier) Sent() []sentNote {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.sent)
}

// matching returns the notifications whose title contains s.
func (n *fakeNotifier) matching(s string) []sentNote {
	var out []sentNote
	for _, x := range n.Sent() {
		if strings.Contains(x.Title, s) {
			out = append(out, x)
		}
	}
	return out
}

// clock is a wall clock for synctest bubbles: the bubble's time shifted to
// a chosen instant, plus jumps that model a suspended machine (the wall
// clock moves, the timers do not).
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func newClock(start time.Time) *clock { return &clock{offset: time.Until(start)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// suspend makes the wall clock jump by d without any timer firing.
func (c *clock) suspend(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// sleepUntil sleeps (in the bubble) until the wall clock reads t.
func (c *clock) sleepUntil(t time.Time) {
	if d := t.Sub(c.Now()); d > 0 {
		time.Sleep(d)
	}
}

// harness is a daemon on a temp state dir and a real notebook.
type harness struct {
	t     *testing.T
	cal   *fakeCalendar
	n     *fakeNotifier
	nb    *notebook.Book
	clock *clock
	cfg   Config
	stop  func()
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newHarness(t *testing.T, start time.Time, evs ...calendar.Event) *harness {
	t.Helper()
	nb, err := notebook.Open(quietLogger(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClock(start)
	cfg := testConfig()
	cfg.StateDir = t.TempDir()
	cfg.Now = c.Now
	cfg.Jitter = func() float64 { return 0.5 }
	cfg.Policy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}
	return &harness{t: t, cal: newFakeCalendar(evs...), n: &fakeNotifier{now: c.Now}, nb: nb, clock: c, cfg: cfg}
}

// run starts a daemon on the harness's state; stop ends it and waits.
func (h *harness) run() {
	h.t.Helper()
	d, err := New(quietLogger(), h.cfg, h.cal, h.n, h.nb)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	h.stop = func() {
		cancel()
		if err := <-done; err != nil {
			h.t.Errorf("Run = %v, want nil after cancel", err)
		}
	}
	synctest.Wait()
}
