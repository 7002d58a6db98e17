package calendar

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	gcal "google.golang.org/api/calendar/v3"
)

// Sync brings the cache of calendarID up to date and returns every live
// (not cancelled) event known after it, sorted by start. The slice and the
// events are shared with the cache and with other callers, and must not be
// modified (copy an event to change it): the cache never changes an event
// in place, and a later Sync returns a new slice rather than changing this
// one, so they stay valid and safe to read from any goroutine. A Sync that
// changed nothing returns the previous slice; one that changed k events
// costs O(k log n) plus a copy of the n pointers. Every event's CalendarID
// is calendarID.
//
// The first sync of a calendar is a full sync from now - Lookback; later
// ones are incremental from the stored sync token, with the same parameters,
// and cost one request when nothing changed. A change is persisted before
// Sync returns, so a restarted daemon continues incrementally. When Google
// answers 410 (sync token expired), Sync does a full sync in the same call;
// the events it returns then replace the cache entirely (if that full sync
// fails, the last known events stay until one succeeds). Events that ended
// before now - Lookback are dropped whenever the cache's snapshot is
// rewritten.
//
// On failure Sync returns the last known events together with an error that
// names the calendar and wraps one of ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrRateLimited, ErrUnavailable or ErrInvalid (or the
// context's error when ctx ended), so the daemon can carry on offline.
// A failure to persist returns the fresh events and the write error. A
// read-only adapter (Config.ReadOnly) persists nothing: it starts from the
// cache on disk and keeps what it learns in memory.
func (c *Client) Sync(ctx context.Context, calendarID string, now time.Time) ([]*Event, error) {
	cc, err := c.load(calendarID)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token != "" {
		err := c.syncIncremental(ctx, cc)
		switch {
		case err == nil:
			return c.saved(cc, now)
		case !errors.Is(err, ErrSyncTokenExpired) && !isStatus(err, http.StatusGone):
			return cc.result(), fmt.Errorf("sync events of %q: %w", calendarID, err)
		}
		c.lg.Info("calendar sync token expired, doing a full sync", "calendar", calendarID)
	}
	if err := c.syncFull(ctx, cc, now); err != nil {
		return cc.result(), fmt.Errorf("full sync of events of %q: %w", calendarID, err)
	}
	return c.saved(cc, now)
}

// saved persists a successful sync and returns its events.
func (c *Client) saved(cc *calCache, now time.Time) ([]*Event, error) {
	if err := c.persist(cc, now); err != nil {
		return cc.result(), err
	}
	return cc.result(), nil
}

// Cached returns the events of calendarID as last synced, sorted by start,
// without touching the network: nil if it was never synced or its cache was
// corrupt (logged and discarded). Like Sync's, the slice and the events are
// shared and must not be modified. It fails only when the cache cannot be
// read, e.g. for its permissions.
func (c *Client) Cached(calendarID string) ([]*Event, error) {
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
	seen := map[string]bool{}
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
		if seen[page.NextPageToken] {
			// A server that sends a page token again would keep Sync
			// listing forever.
			return "", fmt.Errorf("page token repeated after %d pages: %w", len(seen), ErrInvalid)
		}
		seen[page.NextPageToken] = true
		call.PageToken(page.NextPageToken)
	}
}

// syncFull lists calendarID from now - Lookback into a fresh cache; only
// when every page has arrived does it replace cc's events, so a failed full
// sync leaves the last known events in place (with no token: the next Sync
// tries a full sync again). Each page is converted as it arrives, so the
// decoded API objects of only one page are alive at a time.
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
	var changes []change
	tz := ""
	token, err := c.list(ctx, call, func(p *gcal.Events) {
		if tz == "" {
			tz = p.TimeZone
		}
		changes = c.convertPage(changes, cc.id, tz, p.Items)
	})
	if err != nil {
		cc.token = ""
		return err
	}
	cc.reset()
	cc.params = params
	cc.applyChanges(tz, token, changes)
	cc.compact = true
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
	var changes []change
	tz := ""
	token, err := c.list(ctx, call, func(p *gcal.Events) {
		if tz == "" {
			tz = cmp.Or(p.TimeZone, cc.tz)
		}
		changes = c.convertPage(changes, cc.id, tz, p.Items)
	})
	if err != nil {
		return err
	}
	cc.applyChanges(tz, token, changes)
	return nil
}

// change is one item of a page: an event to put, or an id to remove.
type change struct {
	id     string
	ev     *Event // nil: remove id
	series bool   // remove takes a series' instances too (a cancelled item)
}

// convertPage appends the changes of a page's items to changes. A
// cancelled item, bare {id, status} or an instance with recurringEventId
// and originalStartTime, removes its id and, for a series id, its
// instances. An event without usable times is skipped (and an older version
// of it dropped), logged at Debug with its id.
func (c *Client) convertPage(changes []change, calendarID, tz string, items []*gcal.Event) []change {
	for _, ge := range items {
		switch {
		case ge == nil || ge.Id == "":
			c.lg.Debug("calendar event without id skipped", "calendar", calendarID)
		case ge.Status == "cancelled":
			changes = append(changes, change{id: ge.Id, series: true})
		default:
			e, err := convert(calendarID, tz, ge)
			if err != nil {
				c.lg.Debug("calendar event skipped", "calendar", calendarID, "event", ge.Id, "err", err)
				changes = append(changes, change{id: ge.Id})
				continue
			}
			changes = append(changes, change{id: ge.Id, ev: &e})
		}
	}
	return changes
}

// applyChanges applies the changes of a sync and takes its token and zone.
func (cc *calCache) applyChanges(tz, token string, changes []change) {
	if tz != "" && tz != cc.tz {
		cc.tz = tz
		cc.compact = true // the zone is in the snapshot
	}
	if len(changes) > len(cc.events)/8+64 {
		cc.unorder() // one sort beats many inserts
	}
	for _, ch := range changes {
		switch {
		case ch.ev != nil:
			cc.put(ch.ev)
		case ch.series:
			cc.remove(ch.id)
		default:
			cc.removeOne(ch.id)
		}
	}
	// An empty token would force a full sync next time; keep the old one,
	// which Google accepts until it expires.
	if token != "" {
		cc.token = token
	}
}
