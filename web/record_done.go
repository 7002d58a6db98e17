package web

import (
	"cmp"
	"fmt"
	"net/http"

	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web/form"
)

// recordDone marks a thank-you note sent or a follow-up done (POST
// /records/{id}/done, what=thank-you|follow-up, on=YYYY-MM-DD), through
// the notebook as `debrief done` does, then returns to the page it was
// made on with a message saying what it did.
func (s *Server) recordDone(w http.ResponseWriter, r *http.Request) {
	id, ok := s.recordID(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f, err := form.ParseDone(r.PostForm, s.today())
	if err != nil {
		s.badForm(w, r, err)
		return
	}
	rec, err := s.deps.Book.Done(id, f.What, f.On)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	what := "Thank-you note marked sent"
	if f.What == notebook.KindFollowUp {
		what = "Follow-up marked done"
	}
	setFlash(w, fmt.Sprintf("%s on %s: %s (%s).", what, f.On, notebook.Title(rec), notebook.When(rec)))
	http.Redirect(w, r, cmp.Or(f.Back, "/records/"+rec.ID), http.StatusSeeOther)
}

// badForm answers a form that cannot be used: the page that sent it is
// out of date or was changed by hand.
func (s *Server) badForm(w http.ResponseWriter, r *http.Request, err error) {
	s.errorPage(w, r, http.StatusBadRequest, "This form cannot be used: "+err.Error(),
		"Nothing was changed. Go back, reload the page and try again.")
}
