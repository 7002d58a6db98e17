package insight

import (
	"math"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// StatsOptions selects and parameterises Trends.
type StatsOptions struct {
	// Since keeps the interviews on or after this day; zero keeps all.
	Since notebook.Date
	// Block is the reflection block after an interview (block.duration);
	// 0 means 30 minutes.
	Block time.Duration
	// Policy derives the follow-up deadlines (the [followup] table).
	Policy notebook.Policy
	// Themes is how many recurring themes to keep; 0 means 10.
	Themes int
}

// Stats is what the notebook says about the interviews so far: the trends
// of `debrief stats`. Every interview counted has a date on or after Since
// and has started by the instant Trends was given.
type Stats struct {
	Since      notebook.Date `json:"since,omitzero"`
	Interviews int           `json:"interviews"`
	// Reflected counts the interviews with a saved reflection.
	Reflected int `json:"reflected"`
	// Upcoming counts the interviews on or after Since that have not
	// started yet: not in Interviews, nor in any figure.
	Upcoming int `json:"upcoming"`
	// Rating and Confidence are over all interviews counted.
	Rating     StatsMean `json:"rating"`
	Confidence StatsMean `json:"confidence"`
	// Points are the interviews with a rating or a confidence, by date.
	Points []StatsPoint `json:"points"`
	// Period is "week" (Monday to Sunday) or "month": the length of the
	// buckets of Series, weeks while the interviews span half a year or
	// less.
	Period string `json:"period"`
	// Series has one bucket per period from the first interview's to the
	// last one's, empty periods included.
	Series []StatsBucket `json:"series"`
	// Rounds are the round kinds that hold interviews, in RoundKinds order.
	Rounds []StatsRound `json:"rounds"`
	// Themes are the recurring improvement themes (see Themes).
	Themes []Theme     `json:"themes"`
	Delay  StatsDelay  `json:"reflection_delay"`
	Follow StatsFollow `json:"follow_ups"`
}

// StatsMean is the mean of N answers; Mean is 0 when N is 0.
type StatsMean struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
}

func (m *StatsMean) add(v *int) {
	if v == nil {
		return
	}
	m.N++
	m.Mean += (float64(*v) - m.Mean) / float64(m.N)
}

// Value is the mean, NaN when there is none: a gap in a sparkline or a
// chart.
func (m StatsMean) Value() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.Mean
}

// StatsPoint is one interview's rating and confidence (nil: not answered).
type StatsPoint struct {
	ID         string        `json:"id"`
	Day        notebook.Date `json:"day"`
	Kind       RoundKind     `json:"round_kind"`
	Rating     *int          `json:"rating,omitempty"`
	Confidence *int          `json:"confidence,omitempty"`
}

// StatsBucket is one period of Stats.Series.
type StatsBucket struct {
	Start      notebook.Date `json:"start"`
	Interviews int           `json:"interviews"`
	Rating     StatsMean     `json:"rating"`
	Confidence StatsMean     `json:"confidence"`
}

// StatsRound is the interviews of one round kind.
type StatsRound struct {
	Kind       RoundKind `json:"kind"`
	Interviews int       `json:"interviews"`
	Rating     StatsMean `json:"rating"`
	Confidence StatsMean `json:"confidence"`
}

// StatsDelay is the time from an interview's end to its saved reflection
// (Record.ReflectedAt, the last save), over the reflected interviews with
// a known end. A reflection saved before the end counts as no delay.
type StatsDelay struct {
	N int `json:"n"`
	// Median and P90 are nearest-rank percentiles.
	Median time.Duration `json:"median_ns"`
	P90    time.Duration `json:"p90_ns"`
	// Block is the reflection block; WithinBlock counts the reflections
	// saved within it, SameDay those saved on the interview's calendar
	// day in its zone.
	Block       time.Duration `json:"block_ns"`
	WithinBlock int           `json:"within_block"`
	SameDay     int           `json:"same_day"`
	// Histogram counts the delays in the buckets of StatsDelayBuckets.
	Histogram []int `json:"histogram"`
}

// StatsDelayBucket is one bar of the reflection delay histogram: delays up to
// and including Max (the last bucket has no Max).
type StatsDelayBucket struct {
	Label string
	Max   time.Duration // 0: no upper bound
}

// StatsDelayBuckets are the bars of StatsDelay.Histogram, widening with the
// delay: whether a reflection came in the block, later that day or days
// later matters, minutes do not.
var StatsDelayBuckets = []StatsDelayBucket{
	{"≤15m", 15 * time.Minute},
	{"15–30m", 30 * time.Minute},
	{"30m–1h", time.Hour},
	{"1–2h", 2 * time.Hour},
	{"2–4h", 4 * time.Hour},
	{"4–8h", 8 * time.Hour},
	{"8–24h", 24 * time.Hour},
	{"1–3d", 72 * time.Hour},
	{">3d", 0},
}

// StatsFollow is how often the person's follow-ups were done on time.
type StatsFollow struct {
	// Within is the thank-you window (Policy.ThankYouWithin).
	Within time.Duration `json:"thank_you_within_ns"`
	// ThankYou: thank-you notes sent by the day of their deadline (the
	// interview's end + 24 h by default; the record keeps the day sent,
	// not the hour), over the notes sent or overdue.
	ThankYou StatsOnTime `json:"thank_you"`
	// FollowUp: follow-ups done by their day, over those done or overdue
	// (one closed by an outcome without being done is not counted).
	FollowUp StatsOnTime `json:"follow_up"`
}

// StatsOnTime is OnTime of Counted.
type StatsOnTime struct {
	Counted int `json:"counted"`
	OnTime  int `json:"on_time"`
}

// Share is OnTime/Counted, NaN when nothing was counted.
func (o StatsOnTime) Share() float64 {
	if o.Counted == 0 {
		return math.NaN()
	}
	return float64(o.OnTime) / float64(o.Counted)
}

// Trends computes the Stats of recs at now: the interviews dated on or
// after opt.Since that have started by now (an interview without a start
// time: whose day has come in its zone). recs need not be sorted.
func Trends(recs []*notebook.Record, now time.Time, opt StatsOptions) Stats {
	block := opt.Block
	if block <= 0 {
		block = 30 * time.Minute
	}
	nThemes := opt.Themes
	if nThemes <= 0 {
		nThemes = 10
	}
	s := Stats{
		Since:  opt.Since,
		Delay:  StatsDelay{Block: block, Histogram: make([]int, len(StatsDelayBuckets))},
		Follow: StatsFollow{Within: opt.Policy.ThankYouWithin},
	}

	var kept []*notebook.Record
	for _, r := range recs {
		if statsCounted(r, now, opt.Since) {
			kept = append(kept, r)
		} else if r.Upcoming(now) && (opt.Since.IsZero() || !r.Day().Before(opt.Since)) {
			s.Upcoming++
		}
	}
	notebook.Sort(kept)
	s.Interviews = len(kept)

	rounds := map[RoundKind]*StatsRound{}
	var delays []time.Duration
	for _, r := range kept {
		if r.Reflected() {
			s.Reflected++
		}
		rating, conf := r.Overall.Rating, r.Performance.Confidence
		s.Rating.add(rating)
		s.Confidence.add(conf)
		kind := ClassifyRound(r.Interview.Round)
		if rating != nil || conf != nil {
			s.Points = append(s.Points, StatsPoint{ID: r.ID, Day: r.Day(), Kind: kind, Rating: rating, Confidence: conf})
		}
		sr := rounds[kind]
		if sr == nil {
			sr = &StatsRound{Kind: kind}
			rounds[kind] = sr
		}
		sr.Interviews++
		sr.Rating.add(rating)
		sr.Confidence.add(conf)

		if d, sameDay, ok := statsReflectionDelay(r); ok {
			delays = append(delays, d)
			if d <= block {
				s.Delay.WithinBlock++
			}
			if sameDay {
				s.Delay.SameDay++
			}
			s.Delay.Histogram[statsDelayBucketOf(d)]++
		}
		for _, f := range notebook.Followups(r, now, opt.Policy) {
			switch f.Kind {
			case notebook.KindThankYou:
				s.Follow.ThankYou.count(f)
			case notebook.KindFollowUp:
				s.Follow.FollowUp.count(f)
			}
		}
	}
	for _, k := range RoundKinds {
		if sr := rounds[k]; sr != nil {
			s.Rounds = append(s.Rounds, *sr)
		}
	}
	s.Delay.N = len(delays)
	slices.Sort(delays)
	s.Delay.Median = statsPercentile(delays, 0.5)
	s.Delay.P90 = statsPercentile(delays, 0.9)
	s.Period, s.Series = statsSeries(kept)
	s.Themes = Themes(kept, nThemes)
	return s
}

// statsCounted reports whether r is an interview of the trends: dated, on
// or after since, started by now.
func statsCounted(r *notebook.Record, now time.Time, since notebook.Date) bool {
	day := r.Day()
	switch {
	case day.IsZero():
		return false
	case !since.IsZero() && day.Before(since):
		return false
	case !r.Start().IsZero():
		return !r.Start().After(now)
	}
	return !day.After(notebook.DateOf(now.In(r.Location())))
}

func (o *StatsOnTime) count(f notebook.Followup) {
	switch {
	case f.State == notebook.Done && !f.DoneOn.IsZero():
		o.Counted++
		if !f.DoneOn.After(f.Day) {
			o.OnTime++
		}
	case f.State == notebook.Overdue:
		o.Counted++
	}
}

// statsReflectionDelay is the time from r's end to its saved reflection, and
// whether the reflection was saved on the interview's day; ok is false
// when either instant is unknown.
func statsReflectionDelay(r *notebook.Record) (d time.Duration, sameDay, ok bool) {
	if r.ReflectedAt == nil || r.End().IsZero() {
		return 0, false, false
	}
	loc := r.Location()
	end, at := r.End(), *r.ReflectedAt
	return max(at.Sub(end), 0), notebook.DateOf(at.In(loc)) == notebook.DateOf(end.In(loc)), true
}

func statsDelayBucketOf(d time.Duration) int {
	for i, b := range StatsDelayBuckets {
		if b.Max == 0 || d <= b.Max {
			return i
		}
	}
	return len(StatsDelayBuckets) - 1
}

// statsPercentile is the nearest-rank p-th statsPercentile of sorted, 0 when empty.
func statsPercentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// statsSeries buckets recs (sorted by day) into weeks while they span 26
// weeks or less, else into months, from the first one's period to the
// last one's.
func statsSeries(recs []*notebook.Record) (period string, series []StatsBucket) {
	if len(recs) == 0 {
		return "week", nil
	}
	first, last := recs[0].Day(), recs[len(recs)-1].Day()
	period = "week"
	start, next := statsWeekStart, func(d notebook.Date) notebook.Date { return d.AddDays(7) }
	if last.In(time.UTC).Sub(first.In(time.UTC)) > 26*7*24*time.Hour {
		period = "month"
		start = func(d notebook.Date) notebook.Date { return notebook.Date{Year: d.Year, Month: d.Month, Day: 1} }
		next = func(d notebook.Date) notebook.Date {
			return notebook.DateOf(time.Date(d.Year, d.Month+1, 1, 12, 0, 0, 0, time.UTC))
		}
	}
	for d := start(first); !d.After(last); d = next(d) {
		series = append(series, StatsBucket{Start: d})
	}
	i := 0
	for _, r := range recs {
		b := start(r.Day())
		for series[i].Start != b {
			i++
		}
		series[i].Interviews++
		series[i].Rating.add(r.Overall.Rating)
		series[i].Confidence.add(r.Performance.Confidence)
	}
	return period, series
}

// statsWeekStart is the Monday of d's week.
func statsWeekStart(d notebook.Date) notebook.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}
