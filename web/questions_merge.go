package web

import (
	"cmp"
	"errors"
	"net/http"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/web/form"
)

// questionsMerge makes two questions of the bank one (POST
// /questions/merge, a=…&b=…, numbers or wordings), kept in the notebook
// folder as `debrief questions merge` keeps it, then returns to the bank
// with a message saying what it did, or why it did nothing.
func (s *Server) questionsMerge(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f, err := form.ParseMerge(r.PostForm)
	if err != nil {
		s.badForm(w, r, err)
		return
	}
	s.editQuestions(w, r, f.Back, func(dir string) (string, error) {
		recs, err := s.deps.Book.List()
		if recs == nil && err != nil {
			return "", err
		}
		return questions.Merge(dir, recs, f.A, f.B)
	})
}

// editQuestions runs a merge or split and answers: the bank with the
// message on success or a mistake in the reference (ErrRef), the error
// page on anything else.
func (s *Server) editQuestions(w http.ResponseWriter, r *http.Request, back string, edit func(dir string) (string, error)) {
	msg, err := edit(s.deps.Book.Dir())
	switch {
	case errors.Is(err, questions.ErrRef):
		setWarning(w, "Nothing was changed: "+err.Error())
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		setFlash(w, msg)
	}
	http.Redirect(w, r, cmp.Or(back, "/questions"), http.StatusSeeOther)
}
