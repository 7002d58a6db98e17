package web

import (
	"net/http"

	"github.com/debrief-dev/debrief/insight"
)

// companiesView is the data of the companies page.
type companiesView struct {
	Problem   string
	Companies []companyRow
}

// companyRow is one company of the index.
type companyRow struct {
	insight.CompanySummary
	Href string
	// Span is "2026-03-02 to 2026-03-20", or the one day.
	Span string
}

func (s *Server) companiesPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	v := companiesView{Problem: problem}
	for _, c := range insight.Companies(recs) {
		row := companyRow{CompanySummary: c, Href: companyHref(c.Company)}
		switch {
		case c.First.IsZero():
		case c.First == c.Last:
			row.Span = c.First.String()
		default:
			row.Span = c.First.String() + " to " + c.Last.String()
		}
		v.Companies = append(v.Companies, row)
	}
	s.render(w, r, 0, "companies", v)
}
