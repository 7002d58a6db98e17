package notebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Saving a reflection.
//
// A form (the Markdown form of RenderForm, the prompts of AskForm, the web
// page built from Spec) is made from the record at one revision, and saved
// later: minutes later, or days later from a draft. Meanwhile the record may
// have changed: `debrief done ID thank-you` marked the note sent, another
// form was saved, the daemon noted something. Saving the old form as a
// whole would revert those newer facts. So a form carries its Base: the
// record's revision and a fingerprint of each field's value as the form
// showed it. Book.Reflect compares, field by field, the form's value, the
// value the form was made from (by fingerprint) and the record's value now:
//
//   - the form shows the value it was made from: the person did not touch
//     it, and the record keeps its value now, whatever it is;
//   - the person changed it and the record did not change since: the
//     form's value is saved;
//   - both changed it, to different values: a conflict; nothing is saved and
//     the *ConflictError lists each such field with both values.
//
// Fingerprints, not a history of past revisions, because they travel with
// the form: nothing is kept on disk for each save, a form saved on a
// notebook copied to another machine still works, a record edited by hand
// (which no revision counts) is still compared by its values, and a form
// whose base line is lost or was written by a debrief before revisions is
// recognised as such (see Reflection).

// formFields are the fields of the form that hold a value, in the form's
// order: every section's fields but the labels, a set of question blocks
// as one field. They are what a reflection can change.
var formFields []*field

// fieldKeys names each field of the form by its JSON path in a record
// ("overall.rating", "takeaways.questions"), and each field of a block by
// its JSON key in the item ("question", "how_it_went").
var fieldKeys = map[*field]string{}

// layout identifies the list of formFields' keys: a base made for another
// list of fields (by another version of debrief) is not used.
var layout string

func init() {
	var keys []string
	for si := range form {
		for fi := range form[si].fields {
			f := &form[si].fields[fi]
			if f.kind == kLabel {
				continue
			}
			fieldKeys[f] = jsonPath(&Record{}, f.v)
			formFields = append(formFields, f)
			keys = append(keys, fieldKeys[f])
		}
	}
	for bi := range questionBlock.fields {
		fieldKeys[&questionBlock.fields[bi]] = jsonPath(&Question{}, questionBlock.fields[bi].v)
	}
	for bi := range askedBlock.fields {
		fieldKeys[&askedBlock.fields[bi]] = jsonPath(&AskedQuestion{}, askedBlock.fields[bi].v)
	}
	sum := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	layout = base64.RawURLEncoding.EncodeToString(sum[:3])
	buildSpec()
}

// jsonPath finds the field of target that ptr points into, by address,
// and returns its JSON path.
func jsonPath(target any, v slot) string {
	ptr := v.addr
	want := reflect.ValueOf(ptr(target)).Pointer()
	var walk func(v reflect.Value, path string) string
	walk = func(v reflect.Value, path string) string {
		for i := range v.NumField() {
			fv := v.Field(i)
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			p := name
			if path != "" {
				p = path + "." + name
			}
			if fv.Addr().Pointer() == want && fv.Addr().Type() == reflect.TypeOf(ptr(target)) {
				return p
			}
			if fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeFor[Date]() {
				if s := walk(fv, p); s != "" {
					return s
				}
			}
		}
		return ""
	}
	p := walk(reflect.ValueOf(target).Elem(), "")
	if p == "" {
		panic("notebook: form field without a JSON path")
	}
	return p
}

// shown is r as the form shows it: the interview date is r.Day() when
// Interview.Date is not set, so the calendar's date is prefilled.
func shown(r *Record) *Record {
	if r.Interview.Date.IsZero() && !r.Day().IsZero() {
		c := *r
		c.Interview.Date = r.Day()
		return &c
	}
	return r
}

// canon is f's value in target as the form writes it: equal values give
// equal strings, whatever spaces or line ends they were typed with.
func canon(f *field, target any) string {
	var b bytes.Buffer
	renderValue(&b, f, target)
	return b.String()
}

// fingerprintLen is the bytes of sha256 kept per field: 48 bits, so two
// different answers of one field look alike once in 2^48.
const fingerprintLen = 6

func fingerprint(f *field, value string) string {
	sum := sha256.Sum256([]byte(fieldKeys[f] + "\x00" + value))
	return string(sum[:fingerprintLen])
}

// Base is the state of a record a form was made from: its revision and a
// fingerprint of each field's value as the form showed it. BaseOf makes
// it; String and ParseBase carry it through a form (a Markdown comment, a
// hidden input of the web page). The zero Base is a form that carries
// none: one written by a debrief before revisions, or whose base line was
// deleted.
type Base struct {
	// Revision is the record's revision the form was made from; 0 when
	// unknown.
	Revision int
	// sums holds len(formFields) fingerprints of fingerprintLen bytes,
	// in the order of formFields; "" when unknown.
	sums string
}

// BaseOf is the base of a form made from r now.
func BaseOf(r *Record) Base {
	s := shown(r)
	var sums strings.Builder
	for _, f := range formFields {
		sums.WriteString(fingerprint(f, canon(f, s)))
	}
	return Base{Revision: r.Revision, sums: sums.String()}
}

// Known reports whether the base holds the values the form was made from.
func (b Base) Known() bool { return b.sums != "" }

// sum is the fingerprint of the i-th of formFields, if known.
func (b Base) sum(i int) (string, bool) {
	if !b.Known() {
		return "", false
	}
	return b.sums[i*fingerprintLen : (i+1)*fingerprintLen], true
}

// String encodes the base as one word of [A-Za-z0-9_-] and digits,
// "REVISION.LAYOUT.SUMS", for ParseBase; "" for the zero Base.
func (b Base) String() string {
	if !b.Known() {
		if b.Revision == 0 {
			return ""
		}
		return strconv.Itoa(b.Revision)
	}
	return strconv.Itoa(b.Revision) + "." + layout + "." + base64.RawURLEncoding.EncodeToString([]byte(b.sums))
}

// ParseBase decodes what Base.String wrote. A base made for another set of
// fields (by another version of debrief) keeps its revision but not its
// fingerprints: the form is then saved as one without a base. The error
// says when s is not a base at all.
func ParseBase(s string) (Base, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Base{}, nil
	}
	revs, rest, hasSums := strings.Cut(s, ".")
	rev, err := strconv.Atoi(revs)
	if err != nil || rev < 0 {
		return Base{}, fmt.Errorf("base %q: the revision %q is not a number", clip(s), clip(revs))
	}
	if !hasSums {
		return Base{Revision: rev}, nil
	}
	lay, enc, ok := strings.Cut(rest, ".")
	if !ok {
		return Base{}, fmt.Errorf("base %q is cut short", clip(s))
	}
	if lay != layout {
		return Base{Revision: rev}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(raw) != len(formFields)*fingerprintLen {
		return Base{}, fmt.Errorf("base %q is damaged", clip(s))
	}
	return Base{Revision: rev, sums: string(raw)}, nil
}

// baseLinePrefix starts the form's comment line that carries its Base.
const baseLinePrefix = "<!-- debrief base "

// baseLine is the Markdown comment RenderForm writes at the end of the
// form.
func baseLine(b Base) string {
	return baseLinePrefix + b.String() + " (keep this line: it tells your changes from newer ones in the notebook) -->"
}

// FormBase returns the Base a Markdown form carries, from its
// "<!-- debrief base … -->" line: the zero Base when it has none or the
// line is damaged (the form is then saved as one without a base).
func FormBase(data []byte) Base {
	for _, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), baseLinePrefix)
		if !ok {
			continue
		}
		word, _, _ := strings.Cut(rest, " ")
		if b, err := ParseBase(word); err == nil {
			return b
		}
		return Base{}
	}
	return Base{}
}

// RebaseForm returns the Markdown form data, just saved by Book.Reflect
// into saved, with its base line made anew: the revision of saved and the
// fingerprints of the form's own answers. The form can then be edited and
// saved again like one printed now: a second change to an answer the
// first save applied is no conflict, while an answer the form shows older
// than the record (kept at the first save) still counts as untouched. ok
// is false when data does not parse.
func RebaseForm(data []byte, saved *Record) (rebased []byte, ok bool) {
	edited := cloneRecord(shown(saved))
	if ParseForm(data, edited) != nil {
		return nil, false
	}
	base := BaseOf(edited)
	base.Revision = saved.Revision
	line := baseLine(base)
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), baseLinePrefix) {
			end := l[len(strings.TrimRight(l, "\r\n")):]
			lines[i] = line + end
			return []byte(strings.Join(lines, "")), true
		}
	}
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		line = "\n" + line
	}
	return append(slices.Clip(data), line+"\n"...), true
}

// A Reflection is what a person wrote in a form, to save with
// Book.Reflect.
type Reflection struct {
	// Base is the record as the form was made from it. The zero Base
	// (a form from a debrief before revisions) saves each answer that
	// differs from the record and is not empty: such a form cannot tell
	// an answer the person cleared from one that was filled in after it
	// was made, so it never clears one.
	Base Base
	// Fill writes the person's answers into r, a copy of the record as
	// stored now. A field it leaves as it is counts as not changed. An
	// error (a *FormError, or several joined; a *FieldErrors) stops the
	// save; it is returned as is.
	Fill func(r *Record) error
}

// FormReflection is the reflection of a filled Markdown form: its base
// line and its answers, read by ParseForm.
func FormReflection(data []byte) Reflection {
	return Reflection{
		Base: FormBase(data),
		Fill: func(r *Record) error { return ParseForm(data, r) },
	}
}

// RecordReflection is the reflection of a person who edited a copy of
// from into edited, as AskForm does: every field of the form in edited is
// their answer.
func RecordReflection(from, edited *Record) Reflection {
	e := shown(edited)
	return Reflection{
		Base: BaseOf(from),
		Fill: func(r *Record) error {
			for _, f := range formFields {
				setValue(f, r, e)
			}
			return nil
		},
	}
}

// setValue copies f's value from src to dst.
func setValue(f *field, dst, src any) {
	f.v.copy(dst, src)
}

// emptyValue reports whether f holds no answer in target.
func emptyValue(f *field, target any) bool {
	return f.v.empty(target)
}

// Conflict is one field that changed both in the record, since the form
// was made, and in the form, to different values.
type Conflict struct {
	// Key is the field's JSON path in the record, as in Spec:
	// "follow_up.thank_you_sent".
	Key string
	// Name is the field as a person knows it: "thank-you date sent".
	Name string
	// Now is the record's value now and Form the form's, each as the form
	// writes it (lines joined with "\n"; "" when empty).
	Now, Form string
}

// ConflictError is a reflection refused because the record changed, since
// the form was made, in fields the form changed too. Nothing was saved.
type ConflictError struct {
	ID string
	// FormRevision is the revision the form was made from (0 when the
	// form does not say) and Revision the record's now.
	FormRevision, Revision int
	Fields                 []Conflict
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	since := "since this form was made"
	if e.FormRevision > 0 {
		since = fmt.Sprintf("since this form was made from it (revision %d, now %d)", e.FormRevision, e.Revision)
	}
	fmt.Fprintf(&b, "record %s changed %s, and the form changes ", e.ID, since)
	if len(e.Fields) == 1 {
		b.WriteString("the same answer:")
	} else {
		fmt.Fprintf(&b, "the same %d answers:", len(e.Fields))
	}
	for _, c := range e.Fields {
		fmt.Fprintf(&b, "\n  %s: now %s; in the form %s", c.Name, showValue(c.Now), showValue(c.Form))
	}
	return b.String()
}

// showValue quotes a value on one line for a message.
func showValue(s string) string {
	if s == "" {
		return "(empty)"
	}
	s = strings.ReplaceAll(s, "\n", " ⏎ ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return strconv.Quote(s)
}

// display is f's value in target as a person reads it: the answer lines
// of the form, joined with "\n"; for a set of question blocks, each
// question and its answers.
func display(f *field, target any) string {
	var lines []string
	item := func(bs *blockSpec, n int, it any) {
		lines = append(lines, fmt.Sprintf("%s %d:", bs.heading, n))
		for bi := range bs.fields {
			bf := &bs.fields[bi]
			if v := answerLines(bf, it); len(v) > 0 {
				lines = append(lines, "  "+promptKey(bf.prompt)+" "+strings.Join(v, " "))
			}
		}
	}
	if l, ok := f.v.(itemList); ok {
		for i, it := range l.items(target) {
			item(l.block(), i+1, it)
		}
	} else {
		lines = answerLines(f, target)
	}
	return strings.Join(lines, "\n")
}

// errUnchanged stops an Update that has nothing to save.
var errUnchanged = errors.New("nothing changed")

// Reflect saves a reflection on the record ref (an id or unique id prefix)
// under the notebook's lock, applying only the answers the person changed
// in the form (see Reflection and the comment at the top of reflect.go):
// answers the form shows as they were when it was made keep the record's
// value now, so a stale form never reverts a thank-you marked sent or an
// outcome recorded since. When something is saved, ReflectedAt is set to
// now and changed is true; when the form changes nothing, nothing is
// written and Reflect returns the record as stored, changed false.
//
// Errors: Fill's errors as they are (a mistake in the form), a
// *ConflictError when the record changed since the form was made in
// answers the form changed too (nothing is saved), and Update's.
func (b *Book) Reflect(ref string, rf Reflection, now time.Time) (saved *Record, changed bool, err error) {
	var stored *Record
	saved, err = b.Update(ref, func(cur *Record) error {
		c := *cur
		stored = &c
		view := shown(cur)
		edited := cloneRecord(view)
		if err := rf.Fill(edited); err != nil {
			return err
		}
		var conflicts []Conflict
		applied := 0
		for i, f := range formFields {
			fv, cv := canon(f, edited), canon(f, view)
			if fv == cv {
				continue
			}
			if base, ok := rf.Base.sum(i); ok {
				if fingerprint(f, fv) == base {
					continue // the person left it as it was; the record moved on
				}
				if fingerprint(f, cv) != base {
					conflicts = append(conflicts, Conflict{Key: fieldKeys[f], Name: f.name, Now: display(f, view), Form: display(f, edited)})
					continue
				}
			} else if emptyValue(f, edited) {
				continue // no base: cleared or stale, nobody can tell
			}
			setValue(f, cur, edited)
			applied++
		}
		if len(conflicts) > 0 {
			return &ConflictError{ID: cur.ID, FormRevision: rf.Base.Revision, Revision: cur.Revision, Fields: conflicts}
		}
		if applied == 0 {
			return errUnchanged
		}
		at := now.UTC().Truncate(time.Second)
		cur.ReflectedAt = &at
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return stored, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return saved, true, nil
}

// LatestUnreflected is the record of the most recent interview in recs
// that has begun by now and has no reflection, or nil. Interviews are
// ordered by start, else by date; a record with neither counts from its
// creation.
func LatestUnreflected(recs []*Record, now time.Time) *Record {
	var best *Record
	var bestAt time.Time
	for _, r := range recs {
		at := r.Start()
		if at.IsZero() && !r.Day().IsZero() {
			at = r.Day().In(r.Location())
		}
		if at.IsZero() {
			at = r.Created
		}
		if r.Reflected() || at.After(now) {
			continue
		}
		if best == nil || at.After(bestAt) {
			best, bestAt = r, at
		}
	}
	return best
}
