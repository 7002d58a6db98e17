package questions

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/debrief-dev/debrief/insight/questions/questionstest"
	"github.com/debrief-dev/debrief/notebook"
)

// rec is a record at company on day (YYYY-MM-DD) asking qs.
func rec(t testing.TB, id, company, day string, rating int, qs ...notebook.Question) *notebook.Record {
	t.Helper()
	d, err := notebook.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	r := &notebook.Record{ID: id, Interview: notebook.Details{Company: company, Date: d}}
	if rating > 0 {
		r.Overall.Rating = &rating
	}
	r.Takeaways.Questions = qs
	return r
}

func q(text string) notebook.Question { return notebook.Question{Question: text} }

// smallNotebook is a small notebook: three interviews asking paraphrases of
// four classic questions and two system design questions that must stay
// apart.
func smallNotebook(t testing.TB) []*notebook.Record {
	return []*notebook.Record{
		rec(t, "acme0001", "Acme", "2026-01-05", 7,
			q("Tell me about yourself"),
			notebook.Question{Question: "Describe a conflict with a coworker", HowItWent: "Rambled, too long.", Difficult: true},
			q("Design a URL shortener"),
		),
		rec(t, "glob0001", "Globex", "2026-02-10", 3,
			q("Walk me through your background"),
			notebook.Question{Question: "Tell me about a time you disagreed with a teammate", Answer: "The migration story", HowItWent: "Better, but still not great"},
			q("Design a rate limiter"),
			q("Why do you want to work here?"),
		),
		rec(t, "acme0002", "acme", "2026-03-01", 8,
			notebook.Question{Question: "Tell me about yourself", Answer: "Two-minute pitch", HowItWent: "Good, crisp."},
			q("What interests you about our company?"),
			q("Tell me about a time you failed"),
			q("   "),
		),
	}
}

func TestQuestionsGroups(t *testing.T) {
	bank := Build(smallNotebook(t), Options{})
	type group struct {
		Label     string
		Count     int
		Difficult int
		Poor      int
		Wordings  []string
		Companies string
	}
	var got []group
	for _, g := range bank.Groups {
		cs := ""
		for _, c := range g.Companies {
			cs += fmt.Sprintf("%s%v ", c.Company, c.Dates)
		}
		got = append(got, group{g.Label, g.Count, g.Difficult, g.Poor, g.Wordings, cs})
	}
	want := []group{
		{"Tell me about yourself", 3, 0, 0, []string{"Tell me about yourself", "Walk me through your background"}, "acme[2026-03-01 2026-01-05] Globex[2026-02-10] "},
		{"What interests you about our company?", 2, 0, 0, []string{"What interests you about our company?", "Why do you want to work here?"}, "acme[2026-03-01] Globex[2026-02-10] "},
		{"Tell me about a time you disagreed with a teammate", 2, 1, 2, []string{"Tell me about a time you disagreed with a teammate", "Describe a conflict with a coworker"}, "Globex[2026-02-10] Acme[2026-01-05] "},
		{"Tell me about a time you failed", 1, 0, 0, []string{"Tell me about a time you failed"}, "acme[2026-03-01] "},
		{"Design a rate limiter", 1, 0, 0, []string{"Design a rate limiter"}, "Globex[2026-02-10] "},
		{"Design a URL shortener", 1, 0, 0, []string{"Design a URL shortener"}, "Acme[2026-01-05] "},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Questions groups (-got +want):\n%s", diff)
	}
	if bank.Records != 3 || bank.Asked != 10 || bank.Distinct != 8 {
		t.Errorf("Questions: %d records, %d asked, %d distinct; want 3, 10, 8 (the blank question skipped)", bank.Records, bank.Asked, bank.Distinct)
	}
	last := bank.Groups[0].Asks[len(bank.Groups[0].Asks)-1]
	if last.Answer != "Two-minute pitch" || last.HowItWent != "Good, crisp." || last.RecordID != "acme0002" {
		t.Errorf("last ask of %q = %+v, want the 2026-03-01 answer", bank.Groups[0].Label, last)
	}
}

func TestQuestionsPractice(t *testing.T) {
	bank := Build(smallNotebook(t), Options{Top: 2})
	type item struct {
		Label string
		Score float64
	}
	var got []item
	for _, g := range bank.Practice {
		got = append(got, item{g.Label, g.Score})
	}
	// conflict: 2 asks + 2×1 difficult + 2×2 poor + 1 low rating (Globex 3/10) = 9.
	// yourself: 3 asks + 1 low rating = 4, halved: the last answer went well.
	// why-company: 2 asks + 1 low rating = 3.
	want := []item{
		{"Tell me about a time you disagreed with a teammate", 9},
		{"What interests you about our company?", 3},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Questions practice (-got +want):\n%s", diff)
	}
	// The rate limiter, asked once in an interview rated 3/10, scores 2
	// and enters the default list; the others asked once score 1.
	if all := Build(smallNotebook(t), Options{}); len(all.Practice) != 4 || all.Practice[3].Label != "Design a rate limiter" {
		t.Errorf("default practice list has %d groups, want 4 ending with the rate limiter", len(all.Practice))
	}
}

func TestQuestionsEmpty(t *testing.T) {
	for name, recs := range map[string][]*notebook.Record{
		"no-records":   nil,
		"no-questions": {rec(t, "a0000001", "Acme", "2026-01-01", 0)},
		"blank-only":   {rec(t, "a0000001", "Acme", "2026-01-01", 0, q(" \n "))},
	} {
		t.Run(name, func(t *testing.T) {
			got := Build(recs, Options{})
			want := Bank{Records: len(recs), Groups: []Group{}, Practice: []Group{}}
			if diff := cmp.Diff(got, want, cmpopts.IgnoreUnexported(Group{})); diff != "" {
				t.Errorf("Questions (-got +want):\n%s", diff)
			}
		})
	}
}

// TestQuestionsDeterministic: the bank does not depend on the order of the
// records.
func TestQuestionsDeterministic(t *testing.T) {
	recs := questionstest.Generate(300, 7)
	want := Build(recs, Options{})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3 {
		rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		got := Build(recs, Options{})
		if diff := cmp.Diff(got, want, cmpopts.IgnoreUnexported(Group{})); diff != "" {
			t.Fatalf("Questions of shuffled records differs (-got +want):\n%s", diff)
		}
	}
}

func TestQuestionPoor(t *testing.T) {
	for _, tc := range []struct {
		in         string
		poor, well bool
	}{
		{"Good, they liked the sharding.", false, true},
		{"Too long.", true, false},
		{"I struggled with the edge cases", true, false},
		{"not good", true, false},
		{"Not bad at all", false, false},
		{"Blanked on the second part", true, false},
		{"ok", false, true},
		{"", false, false},
		{"didn't go well", true, false},
		{"Went well but rambled at the end", true, false},
	} {
		if got := Poor(tc.in); got != tc.poor {
			t.Errorf("Poor(%q) = %v, want %v", tc.in, got, tc.poor)
		}
		if got := WentWell(tc.in); got != tc.well {
			t.Errorf("WentWell(%q) = %v, want %v", tc.in, got, tc.well)
		}
	}
}

func TestAverageLink(t *testing.T) {
	// 0–1 and 1–2 are alike but 0–2 are not: single link would chain all
	// three, average link keeps 2 apart (mean of 0.9 and 0 is under 0.5).
	for _, tc := range []struct {
		name  string
		n     int
		edges [][3]float64
		cons  constraints
		want  []int
	}{
		{"no-edges", 3, nil, constraints{}, []int{0, 1, 2}},
		{"pair", 3, [][3]float64{{0, 2, 0.8}}, constraints{}, []int{0, 1, 0}},
		{"no-chaining", 3, [][3]float64{{0, 1, 0.95}, {1, 2, 0.9}}, constraints{}, []int{0, 0, 2}},
		{"clique", 3, [][3]float64{{0, 1, 0.9}, {1, 2, 0.8}, {0, 2, 0.7}}, constraints{}, []int{0, 0, 0}},
		{"under-threshold", 2, [][3]float64{{0, 1, 0.49}}, constraints{}, []int{0, 1}},
		{"together-without-edge", 3, nil, constraints{together: [][2]int{{2, 1}}}, []int{0, 1, 1}},
		{"together-then-average", 3, [][3]float64{{0, 1, 0.9}, {0, 2, 0.3}}, constraints{together: [][2]int{{1, 2}}}, []int{0, 0, 0}},
		{"apart", 3, [][3]float64{{0, 1, 0.9}, {1, 2, 0.8}, {0, 2, 0.7}}, constraints{apart: map[int][]int{0: {2}, 2: {0}}}, []int{0, 0, 2}},
		{"apart-follows-new-wordings", 4, [][3]float64{{0, 1, 0.9}, {2, 3, 0.9}, {1, 3, 0.8}, {0, 2, 0.8}, {0, 3, 0.8}, {1, 2, 0.8}},
			constraints{apart: map[int][]int{0: {2}, 2: {0}}}, []int{0, 0, 2, 2}},
		{"families-never-merge", 3, [][3]float64{{0, 1, 0.9}, {1, 2, 0.9}}, constraints{family: []int{5, -1, 6}}, []int{0, 0, 2}},
		{"together-wins-over-apart", 2, nil, constraints{together: [][2]int{{0, 1}}, apart: map[int][]int{0: {1}, 1: {0}}}, []int{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := averageLink(tc.n, tc.edges, 0.5, tc.cons)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("averageLink (-got +want):\n%s", diff)
			}
		})
	}
}

// TestQuestionsGenerated: over a generated notebook every paraphrase
// family is exactly one group holding every time one of its wordings was
// asked.
func TestQuestionsGenerated(t *testing.T) {
	recs := questionstest.Generate(500, 1)
	family := map[string]int{}
	for i, fam := range questionstest.Families {
		for _, w := range fam {
			family[w] = i
		}
	}
	asked := make([]int, len(questionstest.Families))
	for _, r := range recs {
		for _, q := range r.Takeaways.Questions {
			if f, ok := family[q.Question]; ok {
				asked[f]++
			}
		}
	}
	bank := Build(recs, Options{})
	seen := make([]bool, len(questionstest.Families))
	for _, g := range bank.Groups {
		f, ok := family[g.Label]
		if !ok {
			continue
		}
		if seen[f] {
			t.Errorf("family %q is split over more than one group", questionstest.Families[f][0])
		}
		seen[f] = true
		if g.Count != asked[f] {
			t.Errorf("group %q counts %d asks, want %d", g.Label, g.Count, asked[f])
		}
		for _, w := range g.Wordings {
			if wf, ok := family[w]; !ok || wf != f {
				t.Errorf("group %q holds %q of another question", g.Label, w)
			}
		}
	}
	for f, s := range seen {
		if !s && asked[f] > 0 {
			t.Errorf("family %q asked %d times has no group", questionstest.Families[f][0], asked[f])
		}
	}
}

func BenchmarkQuestions10k(b *testing.B) {
	recs := questionstest.Generate(10000, 1)
	b.ResetTimer()
	for b.Loop() {
		bank := Build(recs, Options{})
		if len(bank.Groups) == 0 {
			b.Fatal("no groups")
		}
	}
}

var (
	notebookOut = flag.String("notebook", "", "TestQuestionsWriteNotebook: write a generated notebook to this directory")
	notebookN   = flag.Int("records", 10000, "TestQuestionsWriteNotebook: records to write with -notebook")
)

// TestQuestionsWriteNotebook writes generate's records as notebook files
// (named and encoded as Book writes them, without an fsync each) and reads
// them back with Book.List; with -notebook DIR it writes -records records there,
// for timing `debrief questions`:
//
//	go test ./insight/questions -run TestQuestionsWriteNotebook -count=1 -args -notebook /tmp/qb10k/notebook
func TestQuestionsWriteNotebook(t *testing.T) {
	dir, n := filepath.Join(t.TempDir(), "notebook"), 40
	if *notebookOut != "" {
		dir, n = *notebookOut, *notebookN
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	recs := questionstest.Generate(n, 1)
	for _, r := range recs {
		r.Schema = notebook.SchemaVersion
		r.Created, r.Updated = r.Source.End, r.Source.End
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, notebook.FileName(r)), append(data, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b, err := notebook.Open(slog.New(slog.DiscardHandler), dir)
	if err != nil {
		t.Fatal(err)
	}
	back, err := b.List()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Build(back, Options{}), Build(recs, Options{}); !cmp.Equal(got, want, cmpopts.IgnoreUnexported(Group{})) {
		t.Errorf("the bank of the %d records read back differs from the bank of those written", len(back))
	}
}
