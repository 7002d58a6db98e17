package insight

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// WriteTimeline writes tl as text: the rounds in date order with their
// details, questions and follow-ups, how long each step took, the people
// met and the outcome.
func WriteTimeline(w io.Writer, tl Timeline) error {
	out := bufio.NewWriter(w)
	fmt.Fprintf(out, "%s: %s", notebook.OneLine(tl.Company), countOf(len(tl.Rounds), "round"))
	if tl.Days != nil && *tl.Days > 0 {
		fmt.Fprintf(out, " over %s", companyDaysText(*tl.Days))
	}
	if tl.Outcome != "" {
		fmt.Fprintf(out, "; outcome %s", tl.Outcome)
		if tl.OutcomeOn != nil {
			fmt.Fprintf(out, " on %s", tl.OutcomeOn)
		}
	}
	upcoming := 0
	for _, r := range tl.Rounds {
		if r.Upcoming {
			upcoming++
		}
	}
	if upcoming > 0 {
		fmt.Fprintf(out, "; %d of them still to come", upcoming)
	}
	out.WriteString(".\n")
	for i, r := range tl.Rounds {
		when := r.Date.String()
		if when == "" {
			when = "undated"
		}
		if r.Start != "" {
			when += " " + r.Start
		}
		fmt.Fprintf(out, "\n%d. %s  %s", i+1, when, notebook.OneLine(companyOr(r.Round, "interview")))
		if r.SincePrevious != nil {
			fmt.Fprintf(out, "  (%s after the previous round)", companyDaysText(*r.SincePrevious))
		}
		out.WriteString("\n")
		var facts []string
		if r.Position != "" {
			facts = append(facts, notebook.OneLine(r.Position))
		}
		if r.Format != "" {
			facts = append(facts, r.Format)
		}
		if r.Rating != nil {
			facts = append(facts, fmt.Sprintf("you rated it %d/10", *r.Rating))
		}
		facts = append(facts, "id "+r.RecordID)
		fmt.Fprintf(out, "   %s\n", strings.Join(facts, " · "))
		if len(r.Interviewers) > 0 {
			fmt.Fprintf(out, "   with %s\n", notebook.OneLine(strings.Join(r.Interviewers, ", ")))
		}
		if len(r.Questions) > 0 {
			out.WriteString("   asked:\n")
			for _, q := range r.Questions {
				fmt.Fprintf(out, "   - %s\n", q)
			}
		}
		for _, line := range companyFollowUps(r) {
			fmt.Fprintf(out, "   %s\n", line)
		}
	}
	if len(tl.People) > 0 {
		out.WriteString("\nPeople met:\n")
		for _, p := range tl.People {
			s := notebook.OneLine(companyOr(p.Name, p.Email))
			var more []string
			for _, x := range []string{p.Role, p.Email, p.Phone, p.Contact} {
				if x = notebook.OneLine(x); x != "" && x != s {
					more = append(more, x)
				}
			}
			if len(more) > 0 {
				s += " (" + strings.Join(more, ", ") + ")"
			}
			fmt.Fprintf(out, "- %s\n", s)
		}
	}
	return out.Flush()
}

// companyFollowUps describes a round's thank-you note, expected reply,
// follow-up and outcome, with the days each took.
func companyFollowUps(r Round) []string {
	if r.Upcoming {
		return []string{"still to come"}
	}
	var out []string
	if r.ThankYouSent != nil {
		s := "thank-you sent " + r.ThankYouSent.String()
		if r.ThankYouDays != nil {
			s += " (" + companyAfter(*r.ThankYouDays) + ")"
		}
		out = append(out, s)
	} else if !r.Date.IsZero() {
		out = append(out, "thank-you not recorded as sent")
	}
	if r.ReplyExpectedBy != nil {
		out = append(out, "reply expected by "+r.ReplyExpectedBy.String())
	}
	if r.FollowUpDone != nil {
		out = append(out, "followed up "+r.FollowUpDone.String())
	}
	if r.Outcome != "" {
		s := "outcome " + r.Outcome
		if r.OutcomeOn != nil {
			s += " on " + r.OutcomeOn.String()
		}
		if r.OutcomeDays != nil {
			s += " (" + companyAfter(*r.OutcomeDays) + ")"
		}
		out = append(out, s)
	}
	return out
}

func companyAfter(days int) string {
	if days == 0 {
		return "the same day"
	}
	return companyDaysText(days) + " after the interview"
}

func companyDaysText(days int) string {
	if days == 1 || days == -1 {
		return fmt.Sprintf("%d day", days)
	}
	return fmt.Sprintf("%d days", days)
}

func companyOr(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// countOf is "1 round", "3 rounds".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Steps describes the round's thank-you note, expected reply, follow-up
// and outcome, with the days each took: the lines `debrief company`
// prints under the round.
func (r Round) Steps() []string { return companyFollowUps(r) }

// After is how long after the previous round this one came, "9 days";
// "" for the first round or an undated one.
func (r Round) After() string {
	if r.SincePrevious == nil {
		return ""
	}
	return companyDaysText(*r.SincePrevious)
}

// Span is how long the process has taken, "23 days"; "" when it has not
// lasted a day or its rounds are undated.
func (tl Timeline) Span() string {
	if tl.Days == nil || *tl.Days <= 0 {
		return ""
	}
	return companyDaysText(*tl.Days)
}
