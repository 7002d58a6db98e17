package insight

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

var statsBenchAreas = []string{
	"System design: trade-offs between consistency and latency",
	"Behavioural stories were too long; use STAR",
	"SQL window functions",
	"Explaining my role in the migration project",
	"Dynamic programming under time pressure",
	"Salary expectations",
}

// statsBenchRecords is n interviews over two years from 2024-01-01, two in
// three reflected with ratings, themes, action items and follow-ups,
// like the notebook package's generated notebook.
func statsBenchRecords(tb testing.TB, n int) []*notebook.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	rounds := []string{"recruiter screen", "phone screen", "technical", "system design", "onsite 2/4", "hiring manager", "final", ""}
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, statsLoc(tb, "America/Los_Angeles"))
	recs := make([]*notebook.Record, n)
	for i := range recs {
		start := base.Add(time.Duration(rng.IntN(2*365*24)) * time.Hour)
		r := statsIV(tb, fmt.Sprintf("ev%d", i), "America/Los_Angeles", start.Format("2006-01-02 15:04"),
			statsRoundOpt(rounds[rng.IntN(len(rounds))]))
		if i%3 != 2 {
			statsRated(1+rng.IntN(10), 1+rng.IntN(10))(r)
			statsReflected(time.Duration(rng.IntN(3*24*60)) * time.Minute)(r)
			r.Improvement.Areas = statsBenchAreas[rng.IntN(len(statsBenchAreas))]
			r.Improvement.Struggled = statsBenchAreas[rng.IntN(len(statsBenchAreas))]
			r.ActionItems = []notebook.ActionItem{{Text: "Prepare a story about conflict"}, {Text: "Review SQL", Done: true}}
			r.Takeaways.Questions = []notebook.Question{{Question: "Design a rate limiter", Difficult: rng.IntN(2) == 0}}
		}
		if rng.IntN(2) == 0 {
			r.FollowUp.ThankYouSent = &r.Interview.Date
		}
		recs[i] = r
	}
	return recs
}

// BenchmarkStats10k is `debrief stats` without reading the files: the
// trends of 10,000 records and their text.
func BenchmarkStats10k(b *testing.B) {
	recs := statsBenchRecords(b, 10000)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		s := Trends(recs, now, StatsOptions{Policy: statsPolicy})
		if s.Interviews != 10000 {
			b.Fatalf("Trends() counted %d interviews, want 10000", s.Interviews)
		}
		if err := WriteStats(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWeekly10k is `debrief review` without reading the files.
func BenchmarkWeekly10k(b *testing.B) {
	recs := statsBenchRecords(b, 10000)
	loc := statsLoc(b, "America/Los_Angeles")
	now := time.Date(2025, 6, 15, 18, 0, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		rv := Weekly(recs, now, loc, statsPolicy, 30*time.Minute)
		if len(rv.Interviews) == 0 {
			b.Fatal("Weekly() found no interview in a busy week")
		}
		if err := WriteReview(io.Discard, rv); err != nil {
			b.Fatal(err)
		}
	}
}

func TestStatsBenchRecords(t *testing.T) {
	recs := statsBenchRecords(t, 30)
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			t.Errorf("generated record: %v", err)
		}
	}
	s := Trends(recs, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), StatsOptions{Policy: statsPolicy})
	if s.Interviews != 30 || s.Reflected != 20 || len(s.Themes) == 0 {
		t.Errorf("Trends(generated) = %d interviews, %d reflected, %d themes; want 30, 20, some", s.Interviews, s.Reflected, len(s.Themes))
	}
}
