package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// testEditorEnv makes the test binary act as the person's editor when
// debrief reflect runs it: the value says what the "person" does.
const testEditorEnv = "DEBRIEF_TEST_EDITOR"

func init() {
	if mode := os.Getenv(testEditorEnv); mode != "" {
		if err := testEditor(mode, os.Args[len(os.Args)-1]); err != nil {
			fmt.Fprintln(os.Stderr, "test editor:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
}

const ratePrompt = "  - Rate from 1-10: <!-- a whole number from 1 to 10 -->\n"

// testEditor edits the form at path as a person would:
//
//	rate:N          answers the overall rating with N
//	fix-or-break    rates 11 (a mistake), or 9 where it finds the 11
//	none            saves the form untouched
//	fail            rates 5, then exits with status 3 (as vim's :cq)
func testEditor(mode, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	form := string(data)
	i := strings.Index(form, ratePrompt)
	if i < 0 {
		return fmt.Errorf("no rating prompt in %s", path)
	}
	start := i + len(ratePrompt)
	end := start + strings.Index(form[start:], "\n")
	rate := func(v string) { form = form[:start] + "> " + v + form[end:] }
	switch {
	case strings.HasPrefix(mode, "rate:"):
		rate(strings.TrimPrefix(mode, "rate:"))
	case mode == "fix-or-break":
		if form[start:end] == "> 11" {
			rate("9")
		} else {
			rate("11")
		}
	case mode == "none":
	case mode == "fail":
		rate("5")
		if err := os.WriteFile(path, []byte(form), 0o600); err != nil {
			return err
		}
		os.Exit(3)
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	return os.WriteFile(path, []byte(form), 0o600)
}

// reflectRun runs debrief with the setup's config, stdin and environment.
func (s *nbSetup) reflectRun(t *testing.T, stdin io.Reader, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"--config", s.config}, args...)
	err := run(context.Background(), args, stdin, &out, &errb, func(k string) string {
		if k == "HOME" {
			return s.home
		}
		return env[k]
	})
	if err != nil {
		code = exitCode(err)
		fmt.Fprintf(&errb, "debrief: %v\n", err)
	}
	return out.String(), errb.String(), code
}

func (s *nbSetup) get(t *testing.T, id string) *notebook.Record {
	t.Helper()
	r, err := s.book.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fileOf returns the bytes of the record's file.
func (s *nbSetup) fileOf(t *testing.T, r *notebook.Record) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dir, notebook.FileName(r)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeForm(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.md")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkSaved compares the stored record with want, but for the times the
// notebook sets; ReflectedAt must be set and recent.
func checkSaved(t *testing.T, got, want *notebook.Record) {
	t.Helper()
	if got.ReflectedAt == nil || time.Since(*got.ReflectedAt) > time.Minute {
		t.Errorf("ReflectedAt = %v, want about now", got.ReflectedAt)
	}
	if got.Revision != want.Revision+1 {
		t.Errorf("Revision = %d, want %d: one save after the record as it was", got.Revision, want.Revision+1)
	}
	got.ReflectedAt, got.Updated, got.Revision = want.ReflectedAt, want.Updated, want.Revision
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("stored record (-got +want):\n%s", diff)
	}
}

func TestFormCommand(t *testing.T) {
	s := newNBSetup(t)
	out, errOut, code := s.run(t, "form", s.globex[:6])
	if code != 0 {
		t.Fatalf("form: exit %d: %s", code, errOut)
	}
	if want := string(notebook.RenderForm(s.get(t, s.globex))); out != want {
		t.Errorf("form printed (-got +want):\n%s", cmp.Diff(out, want))
	}
	if _, errOut, code := s.run(t, "form", "zzzz"); code == 0 || !strings.Contains(errOut, "debrief list") {
		t.Errorf("form of an unknown id: exit %d, stderr %q; want a failure naming debrief list", code, errOut)
	}
	if _, _, code := s.run(t, "form"); code != 2 {
		t.Errorf("form without an id: exit %d, want 2", code)
	}
}

func TestReflectFileSavesEveryField(t *testing.T) {
	s := newNBSetup(t)
	acme := s.get(t, s.acme)
	want := s.get(t, s.globex)
	want.Overall, want.Takeaways, want.Performance = acme.Overall, acme.Takeaways, acme.Performance
	want.Company, want.Asked, want.NextSteps = acme.Company, acme.Asked, acme.NextSteps
	want.Improvement, want.Feelings, want.ActionItems, want.People = acme.Improvement, acme.Feelings, acme.ActionItems, acme.People
	want.Interview.Interviewers = acme.Interview.Interviewers
	want.FollowUp.ReplyExpectedBy, want.FollowUp.ThankYouSent = acme.FollowUp.ReplyExpectedBy, acme.FollowUp.ThankYouSent
	want.Overall.WentWell = "Line one.\n\n# not a heading\n- not an item"
	// As if the person filled in the form debrief form printed.
	path := writeForm(t, notebook.RenderDraft(want, notebook.BaseOf(s.get(t, s.globex))))

	out, errOut, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect", "--file", path)
	if code != 0 {
		t.Fatalf("reflect --file: exit %d: %s", code, errOut)
	}
	got := s.get(t, s.globex)
	checkSaved(t, got, want)
	for _, w := range []string{"saved the reflection on Globex — Platform Engineer", filepath.Join(s.dir, notebook.FileName(got)), "next: follow up now, you have not heard back"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout %q does not say %q", out, w)
		}
	}

	// The same form again changes nothing.
	before := s.fileOf(t, got)
	out, _, code = s.reflectRun(t, strings.NewReader(""), nil, "reflect", s.globex, "--file", path)
	if code != 0 || !strings.Contains(out, nothingChanged) {
		t.Errorf("reflect with the saved form again: exit %d, stdout %q; want %q", code, out, nothingChanged)
	}
	if after := s.fileOf(t, got); !bytes.Equal(after, before) {
		t.Errorf("an unchanged form rewrote the record")
	}
}

func TestReflectUntouchedForm(t *testing.T) {
	s := newNBSetup(t)
	form, _, _ := s.run(t, "form", s.globex)
	before := s.fileOf(t, s.get(t, s.globex))
	out, errOut, code := s.reflectRun(t, strings.NewReader(form), nil, "reflect", "--file", "-")
	if code != 0 || !strings.Contains(out, nothingChanged) {
		t.Fatalf("reflect --file - with the untouched form: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, nothingChanged)
	}
	if after := s.fileOf(t, s.get(t, s.globex)); !bytes.Equal(after, before) {
		t.Errorf("an untouched form rewrote the record")
	}
	if s.get(t, s.globex).Reflected() {
		t.Errorf("an untouched form marked the interview reflected")
	}
}

// TestReflectFileTakesIDFromForm: with no ID, --file reflects on the record
// the form was printed for (here the upcoming Hooli interview), not the
// default one.
func TestReflectFileTakesIDFromForm(t *testing.T) {
	s := newNBSetup(t)
	form, _, _ := s.run(t, "form", s.hooli)
	form = strings.Replace(form, ratePrompt+"> \n", ratePrompt+"> 6\n", 1)
	out, errOut, code := s.reflectRun(t, strings.NewReader(form), nil, "reflect", "--file", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if r := s.get(t, s.hooli); r.Overall.Rating == nil || *r.Overall.Rating != 6 {
		t.Errorf("hooli's rating = %v, want 6; stdout %q", r.Overall.Rating, out)
	}
	if s.get(t, s.globex).Reflected() {
		t.Errorf("the form of hooli was saved into globex")
	}
	// Given another ID, the form is refused.
	_, errOut, code = s.reflectRun(t, strings.NewReader(form), nil, "reflect", s.globex, "--file", "-")
	if code != 2 || !strings.Contains(errOut, "this form is for record "+s.hooli) {
		t.Errorf("form of hooli for globex: exit %d, stderr %q", code, errOut)
	}
}

func TestReflectFileMistakes(t *testing.T) {
	s := newNBSetup(t)
	form := string(notebook.RenderForm(s.get(t, s.globex)))
	lineAfter := func(prefix string) int {
		for i, l := range strings.Split(form, "\n") {
			if strings.HasPrefix(l, prefix) {
				return i + 2
			}
		}
		t.Fatalf("no line %q", prefix)
		return 0
	}
	for _, tc := range []struct {
		name, old, new string
		want           string
	}{
		{"rating-11", ratePrompt + "> \n", ratePrompt + "> 11\n",
			fmt.Sprintf("form.md: line %d: overall rating \"11\": write a whole number from 1 to 10", lineAfter("  - Rate from 1-10:"))},
		{"bad-date", "> 2025-06-02\n", "> 2 June 2025\n",
			fmt.Sprintf("form.md: line %d: date of interview \"2 June 2025\": write the date as YYYY-MM-DD", lineAfter("- **Date of Interview:**"))},
		{"unknown-heading", "### 9. Emotional Check-in", "### 9. Feelings",
			"unknown heading \"### 9. Feelings\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(form, tc.old) {
				t.Fatalf("form has no %q", tc.old)
			}
			path := writeForm(t, []byte(strings.Replace(form, tc.old, tc.new, 1)))
			before := s.fileOf(t, s.get(t, s.globex))
			_, errOut, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect", s.globex, "--file", path)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "nothing was saved") {
				t.Errorf("stderr %q\ndoes not say %q and that nothing was saved", errOut, tc.want)
			}
			if after := s.fileOf(t, s.get(t, s.globex)); !bytes.Equal(after, before) {
				t.Errorf("a form with a mistake changed the record")
			}
		})
	}
	if _, errOut, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect", "--file", filepath.Join(t.TempDir(), "missing.md")); code != 2 || !strings.Contains(errOut, "missing.md") {
		t.Errorf("missing form file: exit %d, stderr %q", code, errOut)
	}
	if _, _, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect", "--file", "x", "--prompt"); code != 2 {
		t.Errorf("--file with --prompt: exit %d, want 2", code)
	}
	if _, errOut, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect", "--edit"); code != 2 || !strings.Contains(errOut, "EDITOR") {
		t.Errorf("--edit without an editor: exit %d, stderr %q", code, errOut)
	}
}

func TestReflectPrompts(t *testing.T) {
	s := newNBSetup(t)
	want := s.get(t, s.globex)
	answers := strings.Join([]string{
		"", "", "", // company, position, date: kept
		"",                                 // interviewers: none added
		"",                                 // format: kept
		"-",                                // round: cleared
		"Sam | role: recruiter | shoe: 44", // other people: a mistake, asked again
		"Sam | role: recruiter",
		"",
		"eleven", // rating: asked again
		"8",
		"The demo went well.",
	}, "\n") + "\n" // then the input ends
	out, errOut, code := s.reflectRun(t, strings.NewReader(answers), nil, "reflect", "--prompt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want.Interview.Round = ""
	want.People = []notebook.Person{{Name: "Sam", Role: "recruiter"}}
	want.Overall.Rating = ptrTo(8)
	want.Overall.WentWell = "The demo went well."
	checkSaved(t, s.get(t, s.globex), want)
	for _, w := range []string{
		"Reflection on Globex — Platform Engineer",
		"### 1. Interview Details", "Company Name:", "now: Globex",
		"\"shoe: 44\" is not a detail",
		"overall rating \"eleven\": write a whole number from 1 to 10",
		"What could have been better?",
		"the input ended after 4 answers",
		"saved the reflection on Globex",
		// A year after the interview: no thank-you hint, the follow-up.
		"next: follow up now, you have not heard back",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout does not say %q:\n%s", w, out)
		}
	}

	// No answers at all: nothing is saved.
	before := s.fileOf(t, s.get(t, s.hooli))
	out, _, code = s.reflectRun(t, strings.NewReader(""), nil, "reflect", s.hooli)
	if code != 0 || !strings.Contains(out, nothingChanged) {
		t.Errorf("no answers: exit %d, stdout %q", code, out)
	}
	if after := s.fileOf(t, s.get(t, s.hooli)); !bytes.Equal(after, before) {
		t.Errorf("no answers rewrote the record")
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestReflectDefault: without an ID, reflect takes the most recent
// interview that has begun and has no reflection.
func TestReflectDefault(t *testing.T) {
	s := newNBSetup(t)
	// Acme and Initech are reflected, Hooli is in 2099: Globex it is.
	out, _, code := s.reflectRun(t, strings.NewReader(""), nil, "reflect")
	if code != 0 || !strings.Contains(out, "Reflection on Globex") {
		t.Fatalf("reflect: exit %d, stdout %q; want the Globex reflection", code, out)
	}
	// A later past interview without a reflection comes first.
	later := &notebook.Record{Interview: notebook.Details{Company: "Umbrella", Date: mustNBDate(t, "2025-09-01")}}
	if err := s.book.Create(later); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := s.reflectRun(t, strings.NewReader(""), nil, "reflect"); !strings.Contains(out, "Reflection on Umbrella") {
		t.Errorf("reflect with Umbrella (2025-09-01) after Globex (2025-06-02): stdout %q", out)
	}
	// Once both are reflected, there is none.
	for _, id := range []string{s.globex, later.ID} {
		if _, err := s.book.Update(id, func(r *notebook.Record) error { r.Overall.WentWell = "fine"; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	out, _, code = s.reflectRun(t, strings.NewReader(""), nil, "reflect")
	if code != 0 || !strings.Contains(out, "no past interview is waiting for its reflection") {
		t.Errorf("reflect with none waiting: exit %d, stdout %q", code, out)
	}
}

// editorEnv makes the test binary the editor in mode.
func editorEnv(t *testing.T, mode string) map[string]string {
	t.Setenv(testEditorEnv, mode) // inherited by the editor process
	return map[string]string{"VISUAL": os.Args[0] + " -test.run=^$"}
}

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".md") {
			names = append(names, de.Name())
		}
	}
	return names
}

func TestReflectEditor(t *testing.T) {
	t.Run("saves", func(t *testing.T) {
		s := newNBSetup(t)
		want := s.get(t, s.globex)
		out, errOut, code := s.reflectRun(t, strings.NewReader(""), editorEnv(t, "rate:9"), "reflect", s.globex, "--edit")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		want.Overall.Rating = ptrTo(9)
		checkSaved(t, s.get(t, s.globex), want)
		if !strings.Contains(out, "saved the reflection") {
			t.Errorf("stdout %q", out)
		}
		if l := leftovers(t, s.dir); len(l) > 0 {
			t.Errorf("files left in the notebook: %q", l)
		}
	})
	t.Run("untouched", func(t *testing.T) {
		s := newNBSetup(t)
		out, _, code := s.reflectRun(t, strings.NewReader(""), editorEnv(t, "none"), "reflect", s.globex, "--edit")
		if code != 0 || !strings.Contains(out, nothingChanged) {
			t.Errorf("exit %d, stdout %q; want %q", code, out, nothingChanged)
		}
	})
	t.Run("mistake-then-fixed", func(t *testing.T) {
		s := newNBSetup(t)
		out, errOut, code := s.reflectRun(t, strings.NewReader("y\n"), editorEnv(t, "fix-or-break"), "reflect", s.globex, "--edit")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(errOut, "overall rating \"11\": write a whole number from 1 to 10") || !strings.Contains(out, "Edit the form again?") {
			t.Errorf("the mistake was not shown and the re-edit not offered: stdout %q, stderr %q", out, errOut)
		}
		if r := s.get(t, s.globex); r.Overall.Rating == nil || *r.Overall.Rating != 9 {
			t.Errorf("rating = %v, want the corrected 9", r.Overall.Rating)
		}
	})
	t.Run("gives-up", func(t *testing.T) {
		s := newNBSetup(t)
		before := s.fileOf(t, s.get(t, s.globex))
		_, errOut, code := s.reflectRun(t, strings.NewReader("n\n"), editorEnv(t, "rate:11"), "reflect", s.globex, "--edit")
		if code != 1 || !strings.Contains(errOut, "the reflection was not saved; your text is in ") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		checkDraft(t, s, errOut, "> 11")
		if after := s.fileOf(t, s.get(t, s.globex)); !bytes.Equal(after, before) {
			t.Errorf("giving up changed the record")
		}
	})
	t.Run("editor-fails", func(t *testing.T) {
		s := newNBSetup(t)
		_, errOut, code := s.reflectRun(t, strings.NewReader(""), editorEnv(t, "fail"), "reflect", s.globex, "--edit")
		if code != 1 || !strings.Contains(errOut, "nothing was saved; your text is in ") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		checkDraft(t, s, errOut, "> 5")
		if s.get(t, s.globex).Reflected() {
			t.Errorf("a failed editor saved the reflection")
		}
	})
}

// checkDraft checks that the one .md file left in the notebook is the
// draft named in the error and holds the person's text.
func checkDraft(t *testing.T, s *nbSetup, errOut, text string) {
	t.Helper()
	l := leftovers(t, s.dir)
	if len(l) != 1 || !strings.HasPrefix(l[0], s.globex+"-draft-") {
		t.Fatalf("files left in the notebook: %q, want one draft", l)
	}
	draft := filepath.Join(s.dir, l[0])
	if !strings.Contains(errOut, draft) {
		t.Errorf("stderr %q does not name the draft %s", errOut, draft)
	}
	data, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), ratePrompt+text+"\n") {
		t.Errorf("the draft does not hold the person's %q", text)
	}
}

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for name, v := range map[string]any{"pipe": r, "dev-null": null, "reader": strings.NewReader(""), "file": mustTempFile(t)} {
		if isTerminal(v) {
			t.Errorf("isTerminal(%s) = true, want false", name)
		}
	}
}

func mustTempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
