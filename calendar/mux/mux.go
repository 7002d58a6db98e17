package mux

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/debrief-dev/debrief/calendar"
)

// Calendar is what the mux needs of each source: the methods the daemon
// uses (*calendar.Client, *ics.Source and *caldav.Source implement it).
type Calendar interface {
	Sync(ctx context.Context, calendarID string, now time.Time) ([]*calendar.Event, error)
	InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error)
	MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error)
	DeleteBlock(ctx context.Context, calendarID, id string) error
	Busy(ctx context.Context, calendarIDs []string, from, to time.Time) ([]calendar.Interval, error)
}

// Source is one calendar source.
type Source struct {
	// Name is the prefix of the source's calendar ids; "" for the
	// [calendar] table, whose ids carry none.
	Name string
	Cal  Calendar
}

// Mux routes by calendar id. Its methods are safe for concurrent use as
// far as the sources' are.
type Mux struct {
	named   map[string]Calendar
	plain   Calendar // the [calendar] table; nil when it watches nothing
	mu      sync.Mutex
	renamed map[string]*renamed
}

// renamed is the last events of one calendar, with their ids made full.
type renamed struct {
	from []*calendar.Event // as the source returned them
	to   []*calendar.Event
}

// New returns a mux over sources; names must be unique, at most one empty.
func New(sources ...Source) (*Mux, error) {
	m := &Mux{named: map[string]Calendar{}, renamed: map[string]*renamed{}}
	for _, s := range sources {
		if s.Cal == nil {
			return nil, fmt.Errorf("mux: source %q has no calendar", s.Name)
		}
		if s.Name == "" {
			if m.plain != nil {
				return nil, errors.New("mux: two sources without a name")
			}
			m.plain = s.Cal
			continue
		}
		if _, ok := m.named[s.Name]; ok || strings.Contains(s.Name, "/") {
			return nil, fmt.Errorf("mux: source name %q is taken or holds \"/\"", s.Name)
		}
		m.named[s.Name] = s.Cal
	}
	return m, nil
}

// route returns the source of the calendar id and the id it knows the
// calendar by; prefix is "NAME/" or "".
func (m *Mux) route(id string) (cal Calendar, inner, prefix string, err error) {
	if name, rest, ok := strings.Cut(id, "/"); ok {
		if c, ok := m.named[name]; ok {
			return c, rest, name + "/", nil
		}
	}
	if m.plain == nil {
		return nil, "", "", fmt.Errorf("calendar %q belongs to no source: %w", id, calendar.ErrNotFound)
	}
	return m.plain, id, "", nil
}

// Sync returns the events of the calendar id from its source, each with
// CalendarID set to id. The source's error is returned with the events,
// as calendar.Client.Sync does.
func (m *Mux) Sync(ctx context.Context, id string, now time.Time) ([]*calendar.Event, error) {
	cal, inner, prefix, err := m.route(id)
	if err != nil {
		return nil, err
	}
	evs, err := cal.Sync(ctx, inner, now)
	if prefix == "" {
		return evs, err
	}
	if err != nil {
		err = fmt.Errorf("source %s: %w", strings.TrimSuffix(prefix, "/"), err)
	}
	if evs == nil {
		return nil, err
	}
	return m.rename(id, evs), err
}

// rename returns evs with CalendarID = id, copying each event only when
// the source returned a different slice than last time.
func (m *Mux) rename(id string, evs []*calendar.Event) []*calendar.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.renamed[id]; ok && sameEvents(r.from, evs) {
		return r.to
	}
	out := make([]*calendar.Event, len(evs))
	for i, e := range evs {
		c := *e
		c.CalendarID = id
		out[i] = &c
	}
	m.renamed[id] = &renamed{from: evs, to: out}
	return out
}

func sameEvents(a, b []*calendar.Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// InsertBlock writes b through the source of b.CalendarID.
func (m *Mux) InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	return m.write(ctx, b, Calendar.InsertBlock)
}

// MoveBlock changes b through the source of b.CalendarID.
func (m *Mux) MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	return m.write(ctx, b, Calendar.MoveBlock)
}

func (m *Mux) write(ctx context.Context, b calendar.Block, op func(Calendar, context.Context, calendar.Block) (calendar.Event, error)) (calendar.Event, error) {
	full := b.CalendarID
	cal, inner, prefix, err := m.route(full)
	if err != nil {
		return calendar.Event{}, err
	}
	b.CalendarID = inner
	ev, err := op(cal, ctx, b)
	if prefix != "" {
		ev.CalendarID = full
		if err != nil {
			err = fmt.Errorf("source %s: %w", strings.TrimSuffix(prefix, "/"), err)
		}
	}
	return ev, err
}

// DeleteBlock deletes the block id through the source of calendarID.
func (m *Mux) DeleteBlock(ctx context.Context, calendarID, id string) error {
	cal, inner, prefix, err := m.route(calendarID)
	if err != nil {
		return err
	}
	if err := cal.DeleteBlock(ctx, inner, id); err != nil {
		if prefix != "" {
			return fmt.Errorf("source %s: %w", strings.TrimSuffix(prefix, "/"), err)
		}
		return err
	}
	return nil
}

// Busy asks each source about its calendars among ids and merges the
// answers. A source that fails makes Busy fail: a block placed on a
// partial answer could land over an interview.
func (m *Mux) Busy(ctx context.Context, ids []string, from, to time.Time) ([]calendar.Interval, error) {
	type ask struct {
		cal Calendar
		ids []string
	}
	var order []string
	asks := map[string]*ask{}
	for _, id := range ids {
		cal, inner, prefix, err := m.route(id)
		if err != nil {
			return nil, err
		}
		a, ok := asks[prefix]
		if !ok {
			a = &ask{cal: cal}
			asks[prefix] = a
			order = append(order, prefix)
		}
		a.ids = append(a.ids, inner)
	}
	var all []calendar.Interval
	for _, prefix := range order {
		a := asks[prefix]
		busy, err := a.cal.Busy(ctx, a.ids, from, to)
		if err != nil {
			if prefix != "" {
				err = fmt.Errorf("source %s: %w", strings.TrimSuffix(prefix, "/"), err)
			}
			return nil, err
		}
		all = append(all, busy...)
	}
	return calendar.MergeIntervals(all), nil
}
