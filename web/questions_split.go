package web

import (
	"net/http"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/web/form"
)

// questionsSplit takes a wording out of its question, or splits a
// question into one per wording (POST /questions/split, ref=number or
// wording), kept as `debrief questions split` keeps it, then returns to
// the bank with a message saying what it did.
func (s *Server) questionsSplit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f, err := form.ParseSplit(r.PostForm)
	if err != nil {
		s.badForm(w, r, err)
		return
	}
	s.editQuestions(w, r, f.Back, func(dir string) (string, error) {
		recs, err := s.deps.Book.List()
		if recs == nil && err != nil {
			return "", err
		}
		return questions.Split(dir, recs, f.Ref)
	})
}
