package web

import (
	"cmp"
	"errors"
	"net/http"
	"strings"

	"github.com/debrief-dev/debrief/web/form"
)

// Corrector corrects the company or the position of a record and
// remembers the correction for later invitations, as `debrief set` does
// (daemon.Correct, wired by cmd). It returns sentences saying what it did;
// an error wrapping ErrBadCorrection is the person's to fix.
type Corrector func(recordID, what, value string, all bool) ([]string, error)

// ErrBadCorrection marks a correction that cannot be made as asked: a
// field other than company or position, an empty value.
var ErrBadCorrection = errors.New("bad correction")

// recordSet corrects a record's company or position (POST
// /records/{id}/set, what=company|position, value=…, all=on renames every
// record filed under the old company), then returns to the page it was
// made on with a message saying what changed and what is remembered.
func (s *Server) recordSet(w http.ResponseWriter, r *http.Request) {
	id, ok := s.recordID(w, r)
	if !ok {
		return
	}
	if s.deps.Correct == nil {
		s.errorPage(w, r, http.StatusServiceUnavailable, "Corrections cannot be made here",
			`Correct it from a terminal: debrief set ID company "…"`)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	what, value := r.PostForm.Get("what"), r.PostForm.Get("value")
	if what != "company" && what != "position" {
		s.badForm(w, r, errors.New(`choose "company" or "position"`))
		return
	}
	if strings.TrimSpace(value) == "" {
		s.badForm(w, r, errors.New("the new "+what+" is empty"))
		return
	}
	said, err := s.deps.Correct(id, what, value, r.PostForm.Get("all") == "on")
	switch {
	case errors.Is(err, ErrBadCorrection):
		s.badForm(w, r, err)
		return
	case err != nil && len(said) == 0:
		s.fail(w, r, err)
		return
	case err != nil:
		said = append(said, "Then: "+err.Error())
	}
	setFlash(w, strings.Join(said, " "))
	http.Redirect(w, r, cmp.Or(form.Back(r.PostForm), "/records/"+id), http.StatusSeeOther)
}
