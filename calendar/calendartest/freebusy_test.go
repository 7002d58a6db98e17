package calendartest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	gcal "google.golang.org/api/calendar/v3"
)

func TestFreeBusy(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("paris", "Europe/Paris")
	at := func(h, m int) time.Time { return time.Date(2025, 3, 21, h, m, 0, 0, time.UTC) }
	put := func(cal, summary string, start time.Time, d time.Duration, change func(*gcal.Event)) {
		st, en := timed(start, d, "UTC")
		e := &gcal.Event{Summary: summary, Start: st, End: en}
		if change != nil {
			change(e)
		}
		s.Put(cal, e)
	}
	put("primary", "opaque", at(9, 0), time.Hour, nil)
	put("primary", "overlaps opaque", at(9, 30), time.Hour, nil)
	put("primary", "touches previous", at(10, 30), 30*time.Minute, nil)
	put("primary", "transparent", at(12, 0), time.Hour, func(e *gcal.Event) { e.Transparency = "transparent" })
	put("primary", "declined", at(13, 0), time.Hour, func(e *gcal.Event) {
		e.Attendees = []*gcal.EventAttendee{{Email: PrimaryEmail, Self: true, ResponseStatus: "declined"}, {Email: "x@acme.example", ResponseStatus: "accepted"}}
	})
	put("primary", "tentative", at(14, 0), time.Hour, func(e *gcal.Event) {
		e.Attendees = []*gcal.EventAttendee{{Email: PrimaryEmail, Self: true, ResponseStatus: "tentative"}}
	})
	put("primary", "clipped at the end", at(23, 30), time.Hour, nil)
	put("primary", "before the window", at(6, 0), time.Hour, nil)
	gone := s.Put("primary", ev("", "deleted", at(16, 0)))
	s.Remove("primary", gone.Id)
	st, en := timed(at(15, 0), 30*time.Minute, "UTC")
	s.Put("primary", &gcal.Event{Summary: "daily", Start: st, End: en, Recurrence: []string{"RRULE:FREQ=DAILY;COUNT=3"}})
	s.Put("primary", &gcal.Event{Summary: "holiday", Start: &gcal.EventDateTime{Date: "2025-03-22"}, End: &gcal.EventDateTime{Date: "2025-03-23"}, Transparency: "transparent"})
	s.Put("paris", &gcal.Event{Summary: "all day busy", Start: &gcal.EventDateTime{Date: "2025-03-21"}, End: &gcal.EventDateTime{Date: "2025-03-22"}})

	tests := []struct {
		name     string
		timeZone string
		want     map[string]*gcal.FreeBusyCalendar
	}{
		{
			name: "utc",
			want: map[string]*gcal.FreeBusyCalendar{
				"primary": {Busy: []*gcal.TimePeriod{
					{Start: "2025-03-21T09:00:00Z", End: "2025-03-21T11:00:00Z"},
					{Start: "2025-03-21T14:00:00Z", End: "2025-03-21T15:30:00Z"},
					{Start: "2025-03-21T23:30:00Z", End: "2025-03-22T00:00:00Z"},
				}},
				// Midnight to midnight in Paris (UTC+1), clipped to the window.
				"paris":           {Busy: []*gcal.TimePeriod{{Start: "2025-03-21T08:00:00Z", End: "2025-03-21T23:00:00Z"}}},
				"nobody@nowhere":  {Errors: []*gcal.Error{{Domain: "global", Reason: "notFound"}}},
				"empty@somewhere": nil,
			},
		},
		{
			name:     "answer-in-zone",
			timeZone: "America/New_York",
			want: map[string]*gcal.FreeBusyCalendar{
				"primary": {Busy: []*gcal.TimePeriod{
					{Start: "2025-03-21T05:00:00-04:00", End: "2025-03-21T07:00:00-04:00"},
					{Start: "2025-03-21T10:00:00-04:00", End: "2025-03-21T11:30:00-04:00"},
					{Start: "2025-03-21T19:30:00-04:00", End: "2025-03-21T20:00:00-04:00"},
				}},
				"paris":           {Busy: []*gcal.TimePeriod{{Start: "2025-03-21T04:00:00-04:00", End: "2025-03-21T19:00:00-04:00"}}},
				"nobody@nowhere":  {Errors: []*gcal.Error{{Domain: "global", Reason: "notFound"}}},
				"empty@somewhere": nil,
			},
		},
	}
	s.AddCalendar("empty@somewhere", "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Freebusy.Query(&gcal.FreeBusyRequest{
				TimeMin:  "2025-03-21T08:00:00Z",
				TimeMax:  "2025-03-22T00:00:00Z",
				TimeZone: tt.timeZone,
				Items:    []*gcal.FreeBusyRequestItem{{Id: "primary"}, {Id: "paris"}, {Id: "nobody@nowhere"}, {Id: "empty@somewhere"}},
			}).Context(context.Background()).Do()
			if err != nil {
				t.Fatalf("freeBusy: %v", err)
			}
			if got.Kind != "calendar#freeBusy" || got.TimeMin != "2025-03-21T08:00:00.000Z" || got.TimeMax != "2025-03-22T00:00:00.000Z" {
				t.Errorf("kind %q timeMin %q timeMax %q", got.Kind, got.TimeMin, got.TimeMax)
			}
			want := map[string]gcal.FreeBusyCalendar{}
			for k, v := range tt.want {
				if v == nil {
					v = &gcal.FreeBusyCalendar{}
				}
				want[k] = *v
			}
			if diff := cmp.Diff(got.Calendars, want, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("calendars (-got +want):\n%s", diff)
			}
		})
	}
}

func TestFreeBusyValidation(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	tests := []struct {
		name       string
		req        *gcal.FreeBusyRequest
		wantReason string
	}{
		{"no-timeMin", &gcal.FreeBusyRequest{TimeMax: "2025-03-22T00:00:00Z"}, "required"},
		{"no-timeMax", &gcal.FreeBusyRequest{TimeMin: "2025-03-22T00:00:00Z"}, "required"},
		{"empty-range", &gcal.FreeBusyRequest{TimeMin: "2025-03-22T00:00:00Z", TimeMax: "2025-03-22T00:00:00Z"}, "timeRangeEmpty"},
		{"bad-time", &gcal.FreeBusyRequest{TimeMin: "yesterday", TimeMax: "2025-03-22T00:00:00Z"}, "badRequest"},
		{"bad-zone", &gcal.FreeBusyRequest{TimeMin: "2025-03-21T00:00:00Z", TimeMax: "2025-03-22T00:00:00Z", TimeZone: "Mars/Olympus"}, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Freebusy.Query(tt.req).Do()
			wantAPIErr(t, err, http.StatusBadRequest, tt.wantReason)
		})
	}
}

func TestCalendarList(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("primary", "Europe/Paris")
	s.AddCalendar("abc@group.calendar.google.com", "Asia/Tokyo")
	got, err := svc.CalendarList.List().Do()
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != "calendar#calendarList" || got.Etag == "" || got.NextSyncToken == "" || got.NextPageToken != "" {
		t.Errorf("list = kind %q etag %q nextSyncToken %q nextPageToken %q", got.Kind, got.Etag, got.NextSyncToken, got.NextPageToken)
	}
	type entry struct {
		ID, Zone, Role string
		Primary        bool
	}
	var entries []entry
	for _, it := range got.Items {
		entries = append(entries, entry{it.Id, it.TimeZone, it.AccessRole, it.Primary})
		if it.Kind != "calendar#calendarListEntry" {
			t.Errorf("entry kind %q", it.Kind)
		}
	}
	want := []entry{
		{PrimaryEmail, "Europe/Paris", "owner", true},
		{"abc@group.calendar.google.com", "Asia/Tokyo", "owner", false},
	}
	if diff := cmp.Diff(entries, want); diff != "" {
		t.Errorf("entries (-got +want):\n%s", diff)
	}
}
