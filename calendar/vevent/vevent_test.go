package vevent

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/calendar"
)

func mustParse(t testing.TB, name string) *ical.Calendar {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return cal
}

// brief is what the tests compare of an event.
type brief struct {
	ID, Recurring string
	Start, End    string // RFC 3339 in UTC
	Zone          string
	AllDay        bool
	Self          string // the person's reply
	Status        string
	Transparency  string
}

func briefs(evs []*calendar.Event) []brief {
	var out []brief
	for _, e := range evs {
		out = append(out, brief{
			ID: e.ID, Recurring: e.RecurringEventID,
			Start: e.Start.UTC().Format(time.RFC3339), End: e.End.UTC().Format(time.RFC3339),
			Zone: e.TimeZone, AllDay: e.AllDay, Self: e.SelfResponse(), Status: e.Status, Transparency: e.Transparency,
		})
	}
	return out
}

func TestExpand(t *testing.T) {
	w := Window{
		From:  time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		To:    time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC),
		Local: time.UTC,
	}
	tests := []struct {
		name string
		file string
		want []brief
	}{
		{"google-secret-address", "google.ics", []brief{
			// 14:00 in Berlin before the DST change: UTC+1.
			{ID: "7kukuqrfedlm2f9t5gbf8ghd4k@google.com", Start: "2026-03-10T13:00:00Z", End: "2026-03-10T14:00:00Z", Zone: "Europe/Berlin", Self: "accepted", Status: "confirmed", Transparency: "opaque"},
			// Declined by the person: still an event, with their reply.
			{ID: "declined-globex-screen@google.com", Start: "2026-03-12T09:00:00Z", End: "2026-03-12T09:30:00Z", Zone: "Europe/Berlin", Self: "declined", Status: "confirmed", Transparency: "opaque"},
			{ID: "weekly-mentor-call@google.com_20260316T090000Z", Recurring: "weekly-mentor-call@google.com", Start: "2026-03-16T09:00:00Z", End: "2026-03-16T10:00:00Z", Zone: "Europe/Berlin", Status: "confirmed", Transparency: "opaque"},
			// 03-23 is an EXDATE. The all-day event is a day on Berlin's wall clock.
			{ID: "allday-offsite@google.com", Start: "2026-03-19T23:00:00Z", End: "2026-03-20T23:00:00Z", Zone: "Europe/Berlin", AllDay: true, Status: "confirmed", Transparency: "transparent"},
			// The 03-30 occurrence (10:00 CEST = 08:00Z) moved to the 31st;
			// the 04-06 one is cancelled; UNTIL ends the series before 04-13.
			{ID: "weekly-mentor-call@google.com_20260330T080000Z", Recurring: "weekly-mentor-call@google.com", Start: "2026-03-31T14:00:00Z", End: "2026-03-31T15:00:00Z", Zone: "Europe/Berlin", Status: "confirmed", Transparency: "opaque"},
		}},
		{"outlook-windows-zone-dst", "outlook.ics", []brief{
			{ID: "040000008200E00074C5B7101A82E00800000000B0F4E1C7A2A9DC01000000000000000010000000F1D2", Start: "2026-03-05T17:00:00Z", End: "2026-03-05T18:00:00Z", Zone: "America/Los_Angeles", Status: "confirmed", Transparency: "opaque"},
			{ID: standup + "_20260306T163000Z", Recurring: standup, Start: "2026-03-06T16:30:00Z", End: "2026-03-06T16:45:00Z", Zone: "America/Los_Angeles", Status: "confirmed", Transparency: "opaque"},
			{ID: standup + "_20260307T163000Z", Recurring: standup, Start: "2026-03-07T16:30:00Z", End: "2026-03-07T16:45:00Z", Zone: "America/Los_Angeles", Status: "confirmed", Transparency: "opaque"},
			// 8 March: DST starts, 08:30 is now UTC-7.
			{ID: standup + "_20260308T153000Z", Recurring: standup, Start: "2026-03-08T15:30:00Z", End: "2026-03-08T15:45:00Z", Zone: "America/Los_Angeles", Status: "confirmed", Transparency: "opaque"},
			{ID: standup + "_20260310T153000Z", Recurring: standup, Start: "2026-03-10T15:30:00Z", End: "2026-03-10T15:45:00Z", Zone: "America/Los_Angeles", Status: "confirmed", Transparency: "opaque"},
		}},
		{"icloud-vtimezone-only", "icloud.ics", []brief{
			{ID: prep + "_20260327T090000Z", Recurring: prep, Start: "2026-03-27T09:00:00Z", End: "2026-03-27T10:00:00Z", Status: "confirmed", Transparency: "opaque"},
			{ID: prep + "_20260328T090000Z", Recurring: prep, Start: "2026-03-28T09:00:00Z", End: "2026-03-28T10:00:00Z", Status: "confirmed", Transparency: "opaque"},
			// 29 March: the VTIMEZONE's DAYLIGHT rule starts, UTC+2.
			{ID: prep + "_20260329T080000Z", Recurring: prep, Start: "2026-03-29T08:00:00Z", End: "2026-03-29T09:00:00Z", Status: "confirmed", Transparency: "opaque"},
			{ID: "A1B2C3D4-0000-4000-8000-000000000001", Start: "2026-04-01T00:30:00Z", End: "2026-04-01T01:30:00Z", Zone: "Asia/Tokyo", Status: "confirmed", Transparency: "opaque"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, skipped := Expand(mustParse(t, tt.file), "src/cal", w)
			if skipped != 0 {
				t.Errorf("skipped %d components, want 0", skipped)
			}
			if diff := cmp.Diff(briefs(evs), tt.want); diff != "" {
				t.Errorf("Expand(%s) (-got +want):\n%s", tt.file, diff)
			}
			for _, e := range evs {
				if e.CalendarID != "src/cal" {
					t.Errorf("event %s has CalendarID %q, want src/cal", e.ID, e.CalendarID)
				}
			}
		})
	}
}

const (
	standup = "040000008200E00074C5B7101A82E0080000000050A1C3D7A2A9DC01000000000000000010000000AB12"
	prep    = "5B9D6C9E-1B2A-4C55-9F0E-3D6B0A1C2E3F"
)

// TestExpandDetails: the fields detection and the notebook read.
func TestExpandDetails(t *testing.T) {
	w := Window{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)}
	evs, _ := Expand(mustParse(t, "google.ics"), "p/calendar", w)
	e := evs[0]
	if e.Summary != "Technical interview – Acme Corp" || e.ConferenceURL != "https://meet.google.com/abc-defg-hij" ||
		e.Organizer.Email != "jane.doe@acme.example" || e.Organizer.Name != "Jane Doe" ||
		!strings.HasPrefix(e.Description, "Technical interview for the Backend Engineer role.\nJoin with Google Meet") {
		t.Errorf("interview read as %+v", e)
	}
	if len(e.Attendees) != 2 || e.Attendees[0].Name != "Jane Doe" || !e.Attendees[0].Organizer || !e.Attendees[1].Self {
		t.Errorf("attendees = %+v", e.Attendees)
	}
	evs, _ = Expand(mustParse(t, "icloud.ics"), "p/calendar", w)
	last := evs[len(evs)-1]
	if len(last.Attendees) != 2 || !last.Attendees[1].Resource || last.Attendees[0].Name != "Aiko Tanaka" {
		t.Errorf("iCloud attendees = %+v", last.Attendees)
	}
}

// TestBlockRoundTrip: a block written as a VEVENT reads back as a block
// with the same id, times and private properties.
func TestBlockRoundTrip(t *testing.T) {
	start := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	b := calendar.Block{
		CalendarID: "interviews", ID: calendar.BlockID("dav/interviews", "ev1"),
		InterviewCalendarID: "dav/interviews", InterviewEventID: "ev1",
		Summary: "Debrief: Acme", Description: "Run `debrief reflect abc`",
		Start: start, End: start.Add(30 * time.Minute), TimeZone: "Europe/Berlin",
	}
	cal := Block(b, start)
	var sb strings.Builder
	if err := ical.NewEncoder(&sb).Encode(cal); err != nil {
		t.Fatal(err)
	}
	back, err := ical.NewDecoder(strings.NewReader(sb.String())).Decode()
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := Expand(back, "dav/interviews", Window{From: start.Add(-time.Hour), To: start.Add(time.Hour)})
	if len(evs) != 1 {
		t.Fatalf("read back %d events, want 1:\n%s", len(evs), sb.String())
	}
	e := evs[0]
	if !e.IsBlock() || e.ID != b.ID || !e.Start.Equal(b.Start) || !e.End.Equal(b.End) || e.Private[calendar.PropInterview] != "ev1" {
		t.Errorf("block read back as %+v", e)
	}
	if ws, we, ok := e.Written(); !ok || !ws.Equal(b.Start) || !we.Equal(b.End) {
		t.Errorf("Written() = %v, %v, %v", ws, we, ok)
	}
}

// TestExpandHostileRules: rules that would run forever are cut short and
// counted as skipped; the calendar's other events still come.
func TestExpandHostileRules(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	for i := range 20 {
		b.WriteString("BEGIN:VEVENT\r\nUID:storm" + string(rune('a'+i)) + "\r\nDTSTART:19900301T100000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n")
	}
	b.WriteString("BEGIN:VEVENT\r\nUID:iv\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T110000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	cal, err := Decode(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	evs, skipped := Expand(cal, "p/calendar", Window{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if len(evs) != 1 || evs[0].ID != "iv" || skipped != 20 {
		t.Errorf("Expand = %d events (%v), %d skipped; want the interview and 20 skipped", len(evs), briefs(evs), skipped)
	}
}

// TestDecodeMalformed: input go-ical panics on is an error.
func TestDecodeMalformed(t *testing.T) {
	if _, err := Decode(strings.NewReader("0;0=")); err == nil {
		t.Error(`Decode("0;0=") = nil error, want one`)
	}
}
