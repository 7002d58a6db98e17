package caldav

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/vevent"
)

// blockPath is where block id lives in the collection: its UID is its
// name, so writing it twice replaces it.
func blockPath(coll, id string) string { return coll + id + ".ics" }

// current returns the cache of calendar name with its objects up to date.
func (s *Source) current(ctx context.Context, name string) (*collection, error) {
	c := s.coll(name, time.Now())
	p, err := s.collectionPath(ctx, name)
	if err != nil {
		return nil, err
	}
	c.Path = p
	if _, err := s.refresh(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// InsertBlock writes the block b into the calendar b.CalendarID. A block
// that is there already is returned as it is; one debrief wrote before
// and that is gone now (deleted in the calendar) yields
// calendar.ErrBlockDeleted and is not written again.
func (s *Source) InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := fmt.Sprintf("insert block %q into %q", b.ID, b.CalendarID)
	if s.cfg.ReadOnly {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, calendar.ErrReadOnly)
	}
	if want := calendar.BlockID(b.InterviewCalendarID, b.InterviewEventID); b.ID != want {
		return calendar.Event{}, fmt.Errorf("%s: id is not BlockID(%q, %q): %w", op, b.InterviewCalendarID, b.InterviewEventID, calendar.ErrInvalid)
	}
	c, err := s.current(ctx, b.CalendarID)
	if err != nil {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, err)
	}
	p := blockPath(c.Path, b.ID)
	if _, ok := c.Objects[p]; ok {
		if e, ok := s.readBack(c, b); ok {
			return e, nil
		}
	}
	if slices.Contains(c.Written, b.ID) {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, calendar.ErrBlockDeleted)
	}
	return s.put(ctx, c, b, op)
}

// MoveBlock rewrites the existing block b with its new times, title and
// description. It fails with calendar.ErrBlockDeleted when the block is
// gone, and calendar.ErrForbidden when the resource is not a debrief block.
func (s *Source) MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := fmt.Sprintf("move block %q in %q", b.ID, b.CalendarID)
	if s.cfg.ReadOnly {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, calendar.ErrReadOnly)
	}
	c, err := s.current(ctx, b.CalendarID)
	if err != nil {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, err)
	}
	if _, ok := c.Objects[blockPath(c.Path, b.ID)]; !ok {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, calendar.ErrBlockDeleted)
	}
	if old, ok := s.readBack(c, b); !ok || !old.IsBlock() {
		return calendar.Event{}, fmt.Errorf("%s: the event is not a debrief block: %w", op, calendar.ErrForbidden)
	}
	return s.put(ctx, c, b, op)
}

// put writes b and reads it back as the calendar holds it.
func (s *Source) put(ctx context.Context, c *collection, b calendar.Block, op string) (calendar.Event, error) {
	_, cc, err := s.client(ctx)
	if err != nil {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, err)
	}
	rctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	p := blockPath(c.Path, b.ID)
	_, err = cc.PutCalendarObject(rctx, p, vevent.Block(b, time.Now()))
	if err != nil {
		return calendar.Event{}, fmt.Errorf("%s: %w", op, s.classify(err))
	}
	if !slices.Contains(c.Written, b.ID) {
		c.Written = append(c.Written, b.ID)
	}
	// The next poll sees the new ctag and fetches the object; until then
	// the event is built from what was written.
	c.CTag = ""
	evs, _ := vevent.Expand(vevent.Block(b, time.Now()), b.CalendarID, vevent.Window{From: b.Start.Add(-time.Hour), To: b.End.Add(time.Hour)})
	if err := s.saveState(b.CalendarID, c); err != nil {
		s.lg.Warn("CalDAV cache not saved after a block write", "err", err)
	}
	if len(evs) != 1 {
		return calendar.Event{}, fmt.Errorf("%s: read back: %w", op, calendar.ErrInvalid)
	}
	return *evs[0], nil
}

// readBack returns the block b as the collection holds it.
func (s *Source) readBack(c *collection, b calendar.Block) (calendar.Event, bool) {
	o := c.Objects[blockPath(c.Path, b.ID)]
	if o == nil || o.cal == nil {
		return calendar.Event{}, false
	}
	evs, _ := vevent.Expand(o.cal, b.CalendarID, vevent.Window{From: time.Unix(0, 0), To: time.Now().Add(100 * 365 * 24 * time.Hour)})
	for _, e := range evs {
		if e.ID == b.ID {
			return *e, true
		}
	}
	return calendar.Event{}, false
}

// DeleteBlock deletes the block id from the calendar name; one already
// gone is not an error.
func (s *Source) DeleteBlock(ctx context.Context, name, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := fmt.Sprintf("delete block %q from %q", id, name)
	if s.cfg.ReadOnly {
		return fmt.Errorf("%s: %w", op, calendar.ErrReadOnly)
	}
	c := s.coll(name, time.Now())
	p, err := s.collectionPath(ctx, name)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	c.Path = p
	if _, _, err := s.client(ctx); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	rctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	u := *s.base
	u.Path, u.RawPath = blockPath(p, id), ""
	req, err := http.NewRequestWithContext(rctx, http.MethodDelete, u.String(), nil)
	if err != nil {
		return fmt.Errorf("%s: %v: %w", op, err, calendar.ErrInvalid)
	}
	resp, err := s.dav.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, s.classify(err))
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode/100 == 2, resp.StatusCode == http.StatusNotFound, resp.StatusCode == http.StatusGone:
	default:
		return fmt.Errorf("%s: %w", op, s.classify(fmt.Errorf("DELETE: HTTP %d", resp.StatusCode)))
	}
	delete(c.Objects, blockPath(p, id))
	c.CTag = ""
	if err := s.saveState(name, c); err != nil {
		s.lg.Warn("CalDAV cache not saved after a block delete", "err", err)
	}
	return nil
}

// Busy returns the busy spans of the last known events of the calendars
// names in [from, to): opaque, not declined. CalDAV's free-busy-query is
// optional for servers; the events are at hand.
func (s *Source) Busy(_ context.Context, names []string, from, to time.Time) ([]calendar.Interval, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var evs []*calendar.Event
	for _, n := range names {
		if c, ok := s.cals[n]; ok {
			evs = append(evs, c.evs...)
		}
	}
	return calendar.BusySpans(evs, from, to), nil
}
