package web

import "net/http"

// routes lists every page and action of the app, one line each; the
// handler of each lives in its own file, named after it. The paths are
// the ones CONTRACTS.md gives; {id} is a record id (or unique prefix),
// checked by recordID before it reaches the notebook.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+pingPath, s.ping)
	mux.HandleFunc("GET /static/{file}", s.static)

	mux.HandleFunc("GET /reflect/{id}", s.reflectPage)
	mux.HandleFunc("POST /reflect/{id}", s.reflectSave)
	mux.HandleFunc("POST /reflect/{id}/draft", s.reflectDraft)

	mux.HandleFunc("GET /{$}", s.todayPage)
	mux.HandleFunc("GET /records", s.recordsPage)
	mux.HandleFunc("GET /records/{id}", s.recordPage)
	mux.HandleFunc("POST /records/{id}/done", s.recordDone)
	mux.HandleFunc("POST /records/{id}/outcome", s.recordOutcome)
	mux.HandleFunc("POST /records/{id}/set", s.recordSet)
	mux.HandleFunc("GET /followups", s.followupsPage)
	mux.HandleFunc("GET /thank-you/{id}", s.thankYouPage)
	mux.HandleFunc("GET /companies", s.companiesPage)
	mux.HandleFunc("GET /companies/{name}", s.companyPage)
	mux.HandleFunc("GET /questions", s.questionsPage)
	mux.HandleFunc("POST /questions/merge", s.questionsMerge)
	mux.HandleFunc("POST /questions/split", s.questionsSplit)
	mux.HandleFunc("GET /stats", s.statsPage)
	mux.HandleFunc("GET /review", s.reviewPage)
	mux.HandleFunc("GET /events", s.eventsPage)
	mux.HandleFunc("POST /events/mark", s.eventsMark)

	// Anything else: a page that says where to go.
	mux.HandleFunc("/", s.notFound)
}
