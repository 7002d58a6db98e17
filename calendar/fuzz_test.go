package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	gcal "google.golang.org/api/calendar/v3"
)

// FuzzConvert feeds arbitrary event JSON, decoded as the v3 client decodes
// it, to convert: it must not panic, and what it keeps must have valid text
// within the caps and an end not before its start.
func FuzzConvert(f *testing.F) {
	f.Add([]byte(`{"id":"a","start":{"dateTime":"2026-03-02T10:00:00-05:00","timeZone":"America/New_York"},"end":{"dateTime":"2026-03-02T11:00:00-05:00"}}`))
	f.Add([]byte(`{"id":"b","start":{"date":"2022-02-22"},"end":{"date":"2022-02-23"},"summary":"\xff"}`))
	f.Add([]byte(`{"id":"c","start":{"dateTime":"2026-03-02T10:00:00+99:99"},"end":{}}`))
	f.Add([]byte(`{"id":"d","start":{"dateTime":"2026-03-02T10:00:00Z","timeZone":"../../../etc/passwd"},"end":{"dateTime":"2026-03-02T10:00:00Z"},"attendees":[null,{}],"conferenceData":{"entryPoints":[null]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ge gcal.Event
		if json.Unmarshal(data, &ge) != nil {
			return
		}
		e, err := convert("cal", "Europe/Berlin", &ge)
		if err != nil {
			if !errors.Is(err, errNoTimes) {
				t.Fatalf("convert error = %v, want errNoTimes", err)
			}
			return
		}
		if e.End.Before(e.Start) {
			t.Errorf("End %v before Start %v", e.End, e.Start)
		}
		for _, s := range []string{e.Summary, e.Description, e.Location, e.TimeZone, e.ConferenceURL} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 kept: %q", s)
			}
		}
		if len(e.Summary) > maxSummary || len(e.Description) > maxDescription {
			t.Errorf("text over the caps: %d, %d bytes", len(e.Summary), len(e.Description))
		}
	})
}
