package insight

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// areas is one record per text, the text as Improvement.Areas.
func themeAreas(texts ...string) []*notebook.Record {
	var recs []*notebook.Record
	for _, s := range texts {
		recs = append(recs, &notebook.Record{Improvement: notebook.Improvement{Areas: s}})
	}
	return recs
}

func TestThemes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		recs  []*notebook.Record
		limit int
		want  []Theme
	}{
		{"empty", nil, 0, nil},
		{"one-interview-is-not-recurring", themeAreas("system design, system design"), 0, nil},
		{"phrase-hides-its-words", themeAreas("System design: scaling", "struggled with system design"), 0,
			[]Theme{{"system design", 2}}},
		{"word-more-frequent-than-phrase", themeAreas("system design", "system design", "a distributed system"), 0,
			[]Theme{{"system", 3}, {"system design", 2}}},
		{"once-per-interview", themeAreas("SQL SQL SQL", "sql joins"), 0,
			[]Theme{{"sql", 2}}},
		{"stop-words-and-hyphens", themeAreas("I didn't explain trade-offs well.", "Explain the trade-offs."), 0,
			[]Theme{{"trade offs", 2}, {"explain", 2}}},
		{"punctuation-ends-a-phrase", themeAreas("recursion, graphs", "recursion graphs"), 0,
			[]Theme{{"graphs", 2}, {"recursion", 2}}},
		{"numbers-and-letters-dropped", themeAreas("2 of 3 in C", "3 in C"), 0, nil},
		{"symbols-kept", themeAreas("C++ templates", "c++ move semantics"), 0,
			[]Theme{{"c++", 2}}},
		{"unicode-apostrophe", themeAreas("couldn’t recall Kafka", "Kafka partitions"), 0,
			[]Theme{{"kafka", 2}}},
		{"limit", themeAreas("kafka sql go rust", "kafka sql rust", "kafka sql"), 2,
			[]Theme{{"kafka sql", 3}, {"rust", 2}}},
		{"all-sources", []*notebook.Record{
			{Improvement: notebook.Improvement{Struggled: "dynamic programming"}},
			{Takeaways: notebook.Takeaways{Difficult: "Dynamic programming again"}},
			{Takeaways: notebook.Takeaways{Questions: []notebook.Question{
				{Question: "Longest path: dynamic programming?", Difficult: true},
			}}},
			{Takeaways: notebook.Takeaways{Questions: []notebook.Question{
				{Question: "Salary expectations", HowToImprove: "research salary ranges", Difficult: true},
			}}},
			{Takeaways: notebook.Takeaways{Questions: []notebook.Question{
				{Question: "Salary expectations", HowToImprove: "dynamic programming"}, // not difficult
			}}},
			{Improvement: notebook.Improvement{PrepareBetter: "dynamic programming", Feedback: "salary"}}, // not read
		}, 0, []Theme{{"dynamic programming", 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Themes(tc.recs, tc.limit)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("Themes() differs (-got +want):\n%s", diff)
			}
		})
	}
}

func TestThemeWords(t *testing.T) {
	got := themeWords("Didn't explain CAP-theorem; 3 times! Go/Rust", nil)
	want := []string{"", "explain", "cap", "theorem", "", "", "", "", "", "rust"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("themeWords() differs (-got +want):\n%s", diff)
	}
}
