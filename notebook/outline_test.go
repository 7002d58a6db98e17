package notebook

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOutline(t *testing.T) {
	yes, seven := true, 7
	day := Date{2026, 3, 13}
	start := time.Date(2026, 3, 13, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		r    *Record
		fs   []Followup
		want []Section
	}{
		{"empty", &Record{ID: "abcd000000"}, nil, nil},
		{"filled", &Record{
			ID:        "abcd000000",
			Interview: Details{Company: " Acme\a ", Date: day, Interviewers: []Person{{Name: "Ana", Role: "EM"}}},
			Source:    &Source{Title: "Interview <b>Acme</b>", Start: start, End: start.Add(time.Hour)},
			Overall:   Overall{Rating: &seven, WentWell: "line one\nline two"},
			Takeaways: Takeaways{Questions: []Question{
				{Question: "Design a\nrate limiter", Answer: "token bucket", Difficult: true},
				{Question: "Why us?"},
			}},
			NextSteps:   NextSteps{ThankYouNeeded: &yes},
			ActionItems: []ActionItem{{Text: "Review SQL", Done: true}, {Text: "Practise STAR"}},
			FollowUp:    FollowUp{Outcome: OutcomeNextRound, OutcomeOn: &day},
		}, []Followup{{Kind: KindThankYou, Due: start.Add(25 * time.Hour), Day: Date{2026, 3, 14}, State: Overdue}}, []Section{
			{"1. Interview details", []Item{
				{Label: "Company", Value: "Acme"},
				{Label: "Date", Value: "2026-03-13"},
				{Label: "Interviewers", Value: "Ana (EM)"},
				{Label: "Calendar event", Value: "Interview <b>Acme</b>"},
			}},
			{"2. Overall impression", []Item{
				{Label: "Overall rating", Value: "7/10"},
				{Label: "What went well", Value: "line one\nline two"},
			}},
			{"3. Key takeaways", []Item{{Label: "Questions asked", Entries: []Entry{
				{Text: "Design a rate limiter", Note: "difficult", Items: []Item{{Label: "Answer", Value: "token bucket"}}},
				{Text: "Why us?"},
			}}}},
			{"7. Next steps", []Item{{Label: "Thank-you note needed", Value: "yes"}}},
			{"10. Action plan", []Item{{Value: "Review SQL", Check: &yes}, {Value: "Practise STAR", Check: new(bool)}}},
			{"Follow-ups", []Item{
				{Label: "thank-you", Value: "2026-03-14 15:00 UTC (overdue)"},
				{Label: "Outcome", Value: "next-round on 2026-03-13"},
			}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Outline(tc.r, tc.fs)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Outline() differs (-got +want):\n%s", diff)
			}
		})
	}
}
