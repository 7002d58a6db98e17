package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// The reflection form as the page draws it, from the notebook's Spec: the
// notebook owns the prompts, the order, the values' text and their
// checks; this file only turns them into inputs.

// recordValues are the inputs of a form made from rec now, with its base.
func recordValues(rec *notebook.Record) url.Values {
	out := url.Values{}
	for k, v := range notebook.FormValues(rec) {
		out.Set(k, v)
	}
	out.Set("base", notebook.BaseOf(rec).String())
	return out
}

// formSections draws every section of the form with the given values and
// the mistakes of a refused save next to their inputs.
func formSections(values url.Values, errs notebook.FieldErrors) []sectionView {
	var out []sectionView
	for _, sec := range notebook.Spec() {
		sv := sectionView{Heading: sec.Title}
		for _, f := range sec.Fields {
			sv.Fields = append(sv.Fields, fieldOf(f, f.Key, f.Level, values, errs))
		}
		out = append(out, sv)
	}
	return out
}

// fieldOf is the input of f named name.
func fieldOf(f notebook.FormField, name string, level int, values url.Values, errs notebook.FieldErrors) fieldView {
	v := fieldView{Name: name, ID: name, Label: f.Label, Hint: webHint(f), Level: level, Value: values.Get(name), Error: errs[name]}
	var describe []string
	if v.Hint != "" {
		describe = append(describe, v.ID+"-hint")
	}
	if v.Error != "" {
		describe = append(describe, v.ID+"-error")
	}
	v.Describe = strings.Join(describe, " ")
	switch f.Kind {
	case notebook.FieldLabel:
		v.Kind = "label"
	case notebook.FieldLine:
		v.Kind = "text"
	case notebook.FieldRating:
		v.Kind = "rating"
		v.Options = []option{{"", "not rated"}}
		for i := 1; i <= 10; i++ {
			s := strconv.Itoa(i)
			v.Options = append(v.Options, option{s, s})
		}
	case notebook.FieldRank:
		v.Kind = "number"
	case notebook.FieldYesNo:
		v.Kind = "yesno"
		v.Options = []option{{"yes", "Yes"}, {"no", "No"}, {"", "Not answered"}}
	case notebook.FieldFlag:
		v.Kind = "flag"
	case notebook.FieldDate:
		v.Kind = "date"
	case notebook.FieldChoice:
		v.Kind = "choice"
		v.Options = []option{{"", "—"}}
		for _, c := range f.Choices {
			v.Options = append(v.Options, option{c.Value, c.Label})
		}
	case notebook.FieldBlocks:
		v.Kind = "blocks"
		v.BlockTitle = f.Block.Name
		for i := range blockCount(f, values) {
			var item []fieldView
			for _, bf := range f.Block.Fields {
				item = append(item, fieldOf(bf, notebook.ItemName(f.Key, i, bf.Key), 0, values, errs))
			}
			v.Blocks = append(v.Blocks, item)
		}
	default: // text, list, people, checklist: lines
		v.Kind = "textarea"
		v.Rows = min(max(3, strings.Count(v.Value, "\n")+2), 20)
	}
	return v
}

// webHint is f's guidance as it reads next to its input: the date format
// goes (the browser's date input shows its own), and the Markdown form's
// "- " before each line of a list is not typed here.
func webHint(f notebook.FormField) string {
	h := f.Help
	if f.Kind == notebook.FieldDate {
		h = strings.TrimPrefix(strings.TrimPrefix(h, "YYYY-MM-DD"), "; ")
	}
	return strings.ReplaceAll(h, "per line: - ", "per line: ")
}

// blockCount is how many items of the block field f the page shows: every
// item that holds something, one empty item after them for another, and
// at least the block's minimum.
func blockCount(f notebook.FormField, values url.Values) int {
	last := -1
	for k, vs := range values {
		rest, ok := strings.CutPrefix(k, f.Key+".")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		n, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(n); err == nil && i > last && i < 1000 {
			last = i
		}
	}
	return max(f.Block.Min, last+2)
}

// errorList lists the mistakes of a refused save in the form's order,
// each with its input's label, for the summary at the top of the page.
func errorList(sections []sectionView) []fieldError {
	var out []fieldError
	var walk func(fs []fieldView, prefix string)
	walk = func(fs []fieldView, prefix string) {
		for _, f := range fs {
			if f.Error != "" {
				out = append(out, fieldError{ID: f.ID, Label: prefix + f.Label, Msg: f.Error})
			}
			for i, b := range f.Blocks {
				walk(b, f.BlockTitle+" "+strconv.Itoa(i+1)+", ")
			}
		}
	}
	for _, s := range sections {
		walk(s.Fields, "")
	}
	return out
}

// saveReflection saves the posted form with Book.Reflect. After a
// conflict the page asks, for each answer changed on both sides, which
// to keep: "theirs" leaves the notebook's value (the form's is not
// applied), "mine" applies the form's over it, in a second save based on
// the record as the first one left it; a change made in between is a
// conflict again, never overwritten.
func (s *Server) saveReflection(id string, posted url.Values, base notebook.Base) (*notebook.Record, bool, error) {
	v := notebook.Values{}
	for k := range posted {
		if k != "base" && !strings.HasPrefix(k, "resolve.") {
			v[k] = posted.Get(k)
		}
	}
	mine := notebook.Values{}
	for k := range posted {
		key, ok := strings.CutPrefix(k, "resolve.")
		if !ok {
			continue
		}
		for name, text := range v {
			if name == key || strings.HasPrefix(name, key+".") {
				delete(v, name)
				if posted.Get(k) == "mine" {
					mine[name] = text
				}
			}
		}
	}
	now := s.deps.Now()
	saved, changed, err := s.deps.Book.Reflect(id, notebook.ValuesReflection(base, v), now)
	if err != nil || len(mine) == 0 {
		return saved, changed, err
	}
	again, changed2, err := s.deps.Book.Reflect(id, notebook.ValuesReflection(notebook.BaseOf(saved), mine), now)
	return again, changed || changed2, err
}
