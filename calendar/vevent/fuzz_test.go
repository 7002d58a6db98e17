package vevent

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExpand: whatever a calendar holds, Expand neither panics nor loops,
// and every event it returns has an id, ends no earlier than it starts,
// lies in the window and holds valid text.
func FuzzExpand(f *testing.F) {
	for _, name := range []string{"google.ics", "outlook.ics", "icloud.ics"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260301T100000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	w := Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Local: time.UTC}
	f.Fuzz(func(t *testing.T, data string) {
		cal, err := Decode(strings.NewReader(data))
		if err != nil || cal == nil {
			return
		}
		evs, _ := Expand(cal, "p/calendar", w)
		for _, e := range evs {
			if e.ID == "" || e.End.Before(e.Start) || !e.Start.Before(w.To) || e.End.Before(w.From) {
				t.Fatalf("event %q %v–%v outside the window or backwards", e.ID, e.Start, e.End)
			}
			if !utf8.ValidString(e.Summary) || !utf8.ValidString(e.Description) {
				t.Fatalf("event %q has invalid UTF-8", e.ID)
			}
		}
	})
}
