package web

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/debrief-dev/debrief/notebook"
)

// TestPageHelpers checks what the handlers' helpers answer: fail picks
// the status and the advice from the notebook's errors, recordID refuses
// what is not an id, redirect answers a POST with 303.
func TestPageHelpers(t *testing.T) {
	s := &Server{lg: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var err error
	if s.views, err = newEngine(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		handle     func(w http.ResponseWriter, r *http.Request)
		path       string
		wantStatus int
		wantBody   string
		wantHeader [2]string
	}{
		{name: "fail-not-found", handle: func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, fmt.Errorf("get: %w", notebook.ErrNotFound))
		}, wantStatus: 404, wantBody: "No interview with this id"},
		{name: "fail-ambiguous", handle: func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, fmt.Errorf("%w: \"0d\" matches 2 records", notebook.ErrAmbiguous))
		}, wantStatus: 400, wantBody: "matches 2 records"},
		{name: "fail-file", handle: func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, &notebook.FileError{Path: "/nb/x.json", Line: 3, Err: errors.New("invalid character")})
		}, wantStatus: 500, wantBody: "/nb/x.json"},
		{name: "fail-other-escaped", handle: func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, errors.New("disk <b>full</b>"))
		}, wantStatus: 500, wantBody: "disk &lt;b&gt;full&lt;/b&gt;"},
		{name: "record-id-ok", path: "0d4o53pe4q", handle: func(w http.ResponseWriter, r *http.Request) {
			if id, ok := s.recordID(w, r); ok {
				fmt.Fprint(w, "id="+id)
			}
		}, wantStatus: 200, wantBody: "id=0d4o53pe4q"},
		{name: "record-id-bad", path: "0d4o53pe4q.json", handle: func(w http.ResponseWriter, r *http.Request) {
			if id, ok := s.recordID(w, r); ok {
				fmt.Fprint(w, "id="+id)
			}
		}, wantStatus: 404, wantBody: "not an interview&#39;s address"},
		{name: "redirect", handle: func(w http.ResponseWriter, r *http.Request) {
			redirect(w, r, "/records/0d4o53pe4q", url.Values{"saved": {"1"}})
		}, wantStatus: 303, wantHeader: [2]string{"Location", "/records/0d4o53pe4q?saved=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/x/{id}", tt.handle)
			path := tt.path
			if path == "" {
				path = "0d4o"
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, httptest.NewRequest("POST", "/x/"+path, nil))
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			if body := w.Body.String(); !strings.Contains(body, tt.wantBody) {
				t.Errorf("body does not contain %q:\n%s", tt.wantBody, body)
			}
			if k := tt.wantHeader[0]; k != "" && w.Header().Get(k) != tt.wantHeader[1] {
				t.Errorf("%s = %q, want %q", k, w.Header().Get(k), tt.wantHeader[1])
			}
		})
	}
}

// TestTemplatesParse parses every page's templates, which the app does
// only on a page's first visit.
func TestTemplatesParse(t *testing.T) {
	e, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.files) == 0 {
		t.Fatal("no page templates found")
	}
	for name := range e.files {
		if _, err := e.page(name); err != nil {
			t.Errorf("page %s: %v", name, err)
		}
	}
}
