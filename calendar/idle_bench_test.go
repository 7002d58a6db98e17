package calendar

import (
	"log/slog"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/wirecount"
)

// BenchmarkIdlePoll is what a poll of an unchanged Google calendar costs
// on the wire (against calendartest, plain HTTP on loopback): requests,
// and bytes sent and received, per poll. Compare the ics and caldav
// packages' benchmarks of the same name.
func BenchmarkIdlePoll(b *testing.B) {
	fake := calendartest.New()
	b.Cleanup(fake.Close)
	now := time.Now()
	for i := range 50 {
		s := now.Add(time.Duration(i-25) * 24 * time.Hour)
		fake.Put("primary", &gcal.Event{
			Summary: "Meeting",
			Start:   &gcal.EventDateTime{DateTime: s.Format(time.RFC3339)},
			End:     &gcal.EventDateTime{DateTime: s.Add(time.Hour).Format(time.RFC3339)},
		})
	}
	var wc wirecount.Counter
	c, err := New(b.Context(), slog.New(slog.DiscardHandler), Config{Endpoint: fake.Endpoint(), StateDir: b.TempDir()}, wc.Client(10*time.Second))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Sync(b.Context(), "primary", now); err != nil {
		b.Fatal(err)
	}
	wc.Reset()
	for b.Loop() {
		if _, err := c.Sync(b.Context(), "primary", now); err != nil {
			b.Fatal(err)
		}
	}
	sent, recv := wc.Bytes()
	b.ReportMetric(float64(wc.Requests())/float64(b.N), "requests/poll")
	b.ReportMetric(float64(sent)/float64(b.N), "sent-B/poll")
	b.ReportMetric(float64(recv)/float64(b.N), "received-B/poll")
}
