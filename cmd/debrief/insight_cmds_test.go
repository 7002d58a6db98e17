package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

// newInsightSetup is newNBSetup plus an earlier Acme Corp round asking a
// paraphrase of the full record's conflict question, and an Acme Labs
// interview so that "acme" is ambiguous.
func newInsightSetup(t *testing.T) *nbSetup {
	t.Helper()
	s := newNBSetup(t)
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 2, 20, 10, 0, 0, 0, la)
	rating := 4
	screen := &notebook.Record{
		ID:     notebook.RecordID("primary", "acme-screen"),
		Source: &notebook.Source{CalendarID: "primary", EventID: "acme-screen", Title: "Acme Corp recruiter call", Start: start, End: start.Add(30 * time.Minute), TimeZone: "America/Los_Angeles"},
		Interview: notebook.Details{Company: "Acme Corp", Position: "Backend Engineer", Date: notebook.DateOf(start), Round: "recruiter screen", Format: notebook.FormatPhone,
			Interviewers: []notebook.Person{{Name: "Sam Recruiter", Email: "sam@acme.example"}}},
		Overall: notebook.Overall{Rating: &rating},
		Takeaways: notebook.Takeaways{Questions: []notebook.Question{
			{Question: "Tell me about a time you disagreed with a teammate", Answer: "The schema debate.", HowItWent: "Struggled to pick a story."},
			{Question: "Walk me through your background", Answer: "Chronological.", HowItWent: "Fine."},
		}},
		ActionItems: []notebook.ActionItem{{Text: "Prepare a conflict story."}},
		FollowUp:    notebook.FollowUp{ThankYouSent: &notebook.Date{Year: 2026, Month: 2, Day: 21}, Outcome: notebook.OutcomeNextRound, OutcomeOn: &notebook.Date{Year: 2026, Month: 2, Day: 27}},
	}
	labs := &notebook.Record{ID: "labs000000", Interview: notebook.Details{Company: "Acme Labs", Date: mustNBDate(t, "2025-03-03")}}
	for _, r := range []*notebook.Record{screen, labs} {
		if err := s.book.Create(r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestInsightCommands(t *testing.T) {
	s := newInsightSetup(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"questions.txt", []string{"questions"}},
		{"questions-top1.txt", []string{"questions", "--top", "1"}},
		{"questions-company.txt", []string{"questions", "--company", "initech"}},
		{"questions-none.txt", []string{"questions", "--since", "2099-01-01"}},
		{"company-acme.txt", []string{"company", "ACME corp"}},
		{"company-prefix.txt", []string{"company", "glo"}},
		{"brief-acme.txt", []string{"brief", s.acme[:6]}},
		{"brief-hooli.txt", []string{"brief", s.hooli}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			stdout, stderr, code := s.run(t, tc.args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
			}
			nbGolden(t, tc.golden, stdout)
		})
	}
}

func TestInsightCommandsUsage(t *testing.T) {
	s := newInsightSetup(t)
	for _, tc := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"questions", "extra"}, 2, "questions takes no arguments"},
		{[]string{"questions", "--top", "0"}, 2, "--top must be at least 1, got 0"},
		{[]string{"questions", "--since", "soon"}, 2, `"soon" is not a date in the form YYYY-MM-DD`},
		{[]string{"company"}, 2, "company needs a company name (or the start of one)"},
		{[]string{"company", "acme"}, 2, `"acme" matches several companies: Acme Corp, Acme Labs; give more of the name`},
		{[]string{"company", "Umbrella"}, 1, `no interview with a company named "Umbrella": run debrief list for the companies`},
		{[]string{"brief"}, 2, "brief needs a record id: run debrief list for the ids"},
		{[]string{"brief", "zzzz"}, 1, `no record matches "zzzz": run debrief list`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, code := s.run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// TestInsightCommandsJSON: the --json outputs decode into the documented
// shapes and agree with the text.
func TestInsightCommandsJSON(t *testing.T) {
	s := newInsightSetup(t)
	stdout, stderr, code := s.run(t, "questions", "--json")
	if code != 0 {
		t.Fatalf("questions --json: exit %d: %s", code, stderr)
	}
	var bank questions.Bank
	if err := json.Unmarshal([]byte(stdout), &bank); err != nil {
		t.Fatal(err)
	}
	type group struct {
		Label string
		Count int
	}
	var got []group
	for _, g := range bank.Groups {
		got = append(got, group{g.Label, g.Count})
	}
	want := []group{
		{"Tell me about a conflict.", 2},
		{"Design a rate limiter.", 1},
		{"Walk me through your background", 1},
		{"Why do you want to leave?", 1},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("questions --json groups (-got +want):\n%s", diff)
	}
	if bank.Records != 6 || bank.Asked != 5 || len(bank.Practice) != 2 || bank.Practice[0].Label != "Tell me about a conflict." {
		t.Errorf("questions --json: %d records, %d asked, practice %d; want 6, 5 and the conflict question first of 2", bank.Records, bank.Asked, len(bank.Practice))
	}
	for _, k := range []string{`"record_id"`, `"how_it_went"`, `"companies"`, `"practice"`, `"wordings"`, `"score"`} {
		if !strings.Contains(stdout, k) {
			t.Errorf("questions --json lacks the key %s", k)
		}
	}

	stdout, stderr, code = s.run(t, "company", "acme c", "--json")
	if code != 0 {
		t.Fatalf("company --json: exit %d: %s", code, stderr)
	}
	var tl insight.Timeline
	if err := json.Unmarshal([]byte(stdout), &tl); err != nil {
		t.Fatal(err)
	}
	if len(tl.Rounds) != 2 || tl.Rounds[1].SincePrevious == nil || *tl.Rounds[1].SincePrevious != 21 || tl.Outcome != notebook.OutcomeNextRound {
		t.Errorf("company --json = %s\nwant 2 rounds 21 days apart, outcome next-round", stdout)
	}

	stdout, stderr, code = s.run(t, "brief", s.acme, "--json")
	if code != 0 {
		t.Fatalf("brief --json: exit %d: %s", code, stderr)
	}
	var br insight.Briefing
	if err := json.Unmarshal([]byte(stdout), &br); err != nil {
		t.Fatal(err)
	}
	if len(br.Earlier) != 1 || br.Earlier[0].Round != "recruiter screen" || len(br.Actions) != 1 || br.Actions[0].Text != "Prepare a conflict story." {
		t.Errorf("brief --json = %s\nwant the recruiter screen before and its action item", stdout)
	}
}

// TestBriefUsesMerges: `debrief brief` groups the questions the company
// asked as `debrief questions` groups them, with the person's merges, even
// when the wording that joins two of them was asked in another interview
// (here the later technical screen's "Tell me about a conflict.").
func TestBriefUsesMerges(t *testing.T) {
	s := newInsightSetup(t)
	asked := func() []int {
		t.Helper()
		stdout, stderr, code := s.run(t, "brief", s.acme, "--json")
		if code != 0 {
			t.Fatalf("brief --json: exit %d: %s", code, stderr)
		}
		var br insight.Briefing
		if err := json.Unmarshal([]byte(stdout), &br); err != nil {
			t.Fatal(err)
		}
		var sizes []int
		for _, g := range br.Asked {
			sizes = append(sizes, len(g.Asks))
		}
		return sizes
	}
	if diff := cmp.Diff(asked(), []int{1, 1}); diff != "" {
		t.Fatalf("brief before the merge: asks per group (-got +want):\n%s", diff)
	}
	// "Tell me about a conflict." already holds the teammate wording: one
	// merge joins all three.
	if _, stderr, code := s.run(t, "questions", "merge", "Walk me through your background", "Tell me about a conflict."); code != 0 {
		t.Fatalf("questions merge: exit %d: %s", code, stderr)
	}
	if diff := cmp.Diff(asked(), []int{2}); diff != "" {
		out, _, _ := s.run(t, "questions")
		t.Errorf("brief after the merge: asks per group (-got +want):\n%s\nquestions:\n%s", diff, out)
	}
}
