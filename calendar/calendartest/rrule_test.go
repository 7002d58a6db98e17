package calendartest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRecurrenceRefuses(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		wantErr string
	}{
		{"no-colon", []string{"RRULE"}, "no value"},
		{"hourly", []string{"RRULE:FREQ=HOURLY"}, "FREQ=HOURLY"},
		{"no-freq", []string{"RRULE:COUNT=2"}, "no FREQ"},
		{"bad-interval", []string{"RRULE:FREQ=DAILY;INTERVAL=0"}, "INTERVAL"},
		{"bad-count", []string{"RRULE:FREQ=DAILY;COUNT=x"}, "COUNT"},
		{"bad-until", []string{"RRULE:FREQ=DAILY;UNTIL=tomorrow"}, "UNTIL"},
		{"bad-wkst", []string{"RRULE:FREQ=WEEKLY;WKST=XX"}, "WKST"},
		{"ordinal-byday", []string{"RRULE:FREQ=WEEKLY;BYDAY=1MO"}, "BYDAY"},
		{"byday-monthly", []string{"RRULE:FREQ=MONTHLY;BYDAY=MO"}, "BYDAY with FREQ=MONTHLY"},
		{"bymonthday", []string{"RRULE:FREQ=MONTHLY;BYMONTHDAY=1"}, "BYMONTHDAY"},
		{"part-without-value", []string{"RRULE:FREQ=DAILY;COUNT"}, "no value"},
		{"two-rrules", []string{"RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY"}, "more than one"},
		{"exrule", []string{"EXRULE:FREQ=DAILY"}, "not supported"},
		{"bad-tzid", []string{"RRULE:FREQ=DAILY", "EXDATE;TZID=Nowhere/Land:20250101T090000"}, "TZID"},
		{"bad-exdate", []string{"RRULE:FREQ=DAILY", "EXDATE:2025"}, "EXDATE"},
		{"exdate-only", []string{"EXDATE:20250101T090000Z"}, "no RRULE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseRecurrence(tt.lines, time.UTC)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseRecurrence(%q) = %v, want an error containing %q", tt.lines, err, tt.wantErr)
			}
		})
	}
}

func TestRDateAndYearly(t *testing.T) {
	start := time.Date(2024, 2, 29, 9, 0, 0, 0, time.UTC)
	rc, err := parseRecurrence([]string{"RRULE:FREQ=YEARLY;COUNT=2", "RDATE:20250301T090000Z"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range rc.occurrences(start, start.AddDate(10, 0, 0), 100) {
		got = append(got, o.Format(time.RFC3339))
	}
	// Feb 29 exists every fourth year only; COUNT counts occurrences.
	want := []string{"2024-02-29T09:00:00Z", "2025-03-01T09:00:00Z", "2028-02-29T09:00:00Z"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("occurrences = %v, want %v", got, want)
	}
}

func TestMalformedBodies(t *testing.T) {
	s := mustServer(t)
	e := s.Put("primary", ev("", "a", base))
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		want   int
	}{
		{"insert-not-json", http.MethodPost, "/calendar/v3/calendars/primary/events", "{", http.StatusBadRequest},
		{"insert-wrong-type", http.MethodPost, "/calendar/v3/calendars/primary/events", `{"summary": 1}`, http.StatusBadRequest},
		{"patch-not-json", http.MethodPatch, "/calendar/v3/calendars/primary/events/" + e.Id, "[", http.StatusBadRequest},
		{"freebusy-not-json", http.MethodPost, "/calendar/v3/freeBusy", "{", http.StatusBadRequest},
		{"unknown-method", http.MethodPost, "/calendar/v3/calendars/primary/events/" + e.Id, "{}", http.StatusNotFound},
		{"outside-the-api", http.MethodGet, "/other", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := rawDo(t, s, tt.method, tt.path, []byte(tt.body))
			if code != tt.want {
				t.Errorf("status = %d, want %d", code, tt.want)
			}
			if _, ok := body["error"]; !ok {
				t.Errorf("body = %v, want Google's error shape", body)
			}
		})
	}
}
