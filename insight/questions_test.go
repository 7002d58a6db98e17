package insight

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/debrief-dev/debrief/notebook"
)

// qbRec is a record at company on day (YYYY-MM-DD) asking qs.
func qbRec(t testing.TB, id, company, day string, rating int, qs ...notebook.Question) *notebook.Record {
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

// qbCorpus is a small notebook: three interviews asking paraphrases of
// four classic questions and two system design questions that must stay
// apart.
func qbCorpus(t testing.TB) []*notebook.Record {
	return []*notebook.Record{
		qbRec(t, "acme0001", "Acme", "2026-01-05", 7,
			q("Tell me about yourself"),
			notebook.Question{Question: "Describe a conflict with a coworker", HowItWent: "Rambled, too long.", Difficult: true},
			q("Design a URL shortener"),
		),
		qbRec(t, "glob0001", "Globex", "2026-02-10", 3,
			q("Walk me through your background"),
			notebook.Question{Question: "Tell me about a time you disagreed with a teammate", Answer: "The migration story", HowItWent: "Better, but still not great"},
			q("Design a rate limiter"),
			q("Why do you want to work here?"),
		),
		qbRec(t, "acme0002", "acme", "2026-03-01", 8,
			notebook.Question{Question: "Tell me about yourself", Answer: "Two-minute pitch", HowItWent: "Good, crisp."},
			q("What interests you about our company?"),
			q("Tell me about a time you failed"),
			q("   "),
		),
	}
}

func TestQuestionsGroups(t *testing.T) {
	bank := Questions(qbCorpus(t), QuestionOptions{})
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
	if bank.Records != 3 || bank.Asked != 10 || bank.Distinct != 6 {
		t.Errorf("Questions: %d records, %d asked, %d distinct; want 3, 10, 6 (the blank question skipped)", bank.Records, bank.Asked, bank.Distinct)
	}
	last := bank.Groups[0].Asks[len(bank.Groups[0].Asks)-1]
	if last.Answer != "Two-minute pitch" || last.HowItWent != "Good, crisp." || last.RecordID != "acme0002" {
		t.Errorf("last ask of %q = %+v, want the 2026-03-01 answer", bank.Groups[0].Label, last)
	}
}

func TestQuestionsPractice(t *testing.T) {
	bank := Questions(qbCorpus(t), QuestionOptions{Top: 2})
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
	if all := Questions(qbCorpus(t), QuestionOptions{}); len(all.Practice) != 4 || all.Practice[3].Label != "Design a rate limiter" {
		t.Errorf("default practice list has %d groups, want 4 ending with the rate limiter", len(all.Practice))
	}
}

func TestQuestionsEmpty(t *testing.T) {
	for name, recs := range map[string][]*notebook.Record{
		"no-records":   nil,
		"no-questions": {qbRec(t, "a0000001", "Acme", "2026-01-01", 0)},
		"blank-only":   {qbRec(t, "a0000001", "Acme", "2026-01-01", 0, q(" \n "))},
	} {
		t.Run(name, func(t *testing.T) {
			got := Questions(recs, QuestionOptions{})
			want := QuestionBank{Records: len(recs), Groups: []QuestionGroup{}, Practice: []QuestionGroup{}}
			if diff := cmp.Diff(got, want, cmpopts.IgnoreUnexported(QuestionGroup{})); diff != "" {
				t.Errorf("Questions (-got +want):\n%s", diff)
			}
		})
	}
}

// TestQuestionsDeterministic: the bank does not depend on the order of the
// records.
func TestQuestionsDeterministic(t *testing.T) {
	recs := qbGenerate(t, 300, 7)
	want := Questions(recs, QuestionOptions{})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3 {
		rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
		got := Questions(recs, QuestionOptions{})
		if diff := cmp.Diff(got, want, cmpopts.IgnoreUnexported(QuestionGroup{})); diff != "" {
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
		if got := QuestionPoor(tc.in); got != tc.poor {
			t.Errorf("QuestionPoor(%q) = %v, want %v", tc.in, got, tc.poor)
		}
		if got := QuestionWentWell(tc.in); got != tc.well {
			t.Errorf("QuestionWentWell(%q) = %v, want %v", tc.in, got, tc.well)
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
		want  []int
	}{
		{"no-edges", 3, nil, []int{0, 1, 2}},
		{"pair", 3, [][3]float64{{0, 2, 0.8}}, []int{0, 1, 0}},
		{"no-chaining", 3, [][3]float64{{0, 1, 0.95}, {1, 2, 0.9}}, []int{0, 0, 2}},
		{"clique", 3, [][3]float64{{0, 1, 0.9}, {1, 2, 0.8}, {0, 2, 0.7}}, []int{0, 0, 0}},
		{"under-threshold", 2, [][3]float64{{0, 1, 0.49}}, []int{0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := qbAverageLink(tc.n, tc.edges, 0.5)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("qbAverageLink (-got +want):\n%s", diff)
			}
		})
	}
}

// qbWordings are paraphrase families: each inner list is one question.
var qbWordings = [][]string{
	{"Tell me about yourself", "Walk me through your background", "Walk me through your resume", "Tell me a little about yourself", "Introduce yourself"},
	{"Why do you want to work here?", "What interests you about our company?", "Why this company?", "Why do you want to join us?"},
	{"Describe a conflict with a coworker", "Tell me about a time you disagreed with a teammate", "Tell me about a conflict with a colleague"},
	{"What is your greatest weakness?", "What's your biggest weakness?", "What is an area for improvement for you?"},
	{"Why are you leaving your current job?", "Why do you want to leave your current role?"},
	{"Where do you see yourself in five years?", "Where do you see yourself in 5 years?"},
	{"Tell me about a time you failed", "Describe a failure and what you learned"},
	{"What are your salary expectations?", "What is your expected salary?"},
	{"Design a URL shortener", "How would you design a URL shortener?", "Design a URL shortening service"},
	{"Design a rate limiter", "How would you design a rate limiter?", "Design rate limiting for an API"},
	{"Design a chat system"}, {"Design a news feed"}, {"Design a distributed cache"}, {"Design a key-value store"},
	{"Implement an LRU cache", "Implement LRU cache in Go"},
	{"Reverse a linked list", "How do you reverse a singly linked list?"},
	{"Detect a cycle in a linked list"},
	{"How do you handle feedback from your manager?"},
	{"Describe a time you had to meet a tight deadline"},
	{"What motivates you?"},
}

var qbGenCompanies = []string{"Acme Corp", "Initech", "Hooli", "Globex", "Umbrella", "Stark Industries", "Wayne Enterprises", "Pied Piper", "Soylent", "Tyrell"}

// qbGenerate makes n records over two years, each asking 2–6 questions
// drawn from qbWordings (any wording of a family) plus, one time in ten,
// a question made unique by a project name, as real notebooks have.
func qbGenerate(t testing.TB, n int, seed uint64) []*notebook.Record {
	rng := rand.New(rand.NewPCG(seed, 99))
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	how := []string{"Good, they liked it.", "Rambled, too long.", "ok", "Struggled with the follow-ups.", ""}
	recs := make([]*notebook.Record, n)
	for i := range recs {
		start := base.Add(time.Duration(rng.IntN(2*365*24)) * time.Hour)
		r := &notebook.Record{
			ID:     fmt.Sprintf("g%09d", i),
			Source: &notebook.Source{CalendarID: "primary", EventID: fmt.Sprint(i), Start: start, End: start.Add(time.Hour)},
			Interview: notebook.Details{
				Company: qbGenCompanies[rng.IntN(len(qbGenCompanies))], Date: notebook.DateOf(start), Round: "onsite",
			},
		}
		if rng.IntN(3) > 0 {
			rating := 1 + rng.IntN(10)
			r.Overall.Rating = &rating
		}
		for range 2 + rng.IntN(5) {
			fam := qbWordings[rng.IntN(len(qbWordings))]
			text := fam[rng.IntN(len(fam))]
			if rng.IntN(10) == 0 {
				text = fmt.Sprintf("Tell me about the Project%d migration", rng.IntN(5000))
			}
			r.Takeaways.Questions = append(r.Takeaways.Questions, notebook.Question{
				Question: text, Answer: "An answer.", HowItWent: how[rng.IntN(len(how))], Difficult: rng.IntN(6) == 0,
			})
		}
		recs[i] = r
	}
	return recs
}

// TestQuestionsGenerated: over a generated notebook every paraphrase
// family is exactly one group holding every time one of its wordings was
// asked.
func TestQuestionsGenerated(t *testing.T) {
	recs := qbGenerate(t, 500, 1)
	family := map[string]int{}
	for i, fam := range qbWordings {
		for _, w := range fam {
			family[w] = i
		}
	}
	asked := make([]int, len(qbWordings))
	for _, r := range recs {
		for _, q := range r.Takeaways.Questions {
			if f, ok := family[q.Question]; ok {
				asked[f]++
			}
		}
	}
	bank := Questions(recs, QuestionOptions{})
	seen := make([]bool, len(qbWordings))
	for _, g := range bank.Groups {
		f, ok := family[g.Label]
		if !ok {
			continue
		}
		if seen[f] {
			t.Errorf("family %q is split over more than one group", qbWordings[f][0])
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
			t.Errorf("family %q asked %d times has no group", qbWordings[f][0], asked[f])
		}
	}
}

func BenchmarkQuestions10k(b *testing.B) {
	recs := qbGenerate(b, 10000, 1)
	b.ResetTimer()
	for b.Loop() {
		bank := Questions(recs, QuestionOptions{})
		if len(bank.Groups) == 0 {
			b.Fatal("no groups")
		}
	}
}

var (
	qbOut = flag.String("qb-out", "", "TestQuestionsWriteNotebook: write a generated notebook to this directory")
	qbN   = flag.Int("qb-n", 10000, "TestQuestionsWriteNotebook: records to write with -qb-out")
)

// TestQuestionsWriteNotebook writes qbGenerate's records as notebook files
// (named and encoded as Book writes them, without an fsync each) and reads
// them back with Book.List; with -qb-out DIR it writes -qb-n records there,
// for timing `debrief questions`:
//
//	go test ./insight/ -run TestQuestionsWriteNotebook -count=1 -args -qb-out /tmp/qb10k/notebook
func TestQuestionsWriteNotebook(t *testing.T) {
	dir, n := filepath.Join(t.TempDir(), "notebook"), 40
	if *qbOut != "" {
		dir, n = *qbOut, *qbN
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	recs := qbGenerate(t, n, 1)
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
	if got, want := Questions(back, QuestionOptions{}), Questions(recs, QuestionOptions{}); !cmp.Equal(got, want, cmpopts.IgnoreUnexported(QuestionGroup{})) {
		t.Errorf("the bank of the %d records read back differs from the bank of those written", len(back))
	}
}
