package main

import (
	"cmp"
	"slices"
	"sync/atomic"
	"time"

	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web"
)

// detection is the running daemon as the web app sees it
// (web.Detection): the verdicts and blocks of its last pass, and the
// person's marks, written as `debrief mark` writes them. The web app is
// built before the daemon (the daemon takes its addresses), so the daemon
// is set once it exists; until then there is nothing to show.
type detection struct {
	stateDir string
	poll     time.Duration
	now      func() time.Time
	d        atomic.Pointer[daemon.Daemon]
}

// Seen converts the daemon's last snapshot, events by start.
func (x *detection) Seen() web.Seen {
	seen := web.Seen{Poll: x.poll}
	d := x.d.Load()
	if d == nil {
		return seen
	}
	s := d.Last()
	if s == nil {
		return seen
	}
	seen.At = s.At
	interviews := map[string]daemon.Interview{}
	for _, iv := range s.Interviews {
		interviews[iv.Key()] = iv
	}
	for _, dc := range s.Decisions {
		e, v := dc.Event, dc.Verdict
		loc := daemon.Interview{Event: e}.Location()
		se := web.SeenEvent{
			ID: e.ID, CalendarID: e.CalendarID, Title: notebook.OneLine(e.Summary),
			Start: e.Start.In(loc), End: e.End.In(loc),
			Interview: v.Interview, Reason: v.Reason, Company: v.Company, Position: v.Position, Kind: v.Kind,
		}
		switch s.Overrides.For(e) {
		case daemon.OverrideInterview:
			se.Mark = web.VerdictInterview
		case daemon.OverrideNotInterview:
			se.Mark = web.VerdictNotInterview
		}
		if iv, ok := interviews[e.CalendarID+"/"+e.ID]; ok {
			se.RecordID = iv.RecordID
			if slot, ok := s.Slots[iv.Key()]; ok {
				se.BlockStart, se.BlockEnd, se.BlockInCalendar = slot.Start, slot.End, slot.InCalendar
			}
		}
		seen.Events = append(seen.Events, se)
	}
	slices.SortStableFunc(seen.Events, func(a, b web.SeenEvent) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return seen
}

// Mark keeps the person's verdict in the overrides file, which the daemon
// reads at every poll.
func (x *detection) Mark(eventID, verdict string) error {
	ov := daemon.OverrideNone
	switch verdict {
	case web.VerdictInterview:
		ov = daemon.OverrideInterview
	case web.VerdictNotInterview:
		ov = daemon.OverrideNotInterview
	}
	return daemon.SetOverride(x.stateDir, eventID, ov, x.now())
}
