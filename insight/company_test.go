package insight

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

func companyPtr[T any](v T) *T { return &v }

func companyDate(t testing.TB, s string) *notebook.Date {
	t.Helper()
	d, err := notebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// companyRecs: Globex twice (an event in Berlin, then a hand-made final),
// Globe Corp once, Acme once.
func companyRecs(t testing.TB) []*notebook.Record {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 6, 2, 23, 30, 0, 0, berlin) // 21:30 UTC: the date is Berlin's
	screen := &notebook.Record{
		ID:     "glob0001",
		Source: &notebook.Source{CalendarID: "primary", EventID: "g1", Title: "Globex phone screen", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin"},
		Interview: notebook.Details{Company: "Globex", Position: "Platform Engineer", Date: notebook.DateOf(start), Format: notebook.FormatPhone,
			Interviewers: []notebook.Person{{Name: "Hank Scorpio", Email: "hank@globex.example"}, {Name: "Frank Grimes"}}},
		Overall:   notebook.Overall{Rating: companyPtr(6)},
		Takeaways: notebook.Takeaways{Questions: []notebook.Question{{Question: "Tell me about yourself"}, {Question: "Why Globex?\nReally?"}}},
		People:    []notebook.Person{{Name: "Sam Recruiter", Role: "Recruiter"}},
		FollowUp:  notebook.FollowUp{ThankYouSent: companyDate(t, "2025-06-03"), ReplyExpectedBy: companyDate(t, "2025-06-09"), Outcome: notebook.OutcomeNextRound, OutcomeOn: companyDate(t, "2025-06-10")},
	}
	final := &notebook.Record{
		ID: "glob0002",
		Interview: notebook.Details{Company: "globex ", Position: "Platform Engineer", Round: "final", Date: *companyDate(t, "2025-06-20"), Format: notebook.FormatInPerson,
			Interviewers: []notebook.Person{{Name: "Hank Scorpio", Email: "HANK@globex.example"}, {Name: "Marge"}}},
		Takeaways: notebook.Takeaways{Questions: []notebook.Question{{Question: "Design a rate limiter"}}},
		FollowUp:  notebook.FollowUp{FollowUpDone: companyDate(t, "2025-06-30"), Outcome: notebook.OutcomeOffer, OutcomeOn: companyDate(t, "2025-07-02")},
	}
	globe := &notebook.Record{ID: "globe001", Interview: notebook.Details{Company: "Globe Corp", Date: *companyDate(t, "2025-05-01")}}
	acme := &notebook.Record{ID: "acme0001", Interview: notebook.Details{Company: "Acme", Date: *companyDate(t, "2025-04-01")}}
	return []*notebook.Record{final, acme, screen, globe}
}

func TestCompanyMatch(t *testing.T) {
	recs := companyRecs(t)
	for _, tc := range []struct {
		name, in, want string
		cands          []string // ambiguous
		none           bool
	}{
		{"exact", "Globex", "globex", nil, false},
		{"any-case-and-spacing", "  GLOBEX ", "globex", nil, false},
		{"exact-beats-prefix", "globe corp", "Globe Corp", nil, false},
		{"unique-prefix", "ac", "Acme", nil, false},
		{"ambiguous-prefix", "glo", "", []string{"Globe Corp", "globex"}, false},
		{"unknown", "Initech", "", nil, true},
		{"empty", " ", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CompanyMatch(recs, tc.in)
			var amb *CompanyAmbiguousError
			switch {
			case tc.cands != nil:
				if !errors.As(err, &amb) {
					t.Fatalf("CompanyMatch(%q) = %q, %v; want ambiguous", tc.in, got, err)
				}
				if diff := cmp.Diff(amb.Candidates, tc.cands); diff != "" {
					t.Errorf("candidates (-got +want):\n%s", diff)
				}
			case tc.none:
				if !errors.Is(err, ErrNoCompany) {
					t.Errorf("CompanyMatch(%q) = %q, %v; want ErrNoCompany", tc.in, got, err)
				}
			case err != nil || got != tc.want:
				t.Errorf("CompanyMatch(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestCompanyTimeline(t *testing.T) {
	got := CompanyTimeline(companyRecs(t), "Globex")
	want := Timeline{
		Company: "Globex",
		Rounds: []Round{
			{
				RecordID: "glob0001", Date: *companyDate(t, "2025-06-02"), Start: "23:30 CEST", Round: "Globex phone screen",
				Position: "Platform Engineer", Format: "phone", Interviewers: []string{"Hank Scorpio", "Frank Grimes"}, Rating: companyPtr(6),
				Questions:    []string{"Tell me about yourself", "Why Globex? Really?"},
				ThankYouSent: companyDate(t, "2025-06-03"), ThankYouDays: companyPtr(1), ReplyExpectedBy: companyDate(t, "2025-06-09"),
				Outcome: "next-round", OutcomeOn: companyDate(t, "2025-06-10"), OutcomeDays: companyPtr(8),
			},
			{
				RecordID: "glob0002", Date: *companyDate(t, "2025-06-20"), Round: "final", Position: "Platform Engineer", Format: "in-person",
				Interviewers: []string{"Hank Scorpio", "Marge"}, Questions: []string{"Design a rate limiter"}, SincePrevious: companyPtr(18),
				FollowUpDone: companyDate(t, "2025-06-30"), Outcome: "offer", OutcomeOn: companyDate(t, "2025-07-02"), OutcomeDays: companyPtr(12),
			},
		},
		People: []notebook.Person{
			{Name: "Hank Scorpio", Email: "hank@globex.example"}, {Name: "Frank Grimes"}, {Name: "Sam Recruiter", Role: "Recruiter"}, {Name: "Marge"},
		},
		Outcome: "offer", OutcomeOn: companyDate(t, "2025-07-02"), Days: companyPtr(30),
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("CompanyTimeline (-got +want):\n%s", diff)
	}
	if none := CompanyTimeline(companyRecs(t), "Initech"); len(none.Rounds) != 0 || none.Days != nil {
		t.Errorf("CompanyTimeline of an unknown company = %+v, want no rounds", none)
	}
}

func TestWriteTimeline(t *testing.T) {
	var b strings.Builder
	if err := WriteTimeline(&b, CompanyTimeline(companyRecs(t), "Globex")); err != nil {
		t.Fatal(err)
	}
	want := `Globex: 2 rounds over 30 days; outcome offer on 2025-07-02.

1. 2025-06-02 23:30 CEST  Globex phone screen
   Platform Engineer · phone · you rated it 6/10 · id glob0001
   with Hank Scorpio, Frank Grimes
   asked:
   - Tell me about yourself
   - Why Globex? Really?
   thank-you sent 2025-06-03 (1 day after the interview)
   reply expected by 2025-06-09
   outcome next-round on 2025-06-10 (8 days after the interview)

2. 2025-06-20  final  (18 days after the previous round)
   Platform Engineer · in-person · id glob0002
   with Hank Scorpio, Marge
   asked:
   - Design a rate limiter
   thank-you not recorded as sent
   followed up 2025-06-30
   outcome offer on 2025-07-02 (12 days after the interview)

People met:
- Hank Scorpio (hank@globex.example)
- Frank Grimes
- Sam Recruiter (Recruiter)
- Marge
`
	if diff := cmp.Diff(b.String(), want); diff != "" {
		t.Errorf("WriteTimeline (-got +want):\n%s", diff)
	}
}

func TestCompanies(t *testing.T) {
	recs := append(companyRecs(t),
		&notebook.Record{ID: "none0001", Interview: notebook.Details{Date: *companyDate(t, "2025-08-01")}},
		&notebook.Record{ID: "init0001", Interview: notebook.Details{Company: "Initech"}})
	got := Companies(recs)
	want := []CompanySummary{
		{Company: "globex", Interviews: 2, First: *companyDate(t, "2025-06-02"), Last: *companyDate(t, "2025-06-20"), Outcome: notebook.OutcomeOffer},
		{Company: "Globe Corp", Interviews: 1, First: *companyDate(t, "2025-05-01"), Last: *companyDate(t, "2025-05-01")},
		{Company: "Acme", Interviews: 1, First: *companyDate(t, "2025-04-01"), Last: *companyDate(t, "2025-04-01")},
		{Company: "Initech", Interviews: 1},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Companies() differs (-got +want):\n%s", diff)
	}
	if Companies(nil) != nil {
		t.Errorf("Companies(nil) = %v, want nil", Companies(nil))
	}
}

func TestTimelineText(t *testing.T) {
	tl := CompanyTimeline(companyRecs(t), "Globex")
	if got, want := tl.Span(), "30 days"; got != want {
		t.Errorf("Span() = %q, want %q", got, want)
	}
	var after []string
	var steps [][]string
	for _, r := range tl.Rounds {
		after = append(after, r.After())
		steps = append(steps, r.Steps())
	}
	if diff := cmp.Diff(after, []string{"", "18 days"}); diff != "" {
		t.Errorf("After() differs (-got +want):\n%s", diff)
	}
	want := [][]string{
		{"thank-you sent 2025-06-03 (1 day after the interview)", "reply expected by 2025-06-09", "outcome next-round on 2025-06-10 (8 days after the interview)"},
		{"thank-you not recorded as sent", "followed up 2025-06-30", "outcome offer on 2025-07-02 (12 days after the interview)"},
	}
	if diff := cmp.Diff(steps, want); diff != "" {
		t.Errorf("Steps() differs (-got +want):\n%s", diff)
	}
}
