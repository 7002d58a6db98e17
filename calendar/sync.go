package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	gcal "google.golang.org/api/calendar/v3"
)

// Sync brings the cache of calendarID up to date and returns every live
// (not cancelled) event known after it, sorted by start, as a slice the
// caller owns (the Attendees and Private of its events are shared: do not
// modify them).
//
// The first sync of a calendar is a full sync from now - Lookback; later
// ones are incremental from the stored sync token, with the same parameters,
// and cost one request when nothing changed. A change is persisted before
// Sync returns, so a restarted daemon continues incrementally. When Google
// answers 410 (sync token expired), Sync does a full sync in the same call;
// the events it returns then replace the cache entirely.
//
// On failure Sync returns the last known events together with an error that
// names the calendar and wraps one of ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrRateLimited, ErrUnavailable or ErrInvalid (or the
// context's error when ctx ended), so the daemon can carry on offline.
// A failure to persist returns the fresh events and the write error.
func (c *Client) Sync(ctx context.Context, calendarID string, now time.Time) ([]Event, error) {
	cc, err := c.load(calendarID)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token != "" {
		err := c.syncIncremental(ctx, cc)
		if !errors.Is(err, ErrSyncTokenExpired) && !isStatus(err, http.StatusGone) {
			if err != nil {
				return cc.result(), fmt.Errorf("sync events of %q: %w", calendarID, err)
			}
			if err := c.persist(cc, now); err != nil {
				return cc.result(), err
			}
			return cc.result(), nil
		}
		c.lg.Info("calendar sync token expired, doing a full sync", "calendar", calendarID)
	}
	if err := c.syncFull(ctx, cc, now); err != nil {
		return cc.result(), fmt.Errorf("full sync of events of %q: %w", calendarID, err)
	}
	if err := c.persist(cc, now); err != nil {
		return cc.result(), err
	}
	return cc.result(), nil
}

// Cached returns the events of calendarID as last synced, sorted by start,
// without touching the network: nil if it was never synced or its cache was
// corrupt (logged and discarded). It fails only when the cache cannot be
// read, e.g. for its permissions.
func (c *Client) Cached(calendarID string) ([]Event, error) {
	cc, err := c.load(calendarID)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if len(cc.events) == 0 {
		return nil, nil
	}
	return cc.result(), nil
}

// list drains every page of call, handing each to f, and returns the
// nextSyncToken of the last page. Each page is one call with its own retries.
func (c *Client) list(ctx context.Context, call *gcal.EventsListCall, f func(*gcal.Events)) (string, error) {
	for {
		var page *gcal.Events
		err := c.call(ctx, func(ctx context.Context) error {
			var err error
			page, err = call.Context(ctx).Do()
			return err
		})
		if err != nil {
			return "", err
		}
		f(page)
		if page.NextPageToken == "" {
			return page.NextSyncToken, nil
		}
		call.PageToken(page.NextPageToken)
	}
}

// syncFull lists calendarID from now - Lookback into a fresh cache; only
// when every page has arrived does it replace cc's events, so a failed full
// sync leaves the last known events in place (with no token: the next Sync
// tries a full sync again).
func (c *Client) syncFull(ctx context.Context, cc *calCache, now time.Time) error {
	params := listParams{
		TimeMin:      now.Add(-c.lookback).UTC().Format(time.RFC3339),
		MaxResults:   maxResults,
		SingleEvents: true,
	}
	call := c.svc.Events.List(cc.id).
		TimeMin(params.TimeMin).
		MaxResults(params.MaxResults).
		SingleEvents(params.SingleEvents)
	var items []*gcal.Event
	tz := ""
	token, err := c.list(ctx, call, func(p *gcal.Events) {
		if tz == "" {
			tz = p.TimeZone
		}
		items = append(items, p.Items...)
	})
	if err != nil {
		cc.token = ""
		return err
	}
	cc.reset()
	cc.token, cc.params, cc.tz = token, params, tz
	for _, ge := range items {
		if ge == nil || ge.Status == "cancelled" {
			continue
		}
		c.apply(cc, ge)
	}
	return nil
}

// syncIncremental fetches the changes since cc.token with the parameters of
// the full sync and nothing Google forbids beside syncToken. The changes are
// applied only once every page has arrived.
func (c *Client) syncIncremental(ctx context.Context, cc *calCache) error {
	call := c.svc.Events.List(cc.id).
		SyncToken(cc.token).
		SingleEvents(cc.params.SingleEvents)
	if cc.params.MaxResults > 0 {
		call.MaxResults(cc.params.MaxResults)
	}
	var items []*gcal.Event
	tz := ""
	token, err := c.list(ctx, call, func(p *gcal.Events) {
		if tz == "" {
			tz = p.TimeZone
		}
		items = append(items, p.Items...)
	})
	if err != nil {
		return err
	}
	if tz != "" && tz != cc.tz {
		cc.tz = tz
		cc.compact = true // the zone is in the snapshot
	}
	for _, ge := range items {
		if ge == nil {
			continue
		}
		if ge.Status == "cancelled" {
			// Bare {id, status}, or an instance with recurringEventId and
			// originalStartTime: either way the id is gone, and a series id
			// takes its instances with it.
			cc.remove(ge.Id)
			continue
		}
		c.apply(cc, ge)
	}
	// An empty token would force a full sync next time; keep the old one,
	// which Google accepts until it expires.
	if token != "" {
		cc.token = token
	}
	return nil
}

// apply converts ge and puts it in the cache; an event without usable times
// is skipped (and any older version of it dropped).
func (c *Client) apply(cc *calCache, ge *gcal.Event) {
	if ge.Id == "" {
		c.lg.Debug("calendar event without id skipped", "calendar", cc.id)
		return
	}
	e, err := convert(cc.id, cc.tz, ge)
	if err != nil {
		c.lg.Debug("calendar event skipped", "calendar", cc.id, "event", ge.Id, "err", err)
		cc.removeOne(ge.Id)
		return
	}
	cc.put(&e)
}
