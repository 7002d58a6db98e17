package ics

import (
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/internal/wirecount"
)

// BenchmarkIdlePoll is what a poll of an unchanged ICS address costs on
// the wire (plain HTTP on loopback, Google's secret-address shape):
// "etag": a server that answers conditional requests, so one 304;
// "no-validators": one that sends the whole file every time (its bytes
// are still not parsed again).
func BenchmarkIdlePoll(b *testing.B) {
	for _, tt := range []struct {
		name       string
		validators bool
	}{{"etag", true}, {"no-validators", false}} {
		b.Run(tt.name, func(b *testing.B) {
			ts := httptest.NewServer(&server{body: mustRead(b, "google.ics"), validators: tt.validators})
			b.Cleanup(ts.Close)
			var wc wirecount.Counter
			src, err := New(slog.New(slog.DiscardHandler), Config{Name: "p", URL: ts.URL + secretPath, Settings: vevent.Settings{StateDir: b.TempDir()}}, wc.Client(10*time.Second))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := src.Sync(b.Context(), "calendar", now); err != nil {
				b.Fatal(err)
			}
			wc.Reset()
			for b.Loop() {
				if _, err := src.Sync(b.Context(), "calendar", now); err != nil {
					b.Fatal(err)
				}
			}
			sent, recv := wc.Bytes()
			b.ReportMetric(float64(wc.Requests())/float64(b.N), "requests/poll")
			b.ReportMetric(float64(sent)/float64(b.N), "sent-B/poll")
			b.ReportMetric(float64(recv)/float64(b.N), "received-B/poll")
		})
	}
}
