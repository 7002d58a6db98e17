package notebook

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
)

// A field of the form reaches its value through a slot: a typed codec
// (how one kind of answer is written in the form and read back) bound to
// the value in the field's target, a *Record for the fields of a section,
// the item (*Question, *AskedQuestion) for the fields of a block. The
// small generic constructors below (textAnswer, ratingAnswer, yesNoAnswer, …) make one, so
// a new field is one line of the form table, typed by the Go compiler:
//
//	{prompt: "- **Round:**", name: "round", v: textAnswer(func(r *Record) *string { return &r.Interview.Round })},

// slot is a field's value in its targets.
type slot interface {
	kind() kind
	// render writes the answer as the form shows it.
	render(b *bytes.Buffer, target any)
	// parse stores the answer lines of o into o.target; a mistake is
	// reported through p and leaves the value as it was.
	parse(p *parser, o *open)
	// copy sets the value in dst to the one in src.
	copy(dst, src any)
	// empty reports whether the field holds no answer.
	empty(target any) bool
	// addr is a pointer to the value, for reflection (JSON paths).
	addr(target any) any
	// newTarget is a new zero target of the slot's type.
	newTarget() any
}

// codec writes one kind of answer as lines of the form and reads it back.
type codec[T any] struct {
	kind   kind
	render func(b *bytes.Buffer, v T)
	// parse reads o's lines; ok false: a mistake, reported through p.
	// nil for the sets of blocks, which the parser reads block by block.
	parse func(p *parser, f *field, o *open) (v T, ok bool)
}

// bound is a codec bound to a value of targets of type R.
type bound[R, T any] struct {
	c   codec[T]
	get func(*R) *T
}

func bind[R, T any](c codec[T], get func(*R) *T) bound[R, T] { return bound[R, T]{c, get} }

// at is the value in target: the one type assertion of the form's fields.
func (s bound[R, T]) at(target any) *T { return s.get(target.(*R)) }

func (s bound[R, T]) kind() kind                         { return s.c.kind }
func (s bound[R, T]) render(b *bytes.Buffer, target any) { s.c.render(b, *s.at(target)) }
func (s bound[R, T]) copy(dst, src any)                  { *s.at(dst) = *s.at(src) }
func (s bound[R, T]) empty(target any) bool              { return reflect.ValueOf(s.at(target)).Elem().IsZero() }
func (s bound[R, T]) addr(target any) any                { return s.at(target) }
func (s bound[R, T]) newTarget() any                     { return new(R) }

func (s bound[R, T]) parse(p *parser, o *open) {
	if s.c.parse == nil {
		return
	}
	if v, ok := s.c.parse(p, o.f, o); ok {
		*s.at(o.target) = v
	}
}

// The constructors of the form's fields, one per kind of answer.

func textAnswer[R any](get func(*R) *string) slot     { return bind(textCodec, get) }
func ratingAnswer[R any](get func(*R) **int) slot     { return bind(ratingCodec, get) }
func rankAnswer[R any](get func(*R) **int) slot       { return bind(rankCodec, get) }
func yesNoAnswer[R any](get func(*R) **bool) slot     { return bind(yesNoCodec, get) }
func flagAnswer[R any](get func(*R) *bool) slot       { return bind(flagCodec, get) }
func dateAnswer[R any](get func(*R) *Date) slot       { return bind(dateCodec, get) }
func datePtrAnswer[R any](get func(*R) **Date) slot   { return bind(datePtrCodec, get) }
func formatAnswer[R any](get func(*R) *string) slot   { return bind(formatCodec, get) }
func listAnswer[R any](get func(*R) *[]string) slot   { return bind(listCodec, get) }
func peopleAnswer[R any](get func(*R) *[]Person) slot { return bind(peopleCodec, get) }
func checklistAnswer[R any](get func(*R) *[]ActionItem) slot {
	return bind(checklistCodec, get)
}

// blocks is the set of blocks bs, one per item of the list get returns.
func blocksAnswer[R any, T comparable](bs *blockSpec, get func(*R) *[]T) slot {
	c := codec[[]T]{kind: bs.kind, render: func(b *bytes.Buffer, items []T) {
		b.WriteString("\n")
		n := 0
		for i := range items {
			n++
			renderBlock(b, bs, n, &items[i])
		}
		for range max(1, bs.min-len(items)) {
			n++
			renderBlock(b, bs, n, new(T))
		}
	}}
	return blockList[R, T]{bind(c, get), bs}
}

// itemList is the slot of a set of blocks: its items one by one.
type itemList interface {
	slot
	// items are the items in target, each a pointer into its list.
	items(target any) []any
	// newItem is a new empty item.
	newItem() any
	// emptyItem reports whether item holds nothing at all.
	emptyItem(item any) bool
	// add appends item to the list in target.
	add(target, item any)
	// reset empties the list in target.
	reset(target any)
	// block is the blocks' spec.
	block() *blockSpec
}

type blockList[R any, T comparable] struct {
	bound[R, []T]
	bs *blockSpec
}

func (l blockList[R, T]) block() *blockSpec { return l.bs }

func (l blockList[R, T]) items(target any) []any {
	list := *l.at(target)
	out := make([]any, len(list))
	for i := range list {
		out[i] = &list[i]
	}
	return out
}

func (l blockList[R, T]) newItem() any { return new(T) }

func (l blockList[R, T]) emptyItem(item any) bool { var zero T; return *item.(*T) == zero }

func (l blockList[R, T]) add(target, item any) {
	p := l.at(target)
	*p = append(*p, *item.(*T))
}

func (l blockList[R, T]) reset(target any) { *l.at(target) = nil }

// The codecs.

var textCodec = codec[string]{kind: kText,
	render: quote,
	parse: func(p *parser, f *field, o *open) (string, bool) {
		var lines []string
		for _, l := range o.lines {
			lines = append(lines, l.s)
		}
		return strings.Join(textLines(strings.Join(lines, "\n")), "\n"), true
	},
}

var formatCodec = codec[string]{kind: kFormat,
	render: quote,
	parse: func(p *parser, f *field, o *open) (string, bool) {
		val, line, ok := p.oneAnswer(o)
		if !ok {
			return "", false
		}
		v, ok := formatOf(val)
		if !ok {
			p.errf(line, f.name, "%s %q: write phone, video or in-person, or leave it empty", f.name, clip(val))
		}
		return v, ok
	},
}

func renderInt(b *bytes.Buffer, v *int) {
	if v == nil {
		quote(b, "")
		return
	}
	quote(b, strconv.Itoa(*v))
}

// intCodec reads a whole number from lo to hi, or nothing.
func intCodec(k kind, lo, hi int, fix string) codec[*int] {
	return codec[*int]{kind: k,
		render: renderInt,
		parse: func(p *parser, f *field, o *open) (*int, bool) {
			val, line, ok := p.oneAnswer(o)
			if !ok || val == "" {
				return nil, ok
			}
			v, err := strconv.Atoi(strings.TrimSuffix(val, "/10"))
			if err != nil || v < lo || v > hi {
				p.errf(line, f.name, "%s %q: %s, or leave it empty", f.name, clip(val), fix)
				return nil, false
			}
			return &v, true
		},
	}
}

var (
	ratingCodec = intCodec(kRating, 1, 10, "write a whole number from 1 to 10")
	rankCodec   = intCodec(kRank, 1, int(^uint(0)>>1), "write a whole number, 1 for your best prospect")
)

// readYesNo reads yes, no or nothing: set is false for nothing.
func (p *parser) readYesNo(f *field, o *open) (v, set, ok bool) {
	val, line, ok := p.oneAnswer(o)
	if !ok {
		return false, false, false
	}
	switch strings.ToLower(val) {
	case "":
		return false, false, true
	case "yes", "y", "true":
		return true, true, true
	case "no", "n", "false":
		return false, true, true
	}
	p.errf(line, f.name, "%s %q: write yes or no, or leave it empty", f.name, clip(val))
	return false, false, false
}

var yesNoCodec = codec[*bool]{kind: kYesNo,
	render: func(b *bytes.Buffer, v *bool) {
		if v == nil {
			quote(b, "")
			return
		}
		quote(b, yesNoWord(*v))
	},
	parse: func(p *parser, f *field, o *open) (*bool, bool) {
		v, set, ok := p.readYesNo(f, o)
		if !ok || !set {
			return nil, ok
		}
		return &v, true
	},
}

var flagCodec = codec[bool]{kind: kFlag,
	render: func(b *bytes.Buffer, v bool) {
		if v {
			quote(b, "yes")
			return
		}
		quote(b, "")
	},
	parse: func(p *parser, f *field, o *open) (bool, bool) {
		v, _, ok := p.readYesNo(f, o)
		return v, ok
	},
}

// readDate reads a date or nothing (the zero Date).
func (p *parser) readDate(f *field, o *open) (Date, bool) {
	val, line, ok := p.oneAnswer(o)
	if !ok || val == "" {
		return Date{}, ok
	}
	d, err := ParseDate(val)
	if err != nil {
		p.errf(line, f.name, "%s %q: write the date as YYYY-MM-DD, such as 2026-03-14, or leave it empty", f.name, clip(val))
		return Date{}, false
	}
	return d, true
}

var dateCodec = codec[Date]{kind: kDate,
	render: func(b *bytes.Buffer, v Date) { quote(b, v.String()) },
	parse:  func(p *parser, f *field, o *open) (Date, bool) { return p.readDate(f, o) },
}

var datePtrCodec = codec[*Date]{kind: kDatePtr,
	render: func(b *bytes.Buffer, v *Date) {
		if v == nil {
			quote(b, "")
			return
		}
		quote(b, v.String())
	},
	parse: func(p *parser, f *field, o *open) (*Date, bool) {
		d, ok := p.readDate(f, o)
		if !ok || d.IsZero() {
			return nil, ok
		}
		return &d, true
	},
}

var listCodec = codec[[]string]{kind: kList,
	render: func(b *bytes.Buffer, items []string) {
		for _, s := range items {
			b.WriteString(listLine(s) + "\n")
		}
		b.WriteString("- \n\n")
	},
	parse: func(p *parser, f *field, o *open) ([]string, bool) {
		var items []string
		for _, l := range o.lines {
			if s := itemText(l.s); s != "" {
				if p.itemCheck(l.n, f, listLine(s)) {
					items = append(items, s)
				}
			}
		}
		return items, true
	},
}

var checklistCodec = codec[[]ActionItem]{kind: kChecklist,
	render: func(b *bytes.Buffer, items []ActionItem) {
		for _, a := range items {
			b.WriteString(checkLine(a) + "\n")
		}
		for range max(1, 3-len(items)) {
			b.WriteString("- [ ] \n")
		}
		b.WriteString("\n")
	},
	parse: func(p *parser, f *field, o *open) ([]ActionItem, bool) {
		var items []ActionItem
		for _, l := range o.lines {
			s := itemText(l.s)
			done := false
			switch {
			case strings.HasPrefix(s, "[ ]"):
				s = s[3:]
			case strings.HasPrefix(s, "[x]"), strings.HasPrefix(s, "[X]"):
				s, done = s[3:], true
			}
			if s = strings.TrimSpace(s); s != "" {
				a := ActionItem{Text: s, Done: done}
				if p.itemCheck(l.n, f, checkLine(a)) {
					items = append(items, a)
				}
			}
		}
		return items, true
	},
}

var peopleCodec = codec[[]Person]{kind: kPeople,
	render: func(b *bytes.Buffer, ps []Person) {
		for _, person := range ps {
			b.WriteString(personLine(person) + "\n")
		}
		b.WriteString("- \n\n")
	},
	parse: func(p *parser, f *field, o *open) ([]Person, bool) {
		var ps []Person
		for _, l := range o.lines {
			s := itemText(l.s)
			if s == "" {
				continue
			}
			person, ok := p.person(l.n, f, s)
			if ok && person != (Person{}) && p.itemCheck(l.n, f, personLine(person)) {
				ps = append(ps, person)
			}
		}
		return ps, true
	},
}

// oneAnswer is the one-line answer of o, trimmed ("" when none), and its
// line; a second non-blank line is a mistake.
func (p *parser) oneAnswer(o *open) (val string, line int, ok bool) {
	f := o.f
	line = o.line
	for _, l := range o.lines {
		if isBlank(l.s) {
			continue
		}
		if val != "" {
			p.errf(l.n, f.name, "%s takes one answer on one line: delete this line or the one before it", f.name)
			return "", 0, false
		}
		val, line = strings.TrimSpace(l.s), l.n
	}
	return val, line, true
}
