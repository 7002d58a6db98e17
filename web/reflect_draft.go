package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// reflectDraft keeps what the person typed in the reflection form of one
// record, unsaved: the page's script posts it a moment after each change,
// and the "Keep as draft" button posts it without script. With
// discard=1 it drops the draft instead. The page shows the draft, not the
// record, until it is saved or dropped.
func (s *Server) reflectDraft(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.record(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "This draft could not be read", "Reload the form; what you typed is still in it.")
		return
	}
	script := strings.Contains(r.Header.Get("Accept"), "application/json")
	if r.PostForm.Get("discard") != "" {
		if err := s.drafts.remove(rec.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		redirect(w, r, "/reflect/"+rec.ID, url.Values{"discarded": {"1"}})
		return
	}
	values := formValues(r)
	values.Del("discard")
	values.Del("keep")
	now := s.deps.Now()
	if err := s.drafts.put(rec.ID, values, now); err != nil {
		if script {
			s.lg.Error("draft not kept", "id", rec.ID, "err", err)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.fail(w, r, err)
		return
	}
	if script {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"kept": now.UnixMilli()})
		return
	}
	redirect(w, r, "/reflect/"+rec.ID, url.Values{"kept": {"1"}})
}
