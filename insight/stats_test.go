package insight

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// The golden files of this package are rewritten with -update; the flag
// may be declared by another test file of the package too.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

// statsGolden compares got with testdata/name, or rewrites it with -update.
func statsGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(string(got), string(want)); diff != "" {
		t.Errorf("output differs from %s (-got +want; go test -update rewrites it):\n%s", path, diff)
	}
}

func statsLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func statsDate(t testing.TB, s string) notebook.Date {
	t.Helper()
	d, err := notebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func statsPtr[T any](v T) *T { return &v }

// iv is a record of a one-hour interview starting at start ("2006-01-02
// 15:04") in zone, named by its event id, changed by the options.
func statsIV(t testing.TB, id, zone, start string, opts ...func(*notebook.Record)) *notebook.Record {
	t.Helper()
	loc := statsLoc(t, zone)
	st, err := time.ParseInLocation("2006-01-02 15:04", start, loc)
	if err != nil {
		t.Fatal(err)
	}
	r := &notebook.Record{
		Schema: notebook.SchemaVersion,
		ID:     notebook.RecordID("primary", id),
		Source: &notebook.Source{CalendarID: "primary", EventID: id, Start: st, End: st.Add(time.Hour), TimeZone: zone},
		Interview: notebook.Details{
			Company: "Company " + id,
			Date:    notebook.DateOf(st),
		},
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

func statsRoundOpt(s string) func(*notebook.Record) {
	return func(r *notebook.Record) { r.Interview.Round = s }
}

func statsCompany(s string) func(*notebook.Record) {
	return func(r *notebook.Record) { r.Interview.Company = s }
}

func statsRated(rating, confidence int) func(*notebook.Record) {
	return func(r *notebook.Record) {
		if rating > 0 {
			r.Overall.Rating = statsPtr(rating)
		}
		if confidence > 0 {
			r.Performance.Confidence = statsPtr(confidence)
		}
	}
}

// reflected saves the reflection d after the interview's end.
func statsReflected(d time.Duration) func(*notebook.Record) {
	return func(r *notebook.Record) { r.ReflectedAt = statsPtr(r.Source.End.Add(d)) }
}

func statsImprove(areas string) func(*notebook.Record) {
	return func(r *notebook.Record) { r.Improvement.Areas = areas }
}

func statsThanked(t testing.TB, day string) func(*notebook.Record) {
	d := statsDate(t, day)
	return func(r *notebook.Record) { r.FollowUp.ThankYouSent = &d }
}

func statsFollowedUp(t testing.TB, day string) func(*notebook.Record) {
	d := statsDate(t, day)
	return func(r *notebook.Record) { r.FollowUp.FollowUpDone = &d }
}

var statsPolicy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2}

// statsFixture is a notebook seen on Friday 2026-03-20 12:00 UTC with
// --since 2026-03-01: five interviews count (A to E); one is upcoming,
// one before the since day, one undated.
func statsFixture(t testing.TB) (recs []*notebook.Record, now time.Time) {
	now = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	return []*notebook.Record{
		statsIV(t, "e", "UTC", "2026-03-19 16:00", statsCompany("Hooli")), // thank-you window still open
		statsIV(t, "a", "UTC", "2026-03-02 10:00", statsCompany("Acme"), statsRoundOpt("Recruiter screen"), statsRated(6, 5),
			statsReflected(20*time.Minute), statsThanked(t, "2026-03-02"), statsFollowedUp(t, "2026-03-11"),
			statsImprove("System design trade-offs")),
		statsIV(t, "b", "UTC", "2026-03-04 14:00", statsCompany("Globex"), statsRoundOpt("technical phone screen"), statsRated(4, 3),
			statsReflected(3*time.Hour), statsThanked(t, "2026-03-06"),
			func(r *notebook.Record) {
				r.FollowUp.Outcome = notebook.OutcomeRejected
				r.Improvement.Struggled = "the trade-offs"
			}),
		statsIV(t, "c", "UTC", "2026-03-10 09:00", statsCompany("Initech"), statsRoundOpt("onsite 1/3"), statsRated(8, 0),
			statsReflected(47*time.Hour), statsImprove("system design: trade-offs")),
		// 20:00 in New York is 01:00 UTC the next day: the same day in its zone.
		statsIV(t, "d", "America/New_York", "2026-03-10 20:00", statsCompany("Acme"), statsRoundOpt("System Design"), statsRated(0, 7),
			statsReflected(30*time.Minute), statsFollowedUp(t, "2026-03-20"),
			func(r *notebook.Record) { r.NextSteps.ThankYouNeeded = statsPtr(false) }),
		statsIV(t, "f", "UTC", "2026-03-25 10:00", statsRoundOpt("final"), statsRated(9, 9)),             // upcoming
		statsIV(t, "g", "UTC", "2026-02-01 10:00", statsRated(1, 1), statsReflected(time.Minute)),        // before --since
		{Schema: 1, ID: "abcd000000", Overall: notebook.Overall{Rating: statsPtr(2)}, ReflectedAt: &now}, // undated
	}, now
}

func TestTrends(t *testing.T) {
	recs, now := statsFixture(t)
	got := Trends(recs, now, StatsOptions{Since: statsDate(t, "2026-03-01"), Policy: statsPolicy})
	id := func(ev string) string { return notebook.RecordID("primary", ev) }
	want := Stats{
		Since:      statsDate(t, "2026-03-01"),
		Interviews: 5,
		Reflected:  4,
		Upcoming:   1, // the interview still to come
		Rating:     StatsMean{3, 6},
		Confidence: StatsMean{3, 5},
		Points: []StatsPoint{
			{id("a"), statsDate(t, "2026-03-02"), RoundRecruiter, statsPtr(6), statsPtr(5)},
			{id("b"), statsDate(t, "2026-03-04"), RoundTechnical, statsPtr(4), statsPtr(3)},
			{id("c"), statsDate(t, "2026-03-10"), RoundOnsite, statsPtr(8), nil},
			{id("d"), statsDate(t, "2026-03-10"), RoundSystemDesign, nil, statsPtr(7)},
		},
		Period: "week",
		Series: []StatsBucket{
			{statsDate(t, "2026-03-02"), 2, StatsMean{2, 5}, StatsMean{2, 4}},
			{statsDate(t, "2026-03-09"), 2, StatsMean{1, 8}, StatsMean{1, 7}},
			{statsDate(t, "2026-03-16"), 1, StatsMean{}, StatsMean{}},
		},
		Rounds: []StatsRound{
			{RoundRecruiter, 1, StatsMean{1, 6}, StatsMean{1, 5}},
			{RoundTechnical, 1, StatsMean{1, 4}, StatsMean{1, 3}},
			{RoundSystemDesign, 1, StatsMean{}, StatsMean{1, 7}},
			{RoundOnsite, 1, StatsMean{1, 8}, StatsMean{}},
			{RoundOther, 1, StatsMean{}, StatsMean{}},
		},
		Themes: []Theme{{"trade-offs", 3}, {"system design", 2}},
		Delay: StatsDelay{
			N:           4,
			Median:      30 * time.Minute,
			P90:         47 * time.Hour,
			Block:       30 * time.Minute,
			WithinBlock: 2,
			SameDay:     3,
			Histogram:   []int{0, 2, 0, 0, 1, 0, 0, 1, 0},
		},
		Follow: StatsFollow{
			Within: 24 * time.Hour,
			// a on time; b sent two days late; c overdue; d needs none;
			// e's window is still open.
			ThankYou: StatsOnTime{Counted: 3, OnTime: 1},
			// a done on its day (03-11); b closed by the outcome; c
			// overdue (03-19); d done a day late; e upcoming.
			FollowUp: StatsOnTime{Counted: 3, OnTime: 1},
		},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Trends() differs (-got +want):\n%s", diff)
	}

	var buf bytes.Buffer
	if err := WriteStats(&buf, got); err != nil {
		t.Fatal(err)
	}
	statsGolden(t, "stats.txt", buf.Bytes())
}

func TestTrendsEmpty(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	got := Trends(nil, now, StatsOptions{Block: 45 * time.Minute, Themes: 3})
	want := Stats{Period: "week", Delay: StatsDelay{Block: 45 * time.Minute, Histogram: make([]int, len(StatsDelayBuckets))}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Trends(nil) differs (-got +want):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := WriteStats(&buf, got); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "No past interviews in the notebook yet: the trends start with the first one.\n"; got != want {
		t.Errorf("WriteStats(empty) = %q, want %q", got, want)
	}
}

func TestStatsSeries(t *testing.T) {
	type bucket struct {
		start  string
		n      int
		rating float64 // NaN: none
	}
	for _, tc := range []struct {
		name   string
		days   []string // interview days, each rated by its position (1, 2, …)
		period string
		want   []bucket
	}{
		{"empty", nil, "week", nil},
		{"one-sunday", []string{"2026-03-08"}, "week", []bucket{{"2026-03-02", 1, 1}}},
		{"weeks-with-a-gap", []string{"2026-03-02", "2026-03-08", "2026-03-23"}, "week", []bucket{
			{"2026-03-02", 2, 1.5}, {"2026-03-09", 0, math.NaN()}, {"2026-03-16", 0, math.NaN()}, {"2026-03-23", 1, 3},
		}},
		{"year-end-week", []string{"2025-12-31", "2026-01-04"}, "week", []bucket{{"2025-12-29", 2, 1.5}}},
		{"exactly-26-weeks-is-weekly", []string{"2026-01-05", "2026-07-06"}, "week", nil},
		{"over-26-weeks-is-monthly", []string{"2025-11-30", "2026-01-15", "2026-06-01"}, "month", []bucket{
			{"2025-11-01", 1, 1}, {"2025-12-01", 0, math.NaN()}, {"2026-01-01", 1, 2}, {"2026-02-01", 0, math.NaN()},
			{"2026-03-01", 0, math.NaN()}, {"2026-04-01", 0, math.NaN()}, {"2026-05-01", 0, math.NaN()}, {"2026-06-01", 1, 3},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var recs []*notebook.Record
			for i, d := range tc.days {
				recs = append(recs, &notebook.Record{Interview: notebook.Details{Date: statsDate(t, d)}, Overall: notebook.Overall{Rating: statsPtr(i + 1)}})
			}
			period, series := statsSeries(recs)
			if period != tc.period {
				t.Errorf("statsSeries() period = %q, want %q", period, tc.period)
			}
			if tc.want == nil && tc.name != "empty" {
				return // only the period is checked
			}
			var got []bucket
			for _, b := range series {
				got = append(got, bucket{b.Start.String(), b.Interviews, b.Rating.Value()})
			}
			if diff := cmp.Diff(got, tc.want, cmp.AllowUnexported(bucket{}), cmp.Comparer(func(a, b float64) bool {
				return a == b || math.IsNaN(a) && math.IsNaN(b)
			})); diff != "" {
				t.Errorf("statsSeries() differs (-got +want):\n%s", diff)
			}
		})
	}
}

func TestStatsPercentile(t *testing.T) {
	m := time.Minute
	for _, tc := range []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 0.5, 0},
		{[]time.Duration{5 * m}, 0.5, 5 * m},
		{[]time.Duration{5 * m}, 0.9, 5 * m},
		{[]time.Duration{1 * m, 2 * m}, 0.5, 1 * m},
		{[]time.Duration{1 * m, 2 * m, 3 * m}, 0.5, 2 * m},
		{[]time.Duration{1 * m, 2 * m, 3 * m, 4 * m, 5 * m, 6 * m, 7 * m, 8 * m, 9 * m, 10 * m}, 0.9, 9 * m},
		{[]time.Duration{1 * m, 2 * m, 3 * m, 4 * m, 5 * m, 6 * m, 7 * m, 8 * m, 9 * m, 10 * m, 11 * m}, 0.9, 10 * m},
	} {
		if got := statsPercentile(tc.sorted, tc.p); got != tc.want {
			t.Errorf("statsPercentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
		}
	}
}

func TestStatsDelayBucketOf(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "≤15m"},
		{15 * time.Minute, "≤15m"},
		{15*time.Minute + time.Second, "15–30m"},
		{30 * time.Minute, "15–30m"},
		{90 * time.Minute, "1–2h"},
		{24 * time.Hour, "8–24h"},
		{50 * time.Hour, "1–3d"},
		{30 * 24 * time.Hour, ">3d"},
	} {
		if got := StatsDelayBuckets[statsDelayBucketOf(tc.d)].Label; got != tc.want {
			t.Errorf("bucket of %v = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestStatsFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0m"},
		{29 * time.Second, "0m"},
		{30 * time.Second, "1m"},
		{25 * time.Minute, "25m"},
		{time.Hour, "1h"},
		{3*time.Hour + 10*time.Minute, "3h10m"},
		{24 * time.Hour, "24h"},
		{47 * time.Hour, "1d23h"},
		{48*time.Hour + 20*time.Minute, "2d"},
		{52 * time.Hour, "2d4h"},
	} {
		if got := StatsFormatDuration(tc.d); got != tc.want {
			t.Errorf("StatsFormatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
