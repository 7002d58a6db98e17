package notebook

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The form as data, for pages that render it (the web app's reflection
// page): Spec lists every section and prompt of the seed form in order,
// FormValues prefills them from a record, ApplyValues and
// ValuesReflection read posted answers back with one error per input.
// Values are the same text a person writes in the Markdown form, checked
// by the same code, so the web form, the Markdown form and the prompts
// accept and refuse the same answers.
//
// A page renders, for each FormSection, its Title, then each FormField in
// order: a FieldLabel field is a prompt without an input of its own (the
// seed form's grouping questions); every other field is one input named
// by its Key, labelled by Label, with Help as guidance, indented by Level.
// A FieldBlocks field repeats its Block's fields once per item (a
// question asked, a question you asked), for the items FormValues holds
// plus empty ones up to Block.Min and at least one more; each input of
// item i is named ItemName(field.Key, i, blockField.Key). The page also
// carries BaseOf(record).String() in a hidden input, and posts everything
// back:
//
//	base, err := notebook.ParseBase(form.Get("base")) // err: a damaged page
//	v := notebook.Values{}
//	for k := range form {
//		v[k] = form.Get(k)
//	}
//	saved, changed, err := book.Reflect(id, notebook.ValuesReflection(base, v), now)
//	// err is notebook.FieldErrors: show each message next to its input,
//	// and the page again with v as typed; a *notebook.ConflictError: show
//	// both values of each field (nothing was saved); else a failure.
//	// changed false: the page changed nothing, nothing was written.

// FieldKind is what a field's answer holds, and so which input a page shows.
// Every value is text, as FormValues gives it and ApplyValues reads it.
type FieldKind string

// The kinds of FormField.
const (
	// FieldLabel is a prompt that takes no answer of its own: a heading
	// for the fields after it (Level one deeper).
	FieldLabel FieldKind = "label"
	// FieldText is free text of any number of lines: a <textarea>.
	FieldText FieldKind = "text"
	// FieldLine is one line of text: an <input type="text">.
	FieldLine FieldKind = "line"
	// FieldRating is a whole number from 1 to 10, or "".
	FieldRating FieldKind = "rating"
	// FieldRank is a whole number from 1 up (1 is the best), or "".
	FieldRank FieldKind = "rank"
	// FieldYesNo is "yes", "no" or "" (not answered): three radio buttons.
	FieldYesNo FieldKind = "yes-no"
	// FieldFlag is "yes" or "" (no): a checkbox with value "yes". Only
	// inside blocks, where an unchecked box, not posted, reads as no.
	FieldFlag FieldKind = "flag"
	// FieldDate is a date "YYYY-MM-DD", or "": an <input type="date">.
	FieldDate FieldKind = "date"
	// FieldChoice is one of FormField.Choices' values, or "": a <select>.
	FieldChoice FieldKind = "choice"
	// FieldList is one item per line: a <textarea>.
	FieldList FieldKind = "list"
	// FieldPeople is one person per line, "Name | role: … | email: … |
	// phone: … | contact: …" (a | inside a value written \|): a
	// <textarea>.
	FieldPeople FieldKind = "people"
	// FieldChecklist is one action item per line, "[x] " before an item
	// that is done: a <textarea>.
	FieldChecklist FieldKind = "checklist"
	// FieldBlocks is a list of items, each with the fields of
	// FormField.Block: a <fieldset> per item.
	FieldBlocks FieldKind = "blocks"
)

// FormSection is one "N. Title" section of the seed form.
type FormSection struct {
	// Title is the section's heading, numbered as in the seed form:
	// "2. Overall Impression".
	Title  string
	Fields []FormField
}

// FormField is one prompt of the form.
type FormField struct {
	// Key names the field's input: its JSON path in the record
	// ("overall.rating", "follow_up.thank_you_sent"); inside a FormBlock,
	// the item's JSON key ("answer"), see ItemName. "" for FieldLabel.
	// ConflictError and FieldErrors name fields by it.
	Key string
	// Label is the prompt in the seed form's words, without Markdown:
	// "How confident did you feel during the interview? (Rate 1-10)".
	Label string
	// Help is guidance to show with the input ("a whole number from 1 to
	// 10"), "" when none.
	Help string
	Kind FieldKind
	// Level is how deep the prompt is nested under the ones before it in
	// the seed form: 0 for a top-level prompt, 1 under it, and so on.
	Level int
	// Choices are the values a FieldChoice field takes, in order.
	Choices []FormChoice
	// Block is the fields of each item of a FieldBlocks field; nil
	// otherwise.
	Block *FormBlock
}

// FormChoice is one value of a FieldChoice field and its label.
type FormChoice struct {
	Value, Label string
}

// FormBlock is the item of a FieldBlocks field.
type FormBlock struct {
	// Name titles each item, numbered from 1: "Question 1".
	Name string
	// Fields are the item's fields; the first is the item's own text
	// (the question), which an item with any answer must have.
	Fields []FormField
	// Min is how many items a page shows at least; it always shows one
	// empty item after the filled ones, so there is room for another.
	Min int
}

// Form titles.
const (
	// FormTitle is the title of the seed form.
	FormTitle = formTitle
	// FormClosing is the sentence that closes the seed form.
	FormClosing = formClosing
)

// spec is the form as data, built once from form.
var spec []FormSection

// oneLineKeys are the text fields a page shows as a single line.
var oneLineKeys = map[string]bool{"interview.company": true, "interview.position": true, "interview.round": true}

// buildSpec builds spec; reflect.go's init calls it once fieldKeys is
// filled.
func buildSpec() {
	for si := range form {
		s := FormSection{Title: form[si].heading}
		for fi := range form[si].fields {
			f := &form[si].fields[fi]
			sf := specField(f, fieldKeys[f])
			switch f.kind {
			case kQuestions:
				sf.Block = specBlock(questionBlock)
			case kAsked:
				sf.Block = specBlock(askedBlock)
			}
			s.Fields = append(s.Fields, sf)
		}
		spec = append(spec, s)
	}
}

func specBlock(bs *blockSpec) *FormBlock {
	b := &FormBlock{Name: bs.heading, Min: bs.min}
	for bi := range bs.fields {
		f := &bs.fields[bi]
		b.Fields = append(b.Fields, specField(f, fieldKeys[f]))
	}
	return b
}

func specField(f *field, key string) FormField {
	sf := FormField{Key: key, Label: promptKey(f.prompt), Help: f.hint, Level: (len(f.prompt) - len(strings.TrimLeft(f.prompt, " "))) / 2}
	switch f.kind {
	case kLabel:
		sf.Kind, sf.Key = FieldLabel, ""
	case kText:
		sf.Kind = FieldText
		if oneLineKeys[key] {
			sf.Kind = FieldLine
		}
	case kRating:
		sf.Kind = FieldRating
	case kRank:
		sf.Kind = FieldRank
	case kYesNo:
		sf.Kind = FieldYesNo
	case kFlag:
		sf.Kind = FieldFlag
	case kDate, kDatePtr:
		sf.Kind = FieldDate
	case kFormat:
		sf.Kind = FieldChoice
		sf.Choices = []FormChoice{{FormatPhone, "Phone"}, {FormatVideo, "Video"}, {FormatInPerson, "In-person"}}
	case kList:
		sf.Kind = FieldList
	case kPeople:
		sf.Kind = FieldPeople
	case kChecklist:
		sf.Kind = FieldChecklist
	case kQuestions, kAsked:
		sf.Kind = FieldBlocks
	}
	return sf
}

// Spec is the reflection form as data: its sections in order, each with
// every prompt of the seed form (see the comment at the top of spec.go
// for how a page uses it). The result is a copy: callers may keep and
// change it.
func Spec() []FormSection {
	out := make([]FormSection, len(spec))
	for i, s := range spec {
		out[i] = FormSection{Title: s.Title, Fields: slices.Clone(s.Fields)}
		for j := range out[i].Fields {
			if b := out[i].Fields[j].Block; b != nil {
				c := *b
				c.Fields = slices.Clone(b.Fields)
				out[i].Fields[j].Block = &c
			}
		}
	}
	return out
}

// Values are a form's answers as a page holds them: input name (a
// FormField.Key, or an ItemName) → the input's text. A field whose key is
// absent keeps the record's value; a block is replaced as a whole when
// any of its inputs is present.
type Values map[string]string

// ItemName is the input name of field key of item i (from 0) of the
// block field blockKey: "takeaways.questions.0.answer".
func ItemName(blockKey string, i int, key string) string {
	return blockKey + "." + strconv.Itoa(i) + "." + key
}

// FormValues are r's answers as a page prefills them: every field of Spec
// with its value ("" when empty), and each item of a block under its
// ItemName. The interview date is r.Day() when not set, as the Markdown
// form shows it.
func FormValues(r *Record) Values {
	r = shown(r)
	v := Values{}
	for _, f := range formFields {
		key := fieldKeys[f]
		if l, ok := f.v.(itemList); ok {
			for i, item := range l.items(r) {
				itemValues(v, key, i, l.block(), item)
			}
			continue
		}
		v[key] = valueText(f, r)
	}
	return v
}

func itemValues(v Values, key string, i int, bs *blockSpec, item any) {
	for bi := range bs.fields {
		bf := &bs.fields[bi]
		v[ItemName(key, i, fieldKeys[bf])] = valueText(bf, item)
	}
}

// valueText is f's value in target as an input holds it: the answer lines
// of the form, list items without their "- ".
func valueText(f *field, target any) string {
	lines := answerLines(f, target)
	if f.kind == kList || f.kind == kPeople || f.kind == kChecklist {
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "- ")
		}
	}
	return strings.Join(lines, "\n")
}

// FieldErrors are the answers of a posted form that do not fit: input
// name (a FormField.Key or an ItemName) → what is wrong and what to write, a
// sentence to show next to that input. ApplyValues returns them all at
// once.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	keys := slices.Sorted(maps.Keys(e))
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = k + ": " + e[k]
	}
	return "the form has mistakes: " + strings.Join(msgs, "; ")
}

// ApplyValues writes the answers in v into r, checked as the Markdown form
// checks them. Keys that name no field are ignored (a page's own inputs,
// such as "base"). When any answer does not fit, it returns FieldErrors
// naming every one and leaves r unchanged.
func ApplyValues(r *Record, v Values) error {
	tmp := cloneRecord(r)
	errs := FieldErrors{}
	for _, f := range formFields {
		key := fieldKeys[f]
		if l, ok := f.v.(itemList); ok {
			if items, ok := blockItems(v, key, l, errs); ok {
				l.reset(tmp)
				for _, item := range items {
					l.add(tmp, item)
				}
			}
			continue
		}
		text, ok := v[key]
		if !ok {
			continue
		}
		if err := setAnswer(f, tmp, inputLines(text)); err != nil {
			errs[key] = fieldMessage(err)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	*r = *tmp
	return nil
}

// inputLines splits an input's text into the lines of an answer.
func inputLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// fieldMessage is the sentence of a *FormError, without its line.
func fieldMessage(err error) string {
	var fe *FormError
	if errors.As(err, &fe) {
		return fe.Msg
	}
	return err.Error()
}

// blockItems reads the items of the block field key from v, in the order
// of their index; ok is false when v holds none of its inputs. Empty items
// are dropped; an item with answers but no question is an error on its
// question's input.
func blockItems(v Values, key string, l itemList, errs FieldErrors) (items []any, ok bool) {
	bs := l.block()
	prefix := key + "."
	var idx []int
	seen := map[int]bool{}
	for k := range v {
		rest, found := strings.CutPrefix(k, prefix)
		if !found {
			continue
		}
		ok = true
		n, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && !seen[i] {
			seen[i] = true
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, cmp.Compare)
	for _, i := range idx {
		item := l.newItem()
		bad := false
		for bi := range bs.fields {
			bf := &bs.fields[bi]
			name := ItemName(key, i, fieldKeys[bf])
			if err := setAnswer(bf, item, inputLines(v[name])); err != nil {
				errs[name] = fieldMessage(err)
				bad = true
			}
		}
		if bad || l.emptyItem(item) {
			continue
		}
		first := &bs.fields[0]
		if len(answerLines(first, item)) == 0 {
			errs[ItemName(key, i, fieldKeys[first])] = fmt.Sprintf("this %s has answers but no question: write the question, or clear its answers", bs.what)
			continue
		}
		items = append(items, item)
	}
	return items, ok
}

// ValuesReflection is the reflection of a posted page: the base it
// carried (ParseBase) and its answers, read by ApplyValues. Saved with
// Book.Reflect, a mistake comes back as FieldErrors.
func ValuesReflection(base Base, v Values) Reflection {
	return Reflection{Base: base, Fill: func(r *Record) error { return ApplyValues(r, v) }}
}
