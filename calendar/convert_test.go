package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func TestConvertTimes(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		name       string
		calTZ      string
		start, end *gcal.EventDateTime
		wantStart  time.Time
		wantEnd    time.Time
		wantAllDay bool
		wantTZ     string
	}{
		{
			name:      "new-york-own-zone",
			calTZ:     "Europe/Berlin",
			start:     &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00-05:00", TimeZone: "America/New_York"},
			end:       &gcal.EventDateTime{DateTime: "2026-03-02T11:00:00-05:00", TimeZone: "America/New_York"},
			wantStart: time.Date(2026, 3, 2, 10, 0, 0, 0, ny),
			wantEnd:   time.Date(2026, 3, 2, 11, 0, 0, 0, ny),
			wantTZ:    "America/New_York",
		},
		{
			name:      "new-york-dst-spring-forward-across",
			start:     &gcal.EventDateTime{DateTime: "2026-03-08T01:30:00-05:00", TimeZone: "America/New_York"},
			end:       &gcal.EventDateTime{DateTime: "2026-03-08T03:30:00-04:00", TimeZone: "America/New_York"},
			wantStart: time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC).In(ny),
			wantEnd:   time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC).In(ny),
			wantTZ:    "America/New_York",
		},
		{
			name:      "berlin-from-list-zone-utc-offset-given",
			calTZ:     "Europe/Berlin",
			start:     &gcal.EventDateTime{DateTime: "2026-07-01T07:00:00Z"},
			end:       &gcal.EventDateTime{DateTime: "2026-07-01T08:00:00Z"},
			wantStart: time.Date(2026, 7, 1, 9, 0, 0, 0, berlin),
			wantEnd:   time.Date(2026, 7, 1, 10, 0, 0, 0, berlin),
			wantTZ:    "Europe/Berlin",
		},
		{
			name:       "all-day-in-calendar-zone",
			calTZ:      "Europe/Berlin",
			start:      &gcal.EventDateTime{Date: "2022-02-22"},
			end:        &gcal.EventDateTime{Date: "2022-02-23"},
			wantStart:  time.Date(2022, 2, 22, 0, 0, 0, 0, berlin),
			wantEnd:    time.Date(2022, 2, 23, 0, 0, 0, 0, berlin),
			wantAllDay: true,
			wantTZ:     "Europe/Berlin",
		},
		{
			name:       "all-day-no-zone-is-utc",
			start:      &gcal.EventDateTime{Date: "2022-02-22"},
			end:        &gcal.EventDateTime{Date: "2022-02-23"},
			wantStart:  time.Date(2022, 2, 22, 0, 0, 0, 0, time.UTC),
			wantEnd:    time.Date(2022, 2, 23, 0, 0, 0, 0, time.UTC),
			wantAllDay: true,
		},
		{
			name:      "odd-offset-unknown-zone-keeps-offset",
			start:     &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00+05:45", TimeZone: "Mars/Olympus_Mons"},
			end:       &gcal.EventDateTime{DateTime: "2026-03-02T10:30:00+05:45", TimeZone: "Mars/Olympus_Mons"},
			wantStart: time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("", 5*3600+45*60)),
			wantEnd:   time.Date(2026, 3, 2, 10, 30, 0, 0, time.FixedZone("", 5*3600+45*60)),
			wantTZ:    "Mars/Olympus_Mons",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := convert("cal", tt.calTZ, &gcal.Event{Id: "e1", Start: tt.start, End: tt.end})
			if err != nil {
				t.Fatalf("convert: %v", err)
			}
			// Same instant and same wall clock as the expected zone shows it.
			if !got.Start.Equal(tt.wantStart) || got.Start.String() != tt.wantStart.String() {
				t.Errorf("Start = %v, want %v", got.Start, tt.wantStart)
			}
			if !got.End.Equal(tt.wantEnd) || got.End.Format(time.RFC3339) != tt.wantEnd.Format(time.RFC3339) {
				t.Errorf("End = %v, want %v", got.End, tt.wantEnd)
			}
			if got.AllDay != tt.wantAllDay || got.TimeZone != tt.wantTZ {
				t.Errorf("AllDay, TimeZone = %v, %q, want %v, %q", got.AllDay, got.TimeZone, tt.wantAllDay, tt.wantTZ)
			}
		})
	}
}

func TestConvertFields(t *testing.T) {
	ge := &gcal.Event{
		Id: "abc_20260302T150000Z", RecurringEventId: "abc", ICalUID: "abc@google.com", Status: "confirmed",
		Summary: "Interview with Acme", Description: "Round 2", Location: "Room 1", HtmlLink: "https://calendar/e",
		Start:       &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00-05:00", TimeZone: "America/New_York"},
		End:         &gcal.EventDateTime{DateTime: "2026-03-02T11:00:00-05:00", TimeZone: "America/New_York"},
		Organizer:   &gcal.EventOrganizer{Email: "r@acme.com", DisplayName: "Rita"},
		Creator:     &gcal.EventCreator{Email: "r@acme.com"},
		HangoutLink: "https://meet.google.com/xyz",
		ConferenceData: &gcal.ConferenceData{
			ConferenceSolution: &gcal.ConferenceSolution{Name: "Zoom Meeting"},
			EntryPoints: []*gcal.EntryPoint{
				{EntryPointType: "phone", Uri: "tel:+1"},
				{EntryPointType: "video", Uri: "https://zoom.us/j/1"},
			},
		},
		Attendees: []*gcal.EventAttendee{
			{Email: "me@example.com", Self: true, ResponseStatus: "accepted"},
			{Email: "r@acme.com", DisplayName: "Rita", Organizer: true, ResponseStatus: "accepted"},
			nil,
			{Email: "room@resource.calendar.google.com", Resource: true, ResponseStatus: "accepted"},
		},
		ExtendedProperties: &gcal.EventExtendedProperties{Private: map[string]string{PropKind: PropKindBlock}},
		EventType:          "default",
		Updated:            "2026-03-01T12:00:00.123Z",
	}
	got, err := convert("primary", "UTC", ge)
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	ny := mustZone(t, "America/New_York")
	want := Event{
		CalendarID: "primary", ID: "abc_20260302T150000Z", RecurringEventID: "abc", ICalUID: "abc@google.com",
		Status: "confirmed", Summary: "Interview with Acme", Description: "Round 2", Location: "Room 1",
		HTMLLink: "https://calendar/e", ConferenceURL: "https://zoom.us/j/1", ConferenceName: "Zoom Meeting",
		Start: time.Date(2026, 3, 2, 10, 0, 0, 0, ny), End: time.Date(2026, 3, 2, 11, 0, 0, 0, ny),
		TimeZone:  "America/New_York",
		Organizer: Person{Email: "r@acme.com", Name: "Rita"}, Creator: Person{Email: "r@acme.com"},
		Attendees: []Attendee{
			{Email: "me@example.com", Self: true, Response: "accepted"},
			{Email: "r@acme.com", Name: "Rita", Organizer: true, Response: "accepted"},
			{Email: "room@resource.calendar.google.com", Resource: true, Response: "accepted"},
		},
		Transparency: "opaque", EventType: "default",
		Private: map[string]string{PropKind: PropKindBlock},
		Updated: time.Date(2026, 3, 1, 12, 0, 0, 123e6, time.UTC),
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("convert (-got +want):\n%s", diff)
	}
	if !got.IsBlock() || got.SelfResponse() != "accepted" {
		t.Errorf("IsBlock, SelfResponse = %v, %q, want true, accepted", got.IsBlock(), got.SelfResponse())
	}

	ge.ConferenceData = nil
	if got, _ := convert("primary", "UTC", ge); got.ConferenceURL != "https://meet.google.com/xyz" {
		t.Errorf("ConferenceURL without conferenceData = %q, want the hangoutLink", got.ConferenceURL)
	}
}

func TestConvertHostile(t *testing.T) {
	ok := &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00Z"}
	tests := []struct {
		name       string
		start, end *gcal.EventDateTime
	}{
		{"missing-start", nil, ok},
		{"missing-end", ok, nil},
		{"empty-start", &gcal.EventDateTime{}, ok},
		{"garbage-datetime", &gcal.EventDateTime{DateTime: "tomorrow-ish"}, ok},
		{"offset-out-of-range", &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00+99:00"}, ok},
		{"garbage-date", &gcal.EventDateTime{Date: "2026-13-45"}, &gcal.EventDateTime{Date: "2026-13-46"}},
		{"end-before-start", &gcal.EventDateTime{DateTime: "2026-03-02T11:00:00Z"}, ok},
		{"mixed-date-and-datetime", &gcal.EventDateTime{Date: "2026-03-02"}, ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := convert("cal", "UTC", &gcal.Event{Id: "x", Start: tt.start, End: tt.end})
			if !errors.Is(err, errNoTimes) {
				t.Errorf("convert error = %v, want errNoTimes", err)
			}
		})
	}

	huge := strings.Repeat("é", maxDescription) + "\xff\xfe"
	got, err := convert("cal", "UTC", &gcal.Event{Id: "x", Start: ok, End: ok, Summary: "bad \xff utf8 " + huge, Description: huge})
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	for name, s := range map[string]string{"Summary": got.Summary, "Description": got.Description} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8", name)
		}
	}
	if len(got.Summary) > maxSummary || len(got.Description) > maxDescription {
		t.Errorf("len(Summary), len(Description) = %d, %d, want at most %d, %d", len(got.Summary), len(got.Description), maxSummary, maxDescription)
	}
}
