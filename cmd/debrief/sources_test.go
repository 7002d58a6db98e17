package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/notebook"
)

// putInterview puts an interview ending at end on calID of fake.
func putInterview(fake *calendartest.Server, calID, company string, end time.Time) *gcal.Event {
	return fake.Put(calID, &gcal.Event{
		Summary:   "Technical interview – " + company,
		Start:     &gcal.EventDateTime{DateTime: end.Add(-45 * time.Minute).Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		End:       &gcal.EventDateTime{DateTime: end.Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		Organizer: &gcal.EventOrganizer{Email: "sam@" + strings.ToLower(company) + ".example"},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "sam@" + strings.ToLower(company) + ".example", Organizer: true, ResponseStatus: "accepted"},
		},
	})
}

// blocksOn returns the ids of debrief's blocks on calID of fake.
func blocksOn(fake *calendartest.Server, calID string) []string {
	var ids []string
	for _, e := range fake.Events(calID) {
		if e.ExtendedProperties != nil && e.ExtendedProperties.Private[calendar.PropKind] == calendar.PropKindBlock && e.Status != "cancelled" {
			ids = append(ids, e.Id)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestTwoGoogleAccounts: two Google accounts as two sources, each with its
// own calendars and its own state; blocks go to the one block.calendar
// names, with ids distinct across sources; a second run adds nothing.
func TestTwoGoogleAccounts(t *testing.T) {
	home, work := calendartest.New(), calendartest.New()
	t.Cleanup(home.Close)
	t.Cleanup(work.Close)
	work.AddCalendar("team@example.com", "Europe/Berlin")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	file := fmt.Sprintf(`
[calendar]
poll_interval = "5s"
max_attempts = 1

[block]
calendar = "work/primary"

[notify]
backend = "log"

[notebook]
dir = %q

[state]
dir = %q

[[sources]]
name = "home"
kind = "google"
endpoint = %q
auth = "none"

[[sources]]
name = "work"
kind = "google"
calendars = ["primary", "team@example.com"]
endpoint = %q
auth = "none"
`, filepath.Join(dir, "nb"), filepath.Join(dir, "state"), home.Endpoint(), work.Endpoint())
	if err := os.WriteFile(cfg, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
	a := putInterview(home, "primary", "Acme", end)
	b := putInterview(work, "team@example.com", "Globex", end.Add(24*time.Hour))
	getenv := func(k string) string {
		if k == "HOME" {
			return dir
		}
		return ""
	}
	for i := range 2 {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), []string{"--config", cfg, "daemon", "--once"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
			t.Fatalf("daemon --once (run %d): %v\n%s", i+1, err, errOut.String())
		}
	}
	want := []string{calendar.BlockID("home/primary", a.Id), calendar.BlockID("work/team@example.com", b.Id)}
	slices.Sort(want)
	if got := blocksOn(work, "primary"); !slices.Equal(got, want) {
		t.Errorf("blocks on work/primary = %v, want %v", got, want)
	}
	if got := blocksOn(home, "primary"); len(got) != 0 {
		t.Errorf("blocks on home/primary = %v, want none (block.calendar is work/primary)", got)
	}
	book, err := notebook.Open(slog.New(slog.DiscardHandler), filepath.Join(dir, "nb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []struct{ cal, ev string }{{"home/primary", a.Id}, {"work/team@example.com", b.Id}} {
		if _, err := book.Get(notebook.RecordID(ref.cal, ref.ev)); err != nil {
			t.Errorf("record of %s %s: %v", ref.cal, ref.ev, err)
		}
	}
	for _, src := range []string{"home", "work"} {
		if _, err := os.Stat(filepath.Join(dir, "state", "sources", src, "calendar")); err != nil {
			t.Errorf("source %s has no state of its own: %v", src, err)
		}
	}
}
