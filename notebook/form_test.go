package notebook

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// partialRecord is a fresh record with a reflection half done.
func partialRecord(t testing.TB) *Record {
	t.Helper()
	r := freshRecord(t)
	r.Overall.Rating = ptr(8)
	r.Overall.WentWell = "The design round.\n\nThey liked the diagram."
	r.Takeaways.Questions = []Question{{Question: "Why Acme?", Answer: "The billing domain."}}
	r.Performance.Articulated = ptr(false)
	r.ActionItems = []ActionItem{{Text: "Practise STAR answers."}}
	return r
}

// mustParseForm parses data into a copy of base.
func mustParseForm(t testing.TB, data []byte, base *Record) *Record {
	t.Helper()
	r := cloneRecord(base)
	if err := ParseForm(data, r); err != nil {
		t.Fatalf("ParseForm: %v\nform:\n%s", err, data)
	}
	return r
}

func TestFormGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *Record
	}{
		{"empty", &Record{Schema: SchemaVersion, ID: "0123456789"}},
		{"fresh", freshRecord(t)},
		{"partial", partialRecord(t)},
		{"full", fullRecord(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := RenderForm(tc.r)
			golden(t, filepath.Join("form", tc.name+".md"), form)
			got := mustParseForm(t, form, tc.r)
			if diff := cmp.Diff(got, tc.r); diff != "" {
				t.Errorf("ParseForm(RenderForm(r)) changed r (-got +want):\n%s", diff)
			}
			if again := RenderForm(got); !bytes.Equal(again, form) {
				t.Errorf("form → parse → form differs:\n%s", cmp.Diff(string(again), string(form)))
			}
		})
	}
}

// fillWalk sets every field reachable from v to a distinct value that the
// form can hold; n numbers the values. Strings in lists and people are one
// line; free text is several lines that look like Markdown structure.
func fillWalk(t *testing.T, v reflect.Value, path string, oneLine bool, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		switch {
		case path == ".Interview.Format":
			v.SetString(FormatInPerson)
		case oneLine:
			v.SetString(fmt.Sprintf("value %d | with a bar", *n))
		default:
			v.SetString(fmt.Sprintf("value %d\n# not a heading\n\n- not an item\n> not an answer\n<!-- not a comment -->\n**Company Name:**", *n))
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		switch e := v.Elem(); e.Kind() {
		case reflect.Int:
			e.SetInt(int64(*n%10 + 1))
		case reflect.Bool:
			e.SetBool(*n%2 == 0)
		default:
			fillWalk(t, e, path, oneLine, n)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[Date]() {
			v.Set(reflect.ValueOf(Date{2026, 3, *n%28 + 1}))
			return
		}
		line := oneLine || v.Type() == reflect.TypeFor[Person]() || v.Type() == reflect.TypeFor[ActionItem]()
		for i := range v.NumField() {
			fillWalk(t, v.Field(i), path+"."+v.Type().Field(i).Name, line, n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillWalk(t, s.Index(i), fmt.Sprintf("%s[%d]", path, i), oneLine || v.Type().Elem().Kind() == reflect.String, n)
		}
		v.Set(s)
	default:
		t.Fatalf("%s: fillWalk does not know %s: teach it, and the form", path, v.Type())
	}
}

// notInForm are the Record fields the reflection form does not edit; every
// other field must survive render and parse.
var notInForm = map[string]bool{
	"Schema": true, "ID": true, "Revision": true, "Source": true, "Scheduled": true, "Created": true, "Updated": true, "ReflectedAt": true,
	"FollowUp.ThankYouDue": true, "FollowUp.FollowUpDone": true, "FollowUp.Outcome": true,
	"FollowUp.OutcomeOn": true, "FollowUp.Note": true,
}

// TestFormEveryField fails when a field of the record is missing from the
// form: it fills every field (by reflection, so a new one is filled too),
// renders, parses into an empty record and compares.
func TestFormEveryField(t *testing.T) {
	want := &Record{Schema: SchemaVersion, ID: "0123456789"}
	n := 0
	rv := reflect.ValueOf(want).Elem()
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		if notInForm[name] {
			continue
		}
		f := rv.Field(i)
		if name == "FollowUp" {
			for j := range f.NumField() {
				sub := f.Type().Field(j).Name
				if !notInForm["FollowUp."+sub] {
					fillWalk(t, f.Field(j), ".FollowUp."+sub, false, &n)
				}
			}
			continue
		}
		fillWalk(t, f, "."+name, false, &n)
	}
	form := RenderForm(want)
	got := mustParseForm(t, form, &Record{Schema: SchemaVersion, ID: "0123456789"})
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("fields lost or changed by the form (-got +want):\n%s\nform:\n%s", diff, form)
	}
	if again := RenderForm(got); !bytes.Equal(again, form) {
		t.Errorf("form → parse → form differs:\n%s", cmp.Diff(string(again), string(form)))
	}
}

// seedPromptNorm normalises a line of the seed or of the form for
// comparison: no bold, bullet, blanks to fill or runs of spaces, and the
// seed's mojibake apostrophe mended.
func seedPromptNorm(s string) string {
	s = strings.NewReplacer("â€™", "'", "’", "'", "**", "").Replace(s)
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "#")
	s = strings.TrimPrefix(strings.TrimSpace(s), "- ")
	s = strings.TrimRight(s, "_ ")
	return strings.Join(strings.Fields(s), " ")
}

// TestFormHasEverySeedPrompt checks that every heading, prompt and
// sub-prompt of the reflection tool appears in the form, in its wording.
func TestFormHasEverySeedPrompt(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seed", "reflection-tool.md"))
	if err != nil {
		t.Fatalf("the reflection tool seed: %v", err)
	}
	var form []string
	for _, l := range strings.Split(string(RenderForm(fullRecord(t))), "\n") {
		form = append(form, seedPromptNorm(l))
	}
	all := strings.Join(form, "\n")
	checked := 0
	for i, l := range strings.Split(string(seed), "\n") {
		p := seedPromptNorm(l)
		if p == "" || isRule(p) || strings.Trim(p, "0123456789.") == "" {
			continue // blank, ---, or a numbered blank to fill in
		}
		checked++
		if !strings.Contains(all, p) {
			t.Errorf("seed line %d %q is not in the form", i+1, p)
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d seed lines: is the seed file the reflection tool?", checked)
	}
}

func TestParseFormErrors(t *testing.T) {
	form := string(RenderForm(freshRecord(t)))
	lineOf := func(prefix string) int {
		for i, l := range strings.Split(form, "\n") {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		t.Fatalf("no line starts with %q", prefix)
		return 0
	}
	// answer replaces the answer line after the prompt starting with
	// prompt by the given lines.
	answer := func(prompt string, lines ...string) string {
		i := strings.Index(form, "\n"+prompt)
		if i < 0 {
			t.Fatalf("no prompt %q", prompt)
		}
		j := i + 1 + strings.Index(form[i+1:], "\n") + 1
		k := j + strings.Index(form[j:], "\n")
		return form[:j] + strings.Join(lines, "\n") + form[k:]
	}
	rating := lineOf("  - Rate from 1-10:") + 1
	date := lineOf("- **Date of Interview:**") + 1
	for _, tc := range []struct {
		name string
		form string
		want []string // each is in the error
	}{
		{"rating-word", answer("  - Rate from 1-10:", "> eleven"),
			[]string{fmt.Sprintf("line %d: overall rating \"eleven\": write a whole number from 1 to 10", rating)}},
		{"rating-11", answer("  - Rate from 1-10:", "> 11"),
			[]string{fmt.Sprintf("line %d: overall rating \"11\"", rating)}},
		{"bad-date", answer("- **Date of Interview:**", "> 13/03/2026"),
			[]string{fmt.Sprintf("line %d: date of interview \"13/03/2026\": write the date as YYYY-MM-DD", date)}},
		{"impossible-date", answer("- **Date of Interview:**", "> 2026-02-30"),
			[]string{fmt.Sprintf("line %d: date of interview", date)}},
		{"two-ratings", answer("  - Rate from 1-10:", "> 7", "> 8"),
			[]string{fmt.Sprintf("line %d: overall rating takes one answer on one line", rating+1)}},
		{"yes-no", answer("- **Did you ask relevant questions?**", "> maybe"),
			[]string{"asked relevant questions \"maybe\": write yes or no"}},
		{"format", answer("- **Interview Format:**", "> carrier pigeon"),
			[]string{"interview format \"carrier pigeon\": write phone, video or in-person"}},
		{"person-key", answer("- **Other people you met:**", "- Sam | shoe size: 44"),
			[]string{"other people you met: \"shoe size: 44\" is not a detail: write key: value, with key one of role, email, phone, contact"}},
		{"rank-zero", answer("  - Rank it against other current prospects.", "> 0"),
			[]string{"rank \"0\": write a whole number, 1 for your best prospect"}},
		{"unknown-heading", strings.Replace(form, "### 4. Your Performance", "### 4. My Performance", 1),
			[]string{fmt.Sprintf("line %d: unknown heading \"### 4. My Performance\"", lineOf("### 4. Your Performance"))}},
		{"prompt-elsewhere", strings.Replace(form, "- **Round:**", "- **Feedback you received:**", 1),
			[]string{fmt.Sprintf("line %d: \"Feedback you received:\" belongs in section \"8. Areas for Improvement\"", lineOf("- **Round:**"))}},
		{"under-label", answer("- **How did the interview go overall?**", "> great"),
			[]string{fmt.Sprintf("line %d: \"> great\" is under \"How did the interview go overall?\", which takes no answer of its own", lineOf("- **How did the interview go overall?**")+1)}},
		{"unclosed-comment", strings.Replace(form, "<!-- a whole number from 1 to 10 -->", "", 1) + "<!-- oops\n",
			[]string{"this comment is never closed: end it with -->"}},
		{"block-without-question", answer("- **Your answer:**", "> I said yes."),
			[]string{fmt.Sprintf("line %d: this question has answers but no question", lineOf("#### Question 1"))}},
		{"other-record", strings.Replace(form, "<!-- debrief record "+freshRecord(t).ID, "<!-- debrief record 0123456789", 1),
			[]string{"line 2: this form is for record 0123456789, not " + freshRecord(t).ID}},
		{"prompt-twice", strings.Replace(form, "- **Round:**", "- **Company Name:**", 1),
			[]string{fmt.Sprintf("line %d: \"Company Name:\" appears twice (first on line %d)", lineOf("- **Round:**"), lineOf("- **Company Name:**"))}},
		{"text-after-comment", form + "<!-- note --> more\n",
			[]string{"text after the end of a comment (-->): put \"more\" on its own line"}},
		{"block-elsewhere", strings.Replace(form, "  - What went well?", "#### Question 9\n  - What went well?", 1),
			[]string{fmt.Sprintf("line %d: \"#### Question 9\" belongs in section \"3. Key Takeaways\", after \"List 3-5 key questions", lineOf("  - What went well?"))}},
		{"block-prompt-outside", strings.Replace(form, "- **Questions Asked:**", "- **Your answer:**\n- **Questions Asked:**", 1),
			[]string{"\"Your answer:\" belongs in a \"#### Question N\" block: put it under one"}},
		{"two-errors", answer("  - Rate from 1-10:", "> 0") + "# Notes\n",
			[]string{fmt.Sprintf("line %d: overall rating", rating), "unknown heading \"# Notes\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := freshRecord(t)
			r := freshRecord(t)
			err := ParseForm([]byte(tc.form), r)
			if err == nil {
				t.Fatalf("ParseForm accepted the form")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
			var fe *FormError
			if !errors.As(err, &fe) || fe.Line < 1 {
				t.Errorf("error %v is not a *FormError with a line", err)
			}
			if diff := cmp.Diff(r, before); diff != "" {
				t.Errorf("a failed parse changed the record (-got +want):\n%s", diff)
			}
		})
	}
}

// TestParseFormByHand reads forms written by a person: answers without
// "> ", bold dropped, extra blank lines, trailing spaces, CRLF, parts of
// the form left out (their fields keep their values).
func TestParseFormByHand(t *testing.T) {
	base := freshRecord(t)
	in := strings.Join([]string{
		"\ufeff## Post-Interview Reflection Tool   ",
		"",
		"### **2. Overall Impression**",
		"- How did the interview go overall?",
		"",
		"  - Rate from 1-10:",
		"",
		"   8/10   ",
		"",
		"",
		"  - What went well?  <!-- typed a note -->",
		"The design round.",
		"- it had a whiteboard",
		"",
		"and a good coffee  ",
		"",
		"### 3. Key Takeaways",
		"- **High-level topics the interviewer covered:**",
		"- billing",
		"* on-call",
		"  queues",
		"- ",
		"  - List 3-5 key questions you were asked and how you felt you answered them.",
		"#### Question",
		"- **Question:**",
		"> Why us?",
		"- Did you find it difficult?",
		"> Yes",
		"#### Question 7",
		"- **Question:**",
		"- **Your answer:**",
		"",
		"### 10. Action Plan",
		"**Based on your reflection, list 2-3 action items for your next interview:**",
		"- [x] slept well",
		"- [X] ate",
		"- [ ]   read the blog",
		"- plain item",
		"- [ ]",
	}, "\r\n")
	got := mustParseForm(t, []byte(in), base)
	want := cloneRecord(base)
	want.Overall.Rating = ptr(8)
	want.Overall.WentWell = "The design round.\n- it had a whiteboard\n\nand a good coffee"
	want.Takeaways.Topics = []string{"billing", "on-call", "queues"}
	want.Takeaways.Questions = []Question{{Question: "Why us?", Difficult: true}}
	want.ActionItems = []ActionItem{{Text: "slept well", Done: true}, {Text: "ate", Done: true}, {Text: "read the blog"}, {Text: "plain item"}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("ParseForm (-got +want):\n%s", diff)
	}
}

// TestFormTrickyAnswers round-trips answers whose lines look like the
// form's own structure.
func TestFormTrickyAnswers(t *testing.T) {
	for _, s := range []string{
		"# heading?\n## another",
		"- **Company Name:**\n  - Rate from 1-10:",
		"> quoted\n>> twice",
		"<!-- not a comment\n-->",
		"---\n***",
		"  indented\n\tтаб\n\n\nthree blanks before",
		"#### Question 2",
		"ends with a backslash \\",
	} {
		want := freshRecord(t)
		want.Overall.WentWell = s
		want.Takeaways.Questions = []Question{{Question: s, Answer: s}}
		want.Company.Opportunity.Notes = s
		form := RenderForm(want)
		got := mustParseForm(t, form, freshRecord(t))
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("answer %q (-got +want):\n%s", s, diff)
		}
	}
	// People's details with the | separator and backslashes.
	want := freshRecord(t)
	want.People = []Person{
		{Name: `A | B \ C`, Role: `x\|y`, Contact: `ends \`},
		{Email: "no-name@example.com"},
	}
	want.Takeaways.Topics = []string{"- dash", "[ ] box", "* star"}
	want.ActionItems = []ActionItem{{Text: "[x] looks done"}, {Text: "- dash", Done: true}}
	got := mustParseForm(t, RenderForm(want), freshRecord(t))
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("people and lists (-got +want):\n%s", diff)
	}
}

// TestFormNormalises: what the form cannot hold exactly (a list item on
// two lines, trailing spaces) is written so that it parses, and then stays.
func TestFormNormalises(t *testing.T) {
	r := freshRecord(t)
	r.Takeaways.Topics = []string{"two\nlines", "  padded  "}
	r.Overall.WentWell = "\n\ntrailing   \n"
	r.People = []Person{{Name: "Ann\nLee", Role: "  "}}
	form := RenderForm(r)
	got := mustParseForm(t, form, r)
	want := cloneRecord(r)
	want.Takeaways.Topics = []string{"two lines", "padded"}
	want.Overall.WentWell = "trailing"
	want.People = []Person{{Name: "Ann Lee"}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("(-got +want):\n%s", diff)
	}
	if again := RenderForm(got); !bytes.Equal(again, form) {
		t.Errorf("form → parse → form differs:\n%s", cmp.Diff(string(again), string(form)))
	}
}

func TestFormRecordID(t *testing.T) {
	r := freshRecord(t)
	if got := FormRecordID(RenderForm(r)); got != r.ID {
		t.Errorf("FormRecordID(form of %s) = %q", r.ID, got)
	}
	if got := FormRecordID([]byte("### 1. Interview Details\n")); got != "" {
		t.Errorf("FormRecordID(no id) = %q, want \"\"", got)
	}
}

// askInput is the input AskForm reads for a fresh record: an empty line
// for every prompt but those in answers (by kind), up to stopAt if given.
func askInput(answers map[kind][]string, stopAt kind) string {
	var in []string
	for si := range form {
		for fi := range form[si].fields {
			f := &form[si].fields[fi]
			if f.kind == stopAt {
				return strings.Join(append(in, answers[stopAt]...), "\n")
			}
			switch a, ok := answers[f.kind]; {
			case f.kind == kLabel:
			case ok:
				in = append(in, a...)
			default:
				in = append(in, "")
			}
		}
	}
	return strings.Join(in, "\n") + "\n"
}

func TestAskForm(t *testing.T) {
	answers := map[kind][]string{
		kRating: {"7"},
		kQuestions: {
			"Why us?", "Because.", "", "yes", "",
			"Tell me about a failure.", "", "", "maybe", "no", "",
			"",
		},
		kAsked:     {"What is on-call like?", "Weekly rotation.", "", ""},
		kChecklist: {"[x] slept well", "read the blog", ""},
	}
	r := freshRecord(t)
	var out bytes.Buffer
	n, err := AskForm(r, bufio.NewReader(strings.NewReader(askInput(answers, -1))), &out)
	if err != nil {
		t.Fatalf("AskForm: %v\n%s", err, out.String())
	}
	want := freshRecord(t)
	// Both ratings of the form (overall, confidence) got a 7.
	want.Overall.Rating, want.Performance.Confidence = ptr(7), ptr(7)
	want.Takeaways.Questions = []Question{
		{Question: "Why us?", Answer: "Because.", Difficult: true},
		{Question: "Tell me about a failure."},
	}
	want.Asked.Questions = []AskedQuestion{{Question: "What is on-call like?", Response: "Weekly rotation."}}
	want.ActionItems = []ActionItem{{Text: "slept well", Done: true}, {Text: "read the blog"}}
	if diff := cmp.Diff(r, want); diff != "" {
		t.Errorf("AskForm (-got +want):\n%s\n%s", diff, out.String())
	}
	if n != 11 {
		t.Errorf("AskForm took %d answers, want 11", n)
	}
	for _, w := range []string{"### 3. Key Takeaways", "Question 2 (an empty line ends the list)", "difficult \"maybe\": write yes or no", "now: video", "now: - Dana Smith | email: dana@acme.example"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("AskForm's output does not say %q:\n%s", w, out.String())
		}
	}

	// Input that ends in a question keeps the question.
	r = freshRecord(t)
	n, err = AskForm(r, bufio.NewReader(strings.NewReader(askInput(map[kind][]string{kQuestions: {"Why us?", "Because."}}, kQuestions))), io.Discard)
	if !errors.Is(err, io.EOF) || n != 2 {
		t.Errorf("AskForm on input ending early = %d, %v; want 2, io.EOF", n, err)
	}
	if want := []Question{{Question: "Why us?", Answer: "Because."}}; !cmp.Equal(r.Takeaways.Questions, want) {
		t.Errorf("questions = %+v, want %+v", r.Takeaways.Questions, want)
	}
}

// FuzzFormRoundTrip: whatever parses renders to a form that parses to the
// same record and renders to the same bytes; nothing panics.
func FuzzFormRoundTrip(f *testing.F) {
	for _, name := range []string{"empty", "fresh", "partial", "full"} {
		data, err := os.ReadFile(filepath.Join("testdata", "form", name+".md"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("### 2. Overall Impression\n- **How did the interview go overall?**\n  - What went well?\nplain\n> quoted\n"))
	f.Add([]byte("### 1. Interview Details\n- **Other people you met:**\n- A \\| B | role: x | email: y\n"))
	f.Add([]byte("### 10. Action Plan\n- **Based on your reflection, list 2-3 action items for your next interview:**\n- [x] a\n- [ ] b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r1 := &Record{}
		if err := ParseForm(data, r1); err != nil {
			var fe *FormError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormError", err)
			}
			return
		}
		f1 := RenderForm(r1)
		r2 := &Record{}
		if err := ParseForm(f1, r2); err != nil {
			t.Fatalf("the rendered form does not parse: %v\nform:\n%s", err, f1)
		}
		if diff := cmp.Diff(r2, r1); diff != "" {
			t.Fatalf("render → parse changed the record (-got +want):\n%s", diff)
		}
		if f2 := RenderForm(r2); !bytes.Equal(f2, f1) {
			t.Fatalf("render → parse → render differs:\n%s", cmp.Diff(string(f2), string(f1)))
		}
	})
}

// TestSeedMatchesShared keeps testdata/seed/reflection-tool.md a faithful
// copy of the project's shared seed, in the folder DEBRIEF_SHARED names
// (.ci/run sets it when the shared folder is beside the repository).
func TestSeedMatchesShared(t *testing.T) {
	dir := os.Getenv("DEBRIEF_SHARED")
	if dir == "" {
		t.Skip("DEBRIEF_SHARED is not set: no shared folder to compare the seed with")
	}
	want, err := os.ReadFile(filepath.Join(dir, "seeds", "reflection-tool.md"))
	if err != nil {
		t.Fatalf("DEBRIEF_SHARED names a folder without the seed: %v", err)
	}
	got, err := os.ReadFile(filepath.Join("testdata", "seed", "reflection-tool.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("testdata/seed/reflection-tool.md differs from seeds/reflection-tool.md in the shared folder: copy it again")
	}
}
