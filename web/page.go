package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/debrief-dev/debrief/notebook"
)

// view is what the layout gets: the page's own data under Data.
type view struct {
	Page string    // the template's name: which navigation entry is current
	Nav  []navItem // the navigation, in order
	// Flash says what the last action did (see setFlash); nil when
	// none.
	Flash *flash
	Data  any
}

// navItem is one entry of the navigation bar.
type navItem struct {
	Path, Label string
	Pages       []string // the templates under this entry
}

// nav lists every page reachable from the navigation bar (CONTRACTS.md).
var nav = []navItem{
	{"/", "Today", []string{"today"}},
	{"/records", "Notebook", []string{"records", "record", "reflect"}},
	{"/followups", "Follow-ups", []string{"followups", "thankyou"}},
	{"/companies", "Companies", []string{"companies", "company"}},
	{"/questions", "Questions", []string{"questions"}},
	{"/stats", "Stats", []string{"stats"}},
	{"/review", "Review", []string{"review"}},
	{"/events", "Events", []string{"events"}},
}

// Current reports whether the page p belongs under this entry.
func (n navItem) Current(p string) bool {
	for _, q := range n.Pages {
		if q == p {
			return true
		}
	}
	return false
}

// render answers with the page name around data, with status (0: 200).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var buf bufferedWriter
	if err := s.views.render(&buf, name, view{Page: name, Nav: nav, Flash: takeFlash(w, r), Data: data}); err != nil {
		s.lg.Error("web page failed", "page", name, "err", err)
		http.Error(w, "debrief: this page could not be drawn (a bug: the log has the details). Other pages still work.", http.StatusInternalServerError)
		return
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.b)
	}
}

// bufferedWriter collects a rendered page.
type bufferedWriter struct{ b []byte }

func (b *bufferedWriter) Write(p []byte) (int, error) { b.b = append(b.b, p...); return len(p), nil }

// errorView is the data of the error page: what happened, what to do.
type errorView struct {
	Title string // what happened, one sentence
	Todo  string // what to do now
}

// errorPage answers with the error page.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, todo string) {
	s.render(w, r, status, "error", errorView{Title: title, Todo: todo})
}

// fail answers with the error page for err, from the notebook or
// elsewhere: a record that is not there, an ambiguous id and a damaged
// file each say what to do; anything else is logged and shown as it is.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var fe *notebook.FileError
	switch {
	case errors.Is(err, notebook.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "No interview with this id in the notebook",
			"It may have been removed, or the address was cut short. The notebook page lists every interview.")
	case errors.Is(err, notebook.ErrAmbiguous):
		s.errorPage(w, r, http.StatusBadRequest, "This id matches more than one interview",
			err.Error()+". The notebook page lists every interview.")
	case errors.As(err, &fe):
		s.errorPage(w, r, http.StatusInternalServerError, "A notebook file cannot be read",
			fe.Error()+". Fix or move that file (debrief never changes a file it cannot read), then reload this page.")
	default:
		s.lg.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong: "+err.Error(),
			"Nothing you typed was thrown away by this error. Reload the page to try again; the daemon's log has the details.")
	}
}

// recordID returns the {id} of the request's path when it can only be a
// record id or prefix (4 to 32 characters of 0-9 and a-v, as the notebook
// makes them), so nothing else reaches the notebook; otherwise it answers
// 404 itself and returns false.
func (s *Server) recordID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !validID(id) {
		s.errorPage(w, r, http.StatusNotFound, "This is not an interview's address",
			"An interview's id has 4 to 32 letters a-v and digits, such as 0d4o53pe4q. The notebook page lists every interview.")
		return "", false
	}
	return id, true
}

// record is the record whose id is the request's {id}; when the id is
// not valid or the record cannot be read it has answered with the error
// page and returns false.
func (s *Server) record(w http.ResponseWriter, r *http.Request) (*notebook.Record, bool) {
	id, ok := s.recordID(w, r)
	if !ok {
		return nil, false
	}
	rec, err := s.deps.Book.Get(id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return rec, true
}

// validID reports whether id has the shape of a record id or id prefix.
func validID(id string) bool {
	if len(id) < 4 || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'v') {
			return false
		}
	}
	return true
}

// redirect answers a POST with 303 See Other to path and its query, so a
// reload does not post again.
func redirect(w http.ResponseWriter, r *http.Request, path string, q url.Values) {
	u := url.URL{Path: path, RawQuery: q.Encode()}
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, fmt.Sprintf("There is no page at %s", r.URL.Path),
		"Use the links at the top of the page.")
}

// ping answers `debrief open`'s question "is the app at this address
// this install's?" (see Ping): with ?nonce=, the proof that it knows the
// secret. It needs no secret and shows nothing of it.
func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, pingAnswer)
	if n := r.URL.Query().Get("nonce"); n != "" && len(n) <= 64 {
		fmt.Fprintln(w, pingProof(s.secret, n))
	}
}
