package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/debrief-dev/debrief/notebook"
)

// reflectSave saves the reflection form into the record with
// notebook.Book.Reflect, under the notebook's lock, with its atomic write.
// A save that fails keeps what was posted as the draft, so a mistake or a
// conflict loses nothing even if the tab is closed then; a save that
// succeeds drops the draft. (While the person types, the page's script
// keeps the draft and a copy in the browser, so a crash during the save
// loses nothing either; not writing the draft first keeps a save to one
// fsynced write.)
//
//   - a mistake in an answer: nothing is saved; the form comes back with
//     every character typed and the error next to each field (422);
//   - the record changed meanwhile in an answer the form changed too:
//     nothing is saved; both versions are shown, with a choice for each
//     (409); saving again with the choices made applies them;
//   - saved: 303 to the form, which says so.
func (s *Server) reflectSave(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.record(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read",
			"Go back: what you typed is still in the form, and kept as a draft in this browser.")
		return
	}
	values := formValues(r)
	base, err := notebook.ParseBase(values.Get("base"))
	if err != nil {
		// A damaged hidden field: save as a form that carries no base,
		// which never clears an answer.
		s.lg.Warn("reflection form with a damaged base; saved as one without", "id", rec.ID, "err", err)
		base = notebook.Base{}
	}
	saved, changed, err := s.saveReflection(rec.ID, values, base)
	if err != nil {
		if derr := s.drafts.put(rec.ID, values, s.deps.Now()); derr != nil {
			s.lg.Error("the refused save's text is not kept as a draft", "id", rec.ID, "err", derr)
		}
	}
	var ferrs notebook.FieldErrors
	var ce *notebook.ConflictError
	switch {
	case errors.As(err, &ferrs):
		v := newReflectView(rec)
		v.Base = values.Get("base")
		v.Sections = formSections(values, ferrs)
		v.Errors = errorList(v.Sections)
		s.render(w, r, http.StatusUnprocessableEntity, "reflect", v)
		return
	case errors.As(err, &ce):
		cur, gerr := s.deps.Book.Get(rec.ID)
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		v := newReflectView(cur)
		v.Base = values.Get("base")
		v.Sections = formSections(values, nil)
		v.Conflict = true
		v.ConflictWhy = conflictWhy(ce)
		for _, c := range ce.Fields {
			v.Conflicts = append(v.Conflicts, conflictView{Name: c.Name, Now: orEmpty(c.Now), Form: orEmpty(c.Form)})
			v.Resolve = append(v.Resolve, resolveChoice{Key: c.Key, Name: c.Name, Choice: values.Get("resolve." + c.Key)})
		}
		s.render(w, r, http.StatusConflict, "reflect", v)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err := s.drafts.remove(saved.ID); err != nil {
		s.lg.Warn("saved, but the draft stays", "id", saved.ID, "err", err)
	}
	done := "1"
	if !changed {
		done = "unchanged"
	}
	redirect(w, r, "/reflect/"+saved.ID, url.Values{"saved": {done}})
}

// conflictWhy says what changed, in one sentence.
func conflictWhy(ce *notebook.ConflictError) string {
	if ce.FormRevision > 0 {
		return fmt.Sprintf("The notebook's record was saved again since this form was opened (revision %d then, %d now): from another tab, the command line or the daemon.", ce.FormRevision, ce.Revision)
	}
	return "The notebook's record was saved again since this form was opened: from another tab, the command line or the daemon."
}

func orEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}
