package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

// groupsPerPage is how many questions the question bank page lists at
// once.
const groupsPerPage = 100

// questionsView is the data of the question bank's page.
type questionsView struct {
	Problem string
	// Summary is "42 questions asked in 12 interviews: 30 distinct
	// questions."; empty when none is noted.
	Summary  string
	Records  int
	Practice []questionRow
	// Groups are this page's questions, numbered as `debrief questions`
	// numbers them.
	Groups            []questionRow
	Shown, Prev, Next string
	// CanEdit reports whether merge and split are offered.
	CanEdit bool
	Back    string
}

// questionRow is one question however it was worded.
type questionRow struct {
	N     int // its number, 1 for the most asked
	Label string
	// Tally is "asked 3×, marked difficult 1×"; Companies "Acme (2026-03-02),
	// Globex (2026-03-10)".
	Tally, Companies string
	// Also are its other wordings.
	Also []string
	// Last is the last answer given, with when; HowItWent and Improve the
	// notes on it.
	Last, HowItWent, Improve string
	LastHref                 string
	Score                    string
}

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	page := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 {
		page = p
	}
	corr, err := questions.Load(s.deps.Book.Dir())
	if err != nil {
		// The groups still show, by the scores alone.
		problem = strings.TrimSpace(problem + " " + err.Error() + ".")
	}
	bank := s.banks.get(recs, corr)
	v := questionsOf(bank, page)
	v.CanEdit = err == nil
	v.Problem = problem
	v.Back = backOf(r)
	s.render(w, r, 0, "questions", v)
}

func questionsOf(bank questions.Bank, page int) questionsView {
	v := questionsView{Records: bank.Records}
	if bank.Asked == 0 {
		return v
	}
	v.Summary = fmt.Sprintf("%s asked in %s: %s.", insight.Plural(bank.Asked, "question"), insight.Plural(bank.Records, "interview"), insight.Plural(len(bank.Groups), "distinct question"))
	number := map[string]int{}
	for i, g := range bank.Groups {
		number[g.Label] = i + 1
	}
	for _, g := range bank.Practice {
		v.Practice = append(v.Practice, questionOf(g, number[g.Label]))
	}
	first := (page - 1) * groupsPerPage
	if first >= len(bank.Groups) {
		first, page = 0, 1
	}
	last := min(first+groupsPerPage, len(bank.Groups))
	for i := first; i < last; i++ {
		v.Groups = append(v.Groups, questionOf(bank.Groups[i], i+1))
	}
	v.Shown = fmt.Sprintf("%d–%d of %d", first+1, last, len(bank.Groups))
	if page > 1 {
		v.Prev = "/questions?page=" + strconv.Itoa(page-1)
	}
	if last < len(bank.Groups) {
		v.Next = "/questions?page=" + strconv.Itoa(page+1)
	}
	return v
}

func questionOf(g questions.Group, n int) questionRow {
	q := questionRow{N: n, Label: notebook.OneLine(g.Label), Score: strconv.FormatFloat(g.Score, 'f', -1, 64)}
	tally := []string{fmt.Sprintf("asked %d×", g.Count)}
	if g.Difficult > 0 {
		tally = append(tally, fmt.Sprintf("marked difficult %d×", g.Difficult))
	}
	if g.Poor > 0 {
		tally = append(tally, fmt.Sprintf("went poorly %d×", g.Poor))
	}
	if g.LowRating > 0 {
		tally = append(tally, fmt.Sprintf("in %s rated %d/10 or less", insight.Plural(g.LowRating, "interview"), questions.LowRating))
	}
	q.Tally = strings.Join(tally, ", ")
	var cs []string
	for _, c := range g.Companies {
		var ds []string
		for i, d := range c.Dates {
			if i == 3 {
				ds = append(ds, "…")
				break
			}
			ds = append(ds, d.String())
		}
		name := notebook.OneLine(c.Company)
		if name == "" {
			name = "company unknown"
		}
		if len(ds) > 0 {
			name += " (" + strings.Join(ds, ", ") + ")"
		}
		cs = append(cs, name)
	}
	q.Companies = strings.Join(cs, ", ")
	for _, w := range g.Wordings[min(1, len(g.Wordings)):] {
		q.Also = append(q.Also, notebook.OneLine(w))
	}
	if len(g.Asks) > 0 {
		a := g.Asks[len(g.Asks)-1]
		where := strings.TrimSpace(a.Date.String() + " " + notebook.OneLine(a.Company))
		q.LastHref = "/records/" + a.RecordID
		if a.Answer != "" {
			q.Last = "Last answer (" + where + "): " + notebook.OneLine(a.Answer)
		} else {
			q.Last = "Last asked " + where + ", no answer noted"
		}
		q.HowItWent, q.Improve = notebook.OneLine(a.HowItWent), notebook.OneLine(a.HowToImprove)
	}
	return q
}
