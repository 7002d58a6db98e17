package insight

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/debrief-dev/debrief/notebook"
)

// reviewListMax is how many lines each list of the review shows; the rest
// is counted.
const reviewListMax = 10

// WriteReview writes rv for the terminal: the week's interviews and
// averages against the week before, the reflections still missing, the
// open action items, the follow-ups due, the recurring improvement areas
// and the encouragement. It returns the first write error.
func WriteReview(w io.Writer, rv Review) error {
	out := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	more := func(n int, cmd string) {
		if n > reviewListMax {
			p("  … and %d more: %s\n", n-reviewListMax, cmd)
		}
	}
	p("Week of %s to %s\n", reviewDate(rv.Start), reviewDate(rv.End))

	p("\n%s", Plural(len(rv.Interviews), "interview"))
	if len(rv.Companies) > 0 {
		p(": %s", strings.Join(rv.Companies, ", "))
	}
	p("\n")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, iv := range rv.Interviews {
		state := "reflected"
		switch {
		case !iv.Started:
			state = "upcoming"
		case !iv.Reflects:
			state = "no reflection yet"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\trating %s\tconfidence %s\t%s\n", reviewDate(iv.Day),
			reviewOr(iv.Company, "-"), reviewOr(iv.Round, "-"), reviewScore(iv.Rating), reviewScore(iv.Conf), state)
	}
	tw.Flush()
	if rv.Rating.N+rv.PrevRating.N+rv.Confidence.N+rv.PrevConfidence.N == 0 {
		p("No rating or confidence noted this week or last.\n")
	} else {
		p("Average rating %s, confidence %s.\n",
			reviewVersus(rv.Rating, rv.PrevRating), reviewVersus(rv.Confidence, rv.PrevConfidence))
	}

	p("\nReflections still missing (last %d weeks): %d\n", reviewWeeks, len(rv.Missing))
	for _, iv := range rv.Missing[:min(len(rv.Missing), reviewListMax)] {
		p("  %s %s: debrief reflect %s\n", iv.Day, reviewOr(iv.Company, "interview"), iv.ID)
	}
	more(len(rv.Missing), "debrief list --pending")

	p("\nOpen action items (last %d weeks): %d\n", reviewWeeks, len(rv.Actions))
	for _, a := range rv.Actions[:min(len(rv.Actions), reviewListMax)] {
		p("  - %s (%s, %s)\n", a.Text, reviewOr(a.Company, "interview"), a.Day)
	}
	more(len(rv.Actions), "debrief show ID")

	p("\nFollow-ups due or overdue: %d\n", len(rv.Followups))
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, f := range rv.Followups[:min(len(rv.Followups), reviewListMax)] {
		what, settle := "send the thank-you note", "debrief done "+f.ID+" thank-you"
		when := f.Due.In(f.Loc).Format("2006-01-02 15:04 MST")
		if f.Kind == notebook.KindFollowUp {
			what, settle, when = "follow up", "debrief done "+f.ID+" follow-up", f.Followup.Day.String()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s (%s)\tby %s\t%s\n", f.State, what, reviewOr(f.Company, "interview"), f.Day, when, settle)
	}
	tw.Flush()
	more(len(rv.Followups), "debrief followups")

	p("\nRecurring improvement areas (last %d weeks): ", reviewWeeks)
	if len(rv.Themes) == 0 {
		p("none yet\n")
	} else {
		terms := make([]string, len(rv.Themes))
		for i, t := range rv.Themes {
			terms[i] = fmt.Sprintf("%s (%d)", t.Term, t.Count)
		}
		p("%s\n", strings.Join(terms, ", "))
	}

	p("\n%s\n", rv.Encouragement)
	return out.Flush()
}

// reviewDate is "Mon 2026-03-16".
func reviewDate(d notebook.Date) string { return d.Weekday().String()[:3] + " " + d.String() }

func reviewScore(v *int) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(*v)
}

// reviewVersus is "7.0 (last week 5.5)", "7.0 (none last week)", "-".
func reviewVersus(now, before StatsMean) string {
	s := "-"
	if now.N > 0 {
		s = fmt.Sprintf("%.1f", now.Mean)
	}
	if before.N == 0 {
		return s + " (none last week)"
	}
	return fmt.Sprintf("%s (last week %.1f)", s, before.Mean)
}

func reviewOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
