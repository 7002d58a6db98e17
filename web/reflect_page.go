package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// reflectView is the data of the reflection form page.
type reflectView struct {
	ID      string
	Heading string // "Company — Position"
	Event   string // the calendar event's title, as the person sees it in the calendar
	When    string
	Base    string // the notebook.Base the form's values were made from
	File    string // the record's file name, after a save

	Sections    []sectionView
	Errors      []fieldError   // a save refused for these mistakes
	Conflict    bool           // a save refused because the record changed
	Conflicts   []conflictView // the answers changed on both sides
	ConflictWhy string
	Resolve     []resolveChoice // the choices to make before saving again

	Draft   string // when the draft shown was kept; "" when the form shows the record
	DraftMS int64  // the same, in ms since 1970, for the script; 0 without a draft

	Saved, Unchanged, Kept, Discarded bool
	SavedAt                           string
}

// sectionView is one numbered section of the form.
type sectionView struct {
	Heading string
	Fields  []fieldView
}

// fieldView is one input of the form (see templates/_field.html).
type fieldView struct {
	Kind    string // label, text, textarea, lines, rating, yesno, flag, date, choice, number, blocks
	Name    string // the input's name: the field's key, "takeaways.questions.0.question" in a block
	ID      string // the element's id
	Label   string
	Hint    string
	Level   int // indentation under the prompt above
	Value   string
	Rows    int
	Options []option
	Error   string
	// Describe lists the ids of the hint and the error, for
	// aria-describedby; "" when there is neither.
	Describe string

	BlockTitle string        // blocks: "Question"
	Blocks     [][]fieldView // blocks: the fields of each block
}

// option is one choice of a rating, a yes/no or a select.
type option struct{ Value, Label string }

// fieldError is one mistake of a refused save, for the list at the top.
type fieldError struct{ ID, Label, Msg string }

// conflictView is one answer changed both in the record and in the form.
type conflictView struct{ Name, Now, Form string }

// resolveChoice is the person's pick for one answer in conflict.
type resolveChoice struct{ Key, Name, Choice string }

// reflectPage shows the reflection form of one record: the draft when
// there is one (what the person typed last, not yet saved), else the
// record. A prefix of an id redirects to the full id, so the draft and the
// address are the record's.
func (s *Server) reflectPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.recordID(w, r)
	if !ok {
		return
	}
	rec, err := s.deps.Book.Get(id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.ID != id {
		redirect(w, r, "/reflect/"+rec.ID, r.URL.Query())
		return
	}
	v := newReflectView(rec)
	values := recordValues(rec)
	dr, ok, err := s.drafts.get(rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ok {
		values = dr.Values
		v.Draft = dr.Saved.In(time.Local).Format("Mon 2 Jan, 15:04")
		v.DraftMS = dr.Saved.UnixMilli()
	}
	q := r.URL.Query()
	v.Saved, v.Kept, v.Discarded = q.Has("saved"), q.Has("kept"), q.Has("discarded")
	v.Unchanged = q.Get("saved") == "unchanged"
	if v.Saved && rec.ReflectedAt != nil {
		v.SavedAt = rec.ReflectedAt.In(time.Local).Format("15:04")
	}
	v.Base = values.Get("base")
	v.File = filepath.Join(s.deps.Book.Dir(), notebook.FileName(rec))
	v.Sections = formSections(values, nil)
	s.render(w, r, 0, "reflect", v)
}

// newReflectView fills what the page says about rec: its heading, the
// event's own title, when, and the base of a form made from it now.
func newReflectView(rec *notebook.Record) reflectView {
	v := reflectView{
		ID:      rec.ID,
		Heading: notebook.Title(rec),
		When:    notebook.When(rec),
		Base:    notebook.BaseOf(rec).String(),
	}
	if rec.Source != nil {
		v.Event = notebook.OneLine(rec.Source.Title)
	}
	return v
}

// formValues are the posted fields as typed, with the line ends browsers
// send (CRLF) made "\n", as the page shows them.
func formValues(r *http.Request) url.Values {
	out := url.Values{}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			out.Add(k, strings.ReplaceAll(v, "\r\n", "\n"))
		}
	}
	return out
}
