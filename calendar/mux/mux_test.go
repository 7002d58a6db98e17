package mux

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/calendar"
)

// fakeSource records the ids it is asked about, as its own names.
type fakeSource struct {
	calls []string
	evs   []*calendar.Event
	busy  []calendar.Interval
	err   error
}

func (f *fakeSource) Sync(_ context.Context, id string, _ time.Time) ([]*calendar.Event, error) {
	f.calls = append(f.calls, "sync "+id)
	return f.evs, f.err
}

func (f *fakeSource) InsertBlock(_ context.Context, b calendar.Block) (calendar.Event, error) {
	f.calls = append(f.calls, "insert "+b.CalendarID+" for "+b.InterviewCalendarID)
	return calendar.Event{CalendarID: b.CalendarID, ID: b.ID}, f.err
}

func (f *fakeSource) MoveBlock(_ context.Context, b calendar.Block) (calendar.Event, error) {
	f.calls = append(f.calls, "move "+b.CalendarID)
	return calendar.Event{CalendarID: b.CalendarID, ID: b.ID}, f.err
}

func (f *fakeSource) DeleteBlock(_ context.Context, id, block string) error {
	f.calls = append(f.calls, "delete "+id+" "+block)
	return f.err
}

func (f *fakeSource) Busy(_ context.Context, ids []string, _, _ time.Time) ([]calendar.Interval, error) {
	f.calls = append(f.calls, fmt.Sprintf("busy %v", ids))
	return f.busy, f.err
}

func TestRoute(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	plain := &fakeSource{evs: []*calendar.Event{{CalendarID: "primary", ID: "a"}}, busy: []calendar.Interval{{Start: t0, End: t0.Add(time.Hour)}}}
	work := &fakeSource{evs: []*calendar.Event{{CalendarID: "primary", ID: "b"}}, busy: []calendar.Interval{{Start: t0.Add(30 * time.Minute), End: t0.Add(2 * time.Hour)}}}
	m, err := New(Source{Cal: plain}, Source{Name: "work", Cal: work})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()

	evs, err := m.Sync(ctx, "work/primary", t0)
	if err != nil || len(evs) != 1 || evs[0].CalendarID != "work/primary" || evs[0].ID != "b" {
		t.Errorf("Sync(work/primary) = %+v, %v; want b on work/primary", evs, err)
	}
	if work.evs[0].CalendarID != "primary" {
		t.Error("the source's own event was changed")
	}
	again, _ := m.Sync(ctx, "work/primary", t0)
	if &again[0] != &evs[0] {
		t.Error("the same events from the source were copied again")
	}
	if evs, _ := m.Sync(ctx, "primary", t0); evs[0] != plain.evs[0] {
		t.Error("the [calendar] table's events were not passed through as they are")
	}
	if _, err := m.InsertBlock(ctx, calendar.Block{CalendarID: "work/primary", InterviewCalendarID: "primary"}); err != nil {
		t.Fatal(err)
	}
	if err := m.DeleteBlock(ctx, "work/primary", "x"); err != nil {
		t.Fatal(err)
	}
	busy, err := m.Busy(ctx, []string{"primary", "work/primary", "work/team"}, t0, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(busy, []calendar.Interval{{Start: t0, End: t0.Add(2 * time.Hour)}}); diff != "" {
		t.Errorf("Busy merged (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(work.calls, []string{"sync primary", "sync primary", "insert primary for primary", "delete primary x", "busy [primary team]"}); diff != "" {
		t.Errorf("work's calls (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(plain.calls, []string{"sync primary", "busy [primary]"}); diff != "" {
		t.Errorf("plain's calls (-got +want):\n%s", diff)
	}

	// A source's error names it and keeps its sentinel.
	work.err = calendar.ErrUnavailable
	if _, err := m.Sync(ctx, "work/primary", t0); !errors.Is(err, calendar.ErrUnavailable) || err.Error() != "source work: calendar unavailable" {
		t.Errorf("Sync error = %v", err)
	}
	// Without a [calendar] table, an id of no source is not found.
	only, _ := New(Source{Name: "work", Cal: work})
	if _, err := only.Sync(ctx, "primary", t0); !errors.Is(err, calendar.ErrNotFound) {
		t.Errorf("Sync(primary) with no [calendar] source = %v, want ErrNotFound", err)
	}
}
