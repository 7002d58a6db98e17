package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/chart"
	"github.com/debrief-dev/debrief/notebook"
)

// statsView is the data of the stats page.
type statsView struct {
	Problem string
	// Since is the ?since= filter, "" for all; SinceError says why a
	// value was not used.
	Since, SinceError string
	// Report is the figures as `debrief stats` prints them.
	Report string
	Charts []chartView
}

// chartView is one chart, drawn inline.
type chartView struct {
	Name, Title string
	// SVG is the <svg> element chart.WriteInline draws: generated here,
	// every text in it escaped, so it is trusted as HTML.
	SVG template.HTML
}

func (s *Server) statsPage(w http.ResponseWriter, r *http.Request) {
	recs, problem, ok := s.records(w, r)
	if !ok {
		return
	}
	v := statsView{Problem: problem}
	var since notebook.Date
	if q := strings.TrimSpace(r.URL.Query().Get("since")); q != "" {
		d, err := notebook.ParseDate(q)
		if err != nil {
			v.SinceError = "“" + q + "” is not a date: write it as YYYY-MM-DD, such as 2026-03-01. Showing every interview."
		} else {
			since, v.Since = d, d.String()
		}
	}
	st := insight.Trends(recs, s.deps.Now(), insight.StatsOptions{Since: since, Block: s.deps.Block, Policy: s.deps.Policy})
	var report bytes.Buffer
	if err := insight.WriteStats(&report, st); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Report = report.String()
	for _, c := range chart.Draw(st) {
		var svg bytes.Buffer
		if err := c.WriteInline(&svg); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Charts = append(v.Charts, chartView{Name: c.Name, Title: c.Title, SVG: template.HTML(svg.String())})
	}
	s.render(w, r, 0, "stats", v)
}
