package form

import (
	"net/url"
	"strings"
)

// maxQuestionRef bounds a question reference: a number or a wording.
const maxQuestionRef = 2000

// Merge is the form of POST /questions/merge: two questions, by number or
// wording, to make one.
type Merge struct {
	A, B string
	Back string
}

// ParseMerge reads a Merge form.
func ParseMerge(v url.Values) (Merge, error) {
	errs := Errors{}
	m := Merge{A: questionRef(v, "a", "The first question", errs), B: questionRef(v, "b", "The second question", errs), Back: Back(v)}
	return m, errs.err()
}

// Split is the form of POST /questions/split: a question's number (every
// wording becomes its own question) or one wording to take out.
type Split struct {
	Ref  string
	Back string
}

// ParseSplit reads a Split form.
func ParseSplit(v url.Values) (Split, error) {
	errs := Errors{}
	s := Split{Ref: questionRef(v, "ref", "The question", errs), Back: Back(v)}
	return s, errs.err()
}

func questionRef(v url.Values, key, label string, errs Errors) string {
	s := strings.TrimSpace(v.Get(key))
	switch {
	case s == "":
		errs[key] = label + " is missing: give its number on the question bank page."
	case len(s) > maxQuestionRef:
		errs[key] = label + " is too long: give its number on the question bank page."
		s = ""
	}
	return s
}
