package notebook

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// asker asks the form's prompts one at a time.
type asker struct {
	in  *bufio.Reader
	out io.Writer
	n   int // answers taken
}

// AskForm asks the prompts of the form one at a time on out, section by
// section, and reads the answers from in, one line each, into r:
//
//   - an empty line keeps what r holds (shown as "now: …"), "-" clears it;
//   - a list takes one item per line, added to the items r holds, until an
//     empty line; people are "Name | role: … | email: …", action items
//     "[x] text" once done;
//   - questions repeat, each with its prompts, until an empty question;
//   - an answer that does not fit, such as a rating of 11, is explained and
//     asked again.
//
// Answers are one line each; multi-line answers need the Markdown form. It
// returns how many answers it took. When in ends first it returns io.EOF,
// with the answers given so far in r; another read error is returned as
// is.
func AskForm(r *Record, in *bufio.Reader, out io.Writer) (int, error) {
	a := &asker{in: in, out: out}
	err := a.form(r)
	return a.n, err
}

func (a *asker) form(r *Record) error {
	for si := range form {
		s := &form[si]
		fmt.Fprintf(a.out, "\n### %s\n", s.heading)
		for fi := range s.fields {
			f := &s.fields[fi]
			var err error
			switch f.kind {
			case kLabel:
				fmt.Fprintln(a.out, promptKey(f.prompt))
			case kQuestions:
				err = a.blocks(f, r, questionBlock)
			case kAsked:
				err = a.blocks(f, r, askedBlock)
			case kList, kPeople, kChecklist:
				err = a.list(f, r)
			default:
				err = a.one(f, r)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// readLine reads one line without its end; io.EOF only when nothing was
// left.
func (a *asker) readLine() (string, error) {
	s, err := a.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

func (a *asker) title(f *field) {
	fmt.Fprint(a.out, promptKey(f.prompt))
	if f.hint != "" {
		fmt.Fprintf(a.out, " (%s)", f.hint)
	}
	fmt.Fprintln(a.out)
}

// retry says why an answer did not fit.
func (a *asker) retry(err error) {
	var fe *FormError
	if errors.As(err, &fe) {
		fmt.Fprintf(a.out, "  %s\n", fe.Msg)
		return
	}
	fmt.Fprintf(a.out, "  %v\n", err)
}

// one asks a prompt with a one-line answer.
func (a *asker) one(f *field, target any) error {
	a.title(f)
	if cur := answerLines(f, target); len(cur) > 0 {
		fmt.Fprintf(a.out, "  now: %s\n", strings.Join(cur, " ⏎ "))
	}
	for {
		fmt.Fprint(a.out, "> ")
		s, err := a.readLine()
		if err != nil {
			return err
		}
		if s == "" {
			return nil
		}
		var lines []string
		if s != "-" {
			lines = []string{s}
		}
		if err := setAnswer(f, target, lines); err != nil {
			a.retry(err)
			continue
		}
		a.n++
		return nil
	}
}

// list asks for items until an empty line, adding them to those noted.
func (a *asker) list(f *field, target any) error {
	a.title(f)
	cur := answerLines(f, target)
	for _, l := range cur {
		fmt.Fprintf(a.out, "  now: %s\n", l)
	}
	fmt.Fprintln(a.out, "  (one per line; an empty line ends)")
	for {
		fmt.Fprint(a.out, "- ")
		s, err := a.readLine()
		if err != nil {
			return err
		}
		if s == "" {
			return nil
		}
		next := append(cur[:len(cur):len(cur)], s)
		if err := setAnswer(f, target, next); err != nil {
			a.retry(err)
			continue
		}
		cur = next
		a.n++
	}
}

// blocks asks for questions, each with its prompts, until an empty one,
// adding them to those noted.
func (a *asker) blocks(f *field, r *Record, bs *blockSpec) error {
	a.title(f)
	l := f.v.(itemList)
	n := len(l.items(r))
	if n > 0 {
		fmt.Fprintf(a.out, "  (%d noted already; add more)\n", n)
	}
	for {
		n++
		item := l.newItem()
		fmt.Fprintf(a.out, "%s %d (an empty line ends the list)\n", bs.heading, n)
		first := &bs.fields[0]
		fmt.Fprint(a.out, promptKey(first.prompt)+"\n> ")
		s, err := a.readLine()
		if err != nil || s == "" {
			return err
		}
		if err := setAnswer(first, item, []string{s}); err != nil {
			return err // a question's text always fits
		}
		a.n++
		for fi := range bs.fields[1:] {
			if err = a.one(&bs.fields[1+fi], item); err != nil {
				break
			}
		}
		l.add(r, item)
		if err != nil {
			return err
		}
	}
}
