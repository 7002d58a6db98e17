package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/debrief-dev/debrief/notebook"
)

// testMainEnv makes the test binary run as debrief itself, with its
// arguments: a second process for the tests of concurrent commands.
const testMainEnv = "DEBRIEF_TEST_MAIN"

func init() {
	if os.Getenv(testMainEnv) == "1" {
		main()
		os.Exit(0)
	}
}

// setAnswer returns form with the answer under prompt (a line of the form,
// as written) replaced by value.
func setAnswer(t *testing.T, form, prompt, value string) string {
	t.Helper()
	i := strings.Index(form, prompt)
	if i < 0 {
		t.Fatalf("no prompt %q in the form", prompt)
	}
	start := i + len(prompt)
	end := start + strings.Index(form[start:], "\n")
	return form[:start] + "> " + value + form[end:]
}

const (
	rateLine     = "  - Rate from 1-10: <!-- a whole number from 1 to 10 -->\n"
	wentWellLine = "  - What went well?\n"
)

// TestReflectStaleForm is the newcomer's data loss: a form printed, the
// thank-you marked sent, then the form saved. The note stays sent and
// followups does not ask for it again.
func TestReflectStaleForm(t *testing.T) {
	s := newNBSetup(t)
	form, errOut, code := s.run(t, "form", s.globex)
	if code != 0 {
		t.Fatalf("form: exit %d: %s", code, errOut)
	}
	if _, errOut, code := s.run(t, "done", s.globex, "thank-you", "--on", "2025-06-02"); code != 0 {
		t.Fatalf("done: exit %d: %s", code, errOut)
	}

	// Saved untouched, the old form changes nothing.
	path := writeForm(t, []byte(form))
	out, errOut, code := s.run(t, "reflect", s.globex, "--file", path)
	if code != 0 || !strings.Contains(out, nothingChanged) {
		t.Errorf("reflect --file with the untouched old form: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, nothingChanged)
	}

	// Filled in, it saves what the person wrote and nothing else.
	path = writeForm(t, []byte(setAnswer(t, form, rateLine, "8")))
	out, errOut, code = s.run(t, "reflect", s.globex, "--file", path)
	if code != 0 {
		t.Fatalf("reflect --file: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "saved the reflection") {
		t.Errorf("stdout %q does not say the reflection was saved", out)
	}
	r := s.get(t, s.globex)
	if r.FollowUp.ThankYouSent == nil || r.FollowUp.ThankYouSent.String() != "2025-06-02" {
		t.Errorf("thank-you sent = %v after saving the old form, want 2025-06-02 (kept)", r.FollowUp.ThankYouSent)
	}
	if r.Overall.Rating == nil || *r.Overall.Rating != 8 {
		t.Errorf("overall rating = %v, want 8", r.Overall.Rating)
	}
	out, errOut, code = s.run(t, "followups")
	if code != 0 {
		t.Fatalf("followups: exit %d: %s", code, errOut)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Globex") && strings.Contains(l, "thank-you") {
			t.Errorf("followups asks for Globex's thank-you again: %q", l)
		}
	}
}

// TestReflectFileTwice saves a form, edits the same file again and saves
// it again: the second save is no conflict with the first, and the
// thank-you marked sent in between stays sent through both.
func TestReflectFileTwice(t *testing.T) {
	s := newNBSetup(t)
	form, _, _ := s.run(t, "form", s.globex)
	if _, errOut, code := s.run(t, "done", s.globex, "thank-you", "--on", "2025-06-02"); code != 0 {
		t.Fatalf("done: exit %d: %s", code, errOut)
	}
	path := writeForm(t, []byte(setAnswer(t, form, rateLine, "8")))
	out, errOut, code := s.run(t, "reflect", "--file", path)
	if code != 0 || !strings.Contains(out, path+" now carries revision 3") {
		t.Fatalf("reflect --file: exit %d, stdout %q, stderr %q; want the file renewed to revision 3", code, out, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	again := setAnswer(t, string(data), rateLine, "6")
	again = setAnswer(t, again, wentWellLine, "The pairing.")
	if err := os.WriteFile(path, []byte(again), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := s.run(t, "reflect", "--file", path); code != 0 {
		t.Fatalf("reflect --file the same file again: exit %d: %s", code, errOut)
	}
	r := s.get(t, s.globex)
	if r.Overall.Rating == nil || *r.Overall.Rating != 6 || r.Overall.WentWell != "The pairing." {
		t.Errorf("rating %v, went well %q; want 6 and the pairing", r.Overall.Rating, r.Overall.WentWell)
	}
	if r.FollowUp.ThankYouSent == nil {
		t.Error("the thank-you is unsent after saving the form twice, want it kept")
	}
	if out, _, code := s.run(t, "reflect", "--file", path); code != 0 || !strings.Contains(out, nothingChanged) {
		t.Errorf("the same file a third time: exit %d, stdout %q; want %q", code, out, nothingChanged)
	}
}

// TestReflectConflict saves two forms made from one revision that answer
// the same prompt differently: the second is refused with both answers,
// nothing of it is saved, and the person is told what to do.
func TestReflectConflict(t *testing.T) {
	s := newNBSetup(t)
	form, _, _ := s.run(t, "form", s.globex)
	first := writeForm(t, []byte(setAnswer(t, form, rateLine, "4")))
	if _, errOut, code := s.run(t, "reflect", "--file", first); code != 0 {
		t.Fatalf("reflect --file first: exit %d: %s", code, errOut)
	}
	before := s.fileOf(t, s.get(t, s.globex))

	second := setAnswer(t, form, rateLine, "9")
	second = setAnswer(t, second, wentWellLine, "The system design.")
	path := writeForm(t, []byte(second))
	out, errOut, code := s.run(t, "reflect", "--file", path)
	if code != 1 {
		t.Fatalf("reflect --file second: exit %d, want 1 (a conflict); stdout %q, stderr %q", code, out, errOut)
	}
	for _, w := range []string{
		"changed since this form was made from it (revision 1, now 2)",
		`overall rating: now "4"; in the form "9"`,
		"nothing was saved; your form is kept in " + path,
		"debrief reflect " + s.globex,
	} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr does not say %q:\n%s", w, errOut)
		}
	}
	if after := s.fileOf(t, s.get(t, s.globex)); !bytes.Equal(after, before) {
		t.Errorf("the record changed although the form was refused:\n%s", after)
	}

	// From stdin, the form is kept as a draft in the notebook.
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"--config", s.config, "reflect", s.globex, "--file", "-"}, strings.NewReader(second), &stdout, &stderr, func(k string) string {
		if k == "HOME" {
			return s.home
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "your form is kept in "+filepath.Join(s.dir, s.globex+"-draft-")) {
		t.Fatalf("reflect --file - with a conflict = %v, want the draft's path", err)
	}
	drafts, _ := filepath.Glob(filepath.Join(s.dir, s.globex+"-draft-*.md"))
	if len(drafts) != 1 {
		t.Fatalf("drafts %v, want one", drafts)
	}
	if data, _ := os.ReadFile(drafts[0]); string(data) != second {
		t.Errorf("the draft differs from the form given")
	}
}

// debriefProc runs debrief in a process of its own: the test binary acting
// as debrief (see testMainEnv).
func (s *nbSetup) debriefProc(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], append([]string{"--config", s.config}, args...)...)
	cmd.Env = append(os.Environ(), testMainEnv+"=1", "HOME="+s.home)
	return cmd
}

// TestReflectTwoProcesses runs two debrief processes at once on one
// record, several times so that either may go first: whatever the order,
// neither loses the other's change, and of two forms answering one prompt
// differently exactly one is saved.
func TestReflectTwoProcesses(t *testing.T) {
	s := newNBSetup(t)
	both := func(a, b []string) (outs [2]string, errs [2]error) {
		var wg sync.WaitGroup
		for i, args := range [][]string{a, b} {
			cmd := s.debriefProc(t, args...)
			wg.Go(func() {
				out, err := cmd.CombinedOutput()
				outs[i], errs[i] = string(out), err
			})
		}
		wg.Wait()
		return outs, errs
	}
	for round := range 4 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			if _, err := s.book.Update(s.globex, func(r *notebook.Record) error {
				r.Overall, r.FollowUp.ThankYouSent, r.ReflectedAt = notebook.Overall{}, nil, nil
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			form, _, _ := s.run(t, "form", s.globex)

			// done and a form that does not touch the thank-you.
			rated := writeForm(t, []byte(setAnswer(t, form, rateLine, "6")))
			outs, errs := both([]string{"done", s.globex, "thank-you", "--on", "2025-06-03"}, []string{"reflect", s.globex, "--file", rated})
			for i, err := range errs {
				if err != nil {
					t.Fatalf("process %d: %v: %s", i, err, outs[i])
				}
			}
			r := s.get(t, s.globex)
			if r.FollowUp.ThankYouSent == nil || r.Overall.Rating == nil || *r.Overall.Rating != 6 {
				t.Errorf("after done and reflect at once: thank-you sent %v, rating %v; want both kept", r.FollowUp.ThankYouSent, r.Overall.Rating)
			}

			// Two forms from one revision, different prompts: both saved.
			form, _, _ = s.run(t, "form", s.globex)
			a := writeForm(t, []byte(setAnswer(t, form, rateLine, "7")))
			b := writeForm(t, []byte(setAnswer(t, form, wentWellLine, "Pairing.")))
			outs, errs = both([]string{"reflect", s.globex, "--file", a}, []string{"reflect", s.globex, "--file", b})
			for i, err := range errs {
				if err != nil {
					t.Fatalf("process %d: %v: %s", i, err, outs[i])
				}
			}
			r = s.get(t, s.globex)
			if r.Overall.Rating == nil || *r.Overall.Rating != 7 || r.Overall.WentWell != "Pairing." || r.FollowUp.ThankYouSent == nil {
				t.Errorf("after two forms at once: rating %v, went well %q, thank-you %v; want 7, Pairing., kept", r.Overall.Rating, r.Overall.WentWell, r.FollowUp.ThankYouSent)
			}

			// The same prompt answered differently: one wins, one is told.
			form, _, _ = s.run(t, "form", s.globex)
			a = writeForm(t, []byte(setAnswer(t, form, rateLine, "2")))
			b = writeForm(t, []byte(setAnswer(t, form, rateLine, "3")))
			outs, errs = both([]string{"reflect", s.globex, "--file", a}, []string{"reflect", s.globex, "--file", b})
			won := -1
			for i, err := range errs {
				if err == nil {
					if won >= 0 {
						t.Fatalf("both forms saved:\n%s\n%s", outs[0], outs[1])
					}
					won = i
				} else if !strings.Contains(outs[i], "overall rating: now") {
					t.Errorf("process %d: %v, output %q; want the conflict on the overall rating", i, err, outs[i])
				}
			}
			if won < 0 {
				t.Fatalf("neither form saved:\n%s\n%s", outs[0], outs[1])
			}
			if r := s.get(t, s.globex); r.Overall.Rating == nil || *r.Overall.Rating != 2+won {
				t.Errorf("rating %v, want %d from the form that was saved", r.Overall.Rating, 2+won)
			}
		})
	}
}
