package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// recordView is the data of one record's page.
type recordView struct {
	recordRow
	// Sections are the record's filled sections (notebook.Outline, what
	// `debrief show` prints).
	Sections []notebook.Section
	// Open are its follow-ups not done yet, with their buttons.
	Open   []followupRow
	Settle settleView
	// Company is the company's timeline page, "" without a company.
	Company string
}

func (s *Server) recordPage(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.record(w, r)
	if !ok {
		return
	}
	fs := notebook.Followups(rec, s.deps.Now(), s.deps.Policy)
	v := recordView{recordRow: rowOf(rec), Sections: notebook.Outline(rec, fs), Settle: s.settleOf(rec.ID, "/records/"+rec.ID)}
	for _, f := range fs {
		if f.State != notebook.Done {
			v.Open = append(v.Open, followupOf(rec, f))
		}
	}
	if c := strings.TrimSpace(rec.Interview.Company); c != "" {
		v.Company = companyHref(c)
	}
	s.render(w, r, 0, "record", v)
}

// companyHref is the timeline page of company.
func companyHref(company string) string {
	return "/companies/" + url.PathEscape(strings.Join(strings.Fields(company), " "))
}
