package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["reflect"] = command{
		summary: "fill in the reflection of an interview (default: the latest without one)",
		run:     cmdReflect,
	}
}

// cmdReflect fills in the reflection of one interview: from a filled form
// (--file), in the person's editor on a terminal, or prompt by prompt.
func cmdReflect(e *env, args []string) error {
	fs := nbFlags(e, "reflect", "debrief reflect [ID] [--file F | --edit | --prompt]")
	file := fs.String("file", "", "read the filled form from `F` (- for stdin) and save it, asking nothing")
	edit := fs.Bool("edit", false, "open the form in $VISUAL or $EDITOR even when not on a terminal")
	ask := fs.Bool("prompt", false, "ask prompt by prompt on stdin and stdout, even on a terminal")
	pos, err := nbParse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	modes := 0
	for _, on := range []bool{*file != "", *edit, *ask} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return usagef("reflect: give only one of --file, --edit and --prompt")
	}
	editor := strings.TrimSpace(e.getenv("VISUAL"))
	if editor == "" {
		editor = strings.TrimSpace(e.getenv("EDITOR"))
	}
	if *edit && editor == "" {
		return usagef("reflect --edit: set $VISUAL or $EDITOR to the editor to run, such as EDITOR=nano")
	}

	var data []byte
	name := *file
	if *file != "" {
		if name == "-" {
			name = "stdin"
			data, err = io.ReadAll(e.stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return usagef("reflect --file: %v", err)
		}
	}

	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	ref := ""
	switch {
	case len(pos) == 1:
		ref = pos[0]
	case *file != "":
		ref = notebook.FormRecordID(data) // a form printed by debrief form names its record
	}
	var r *notebook.Record
	if ref != "" {
		r, err = b.Get(ref)
	} else {
		r, err = latestUnreflected(e, b)
	}
	if err != nil {
		return err
	}
	if r == nil {
		fmt.Fprintln(e.stdout, "no past interview is waiting for its reflection: give an ID to reopen one (debrief list shows them)")
		return nil
	}

	switch {
	case *file != "":
		return reflectFile(e, b, r, data, name)
	case *edit || !*ask && editor != "" && onTerminal(e):
		return reflectEditor(e, b, r, editor)
	case !*ask && onTerminal(e):
		fmt.Fprintln(e.stdout, "(set $EDITOR to fill in the reflection as a Markdown form in your editor)")
	}
	return reflectPrompts(e, b, r)
}

// latestUnreflected is the record of the most recent interview that has
// begun and has no reflection, or nil (see notebook.LatestUnreflected).
func latestUnreflected(e *env, b *notebook.Book) (*notebook.Record, error) {
	recs, err := b.List()
	if err != nil {
		if len(recs) == 0 {
			return nil, nbListErr(err)
		}
		e.lg.Warn("some notebook files could not be read; choosing among the others", "err", err)
	}
	return notebook.LatestUnreflected(recs, e.now()), nil
}

// onTerminal reports whether stdin and stdout are both a terminal.
func onTerminal(e *env) bool { return isTerminal(e.stdin) && isTerminal(e.stdout) }

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// /dev/null is a character device too, and no terminal.
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// formErrors is the mistakes of the form called name, one per line.
func formErrors(name string, err error) string {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = name + ": " + err.Error()
	}
	return strings.Join(lines, "\n")
}

const nothingChanged = "nothing changed; the reflection was not saved"

// reportSaved says where the reflection went and what comes next.
func reportSaved(e *env, b *notebook.Book, r *notebook.Record) {
	fmt.Fprintf(e.stdout, "saved the reflection on %s (%s) in %s\n",
		notebook.Title(r), notebook.When(r), filepath.Join(b.Dir(), notebook.FileName(r)))
	var p notebook.Policy
	if cfg, err := e.config(); err == nil {
		p = nbPolicy(cfg.Followup)
	}
	fmt.Fprintln(e.stdout, nextAfterReflect(r, notebook.Followups(r, e.now(), p)))
}

// nextAfterReflect is the one thing to do after saving a reflection: the
// thank-you note while its window is open (or once the interview is over,
// when it is not yet), else the follow-up that comes next.
func nextAfterReflect(r *notebook.Record, fs []notebook.Followup) string {
	var rest []notebook.Followup
	for _, f := range fs {
		if f.Kind != notebook.KindThankYou {
			rest = append(rest, f)
			continue
		}
		by := f.Due.In(r.Location()).Format("Mon 2 Jan 15:04 MST")
		switch f.State {
		case notebook.Due:
			return fmt.Sprintf("next: send a thank-you note by %s; debrief thank-you %s drafts it", by, r.ID)
		case notebook.Upcoming:
			return fmt.Sprintf("next: once the interview is over, a thank-you note by %s; debrief thank-you %s drafts it", by, r.ID)
		}
	}
	f, ok := notebook.Next(rest)
	if !ok {
		return "next: debrief followups shows what is due"
	}
	for _, g := range rest {
		if f.Kind == notebook.KindReply && g.Kind == notebook.KindFollowUp && (g.State == notebook.Due || g.State == notebook.Overdue) {
			f = g // the answer is late and it is time to ask
		}
	}
	day := f.Day.In(time.UTC).Format("Mon 2 Jan")
	switch {
	case f.Kind == notebook.KindReply && f.State == notebook.Upcoming:
		return fmt.Sprintf("next: wait for their answer, expected by %s; if none has come by then, debrief reminds you to follow up", day)
	case f.Kind == notebook.KindReply:
		return fmt.Sprintf("next: their answer was expected by %s; when it comes, debrief outcome %s STATUS", day, r.ID)
	case f.State == notebook.Upcoming:
		return fmt.Sprintf("next: follow up on %s if you have not heard back; debrief reminds you that day", day)
	}
	return fmt.Sprintf("next: follow up now, you have not heard back (due %s); then debrief done %s follow-up", day, r.ID)
}

// reflectFile saves a form read from a file: a mistake in it is a usage
// error (exit 2) that names the line, and nothing is saved. A form older
// than the record changes only the answers the person changed in it; when
// the record changed since in the same answers, nothing is saved and the
// error shows both values (see notebook.Book.Reflect).
func reflectFile(e *env, b *notebook.Book, r *notebook.Record, data []byte, name string) error {
	saved, changed, err := b.Reflect(r.ID, notebook.FormReflection(data), e.now())
	var fe *notebook.FormError
	var ce *notebook.ConflictError
	switch {
	case errors.As(err, &fe):
		return usagef("%s\nnothing was saved: fix the form and run debrief reflect --file again", formErrors(name, err))
	case errors.As(err, &ce):
		where := name
		if name == "stdin" {
			draft, derr := keepDraft(b, r, data)
			if derr != nil {
				return fmt.Errorf("%w\nnothing was saved, and your form could not be kept: %w", err, derr)
			}
			where = draft
		}
		return fmt.Errorf("%w\n%s", err, conflictFix(r.ID, where))
	case err != nil:
		return err
	case !changed:
		fmt.Fprintln(e.stdout, nothingChanged)
		return nil
	}
	reportSaved(e, b, saved)
	if name != "stdin" && rebaseFile(name, data, saved) {
		fmt.Fprintf(e.stdout, "%s now carries revision %d: edit it and save it again to change more\n", name, saved.Revision)
	}
	return nil
}

// rebaseFile renews the base line of the form file path once its form,
// data, is saved (see notebook.RebaseForm), so that editing the file again
// and saving it is no conflict with its own first save. It leaves the file
// alone when it changed since it was read or is no regular file, and
// reports whether it rewrote it.
func rebaseFile(path string, data []byte, saved *notebook.Record) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, data) {
		return false
	}
	rebased, ok := notebook.RebaseForm(data, saved)
	return ok && atomicfile.WriteFile(path, rebased, fi.Mode().Perm()) == nil
}

// conflictFix says what to do after a *notebook.ConflictError, the form
// being kept in path.
func conflictFix(id, path string) string {
	return fmt.Sprintf("nothing was saved; your form is kept in %s.\n"+
		"next: run debrief reflect %s to edit the form as the record is now (or debrief form %s > new.md), "+
		"copy from %s the answers you want to keep, and save", path, id, id, path)
}

// reflectEditor runs the editor on the form in a private temp file in the
// notebook's directory until it parses, the person gives up, or the
// editor fails. Whatever the person wrote is never lost: when it is not
// saved, it is kept as a draft in the notebook's directory.
func reflectEditor(e *env, b *notebook.Book, r *notebook.Record, editor string) error {
	form := notebook.RenderForm(r)
	f, err := os.CreateTemp(b.Dir(), ".reflect-"+r.ID+"-*.md") // mode 0600
	if err != nil {
		return fmt.Errorf("reflect: %w", err)
	}
	path := f.Name()
	defer os.Remove(path)
	_, werr := f.Write(form)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("reflect: write the form: %w", err)
	}
	argv := strings.Fields(editor)
	answers := bufio.NewReader(e.stdin)
	for {
		cmd := exec.CommandContext(e.ctx, argv[0], append(argv[1:], path)...)
		if in, ok := e.stdin.(*os.File); ok {
			cmd.Stdin = in // the terminal; another reader would be drained
		}
		cmd.Stdout, cmd.Stderr = e.stdout, e.stderr
		runErr := cmd.Run()
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("reflect: read the form back: %w", err)
		}
		if runErr != nil {
			if string(data) == string(form) {
				return fmt.Errorf("run the editor %q: %w: nothing was saved; set $VISUAL or $EDITOR to an editor that works", argv[0], runErr)
			}
			draft, err := keepDraft(b, r, data)
			if err != nil {
				return fmt.Errorf("the editor %q failed (%v) and your text could not be kept: %w", argv[0], runErr, err)
			}
			return fmt.Errorf("the editor %q failed (%w); nothing was saved; your text is in %s: finish it with debrief reflect %s --file %s", argv[0], runErr, draft, r.ID, draft)
		}
		saved, changed, err := b.Reflect(r.ID, notebook.FormReflection(data), e.now())
		var fe *notebook.FormError
		var ce *notebook.ConflictError
		switch {
		case errors.As(err, &ce):
			draft, derr := keepDraft(b, r, data)
			if derr != nil {
				return fmt.Errorf("%w\nnothing was saved, and your text could not be kept: %w", err, derr)
			}
			return fmt.Errorf("%w\n%s", err, conflictFix(r.ID, draft))
		case errors.As(err, &fe):
			fmt.Fprintln(e.stderr, formErrors("the form", err))
			fmt.Fprint(e.stdout, "Edit the form again? [Y/n] ")
			ans, rerr := answers.ReadString('\n')
			ans = strings.ToLower(strings.TrimSpace(ans))
			if ans == "n" || ans == "no" || rerr != nil && ans == "" {
				draft, err := keepDraft(b, r, data)
				if err != nil {
					return fmt.Errorf("the reflection was not saved, and your text could not be kept: %w", err)
				}
				return fmt.Errorf("the reflection was not saved; your text is in %s: fix it and run debrief reflect %s --file %s", draft, r.ID, draft)
			}
			if err := os.WriteFile(path, data, 0o600); err != nil {
				return fmt.Errorf("reflect: %w", err)
			}
			continue
		case err != nil:
			draft, derr := keepDraft(b, r, data)
			if derr != nil {
				return err
			}
			return fmt.Errorf("%w; your text is in %s", err, draft)
		case !changed:
			fmt.Fprintln(e.stdout, nothingChanged)
			return nil
		}
		reportSaved(e, b, saved)
		return nil
	}
}

// keepDraft writes a form that was not saved to a new file in the
// notebook's directory, next to the records, and returns its path.
func keepDraft(b *notebook.Book, r *notebook.Record, data []byte) (string, error) {
	f, err := os.CreateTemp(b.Dir(), r.ID+"-draft-*.md")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// reflectPrompts asks the form prompt by prompt on stdin and stdout, then
// saves the answers; input that ends early saves what was answered.
func reflectPrompts(e *env, b *notebook.Book, r *notebook.Record) error {
	fmt.Fprintf(e.stdout, "Reflection on %s, %s.\n", notebook.Title(r), notebook.When(r))
	fmt.Fprintln(e.stdout, "Answer each prompt on one line. An empty line keeps the answer shown after \"now:\"; a lone - clears it.")
	fmt.Fprintln(e.stdout, "End the input (Ctrl-D) to stop early: what you answered is saved.")
	edited := *r
	n, err := notebook.AskForm(&edited, bufio.NewReader(e.stdin), e.stdout)
	eof := errors.Is(err, io.EOF)
	if err != nil && !eof {
		return fmt.Errorf("reflect: read the answers: %w", err)
	}
	fmt.Fprintln(e.stdout)
	if eof {
		fmt.Fprintf(e.stdout, "the input ended after %d answers\n", n)
	}
	saved, changed, err := b.Reflect(r.ID, notebook.RecordReflection(r, &edited), e.now())
	var ce *notebook.ConflictError
	if errors.As(err, &ce) {
		draft, derr := keepDraft(b, r, notebook.RenderDraft(&edited, notebook.BaseOf(r)))
		if derr != nil {
			return fmt.Errorf("%w\nnothing was saved, and your answers could not be kept: %w", err, derr)
		}
		return fmt.Errorf("%w\n%s", err, conflictFix(r.ID, draft))
	}
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintln(e.stdout, nothingChanged)
		return nil
	}
	reportSaved(e, b, saved)
	return nil
}
