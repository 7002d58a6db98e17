package caldav

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/internal/radicaletest"
	"github.com/debrief-dev/debrief/internal/wirecount"
)

// BenchmarkIdlePoll is what a poll of an unchanged CalDAV calendar of 50
// events costs on the wire, against a real Radicale on loopback.
func BenchmarkIdlePoll(b *testing.B) {
	srv := radicaletest.Start(b)
	coll := srv.MkCalendar(b, "sam@example.com", "interviews")
	now := time.Now().Truncate(time.Minute)
	for i := range 50 {
		putEvent(b, coll, fmt.Sprintf("e%d", i), interview(fmt.Sprintf("e%d@example.com", i), now.Add(time.Duration(i-25)*24*time.Hour)))
	}
	var wc wirecount.Counter
	src, err := New(slog.New(slog.DiscardHandler), Config{Name: "dav", URL: coll, Settings: vevent.Settings{StateDir: b.TempDir()}}, wc.Client(10*time.Second))
	if err != nil {
		b.Fatal(err)
	}
	if evs, err := src.Sync(b.Context(), "interviews", now); err != nil || len(evs) != 50 {
		b.Fatalf("first sync: %d events, %v", len(evs), err)
	}
	wc.Reset()
	for b.Loop() {
		if _, err := src.Sync(b.Context(), "interviews", now); err != nil {
			b.Fatal(err)
		}
	}
	sent, recv := wc.Bytes()
	b.ReportMetric(float64(wc.Requests())/float64(b.N), "requests/poll")
	b.ReportMetric(float64(sent)/float64(b.N), "sent-B/poll")
	b.ReportMetric(float64(recv)/float64(b.N), "received-B/poll")
}
