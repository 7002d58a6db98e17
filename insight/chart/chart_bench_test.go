package chart

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/notebook"
)

// benchStats is the trends of n interviews over two years from
// 2024-01-01, two in three reflected with a rating and a confidence.
func benchStats(tb testing.TB, n int) insight.Stats {
	tb.Helper()
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rounds := []string{"recruiter screen", "phone screen", "technical", "system design", "onsite 2/4", "hiring manager", "final", ""}
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, loc)
	recs := make([]*notebook.Record, n)
	for i := range recs {
		start := base.Add(time.Duration(rng.IntN(2*365*24)) * time.Hour)
		ev := fmt.Sprintf("ev%d", i)
		r := &notebook.Record{
			Schema:    notebook.SchemaVersion,
			ID:        notebook.RecordID("primary", ev),
			Source:    &notebook.Source{CalendarID: "primary", EventID: ev, Start: start, End: start.Add(time.Hour), TimeZone: loc.String()},
			Interview: notebook.Details{Company: "Company " + ev, Date: notebook.DateOf(start), Round: rounds[rng.IntN(len(rounds))]},
		}
		if i%3 != 2 {
			rating, confidence := 1+rng.IntN(10), 1+rng.IntN(10)
			r.Overall.Rating, r.Performance.Confidence = &rating, &confidence
			at := r.Source.End.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
			r.ReflectedAt = &at
		}
		recs[i] = r
	}
	return insight.Trends(recs, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), insight.StatsOptions{})
}

// BenchmarkDraw10k draws and encodes the three charts of 10,000 records
// as PNG (`debrief stats --chart`).
func BenchmarkDraw10k(b *testing.B) {
	s := benchStats(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		charts := Draw(s)
		if len(charts) != 3 {
			b.Fatalf("Draw() = %d charts, want 3", len(charts))
		}
		for _, c := range charts {
			if err := c.Write(io.Discard, "png"); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkInline10k draws the three charts of 10,000 records as inline
// SVG elements (the stats page).
func BenchmarkInline10k(b *testing.B) {
	s := benchStats(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		charts := Draw(s)
		if len(charts) != 3 {
			b.Fatalf("Draw() = %d charts, want 3", len(charts))
		}
		for _, c := range charts {
			if err := c.WriteInline(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}
