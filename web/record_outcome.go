package web

import (
	"cmp"
	"fmt"
	"net/http"

	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web/form"
)

// recordOutcome records how an interview ended (POST
// /records/{id}/outcome, status=…, on=YYYY-MM-DD), through the notebook as
// `debrief outcome` does, then returns to the page it was made on with a
// message saying what it did.
func (s *Server) recordOutcome(w http.ResponseWriter, r *http.Request) {
	id, ok := s.recordID(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f, err := form.ParseOutcome(r.PostForm, s.today())
	if err != nil {
		s.badForm(w, r, err)
		return
	}
	rec, err := s.deps.Book.SetOutcome(id, f.Status, f.On)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, fmt.Sprintf("Outcome %s on %s recorded: %s (%s). The expected reply and the follow-up are closed.",
		f.Status, f.On, notebook.Title(rec), notebook.When(rec)))
	http.Redirect(w, r, cmp.Or(f.Back, "/records/"+rec.ID), http.StatusSeeOther)
}
