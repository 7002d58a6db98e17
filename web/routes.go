package web

import "net/http"

// routes lists every page and action of the app, one line each; the
// handler of each lives in its own file, named after it. The paths are
// the ones CONTRACTS.md gives; {id} is a record id (or unique prefix),
// checked by recordID before it reaches the notebook.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+pingPath, s.ping)
	mux.HandleFunc("GET /static/{file}", s.static)

	// Anything else: a page that says where to go.
	mux.HandleFunc("/", s.notFound)
}
