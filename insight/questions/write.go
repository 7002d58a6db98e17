package questions

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// shownDates is how many dates per company a group lists in text.
const shownDates = 3

// Write writes bank as text: the practice list, then every group
// with how often it was asked, by whom and when, the other wordings and the
// last answer and how it went.
func Write(w io.Writer, bank Bank) error {
	out := bufio.NewWriter(w)
	past := count(bank.Records-bank.Upcoming, "interview")
	if bank.Upcoming > 0 {
		past = count(bank.Records-bank.Upcoming, "past interview") + " (" + count(bank.Upcoming, "more") + " to come)"
	}
	if bank.Asked == 0 && bank.Records == bank.Upcoming && bank.Upcoming > 0 {
		fmt.Fprintf(out, "No questions yet: %s to come, and `debrief reflect` asks for the questions after each.\n", count(bank.Upcoming, "interview"))
		return out.Flush()
	}
	if bank.Asked == 0 {
		fmt.Fprintf(out, "No questions noted in %s yet: `debrief reflect` asks for them after each interview.\n", past)
		return out.Flush()
	}
	fmt.Fprintf(out, "%s asked in %s: %s.\n", count(bank.Asked, "question"), past, count(len(bank.Groups), "distinct question"))
	if len(bank.Practice) > 0 {
		fmt.Fprintf(out, "\nPractise next (score: times asked + 2 per difficult + 2 per went poorly + 1 per interview rated %d/10 or less; halved when the last answer went well):\n", LowRating)
		for i, g := range bank.Practice {
			fmt.Fprintf(out, "%2d. %s  [score %s, question #%d]\n", i+1, notebook.OneLine(g.Label), scoreText(g.Score), g.Number)
			fmt.Fprintf(out, "    %s\n", tally(g))
			writeLast(out, g, "    ")
		}
	}
	fmt.Fprintf(out, "\nQuestion bank (most asked first; `debrief questions merge A B` and `split A` take these #numbers):\n")
	for _, g := range bank.Groups {
		fmt.Fprintf(out, "\n#%d %s\n", g.Number, notebook.OneLine(g.Label))
		fmt.Fprintf(out, "  %s\n", tally(g))
		fmt.Fprintf(out, "  by %s\n", companyList(g.Companies))
		if len(g.Wordings) > 1 {
			quoted := make([]string, 0, len(g.Wordings)-1)
			for _, wd := range g.Wordings[1:] {
				quoted = append(quoted, fmt.Sprintf("%q", notebook.OneLine(wd)))
			}
			fmt.Fprintf(out, "  also asked as %s\n", strings.Join(quoted, ", "))
		}
		writeLast(out, g, "  ")
	}
	return out.Flush()
}

// tally is "asked 3×, difficult 1×, went poorly 2×".
func tally(g Group) string {
	s := fmt.Sprintf("asked %d×", g.Count)
	if g.Difficult > 0 {
		s += fmt.Sprintf(", marked difficult %d×", g.Difficult)
	}
	if g.Poor > 0 {
		s += fmt.Sprintf(", went poorly %d×", g.Poor)
	}
	if g.LowRating > 0 {
		s += fmt.Sprintf(", in %s rated %d/10 or less", count(g.LowRating, "interview"), LowRating)
	}
	return s
}

// writeLast writes the last answer given and how it went.
func writeLast(out io.Writer, g Group, indent string) {
	a := g.Asks[len(g.Asks)-1]
	where := strings.TrimSpace(a.Date.String() + " " + notebook.OneLine(a.Company))
	switch {
	case a.Answer != "":
		fmt.Fprintf(out, "%slast answer (%s): %s\n", indent, where, notebook.OneLine(a.Answer))
	default:
		fmt.Fprintf(out, "%slast asked %s, no answer noted\n", indent, where)
	}
	if a.HowItWent != "" {
		fmt.Fprintf(out, "%show it went: %s\n", indent, notebook.OneLine(a.HowItWent))
	}
	if a.HowToImprove != "" {
		fmt.Fprintf(out, "%sto improve: %s\n", indent, notebook.OneLine(a.HowToImprove))
	}
}

// companyList is "Acme (2026-03-01, 2026-01-05), Globex (2026-02-10, +4 more)".
func companyList(cs []Company) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		name := notebook.OneLine(c.Company)
		if name == "" {
			name = "(no company)"
		}
		var ds []string
		for _, d := range c.Dates[:min(len(c.Dates), shownDates)] {
			ds = append(ds, d.String())
		}
		if n := len(c.Dates) - shownDates; n > 0 {
			ds = append(ds, fmt.Sprintf("+%d more", n))
		}
		if len(ds) > 0 {
			name += " (" + strings.Join(ds, ", ") + ")"
		}
		parts = append(parts, name)
	}
	return strings.Join(parts, ", ")
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func scoreText(s float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", s), ".0") }
