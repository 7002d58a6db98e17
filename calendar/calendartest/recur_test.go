package calendartest

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

func TestRecurrenceExpansion(t *testing.T) {
	tests := []struct {
		name       string
		zone       string
		start      string // local wall time in zone, or a date
		recurrence []string
		wantIDs    []string // suffixes after "<master>_"
		wantStarts []string // start.dateTime or start.date of each
	}{
		{
			name:       "daily-count",
			zone:       "America/Chicago",
			start:      "2025-03-24T07:30:00",
			recurrence: []string{"RRULE:FREQ=DAILY;COUNT=3"},
			wantIDs:    []string{"20250324T123000Z", "20250325T123000Z", "20250326T123000Z"},
			wantStarts: []string{"2025-03-24T07:30:00-05:00", "2025-03-25T07:30:00-05:00", "2025-03-26T07:30:00-05:00"},
		},
		{
			name:       "daily-interval",
			zone:       "UTC",
			start:      "2025-03-24T09:00:00",
			recurrence: []string{"RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3"},
			wantIDs:    []string{"20250324T090000Z", "20250326T090000Z", "20250328T090000Z"},
			wantStarts: []string{"2025-03-24T09:00:00Z", "2025-03-26T09:00:00Z", "2025-03-28T09:00:00Z"},
		},
		{
			name:       "weekly-byday-count",
			zone:       "UTC",
			start:      "2025-03-24T09:00:00", // a Monday
			recurrence: []string{"RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=5"},
			wantIDs:    []string{"20250324T090000Z", "20250326T090000Z", "20250328T090000Z", "20250331T090000Z", "20250402T090000Z"},
			wantStarts: []string{"2025-03-24T09:00:00Z", "2025-03-26T09:00:00Z", "2025-03-28T09:00:00Z", "2025-03-31T09:00:00Z", "2025-04-02T09:00:00Z"},
		},
		{
			name:       "weekly-interval-until-inclusive",
			zone:       "UTC",
			start:      "2025-03-25T09:00:00", // a Tuesday
			recurrence: []string{"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20250422T090000Z"},
			wantIDs:    []string{"20250325T090000Z", "20250408T090000Z", "20250422T090000Z"},
			wantStarts: []string{"2025-03-25T09:00:00Z", "2025-04-08T09:00:00Z", "2025-04-22T09:00:00Z"},
		},
		{
			name:       "weekly-dst-keeps-wall-time",
			zone:       "Europe/Berlin",
			start:      "2025-03-24T09:00:00",
			recurrence: []string{"RRULE:FREQ=WEEKLY;COUNT=2"},
			wantIDs:    []string{"20250324T080000Z", "20250331T070000Z"},
			wantStarts: []string{"2025-03-24T09:00:00+01:00", "2025-03-31T09:00:00+02:00"},
		},
		{
			name:       "exdate-with-tzid-and-utc",
			zone:       "America/Chicago",
			start:      "2025-03-24T07:30:00",
			recurrence: []string{"RRULE:FREQ=DAILY;COUNT=4", "EXDATE;TZID=America/Chicago:20250325T073000", "EXDATE:20250326T123000Z"},
			wantIDs:    []string{"20250324T123000Z", "20250327T123000Z"},
			wantStarts: []string{"2025-03-24T07:30:00-05:00", "2025-03-27T07:30:00-05:00"},
		},
		{
			name:       "monthly-skips-short-months",
			zone:       "UTC",
			start:      "2025-01-31T09:00:00",
			recurrence: []string{"RRULE:FREQ=MONTHLY;COUNT=3"},
			wantIDs:    []string{"20250131T090000Z", "20250331T090000Z", "20250531T090000Z"},
			wantStarts: []string{"2025-01-31T09:00:00Z", "2025-03-31T09:00:00Z", "2025-05-31T09:00:00Z"},
		},
		{
			name:       "all-day-daily",
			zone:       "Europe/Paris",
			start:      "2025-03-24",
			recurrence: []string{"RRULE:FREQ=DAILY;COUNT=2", "EXDATE;VALUE=DATE:20250326"},
			wantIDs:    []string{"20250324", "20250325"},
			wantStarts: []string{"2025-03-24", "2025-03-25"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t)
			svc := mustService(t, s)
			s.AddCalendar("cal", tt.zone)
			master := &gcal.Event{Id: "series01", Summary: "series", Recurrence: tt.recurrence}
			if len(tt.start) == len("2025-03-24") {
				end, _ := time.Parse("2006-01-02", tt.start)
				master.Start = &gcal.EventDateTime{Date: tt.start}
				master.End = &gcal.EventDateTime{Date: end.AddDate(0, 0, 1).Format("2006-01-02")}
			} else {
				master.Start = &gcal.EventDateTime{DateTime: tt.start, TimeZone: tt.zone}
				master.End = &gcal.EventDateTime{DateTime: tt.start[:11] + "23:59:00", TimeZone: tt.zone}
			}
			if _, err := svc.Events.Insert("cal", master).Do(); err != nil {
				t.Fatalf("insert series: %v", err)
			}
			items, _ := syncAll(t, svc.Events.List("cal").SingleEvents(true).OrderBy("startTime"))
			var gotIDs, gotStarts []string
			for _, e := range items {
				gotIDs = append(gotIDs, e.Id[len("series01_"):])
				gotStarts = append(gotStarts, e.Start.DateTime+e.Start.Date)
				if e.RecurringEventId != "series01" || e.OriginalStartTime == nil || e.Recurrence != nil {
					t.Errorf("instance %s: recurringEventId %q originalStartTime %v recurrence %v", e.Id, e.RecurringEventId, e.OriginalStartTime, e.Recurrence)
				}
				if e.Start.TimeZone != master.Start.TimeZone {
					t.Errorf("instance %s zone %q, want the master's %q", e.Id, e.Start.TimeZone, master.Start.TimeZone)
				}
			}
			if diff := cmp.Diff(gotIDs, tt.wantIDs); diff != "" {
				t.Errorf("instance ids (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(gotStarts, tt.wantStarts); diff != "" {
				t.Errorf("instance starts (-got +want):\n%s", diff)
			}
			series, _ := syncAll(t, svc.Events.List("cal"))
			if diff := cmp.Diff(ids(series), []string{"series01"}); diff != "" {
				t.Errorf("singleEvents=false (-got +want):\n%s", diff)
			}
		})
	}
}

func TestEndlessSeriesStopsAtHorizon(t *testing.T) {
	s := mustServer(t) // clock: 2025-03-20T12:00Z
	st, en := timed(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), time.Hour, "UTC")
	s.Put("primary", &gcal.Event{Id: "endless01", Start: st, End: en, Recurrence: []string{"RRULE:FREQ=DAILY"}})
	evs := s.Events("primary")
	last := evs[len(evs)-1]
	// The last instance starts before clock + 366 days (2026-03-21T12:00Z).
	if got, want := last.Id, "endless01_20260321T090000Z"; got != want {
		t.Errorf("last instance = %s, want %s", got, want)
	}
	if got, want := len(evs), 386; got != want {
		t.Errorf("instances = %d, want %d", got, want)
	}
}

func TestInstanceEdits(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	st, en := timed(time.Date(2025, 3, 24, 9, 0, 0, 0, time.UTC), time.Hour, "Europe/London")
	s.Put("primary", &gcal.Event{Id: "weekly01", Summary: "1:1", Start: st, End: en, Recurrence: []string{"RRULE:FREQ=WEEKLY;COUNT=4"}})
	_, seriesToken := syncAll(t, svc.Events.List("primary"))
	_, singleToken := syncAll(t, svc.Events.List("primary").SingleEvents(true))

	// The person moves the second instance an hour later and deletes the third.
	moved, ok := s.Event("primary", "weekly01_20250331T080000Z")
	if !ok {
		t.Fatalf("no instance weekly01_20250331T080000Z: %v", ids(s.Events("primary")))
	}
	moved.Start, moved.End = timed(time.Date(2025, 3, 31, 9, 0, 0, 0, time.UTC), time.Hour, "Europe/London")
	s.Put("primary", moved)
	s.Remove("primary", "weekly01_20250407T080000Z")

	t.Run("series-view", func(t *testing.T) {
		items, _ := syncAll(t, svc.Events.List("primary"))
		got := map[string]string{}
		for _, e := range items {
			got[e.Id] = e.Status
		}
		want := map[string]string{"weekly01": "confirmed", "weekly01_20250331T080000Z": "confirmed", "weekly01_20250407T080000Z": "cancelled"}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("full list singleEvents=false (-got +want):\n%s", diff)
		}
	})
	t.Run("series-incremental", func(t *testing.T) {
		items, _ := syncAll(t, svc.Events.List("primary").SyncToken(seriesToken))
		got := map[string]string{}
		for _, e := range items {
			got[e.Id] = e.Status
		}
		want := map[string]string{"weekly01": "confirmed", "weekly01_20250331T080000Z": "confirmed", "weekly01_20250407T080000Z": "cancelled"}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("incremental singleEvents=false (-got +want):\n%s", diff)
		}
	})
	t.Run("single-incremental", func(t *testing.T) {
		items, _ := syncAll(t, svc.Events.List("primary").SingleEvents(true).SyncToken(singleToken))
		got := map[string]string{}
		for _, e := range items {
			got[e.Id] = e.Status
			if e.Start != nil {
				got[e.Id] += " " + e.Start.DateTime
			}
		}
		want := map[string]string{
			"weekly01_20250331T080000Z": "confirmed 2025-03-31T10:00:00+01:00",
			"weekly01_20250407T080000Z": "cancelled",
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("incremental singleEvents=true (-got +want):\n%s", diff)
		}
	})
	t.Run("exception-keeps-original-start", func(t *testing.T) {
		got, err := svc.Events.Get("primary", "weekly01_20250331T080000Z").Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.OriginalStartTime == nil || got.OriginalStartTime.DateTime != "2025-03-31T09:00:00+01:00" || got.RecurringEventId != "weekly01" {
			t.Errorf("exception = originalStartTime %+v recurringEventId %q", got.OriginalStartTime, got.RecurringEventId)
		}
	})
	t.Run("series-edit-spares-exceptions", func(t *testing.T) {
		_, token := syncAll(t, svc.Events.List("primary").SingleEvents(true))
		if _, err := svc.Events.Patch("primary", "weekly01", &gcal.Event{Summary: "1:1 renamed"}).Do(); err != nil {
			t.Fatal(err)
		}
		items, _ := syncAll(t, svc.Events.List("primary").SingleEvents(true).SyncToken(token))
		got := map[string]string{}
		for _, e := range items {
			got[e.Id] = e.Summary
		}
		want := map[string]string{"weekly01_20250324T090000Z": "1:1 renamed", "weekly01_20250414T080000Z": "1:1 renamed"}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("incremental after renaming the series (-got +want):\n%s", diff)
		}
	})
	t.Run("delete-instance-through-api", func(t *testing.T) {
		if err := svc.Events.Delete("primary", "weekly01_20250414T080000Z").Do(); err != nil {
			t.Fatal(err)
		}
		wantAPIErr(t, svc.Events.Delete("primary", "weekly01_20250414T080000Z").Do(), http.StatusGone, "deleted")
		if evs := s.Events("primary"); len(evs) != 2 {
			t.Errorf("Events = %v, want 2 left", ids(evs))
		}
	})
}

func TestSeriesTimeWindow(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	st, en := timed(time.Date(2025, 3, 24, 9, 0, 0, 0, time.UTC), time.Hour, "UTC")
	s.Put("primary", &gcal.Event{Id: "three01", Start: st, End: en, Recurrence: []string{"RRULE:FREQ=WEEKLY;COUNT=3"}})
	old, oldEnd := timed(time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC), time.Hour, "UTC")
	s.Put("primary", &gcal.Event{Id: "endless02", Start: old, End: oldEnd, Recurrence: []string{"RRULE:FREQ=WEEKLY"}})
	tests := []struct {
		name    string
		timeMin string
		timeMax string
		want    []string
	}{
		{"last-instance-in-window", "2025-04-07T09:30:00Z", "", []string{"endless02", "three01"}},
		{"after-the-last-instance", "2025-04-07T10:00:00Z", "", []string{"endless02"}},
		{"before-the-first", "", "2025-03-24T09:00:00Z", []string{"endless02"}},
		{"endless-far-ahead", "2030-01-01T00:00:00Z", "", []string{"endless02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := svc.Events.List("primary")
			if tt.timeMin != "" {
				call.TimeMin(tt.timeMin)
			}
			if tt.timeMax != "" {
				call.TimeMax(tt.timeMax)
			}
			items, _ := syncAll(t, call)
			got := ids(items)
			slices.Sort(got)
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("series in window (-got +want):\n%s", diff)
			}
		})
	}
}
