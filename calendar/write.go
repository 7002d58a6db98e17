package calendar

import (
	"context"
	"fmt"
	"net/http"
	"time"

	gcal "google.golang.org/api/calendar/v3"
)

// InsertBlock writes the reflection block b into b.CalendarID with the
// client-supplied id b.ID, which must be BlockID(b.InterviewCalendarID,
// b.InterviewEventID). The block is opaque, has no reminders
// (reminders.useDefault false, no overrides) and carries the private
// properties of BlockProperties: debrief = block, debriefInterview,
// debriefCalendar, and the times written, debriefStart and debriefEnd. Its
// start and end are written in b.TimeZone ("" means UTC).
//
// If the id exists already (409, e.g. a retried insert), InsertBlock fetches
// it: a live block is returned with no error; a block the person deleted
// yields ErrBlockDeleted, and is never re-created. A block that fails
// validation yields ErrInvalid; API failures wrap the sentinels as for Sync.
// A read-only adapter (Config.ReadOnly) fails with ErrReadOnly.
func (c *Client) InsertBlock(ctx context.Context, b Block) (Event, error) {
	op := fmt.Sprintf("insert block %q into %q", b.ID, b.CalendarID)
	if c.readOnly {
		return Event{}, fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	if want := BlockID(b.InterviewCalendarID, b.InterviewEventID); b.ID != want {
		return Event{}, fmt.Errorf("%s: id is not BlockID(%q, %q) = %q: %w", op, b.InterviewCalendarID, b.InterviewEventID, want, ErrInvalid)
	}
	ge, tz, err := blockEvent(b)
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", op, err)
	}
	ge.Id = b.ID
	ge.Transparency = "opaque"
	ge.Reminders = &gcal.EventReminders{UseDefault: false, ForceSendFields: []string{"UseDefault"}}
	var got *gcal.Event
	err = c.call(ctx, func(ctx context.Context) error {
		var err error
		got, err = c.svc.Events.Insert(b.CalendarID, ge).Context(ctx).Do()
		return err
	})
	if isStatus(err, http.StatusConflict) {
		got, err = c.getBlock(ctx, b.CalendarID, b.ID)
	}
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", op, err)
	}
	e, err := convert(b.CalendarID, tz, got)
	if err != nil {
		return Event{}, fmt.Errorf("%s: read back: %w: %w", op, err, ErrInvalid)
	}
	return e, nil
}

// MoveBlock changes the start, end, summary and description of the existing
// block b.ID in b.CalendarID, and its private properties to
// BlockProperties(b), so that they name the new times (a patch; other
// fields stay as they are). It
// fails with ErrNotFound if there is no such event, ErrBlockDeleted if the
// person deleted it, and ErrForbidden if the event is not a debrief block;
// API failures wrap the sentinels as for Sync. It costs two requests: a get
// to check the event, then the patch. A read-only adapter fails with
// ErrReadOnly.
func (c *Client) MoveBlock(ctx context.Context, b Block) (Event, error) {
	op := fmt.Sprintf("move block %q in %q", b.ID, b.CalendarID)
	if c.readOnly {
		return Event{}, fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	patch, tz, err := blockEvent(b)
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", op, err)
	}
	// Patching a deleted event would silently succeed on it; look first.
	if _, err := c.getBlock(ctx, b.CalendarID, b.ID); err != nil {
		return Event{}, fmt.Errorf("%s: %w", op, err)
	}
	var got *gcal.Event
	err = c.call(ctx, func(ctx context.Context) error {
		var err error
		got, err = c.svc.Events.Patch(b.CalendarID, b.ID, patch).Context(ctx).Do()
		return err
	})
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", op, err)
	}
	e, err := convert(b.CalendarID, tz, got)
	if err != nil {
		return Event{}, fmt.Errorf("%s: read back: %w: %w", op, err, ErrInvalid)
	}
	return e, nil
}

// getBlock fetches a block: ErrBlockDeleted if it is cancelled, ErrForbidden
// if the event is not one of debrief's blocks.
func (c *Client) getBlock(ctx context.Context, calendarID, id string) (*gcal.Event, error) {
	var got *gcal.Event
	err := c.call(ctx, func(ctx context.Context) error {
		var err error
		got, err = c.svc.Events.Get(calendarID, id).Context(ctx).Do()
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case got.Status == "cancelled":
		return nil, ErrBlockDeleted
	case got.ExtendedProperties == nil || got.ExtendedProperties.Private[PropKind] != PropKindBlock:
		return nil, fmt.Errorf("event is not a debrief block: %w", ErrForbidden)
	}
	return got, nil
}

// DeleteBlock deletes the block id from calendarID. A block that is already
// gone (404, 410) is not an error. id must have the shape of a BlockID
// (debrief deletes only its own blocks), else ErrInvalid; API failures wrap
// the sentinels as for Sync. A read-only adapter fails with ErrReadOnly.
func (c *Client) DeleteBlock(ctx context.Context, calendarID, id string) error {
	if c.readOnly {
		return fmt.Errorf("delete block %q from %q: %w", id, calendarID, ErrReadOnly)
	}
	if !isBlockID(id) {
		return fmt.Errorf("delete block %q from %q: not a debrief block id: %w", id, calendarID, ErrInvalid)
	}
	err := c.call(ctx, func(ctx context.Context) error {
		return c.svc.Events.Delete(calendarID, id).Context(ctx).Do()
	})
	if isStatus(err, http.StatusNotFound) || isStatus(err, http.StatusGone) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete block %q from %q: %w", id, calendarID, err)
	}
	return nil
}

func isBlockID(id string) bool {
	if len(id) != 52 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if ch := id[i]; !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'v') {
			return false
		}
	}
	return true
}

// blockEvent is the part of a block that InsertBlock and MoveBlock both
// write: summary, description, start and end as dateTime with offset plus
// timeZone, and the private properties, all of them (a patch may replace
// the map whole). It returns the zone name used.
func blockEvent(b Block) (*gcal.Event, string, error) {
	tz := b.TimeZone
	if tz == "" {
		tz = "UTC"
	}
	loc := zone(tz)
	if loc == nil {
		return nil, "", fmt.Errorf("unknown time zone %q: %w", b.TimeZone, ErrInvalid)
	}
	if b.CalendarID == "" || !b.End.After(b.Start) {
		return nil, "", fmt.Errorf("block needs a calendar and an end after its start: %w", ErrInvalid)
	}
	return &gcal.Event{
		Summary:            b.Summary,
		Description:        b.Description,
		Start:              &gcal.EventDateTime{DateTime: b.Start.In(loc).Format(time.RFC3339), TimeZone: tz},
		End:                &gcal.EventDateTime{DateTime: b.End.In(loc).Format(time.RFC3339), TimeZone: tz},
		ExtendedProperties: &gcal.EventExtendedProperties{Private: BlockProperties(b)},
	}, tz, nil
}

// Busy returns the busy intervals of calendarIDs between from and to
// (freeBusy.query), merged across calendars and sorted. A calendar Google
// reports an error for (e.g. notFound) fails the call with ErrNotFound or
// ErrForbidden; API failures wrap the sentinels as for Sync.
func (c *Client) Busy(ctx context.Context, calendarIDs []string, from, to time.Time) ([]Interval, error) {
	req := &gcal.FreeBusyRequest{
		TimeMin:  from.UTC().Format(time.RFC3339),
		TimeMax:  to.UTC().Format(time.RFC3339),
		TimeZone: "UTC",
	}
	for _, id := range calendarIDs {
		req.Items = append(req.Items, &gcal.FreeBusyRequestItem{Id: id})
	}
	var resp *gcal.FreeBusyResponse
	err := c.call(ctx, func(ctx context.Context) error {
		var err error
		resp, err = c.svc.Freebusy.Query(req).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("query free/busy of %q: %w", calendarIDs, err)
	}
	var out []Interval
	for _, id := range calendarIDs {
		fb := resp.Calendars[id]
		for _, e := range fb.Errors {
			if e == nil {
				continue
			}
			kind := ErrForbidden
			if e.Reason == "notFound" {
				kind = ErrNotFound
			}
			return nil, fmt.Errorf("query free/busy of %q: calendar %q: %s: %w", calendarIDs, id, e.Reason, kind)
		}
		for _, p := range fb.Busy {
			if p == nil {
				continue
			}
			s, err1 := time.Parse(time.RFC3339, p.Start)
			e, err2 := time.Parse(time.RFC3339, p.End)
			if err1 != nil || err2 != nil || e.Before(s) {
				c.lg.Debug("free/busy period skipped", "calendar", id, "start", p.Start, "end", p.End)
				continue
			}
			out = append(out, Interval{Start: s, End: e})
		}
	}
	return MergeIntervals(out), nil
}
