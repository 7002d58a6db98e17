package insight

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/insight/questions/questionstest"
	"github.com/debrief-dev/debrief/notebook"
)

// briefRecs: companyRecs plus reflections with action items, a later
// Globex round already in the calendar, and the upcoming Globex onsite.
func briefRecs(t testing.TB) (recs []*notebook.Record, upcoming *notebook.Record) {
	recs = companyRecs(t)
	recs[0].ActionItems = []notebook.ActionItem{{Text: "Prepare a salary range"}, {Text: "Read the Globex S-1", Done: true}}
	recs[2].ActionItems = []notebook.ActionItem{{Text: "Fix the camera angle"}, {Text: "prepare a salary range"}}
	recs[2].Takeaways.Questions[0].Difficult = true
	recs[2].Takeaways.Questions[0].HowItWent = "Rambled"
	recs[1].ActionItems = []notebook.ActionItem{{Text: "Write five STAR stories"}}
	recs[1].Takeaways.Questions = []notebook.Question{{Question: "Walk me through your resume", HowItWent: "Blanked", Answer: "Started with school"}}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 7, 14, 10, 0, 0, 0, ny)
	upcoming = &notebook.Record{
		ID:        "glob0003",
		Source:    &notebook.Source{CalendarID: "primary", EventID: "g3", Start: start, End: start.Add(time.Hour), TimeZone: "America/New_York"},
		Interview: notebook.Details{Company: "Globex", Round: "team match", Date: notebook.DateOf(start)},
	}
	later := &notebook.Record{
		ID:          "glob0004",
		Interview:   notebook.Details{Company: "Globex", Round: "offer call", Date: *companyDate(t, "2025-08-01")},
		ActionItems: []notebook.ActionItem{{Text: "from the future"}},
	}
	return append(recs, upcoming, later), upcoming
}

func TestBrief(t *testing.T) {
	recs, up := briefRecs(t)
	now := time.Date(2025, 7, 14, 13, 0, 0, 0, time.UTC) // 09:00 in New York
	b := Brief(recs, UpcomingOf(up), questions.Corrections{}, now)
	var earlier []string
	for _, r := range b.Earlier {
		earlier = append(earlier, r.RecordID)
	}
	var asked, practice []string
	for _, g := range b.Asked {
		asked = append(asked, g.Label)
	}
	for _, g := range b.Practice {
		practice = append(practice, g.Label)
	}
	type summary struct {
		Earlier, Asked, Practice []string
		Actions                  []BriefAction
	}
	got := summary{earlier, asked, practice, b.Actions}
	want := summary{
		Earlier: []string{"glob0001", "glob0002"},
		Asked:   []string{"Design a rate limiter", "Tell me about yourself", "Why Globex? Really?"},
		// yourself: asked at Globex (difficult, rambled) and at Acme
		// (blanked): 2 + 2 + 2×2 = 8.
		Practice: []string{"Tell me about yourself"},
		Actions: []BriefAction{
			{Text: "Prepare a salary range", RecordID: "glob0002", Company: "globex ", Date: *companyDate(t, "2025-06-20")},
			{Text: "Fix the camera angle", RecordID: "glob0001", Company: "Globex", Date: *companyDate(t, "2025-06-02")},
			{Text: "Write five STAR stories", RecordID: "acme0001", Company: "Acme", Date: *companyDate(t, "2025-04-01")},
		},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Brief (-got +want):\n%s", diff)
	}
	if b.Practice[0].Score != 8 {
		t.Errorf("practice score of %q = %v, want 8", b.Practice[0].Label, b.Practice[0].Score)
	}

	wantText := `Team match with Globex at 10:00 EDT on 2025-07-14.

Earlier rounds with Globex:
  2025-06-02 Globex phone screen (you rated it 6/10): next-round
      with Hank Scorpio, Frank Grimes
  2025-06-20 final: offer
      with Hank Scorpio, Marge

They asked:
  - Design a rate limiter
  - Tell me about yourself (difficult, last: Rambled)
  - Why Globex? Really?

Open action items:
  - Prepare a salary range (2025-06-20 globex)
  - Fix the camera angle (2025-06-02 Globex)
  - Write five STAR stories (2025-04-01 Acme)

Practise:
  1. Tell me about yourself (2×, difficult, last: Rambled)
`
	if diff := cmp.Diff(b.Text(), wantText); diff != "" {
		t.Errorf("Text (-got +want):\n%s", diff)
	}
	wantNote := `Team match with Globex at 10:00 EDT on 2025-07-14. Before:
- 2025-06-02 Globex phone screen (you rated it 6/10): next-round
- 2025-06-20 final: offer
They asked:
- Design a rate limiter
- Tell me about yourself
- Why Globex? Really?
Open action items:
- Prepare a salary range
- Fix the camera angle
- Write five STAR stories
Practise:
- Tell me about yourself`
	if diff := cmp.Diff(b.Notification(1000), wantNote); diff != "" {
		t.Errorf("Notification (-got +want):\n%s", diff)
	}
}

func TestBriefNotificationLimit(t *testing.T) {
	recs, up := briefRecs(t)
	long := strings.Repeat("ünïcode question ", 40)
	recs[0].Takeaways.Questions = append(recs[0].Takeaways.Questions, notebook.Question{Question: long})
	b := Brief(recs, UpcomingOf(up), questions.Corrections{}, up.Start().Add(-time.Hour))
	for _, limit := range []int{1000, 200, 60, 10} {
		got := b.Notification(limit)
		if n := utf8.RuneCountInString(got); n > limit {
			t.Errorf("Notification(%d) is %d runes", limit, n)
		}
		for _, l := range strings.Split(got, "\n") {
			if utf8.RuneCountInString(l) > 120 {
				t.Errorf("Notification(%d) has a %d-rune line", limit, utf8.RuneCountInString(l))
			}
		}
	}
	if got := b.Notification(60); got != "Team match with Globex at 10:00 EDT on 2025-07-14. Before:" {
		t.Errorf("Notification(60) = %q, want the heading alone", got)
	}
}

func TestBriefFirstInterview(t *testing.T) {
	up := Upcoming{Company: "Initech", Day: *companyDate(t, "2025-07-01")}
	b := Brief(companyRecs(t), up, questions.Corrections{}, time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC))
	want := "Interview with Initech on 2025-07-01.\n\nFirst interview with Initech in the notebook.\n"
	if got := b.Text(); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if len(b.Earlier) != 0 || len(b.Asked) != 0 {
		t.Errorf("Brief of a new company has earlier rounds %v, questions %v", b.Earlier, b.Asked)
	}
}

// BenchmarkBrief10k is one briefing over a notebook of 10,000 records: what
// the daemon pays per interview with a known company when it composes the
// briefing alert.
func BenchmarkBrief10k(b *testing.B) {
	recs := questionstest.Generate(10000, 1)
	last := recs[len(recs)-1]
	up := UpcomingOf(last)
	now := last.Start().Add(-time.Hour)
	b.ResetTimer()
	for b.Loop() {
		if br := Brief(recs, up, questions.Corrections{}, now); len(br.Earlier) == 0 {
			b.Fatal("no earlier rounds")
		}
	}
}

// TestBriefUsesCorrections: the briefing groups the questions with the
// person's merges and splits, as `debrief questions` does.
func TestBriefUsesCorrections(t *testing.T) {
	recs, up := briefRecs(t)
	now := time.Date(2025, 7, 14, 13, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		c    questions.Corrections
		want []string // the groups asked, each its wordings
	}{
		{
			name: "none",
			want: []string{"Design a rate limiter", "Tell me about yourself", "Why Globex? Really?"},
		},
		{
			name: "merged",
			c:    questions.Corrections{Together: [][2]string{{"Design a rate limiter", "Why Globex? Really?"}}},
			want: []string{"Design a rate limiter | Why Globex? Really?", "Tell me about yourself"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Brief(recs, UpcomingOf(up), tc.c, now)
			var got []string
			for _, g := range b.Asked {
				var forms []string
				for _, a := range g.Asks {
					forms = append(forms, notebook.OneLine(a.Question))
				}
				slices.Sort(forms)
				got = append(got, strings.Join(slices.Compact(forms), " | "))
			}
			slices.Sort(got)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Brief asked (-got +want):\n%s", diff)
			}
		})
	}
}
