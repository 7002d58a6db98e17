package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// FormError is a mistake in a filled form: the line it is on and what to
// write instead. ParseForm returns them joined (errors.Join); errors.As
// finds the first.
type FormError struct {
	Line  int    // 1-based
	Field string // the field's name, "" for the form's structure
	Msg   string // the whole sentence after "line N: "
}

func (e *FormError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// maxFormErrors is how many mistakes ParseForm reports at most.
const maxFormErrors = 20

// FormRecordID returns the id of the record a form was rendered for, from
// its "<!-- debrief record ID -->" line, or "" when it names none.
func FormRecordID(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if id, ok := formIDLine(line); ok {
			return id
		}
	}
	return ""
}

func formIDLine(line string) (string, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return "", false
	}
	f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s, "<!--"), "-->"))
	if len(f) != 3 || f[0] != "debrief" || f[1] != "record" {
		return "", false
	}
	return f[2], true
}

// ParseForm reads a filled form into r. It sets the fields whose prompts
// appear in data and leaves the others as they are; a list or a set of
// question blocks replaces the one r holds. Guidance comments, blank lines
// and trailing spaces are ignored. Every mistake is a *FormError naming the
// line and saying what to write; the error joins up to 20 of them, and r is
// changed only when there is none. A form that names another record than
// r.ID is refused.
func ParseForm(data []byte, r *Record) error {
	tmp := cloneRecord(r)
	p := &parser{r: tmp, sec: -1, seen: map[*field]int{}, seenSec: map[int]int{}}
	p.parse(data)
	if p.formID != "" && r.ID != "" && !strings.EqualFold(p.formID, r.ID) {
		p.errf(p.formIDLine, "", "this form is for record %s, not %s: reflect on %s, or print the form of %s with debrief form %s", p.formID, r.ID, p.formID, r.ID, r.ID)
	}
	if len(p.errs) > 0 {
		return errors.Join(p.errs...)
	}
	*r = *tmp
	return nil
}

// cloneRecord copies the parts of r that ParseForm writes through, so a
// failed parse leaves r untouched.
func cloneRecord(r *Record) *Record {
	c := *r
	return &c
}

type srcLine struct {
	n int
	s string
}

// open is the prompt whose answer is being read.
type open struct {
	f      *field
	target any
	line   int
	lines  []srcLine
}

// openBlock is a "#### Question N" block being read.
type openBlock struct {
	spec  *blockSpec
	line  int
	item  any // *Question or *AskedQuestion
	seen  map[*field]int
	owner *field // the container prompt
}

type parser struct {
	r          *Record
	errs       []error
	sec        int
	seen       map[*field]int // prompt → line, outside blocks
	seenSec    map[int]int    // section → line of its heading
	cur        *open
	blk        *openBlock
	container  *field // the kQuestions or kAsked prompt of this section, once seen
	formID     string
	formIDLine int
	title      bool
}

func (p *parser) errf(line int, field, format string, args ...any) {
	if len(p.errs) < maxFormErrors {
		p.errs = append(p.errs, &FormError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *parser) parse(data []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	commentStart := 0 // line of an open multi-line comment
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, " \t\r")
		if commentStart > 0 {
			if j := strings.Index(line, "-->"); j >= 0 {
				commentStart = 0
				if rest := line[j+3:]; !isBlank(rest) {
					p.errf(n, "", "text after the end of a comment (-->): put %q on its own line", strings.TrimSpace(rest))
				}
			}
			continue
		}
		if strings.HasPrefix(line, ">") {
			p.content(n, line, true)
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			if p.cur != nil {
				p.cur.lines = append(p.cur.lines, srcLine{n, ""})
			}
		case strings.HasPrefix(trimmed, "<!--"):
			if id, ok := formIDLine(trimmed); ok && p.formID == "" {
				p.formID, p.formIDLine = id, n
			}
			j := strings.Index(trimmed[4:], "-->")
			if j < 0 {
				commentStart = n
				continue
			}
			if rest := trimmed[4+j+3:]; !isBlank(rest) {
				p.errf(n, "", "text after the end of a comment (-->): put %q on its own line", strings.TrimSpace(rest))
			}
		case isHeading(line):
			p.heading(n, line)
		case isRule(line):
			// "---" between sections
		default:
			if rf, ok := prompts[promptKey(line)]; ok {
				p.prompt(n, rf)
				continue
			}
			p.content(n, line, false)
		}
		if len(p.errs) >= maxFormErrors {
			return
		}
	}
	if commentStart > 0 {
		p.errf(commentStart, "", "this comment is never closed: end it with -->")
	}
	p.closeField()
	p.closeBlock()
}

// content takes a line of the answer being read.
func (p *parser) content(n int, line string, quoted bool) {
	if p.cur == nil || p.cur.f.kind == kLabel || p.cur.f.kind == kQuestions || p.cur.f.kind == kAsked {
		where := "not under a prompt"
		if p.cur != nil {
			where = fmt.Sprintf("under %q, which takes no answer of its own", promptKey(p.cur.f.prompt))
		}
		p.errf(n, "", "%q is %s: write answers under the prompt they answer, on lines starting with \"> \"", clip(strings.TrimSpace(line)), where)
		return
	}
	if quoted {
		line = strings.TrimPrefix(line[1:], " ")
	}
	p.cur.lines = append(p.cur.lines, srcLine{n, line})
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func (p *parser) heading(n int, line string) {
	key := headingKey(line)
	p.closeField()
	switch {
	case key == strings.ToLower(formTitle):
		if p.title || p.sec >= 0 {
			p.errf(n, "", "the title %q comes once, first: delete this heading", formTitle)
		}
		p.title = true
		return
	case p.sec >= 0 && p.blockHeading(key) != nil:
		bs := p.blockHeading(key)
		p.closeBlock()
		if p.container == nil || p.container.kind != bs.kind {
			p.errf(n, "", "%q belongs in section %q, after %q: move it there or delete it", strings.TrimSpace(line), form[secOf(bs)].heading, promptKey(ownerOf(bs).prompt))
			return
		}
		var item any = &Question{}
		if bs == askedBlock {
			item = &AskedQuestion{}
		}
		p.blk = &openBlock{spec: bs, line: n, item: item, seen: map[*field]int{}, owner: p.container}
		return
	}
	si, ok := headings[key]
	if !ok {
		p.errf(n, "", "unknown heading %q: the form's headings are its title, the sections \"### 1. Interview Details\" to \"### 10. Action Plan\" and the question blocks; delete it or make it an answer line starting with \"> \"", clip(strings.TrimSpace(line)))
		return
	}
	p.closeBlock()
	if first, dup := p.seenSec[si]; dup {
		p.errf(n, "", "section %q appears twice (first on line %d): merge the two", form[si].heading, first)
	}
	p.seenSec[si] = n
	p.sec = si
	p.container = nil
}

// blockHeading returns the block a heading key starts ("question 2"), or
// nil.
func (p *parser) blockHeading(key string) *blockSpec {
	for _, bs := range []*blockSpec{askedBlock, questionBlock} {
		h := strings.ToLower(bs.heading)
		if key == h {
			return bs
		}
		if rest, ok := strings.CutPrefix(key, h+" "); ok {
			if _, err := strconv.Atoi(rest); err == nil {
				return bs
			}
		}
	}
	return nil
}

// ownerOf is the prompt whose blocks bs are.
func ownerOf(bs *blockSpec) *field {
	for si := range form {
		for fi := range form[si].fields {
			if form[si].fields[fi].kind == bs.kind {
				return &form[si].fields[fi]
			}
		}
	}
	panic("notebook: block without owner")
}

// secOf is the section of bs's blocks.
func secOf(bs *blockSpec) int {
	owner := ownerOf(bs)
	for si := range form {
		for fi := range form[si].fields {
			if &form[si].fields[fi] == owner {
				return si
			}
		}
	}
	panic("notebook: block without section")
}

func (p *parser) prompt(n int, rf ref) {
	p.closeField()
	if rf.sec != p.sec {
		p.errf(n, "", "%q belongs in section %q: move it under that heading", clip(promptKey(rf.f.prompt)), form[rf.sec].heading)
		return
	}
	if rf.block != nil {
		if p.blk == nil || p.blk.spec != rf.block {
			p.errf(n, "", "%q belongs in a \"#### %s N\" block: put it under one", promptKey(rf.f.prompt), rf.block.heading)
			return
		}
		if first, dup := p.blk.seen[rf.f]; dup {
			p.errf(n, "", "%q appears twice in this %s (first on line %d): keep one", promptKey(rf.f.prompt), rf.block.what, first)
			return
		}
		p.blk.seen[rf.f] = n
		p.cur = &open{f: rf.f, target: p.blk.item, line: n}
		return
	}
	p.closeBlock()
	if first, dup := p.seen[rf.f]; dup {
		p.errf(n, "", "%q appears twice (first on line %d): keep one", clip(promptKey(rf.f.prompt)), first)
		return
	}
	p.seen[rf.f] = n
	if l, ok := rf.f.v.(itemList); ok {
		l.reset(p.r)
		p.container = rf.f
	}
	p.cur = &open{f: rf.f, target: p.r, line: n}
}

// closeBlock ends the block being read: an empty block is dropped, one
// without its question is an error.
func (p *parser) closeBlock() {
	p.closeField()
	b := p.blk
	if b == nil {
		return
	}
	p.blk = nil
	l := b.owner.v.(itemList)
	if l.emptyItem(b.item) {
		return
	}
	first := &b.spec.fields[0]
	if len(answerLines(first, b.item)) == 0 {
		p.errf(b.line, first.name, "this %s has answers but no question: write it under %q, or delete the block", b.spec.what, promptKey(first.prompt))
		return
	}
	l.add(p.r, b.item)
}

// closeField stores the answer being read into its field.
func (p *parser) closeField() {
	o := p.cur
	if o == nil {
		return
	}
	p.cur = nil
	if o.f.v != nil {
		o.f.v.parse(p, o)
	}
}

// itemText is a list line without its bullet, trimmed.
func itemText(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "-" || s == "*":
		return ""
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "):
		return strings.TrimSpace(s[2:])
	}
	return s
}

// itemCheck refuses an item that, written back as line, would read as part
// of the form's structure rather than as an item.
func (p *parser) itemCheck(n int, f *field, line string) bool {
	if _, ok := prompts[promptKey(line)]; ok || isRule(line) {
		p.errf(n, f.name, "%s: %q reads like a prompt of the form: reword it", f.name, clip(line))
		return false
	}
	return true
}

// person parses "Name | role: … | email: …".
func (p *parser) person(n int, f *field, s string) (Person, bool) {
	var segs []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			cur.WriteByte('|')
			i++
		case s[i] == '|':
			segs = append(segs, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	segs = append(segs, cur.String())
	person := Person{Name: strings.TrimSpace(segs[0])}
	seen := map[string]bool{}
	for _, seg := range segs[1:] {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		k, v, ok := strings.Cut(seg, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		dst := personField(&person, k)
		if !ok || dst == nil {
			p.errf(n, f.name, "%s: %q is not a detail: write key: value, with key one of %s (a | inside a value is written \\|)", f.name, clip(seg), strings.Join(personKeys, ", "))
			return Person{}, false
		}
		if seen[k] {
			p.errf(n, f.name, "%s: %s is given twice: keep one", f.name, k)
			return Person{}, false
		}
		seen[k] = true
		*dst = strings.TrimSpace(v)
	}
	return person, true
}

// formatOf maps what a person may write for the interview format to one of
// Formats.
func formatOf(s string) (string, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(s)), " ") {
	case "":
		return "", true
	case "phone", "phone call", "call":
		return FormatPhone, true
	case "video", "video call":
		return FormatVideo, true
	case "in-person", "in person", "inperson", "onsite", "on-site", "on site":
		return FormatInPerson, true
	}
	return "", false
}

// setAnswer stores lines as the answer of f in target, as ParseForm would
// read them under f's prompt. It changes nothing and returns the
// *FormError when they do not fit.
func setAnswer(f *field, target any, lines []string) error {
	scratch := &parser{}
	o := &open{f: f, target: f.v.newTarget()}
	for i, l := range lines {
		o.lines = append(o.lines, srcLine{i + 1, l})
	}
	scratch.cur = o
	scratch.closeField()
	if len(scratch.errs) > 0 {
		return scratch.errs[0]
	}
	p := &parser{cur: &open{f: f, target: target, lines: o.lines}}
	p.closeField()
	return nil
}
