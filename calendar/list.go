package calendar

import (
	"context"
	"fmt"

	gcal "google.golang.org/api/calendar/v3"
)

// Info is one calendar of the person's calendar list.
type Info struct {
	ID       string
	Summary  string // the calendar's name, or the person's own name for it
	TimeZone string
	// AccessRole is "owner", "writer", "reader" or "freeBusyReader".
	AccessRole string
	Primary    bool
}

// Writable reports whether debrief may write reflection blocks there.
func (i Info) Writable() bool { return i.AccessRole == "owner" || i.AccessRole == "writer" }

// Calendars returns the calendars in the person's calendar list
// (calendarList.list, every page), the primary one first as Google sends
// it. Errors carry the sentinels of the other calls (ErrUnauthorized…).
func (c *Client) Calendars(ctx context.Context) ([]Info, error) {
	var out []Info
	token := ""
	for {
		var page *gcal.CalendarList
		err := c.call(ctx, func(ctx context.Context) error {
			call := c.svc.CalendarList.List().Context(ctx).ShowHidden(false)
			if token != "" {
				call = call.PageToken(token)
			}
			var err error
			page, err = call.Do()
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list calendars: %w", err)
		}
		for _, e := range page.Items {
			name := e.SummaryOverride
			if name == "" {
				name = e.Summary
			}
			out = append(out, Info{ID: e.Id, Summary: name, TimeZone: e.TimeZone, AccessRole: e.AccessRole, Primary: e.Primary})
		}
		if token = page.NextPageToken; token == "" {
			return out, nil
		}
	}
}
