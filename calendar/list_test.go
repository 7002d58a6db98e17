package calendar_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
)

func TestCalendars(t *testing.T) {
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	fake.AddCalendar("interviews@group.calendar.google.com", "Europe/Paris")
	c, err := calendar.New(context.Background(), slog.New(slog.DiscardHandler), calendar.Config{Endpoint: fake.Endpoint(), StateDir: t.TempDir(), MaxAttempts: 1}, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Calendars(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Info{
		{ID: calendartest.PrimaryEmail, Summary: calendartest.PrimaryEmail, TimeZone: "UTC", AccessRole: "owner", Primary: true},
		{ID: "interviews@group.calendar.google.com", Summary: "interviews@group.calendar.google.com", TimeZone: "Europe/Paris", AccessRole: "owner"},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Calendars (-got +want):\n%s", diff)
	}
	if !got[0].Writable() {
		t.Errorf("owner calendar not writable")
	}
	if (calendar.Info{AccessRole: "reader"}).Writable() {
		t.Errorf("reader calendar writable")
	}
}
