package insight

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// statsSparkWidth is how many periods the terminal sparklines show: the
// most recent ones.
const statsSparkWidth = 60

// WriteStats writes s for the terminal: sparklines of rating and
// confidence over time, a table by round kind, the recurring themes, the
// reflection delay and the follow-ups done on time. It returns the first
// write error.
func WriteStats(w io.Writer, s Stats) error {
	out := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	since := ""
	if !s.Since.IsZero() {
		since = " since " + s.Since.String()
	}
	upcoming := ""
	if s.Upcoming > 0 {
		upcoming = fmt.Sprintf("; %s to come, not counted", Plural(s.Upcoming, "more interview"))
	}
	if s.Interviews == 0 {
		p("No past interviews in the notebook%s yet%s: the trends start with the first one.\n", since, upcoming)
		return out.Flush()
	}
	p("%s so far%s, %d with a reflection%s.\n", Plural(s.Interviews, "interview"), since, s.Reflected, upcoming)

	series := s.Series
	what := fmt.Sprintf("%sly", s.Period)
	if len(series) > statsSparkWidth {
		series = series[len(series)-statsSparkWidth:]
		what = fmt.Sprintf("%sly, the last %d", s.Period, statsSparkWidth)
	}
	first, last := statsPeriodName(s.Period, series[0].Start), statsPeriodName(s.Period, series[len(series)-1].Start)
	span := fmt.Sprintf("%s to %s", first, last)
	if first == last {
		span = "the " + s.Period + " of " + first
	}
	p("\nOver time (%s, %s; ▁ is 1, █ is 10, a space is a %s without an answer):\n", what, span, s.Period)
	ratings, confs := make([]float64, len(series)), make([]float64, len(series))
	for i, b := range series {
		ratings[i], confs[i] = b.Rating.Value(), b.Confidence.Value()
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  rating\t%s\t%s\n", SparklineRange(ratings, 1, 10), statsSummary(s.Rating, ratings))
	fmt.Fprintf(tw, "  confidence\t%s\t%s\n", SparklineRange(confs, 1, 10), statsSummary(s.Confidence, confs))
	tw.Flush()

	p("\nBy round:\n")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROUND\tINTERVIEWS\tRATING\tCONFIDENCE")
	for _, r := range s.Rounds {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", r.Kind, r.Interviews, statsMean(r.Rating), statsMean(r.Confidence))
	}
	tw.Flush()

	p("\nRecurring improvement areas (interviews that mention them):\n")
	if len(s.Themes) == 0 {
		p("  none yet: no phrase of the areas to improve comes back in two interviews.\n")
	}
	for _, t := range s.Themes {
		p("  %3d  %s\n", t.Count, t.Term)
	}

	d := s.Delay
	p("\nFrom the interview's end to the saved reflection (%s):\n", Plural(d.N, "reflection"))
	if d.N == 0 {
		p("  nothing to measure yet: `debrief reflect` right after an interview starts it.\n")
	} else {
		p("  median %s, 90%% within %s\n", StatsFormatDuration(d.Median), StatsFormatDuration(d.P90))
		p("  %s within the %s block, %s the same day\n",
			statsShare(d.WithinBlock, d.N), reviewBlockWords(d.Block), statsShare(d.SameDay, d.N))
	}

	f := s.Follow
	p("\nFollow-ups done on time:\n")
	p("  thank-you notes sent within %s: %s\n", StatsFormatDuration(f.Within), statsOnTimeText(f.ThankYou))
	p("  follow-ups done by their day: %s\n", statsOnTimeText(f.FollowUp))
	return out.Flush()
}

// statsPeriodName is the week's Monday "2026-03-09" or the month
// "2026-03".
func statsPeriodName(period string, start notebook.Date) string {
	if period == "month" {
		return start.String()[:len("2006-01")]
	}
	return start.String()
}

// statsSummary is "mean 6.8 (35 answers), latest 7.5" (latest: the last period
// with an answer among vals).
func statsSummary(m StatsMean, vals []float64) string {
	if m.N == 0 {
		return "no answers yet"
	}
	s := fmt.Sprintf("mean %.1f (%s)", m.Mean, Plural(m.N, "answer"))
	for i := len(vals) - 1; i >= 0; i-- {
		if !math.IsNaN(vals[i]) {
			return s + fmt.Sprintf(", latest %.1f", vals[i])
		}
	}
	return s
}

func statsMean(m StatsMean) string {
	if m.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", m.Mean)
}

func statsOnTimeText(o StatsOnTime) string {
	if o.Counted == 0 {
		return "none due yet"
	}
	return fmt.Sprintf("%d of %d (%.0f%%)", o.OnTime, o.Counted, 100*o.Share())
}

// statsShare is "20 of 32 (62%)".
func statsShare(n, of int) string {
	return fmt.Sprintf("%d of %d (%.0f%%)", n, of, 100*float64(n)/float64(of))
}

// Plural is "1 interview", "3 interviews": n and noun, with an s when n is
// not 1. Regular nouns only.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// StatsFormatDuration writes d the way a person says it, to the minute or, from
// a day on, to the hour: "0m", "25m", "3h10m", "24h", "2d4h".
func StatsFormatDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var b strings.Builder
	switch {
	case days > 0 && d != 24*time.Hour:
		fmt.Fprintf(&b, "%dd", days)
		if h > 0 {
			fmt.Fprintf(&b, "%dh", h)
		}
	case d >= time.Hour:
		fmt.Fprintf(&b, "%dh", days*24+h)
		if m > 0 {
			fmt.Fprintf(&b, "%dm", m)
		}
	default:
		fmt.Fprintf(&b, "%dm", m)
	}
	return b.String()
}
