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
		{"head-word-more-frequent-than-phrase", themeAreas("system design", "system design", "API design"), 0,
			[]Theme{{"design", 3}, {"system design", 2}}},
		{"a-word-of-two-phrases", themeAreas("system design", "distributed system"), 0, []Theme{{"system", 2}}},
		{"yes-no-and-advice-are-no-themes", themeAreas("Yes: practise timing. Ask more.", "No. Practise, ask, timing"), 0,
			[]Theme{{"timing", 2}}},
		{"once-per-interview", themeAreas("SQL SQL SQL", "sql joins"), 0,
			[]Theme{{"SQL", 2}}},
		{"stop-words-and-hyphens", themeAreas("I didn't explain trade-offs well.", "Explain the tradeoffs."), 0,
			[]Theme{{"trade-offs", 1 + 1}}},
		{"punctuation-ends-a-phrase", themeAreas("recursion, graphs", "recursion; graphs"), 0,
			[]Theme{{"graphs", 2}, {"recursion", 2}}},
		{"numbers-and-letters-dropped", themeAreas("2 of 3 in C", "3 in C"), 0, nil},
		{"symbols-kept", themeAreas("C++ templates", "c++ templates, move semantics"), 0,
			[]Theme{{"C++ templates", 2}}},
		{"unicode-apostrophe", themeAreas("couldn’t recall Kafka", "Kafka partitions"), 0,
			[]Theme{{"kafka", 2}}},
		{"limit", themeAreas("kafka, sql, rust", "kafka, sql, rust", "kafka, sql"), 2,
			[]Theme{{"kafka", 3}, {"sql", 3}}},
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

func TestThemeRuns(t *testing.T) {
	var got [][]string
	themeRuns("Yes: didn't explain the CAP-theorem trade-offs; 3 times! Practise Go/Rust, node.js and levels.fyi. STAR structure", nil, func(run []themeWord) {
		var ws []string
		for _, w := range run {
			ws = append(ws, w.text+"="+w.key)
		}
		got = append(got, ws)
	})
	want := [][]string{
		{"cap-theorem=captheorem", "trade-offs=tradeoff"},
		{"rust=rust"},
		{"node.js=node.j"},
		{"levels.fyi=levels.fyi"},
		{"STAR=star", "structure=structur"},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("themeRuns (-got +want):\n%s", diff)
	}
}
