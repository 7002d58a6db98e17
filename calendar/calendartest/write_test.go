package calendartest

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

// blockEvent is an event shaped like debrief's reflection block.
func blockEvent(id string) *gcal.Event {
	st, en := timed(base, 30*time.Minute, "Europe/Paris")
	return &gcal.Event{
		Id:                 id,
		Summary:            "Reflect",
		Description:        "debrief reflect x",
		Start:              st,
		End:                en,
		Transparency:       "opaque",
		Reminders:          &gcal.EventReminders{UseDefault: false, ForceSendFields: []string{"UseDefault"}},
		ExtendedProperties: &gcal.EventExtendedProperties{Private: map[string]string{"debrief": "block", "debriefInterview": "abc_20250321T080000Z"}},
	}
}

func TestInsertKeepsWhatWasSent(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	got, err := svc.Events.Insert("primary", blockEvent("block00001")).Do()
	if err != nil {
		t.Fatal(err)
	}
	if got.Reminders == nil || got.Reminders.UseDefault || len(got.Reminders.Overrides) != 0 {
		t.Errorf("reminders = %+v, want useDefault false, no overrides", got.Reminders)
	}
	if diff := cmp.Diff(got.ExtendedProperties.Private, blockEvent("").ExtendedProperties.Private); diff != "" {
		t.Errorf("private properties (-got +want):\n%s", diff)
	}
	if got.Kind != "calendar#event" || got.Status != "confirmed" || got.Etag == "" || got.Created == "" || got.Updated == "" || got.ICalUID == "" || got.HtmlLink == "" {
		t.Errorf("server fields missing: %+v", got)
	}
	if got.Organizer == nil || got.Organizer.Email != PrimaryEmail || !got.Organizer.Self {
		t.Errorf("organizer = %+v, want the calendar's owner", got.Organizer)
	}
	// The stored JSON says useDefault false explicitly, as Google does.
	_, body := rawGet(t, s, "/calendar/v3/calendars/primary/events/block00001")
	if diff := cmp.Diff(body["reminders"], any(map[string]any{"useDefault": false})); diff != "" {
		t.Errorf("stored reminders (-got +want):\n%s", diff)
	}
}

func TestInsertValidation(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	st, en := timed(base, time.Hour, "UTC")
	tests := []struct {
		name       string
		ev         *gcal.Event
		wantReason string
	}{
		{"no-start", &gcal.Event{End: en}, "required"},
		{"no-end", &gcal.Event{Start: st}, "required"},
		{"end-before-start", &gcal.Event{Start: en, End: st}, "timeRangeEmpty"},
		{"date-and-dateTime-mixed", &gcal.Event{Start: &gcal.EventDateTime{Date: "2025-03-21"}, End: en}, "badRequest"},
		{"local-time-without-zone", &gcal.Event{Start: &gcal.EventDateTime{DateTime: "2025-03-21T09:00:00"}, End: en}, "invalid"},
		{"recurring-without-zone", &gcal.Event{Start: &gcal.EventDateTime{DateTime: "2025-03-21T09:00:00Z"}, End: &gcal.EventDateTime{DateTime: "2025-03-21T10:00:00Z"}, Recurrence: []string{"RRULE:FREQ=DAILY"}}, "required"},
		{"unsupported-rrule", &gcal.Event{Start: st, End: en, Recurrence: []string{"RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO"}}, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Events.Insert("primary", tt.ev).Do()
			wantAPIErr(t, err, http.StatusBadRequest, tt.wantReason)
		})
	}
	t.Run("zero-length", func(t *testing.T) {
		if _, err := svc.Events.Insert("primary", &gcal.Event{Start: st, End: st}).Do(); err != nil {
			t.Errorf("insert zero-length event: %v", err)
		}
	})
	t.Run("local-time-with-zone", func(t *testing.T) {
		got, err := svc.Events.Insert("primary", &gcal.Event{
			Start: &gcal.EventDateTime{DateTime: "2025-03-21T09:00:00", TimeZone: "America/New_York"},
			End:   &gcal.EventDateTime{DateTime: "2025-03-21T10:00:00", TimeZone: "America/New_York"},
		}).Do()
		if err != nil {
			t.Fatal(err)
		}
		// 09:00 in New York on 2025-03-21 is 13:00 UTC (EDT).
		items, _ := syncAll(t, svc.Events.List("primary").SingleEvents(true).TimeMin("2025-03-21T13:59:00Z").TimeMax("2025-03-21T14:00:00Z"))
		if diff := cmp.Diff(ids(items), []string{got.Id}); diff != "" {
			t.Errorf("events in 13:59–14:00 UTC (-got +want):\n%s", diff)
		}
	})
}

func TestGetDeleteStatuses(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	gone := s.Put("primary", ev("", "gone", base))
	s.Remove("primary", gone.Id)
	live := s.Put("primary", ev("", "live", base))
	t.Run("get-unknown", func(t *testing.T) {
		_, err := svc.Events.Get("primary", "nosuchevent").Do()
		wantAPIErr(t, err, http.StatusNotFound, "notFound")
	})
	t.Run("get-unknown-calendar", func(t *testing.T) {
		_, err := svc.Events.Get("nobody@example.com", live.Id).Do()
		wantAPIErr(t, err, http.StatusNotFound, "notFound")
	})
	t.Run("get-deleted", func(t *testing.T) {
		got, err := svc.Events.Get("primary", gone.Id).Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != "cancelled" || got.Summary != "gone" {
			t.Errorf("deleted event = %q %q, want cancelled with its fields", got.Status, got.Summary)
		}
	})
	t.Run("delete-unknown", func(t *testing.T) {
		wantAPIErr(t, svc.Events.Delete("primary", "nosuchevent").Do(), http.StatusNotFound, "notFound")
	})
	t.Run("delete-twice", func(t *testing.T) {
		if err := svc.Events.Delete("primary", live.Id).Do(); err != nil {
			t.Fatalf("first delete: %v", err)
		}
		ge := wantAPIErr(t, svc.Events.Delete("primary", live.Id).Do(), http.StatusGone, "deleted")
		if ge.Message != "Resource has been deleted" {
			t.Errorf("message = %q", ge.Message)
		}
	})
	t.Run("delete-removed-by-person", func(t *testing.T) {
		wantAPIErr(t, svc.Events.Delete("primary", gone.Id).Do(), http.StatusGone, "deleted")
	})
}

func TestPatchAndUpdate(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	clock := base
	s.SetClock(func() time.Time { return clock })
	orig, err := svc.Events.Insert("primary", blockEvent("block00002")).Do()
	if err != nil {
		t.Fatal(err)
	}
	_, token := syncAll(t, svc.Events.List("primary"))

	clock = clock.Add(time.Minute)
	newStart := &gcal.EventDateTime{DateTime: "2025-03-21T11:00:00Z"}
	newEnd := &gcal.EventDateTime{DateTime: "2025-03-21T11:30:00Z"}
	patched, err := svc.Events.Patch("primary", orig.Id, &gcal.Event{Start: newStart, End: newEnd, NullFields: []string{"Description"}}).Do()
	if err != nil {
		t.Fatalf("patch: %v", err)
	}
	t.Run("patch-replaces-start-whole", func(t *testing.T) {
		if diff := cmp.Diff(patched.Start, newStart); diff != "" {
			t.Errorf("start (-got +want):\n%s", diff)
		}
	})
	t.Run("patch-keeps-other-fields", func(t *testing.T) {
		if patched.Summary != "Reflect" || patched.Reminders == nil || patched.Reminders.UseDefault || patched.ExtendedProperties.Private["debrief"] != "block" {
			t.Errorf("patched = %+v", patched)
		}
	})
	t.Run("patch-null-clears", func(t *testing.T) {
		if patched.Description != "" {
			t.Errorf("description = %q, want cleared", patched.Description)
		}
	})
	t.Run("patch-bumps-stamps", func(t *testing.T) {
		if patched.Sequence != orig.Sequence+1 || patched.Etag == orig.Etag || patched.Updated == orig.Updated || patched.Created != orig.Created {
			t.Errorf("sequence %d→%d etag %s→%s updated %s→%s created %s→%s", orig.Sequence, patched.Sequence, orig.Etag, patched.Etag, orig.Updated, patched.Updated, orig.Created, patched.Created)
		}
	})

	clock = clock.Add(time.Minute)
	updated, err := svc.Events.Update("primary", orig.Id, &gcal.Event{Summary: "Reflect again", Start: newStart, End: newEnd}).Do()
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	t.Run("update-replaces", func(t *testing.T) {
		if updated.ExtendedProperties != nil || updated.Transparency != "" || updated.Summary != "Reflect again" {
			t.Errorf("updated = %+v, want only what was sent", updated)
		}
		if updated.Sequence != patched.Sequence+1 || updated.Etag == patched.Etag || updated.Id != orig.Id || updated.Created != orig.Created {
			t.Errorf("update stamps: sequence %d etag %s id %s", updated.Sequence, updated.Etag, updated.Id)
		}
	})
	t.Run("own-writes-in-incremental", func(t *testing.T) {
		items, _ := syncAll(t, svc.Events.List("primary").SyncToken(token))
		if len(items) != 1 || items[0].Summary != "Reflect again" {
			t.Errorf("incremental = %+v, want the updated event once", items)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		_, err := svc.Events.Patch("primary", "nosuchevent", &gcal.Event{Summary: "x"}).Do()
		wantAPIErr(t, err, http.StatusNotFound, "notFound")
		_, err = svc.Events.Update("primary", "nosuchevent", &gcal.Event{Summary: "x"}).Do()
		wantAPIErr(t, err, http.StatusNotFound, "notFound")
	})
	t.Run("if-match-stale", func(t *testing.T) {
		call := svc.Events.Patch("primary", orig.Id, &gcal.Event{Summary: "stale"})
		call.Header().Set("If-Match", orig.Etag)
		_, err := call.Do()
		wantAPIErr(t, err, http.StatusPreconditionFailed, "conditionNotMet")
	})
	t.Run("if-match-current", func(t *testing.T) {
		call := svc.Events.Patch("primary", orig.Id, &gcal.Event{Summary: "fresh"})
		call.Header().Set("If-Match", updated.Etag)
		if _, err := call.Do(); err != nil {
			t.Errorf("patch with current etag: %v", err)
		}
	})
	t.Run("patch-deleted-stays-deleted", func(t *testing.T) {
		if err := svc.Events.Delete("primary", orig.Id).Do(); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Events.Patch("primary", orig.Id, &gcal.Event{Summary: "later"}).Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != "cancelled" {
			t.Errorf("status = %q, want cancelled", got.Status)
		}
	})
}

func TestPutRemoveEvent(t *testing.T) {
	s := mustServer(t)
	clock := base
	s.SetClock(func() time.Time { return clock })
	e := s.Put("primary", ev("", "a", base))
	if !validID(e.Id) || e.Sequence != 0 || e.Updated != "2025-03-21T09:00:00.000Z" {
		t.Errorf("Put = id %q sequence %d updated %s", e.Id, e.Sequence, e.Updated)
	}
	clock = clock.Add(time.Second)
	e.Summary = "b"
	again := s.Put("primary", e)
	if again.Sequence != 1 || again.Etag == e.Etag || again.Updated != "2025-03-21T09:00:01.000Z" {
		t.Errorf("second Put = sequence %d etag %s updated %s", again.Sequence, again.Etag, again.Updated)
	}
	// Put keeps an invitation's organizer.
	inv := ev("", "Interview", base)
	inv.Organizer = &gcal.EventOrganizer{Email: "recruiter@acme.example"}
	inv.Attendees = []*gcal.EventAttendee{{Email: PrimaryEmail, Self: true, ResponseStatus: "accepted"}}
	if got := s.Put("primary", inv); got.Organizer.Email != "recruiter@acme.example" {
		t.Errorf("organizer = %+v", got.Organizer)
	}
	s.Remove("primary", e.Id)
	got, ok := s.Event("primary", e.Id)
	if !ok || got.Status != "cancelled" {
		t.Errorf("Event after Remove = %v, %v; want cancelled", got, ok)
	}
	if _, ok := s.Event("primary", "nosuchevent"); ok {
		t.Errorf("Event(unknown) found")
	}
	if evs := s.Events("primary"); len(evs) != 1 || evs[0].Summary != "Interview" {
		t.Errorf("Events = %v, want the invitation only", ids(evs))
	}
	// A copy: changing it changes nothing stored.
	got.Summary = "changed"
	if again, _ := s.Event("primary", e.Id); again.Summary != "b" {
		t.Errorf("stored summary = %q after changing a copy", again.Summary)
	}
}

func TestPutPanicsOnInvalid(t *testing.T) {
	s := mustServer(t)
	tests := []struct {
		name string
		cal  string
		ev   *gcal.Event
	}{
		{"unknown-calendar", "nobody", ev("", "x", base)},
		{"no-end", "primary", &gcal.Event{Start: &gcal.EventDateTime{DateTime: "2025-03-21T09:00:00Z"}}},
		{"unsupported-rrule", "primary", &gcal.Event{Start: &gcal.EventDateTime{DateTime: "2025-03-21T09:00:00Z"}, End: &gcal.EventDateTime{DateTime: "2025-03-21T10:00:00Z"}, Recurrence: []string{"EXRULE:FREQ=DAILY"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Put did not panic")
				}
			}()
			s.Put(tt.cal, tt.ev)
		})
	}
}

func TestFailedWriteChangesNothing(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	e := s.Put("primary", ev("", "a", base))
	page, err := svc.Events.List("primary").Do()
	if err != nil {
		t.Fatal(err)
	}
	st, en := timed(base, time.Hour, "UTC")
	_, err = svc.Events.Patch("primary", e.Id, &gcal.Event{Summary: "b", Start: en, End: st}).Do()
	wantAPIErr(t, err, http.StatusBadRequest, "timeRangeEmpty")
	_, err = svc.Events.Insert("primary", &gcal.Event{Summary: "c", Start: st}).Do()
	wantAPIErr(t, err, http.StatusBadRequest, "required")

	items, _ := syncAll(t, svc.Events.List("primary").SyncToken(page.NextSyncToken))
	if len(items) != 0 {
		t.Errorf("incremental after failed writes = %v, want nothing", ids(items))
	}
	got, _ := s.Event("primary", e.Id)
	if diff := cmp.Diff(got, e); diff != "" {
		t.Errorf("event after failed patch (-got +want):\n%s", diff)
	}
	again, err := svc.Events.List("primary").Do()
	if err != nil {
		t.Fatal(err)
	}
	if again.Updated != page.Updated {
		t.Errorf("calendar updated %s → %s by failed writes", page.Updated, again.Updated)
	}
}

func TestContentRules(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	long := "debriefInterviewCalendarIdentifierLongerThan44"
	tests := []struct {
		name       string
		change     func(*gcal.Event)
		wantReason string // "" for success
	}{
		{"default-and-overrides", func(e *gcal.Event) {
			e.Reminders = &gcal.EventReminders{UseDefault: true, Overrides: []*gcal.EventReminder{{Method: "popup", Minutes: 10}}}
		}, "cannotUseDefaultRemindersAndSpecifyOverride"},
		{"six-overrides", func(e *gcal.Event) {
			e.Reminders = &gcal.EventReminders{ForceSendFields: []string{"UseDefault"}}
			for range 6 {
				e.Reminders.Overrides = append(e.Reminders.Overrides, &gcal.EventReminder{Method: "popup", Minutes: 10})
			}
		}, "invalid"},
		{"unknown-transparency", func(e *gcal.Event) { e.Transparency = "busy" }, "invalid"},
		{"property-value-too-long", func(e *gcal.Event) {
			e.ExtendedProperties = &gcal.EventExtendedProperties{Private: map[string]string{"k": string(make([]byte, 1025))}}
		}, "invalid"},
		{"property-key-too-long-dropped", func(e *gcal.Event) {
			e.ExtendedProperties = &gcal.EventExtendedProperties{Private: map[string]string{"debrief": "block", long: "x"}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ev("", "x", base)
			tt.change(e)
			got, err := svc.Events.Insert("primary", e).Do()
			if tt.wantReason != "" {
				wantAPIErr(t, err, http.StatusBadRequest, tt.wantReason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got.ExtendedProperties.Private, map[string]string{"debrief": "block"}); diff != "" {
				t.Errorf("private properties (-got +want):\n%s", diff)
			}
		})
	}
}
