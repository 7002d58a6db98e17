package vevent

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// bigICS is a calendar of n events as Google's secret address serves a
// busy year: single meetings with guests and a description, in Berlin
// time with its VTIMEZONE, and one in fifty a weekly series with an
// EXDATE and a moved occurrence.
func bigICS(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nX-WR-CALNAME:sam.seeker@gmail.com\r\nX-WR-TIMEZONE:Europe/Berlin\r\n")
	b.WriteString("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range n {
		d := start.Add(time.Duration(i%250) * 24 * time.Hour).Add(time.Duration(i%8) * time.Hour)
		local := d.Format("20060102T150405")
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:%s\r\nDTEND;TZID=Europe/Berlin:%s\r\nDTSTAMP:20260101T000000Z\r\nUID:event-%05d@google.com\r\n", local, d.Add(45*time.Minute).Format("20060102T150405"), i)
		if i%50 == 0 {
			fmt.Fprintf(&b, "RRULE:FREQ=WEEKLY;COUNT=20\r\nEXDATE;TZID=Europe/Berlin:%s\r\n", d.AddDate(0, 0, 14).Format("20060102T150405"))
		}
		fmt.Fprintf(&b, "ORGANIZER;CN=Person %d:mailto:person%d@company%d.example\r\n", i, i, i%40)
		fmt.Fprintf(&b, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Person %d:mailto:person%d@company%d.example\r\n", i, i, i%40)
		b.WriteString("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=sam.seeker@gmail.com:mailto:sam.seeker@gmail.com\r\n")
		fmt.Fprintf(&b, "DESCRIPTION:Meeting %d about the project.\\nAgenda: updates\\, questions\\, next steps.\\nJoin: https://meet.google.com/abc-defg-hij\r\n", i)
		fmt.Fprintf(&b, "SUMMARY:Meeting %d\r\nSTATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n", i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// TestBigICS: the benchmark's calendar is what it claims to be.
func TestBigICS(t *testing.T) {
	cal, err := ical.NewDecoder(strings.NewReader(bigICS(5000))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 5000 {
		t.Fatalf("%d VEVENTs, want 5000", n)
	}
	evs, skipped := Expand(cal, "p/calendar", Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	// 4,900 single events and 100 series of 20 less one EXDATE each.
	if skipped != 0 || len(evs) != 4900+100*19 {
		t.Errorf("expanded to %d events (%d skipped), want %d", len(evs), skipped, 4900+100*19)
	}
}

// BenchmarkParse5000 is the time to read a 5,000-event ICS file: decode
// and expand it into events for a year, as an ICS source does when the
// calendar changed.
func BenchmarkParse5000(b *testing.B) {
	data := bigICS(5000)
	w := Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	for b.Loop() {
		cal, err := ical.NewDecoder(strings.NewReader(data)).Decode()
		if err != nil {
			b.Fatal(err)
		}
		if evs, _ := Expand(cal, "p/calendar", w); len(evs) == 0 {
			b.Fatal("no events")
		}
	}
	// On a shared machine wall time counts the waits for a CPU; this is
	// the work itself.
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
