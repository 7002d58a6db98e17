package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/debrief-dev/debrief/insight"
)

// companyView is the data of one company's timeline.
type companyView struct {
	Problem string
	insight.Timeline
	// Rounds are the timeline's rounds with their pages.
	Rounds []companyRound
	People []string
}

// companyRound is one round of the timeline, with its record's page.
type companyRound struct {
	insight.Round
	Href string
}

// maxCompanyName bounds a company name in an address.
const maxCompanyName = 200

func (s *Server) companyPage(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PathValue("name"))
	if name == "" || len(name) > maxCompanyName {
		s.errorPage(w, r, http.StatusNotFound, "This is not a company's address",
			"The companies page lists every company in the notebook.")
		return
	}
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	company, err := insight.CompanyMatch(recs, name)
	var amb *insight.CompanyAmbiguousError
	switch {
	case errors.As(err, &amb):
		s.errorPage(w, r, http.StatusNotFound, "Several companies start with this name: "+strings.Join(amb.Candidates, ", "),
			"Pick one on the companies page.")
		return
	case errors.Is(err, insight.ErrNoCompany):
		s.errorPage(w, r, http.StatusNotFound, "No interview in the notebook is with a company of this name",
			"The companies page lists every company in the notebook.")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	tl := insight.CompanyTimeline(recs, company)
	v := companyView{Problem: problem, Timeline: tl}
	for _, rd := range tl.Rounds {
		v.Rounds = append(v.Rounds, companyRound{Round: rd, Href: "/records/" + rd.RecordID})
	}
	for _, p := range tl.People {
		v.People = append(v.People, personLine(p.Name, p.Role, p.Email))
	}
	s.render(w, r, 0, "company", v)
}

// personLine is "Ana Lima (engineering manager, ana@acme.example)".
func personLine(name string, details ...string) string {
	var ds []string
	for _, d := range details {
		if d = strings.TrimSpace(d); d != "" {
			ds = append(ds, d)
		}
	}
	name = strings.TrimSpace(name)
	if name == "" && len(ds) > 0 {
		name, ds = ds[0], ds[1:]
	}
	if len(ds) == 0 {
		return name
	}
	return name + " (" + strings.Join(ds, ", ") + ")"
}
