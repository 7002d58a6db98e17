package calendartest

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
)

func errParse() *apiError {
	return &apiError{Code: http.StatusBadRequest, Domain: "global", Reason: "parseError", Message: "Parse Error"}
}

func writeEvent(w http.ResponseWriter, r *http.Request, rec *record) {
	w.Header().Set("ETag", rec.ev.Etag)
	writeBody(w, r, marshalRaw(rec.raw))
}

// insert is events.insert: a client-supplied id must be base32hex of 5 to
// 1024 characters and new, even among deleted events.
func (s *Server) insert(w http.ResponseWriter, r *http.Request, calID string) {
	body, _ := io.ReadAll(r.Body)
	raw, err := decodeEvent(body)
	if err != nil {
		writeError(w, errParse())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cal(calID)
	if c == nil {
		writeError(w, errNotFound())
		return
	}
	var id string
	if v, ok := raw["id"]; ok && string(v) != "null" {
		if json.Unmarshal(v, &id) != nil || !validID(id) {
			writeError(w, errInvalid("Invalid resource id value."))
			return
		}
		if c.events[id] != nil {
			writeError(w, errDuplicate())
			return
		}
	}
	rec, e := s.commit(c, nil, raw, modeAPI)
	if e != nil {
		writeError(w, e)
		return
	}
	writeEvent(w, r, rec)
}

// lookup finds the event of a request, answering 404 itself.
func (s *Server) lookup(w http.ResponseWriter, calID, eventID string) (*calendar, *record) {
	c := s.cal(calID)
	if c == nil {
		writeError(w, errNotFound())
		return nil, nil
	}
	rec := c.events[eventID]
	if rec == nil {
		writeError(w, errNotFound())
		return nil, nil
	}
	return c, rec
}

// preconditions answers 412 when If-Match names another etag.
func preconditions(w http.ResponseWriter, r *http.Request, rec *record) bool {
	if m := r.Header.Get("If-Match"); m != "" && m != "*" && m != rec.ev.Etag {
		writeError(w, &apiError{Code: http.StatusPreconditionFailed, Domain: "global", Reason: "conditionNotMet", Message: "Precondition Failed"})
		return false
	}
	return true
}

// get is events.get: deleted events are returned with status cancelled.
func (s *Server) get(w http.ResponseWriter, r *http.Request, calID, eventID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, rec := s.lookup(w, calID, eventID); rec != nil {
		if m := r.Header.Get("If-None-Match"); m != "" && m == rec.ev.Etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		writeEvent(w, r, rec)
	}
}

// write is events.patch (top-level fields present in the body replace the
// stored ones, null clears one) and events.update (the body replaces the
// event). Writing an instance makes it an exception of its series.
func (s *Server) write(w http.ResponseWriter, r *http.Request, calID, eventID string, patch bool) {
	body, _ := io.ReadAll(r.Body)
	raw, err := decodeEvent(body)
	if err != nil {
		writeError(w, errParse())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, old := s.lookup(w, calID, eventID)
	if old == nil || !preconditions(w, r, old) {
		return
	}
	if patch {
		merged := maps.Clone(old.raw)
		for k, v := range raw {
			if string(v) == "null" {
				delete(merged, k)
			} else {
				merged[k] = v
			}
		}
		raw = merged
	}
	rec, e := s.commit(c, old, raw, modeAPI)
	if e != nil {
		writeError(w, e)
		return
	}
	writeEvent(w, r, rec)
}

// delete is events.delete: 204, or 410 deleted when already deleted.
func (s *Server) delete(w http.ResponseWriter, r *http.Request, calID, eventID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, rec := s.lookup(w, calID, eventID)
	if rec == nil || !preconditions(w, r, rec) {
		return
	}
	if rec.cancelled() {
		writeError(w, errDeleted())
		return
	}
	s.cancelRecord(c, rec)
	w.WriteHeader(http.StatusNoContent)
}
