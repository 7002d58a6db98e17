package questions

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

type corpus struct {
	companies []string
	families  [][]string
	names     []string
	apart     [][2]string
}

func readCorpus(t testing.TB) corpus { return readCorpusFile(t, "testdata/paraphrases.txt") }

func readCorpusFile(t testing.TB, path string) corpus {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c corpus
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "companies:"):
			for _, s := range strings.Split(strings.TrimPrefix(line, "companies:"), ",") {
				c.companies = append(c.companies, strings.TrimSpace(s))
			}
		case strings.HasPrefix(line, "== "):
			c.names = append(c.names, strings.TrimPrefix(line, "== "))
			c.families = append(c.families, nil)
		case strings.HasPrefix(line, "!= "):
			a, b, ok := strings.Cut(strings.TrimPrefix(line, "!= "), " | ")
			if !ok {
				t.Fatalf("%s:%d: want \"!= A | B\"", path, n)
			}
			c.apart = append(c.apart, [2]string{a, b})
		default:
			if len(c.families) == 0 {
				t.Fatalf("%s:%d: a wording before the first family", path, n)
			}
			c.families[len(c.families)-1] = append(c.families[len(c.families)-1], line)
		}
	}
	return c
}

// corpusScore is how the bank groups the corpus.
type corpusScore struct {
	precision, recall float64
	whole, families   int
	acrossFamilies    int // pairs of wordings of different families in one group
	merged, apart     int // pairs of different questions in one group, of all
}

// TestParaphraseCorpus groups every wording of testdata/paraphrases.txt as
// one notebook and scores the groups: pairwise precision and recall, the
// share of families that end whole in one group, and the pairs of
// different questions merged. Targets: 95% of families whole, no two
// different questions merged. The lexical matcher alone (without the
// curated families) is measured too, for the record.
//
//	go test ./insight/questions -run TestParaphraseCorpus -v
func TestParaphraseCorpus(t *testing.T) {
	c := readCorpus(t)
	if len(c.families) < 60 || len(c.apart) < 40 {
		t.Fatalf("corpus has %d families and %d pairs of different questions, want at least 60 and 40", len(c.families), len(c.apart))
	}
	for i, fam := range c.families {
		if len(fam) < 4 || len(fam) > 8 {
			t.Errorf("family %s has %d wordings, want 4 to 8", c.names[i], len(fam))
		}
	}
	noFamilies = true
	lexical := scoreCorpus(t, c, false)
	noFamilies = false
	got := scoreCorpus(t, c, true)
	for _, r := range []struct {
		name string
		s    corpusScore
	}{{"lexical alone", lexical}, {"with the curated families", got}} {
		t.Logf("%s: pairwise precision %.3f, recall %.3f; families whole %d/%d (%.1f%%); different questions merged: %d pairs of wordings across families, %d/%d named pairs",
			r.name, r.s.precision, r.s.recall, r.s.whole, r.s.families, 100*float64(r.s.whole)/float64(r.s.families), r.s.acrossFamilies, r.s.merged, r.s.apart)
	}
	if float64(got.whole) < 0.95*float64(got.families) {
		t.Errorf("%d of %d families whole, want at least 95%%", got.whole, got.families)
	}
	if got.acrossFamilies > 0 || got.merged > 0 {
		t.Errorf("different questions merged: %d pairs across families, %d named pairs; want none", got.acrossFamilies, got.merged)
	}
}

func scoreCorpus(t *testing.T, c corpus, verbose bool) corpusScore {
	logf := func(format string, args ...any) {
		if verbose {
			t.Logf(format, args...)
		}
	}
	var recs []*notebook.Record
	day := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	add := func(q string) {
		i := len(recs)
		start := day.Add(time.Duration(i) * time.Hour)
		recs = append(recs, &notebook.Record{
			ID:        fmt.Sprintf("c%07d", i),
			Source:    &notebook.Source{CalendarID: "primary", EventID: fmt.Sprint(i), Start: start, End: start.Add(time.Hour)},
			Interview: notebook.Details{Company: c.companies[i%len(c.companies)], Date: notebook.DateOf(start)},
			Takeaways: notebook.Takeaways{Questions: []notebook.Question{{Question: q}}},
		})
	}
	for _, fam := range c.families {
		for _, w := range fam {
			add(w)
		}
	}
	for _, p := range c.apart {
		add(p[0])
		add(p[1])
	}
	bank := Build(recs, Options{})
	var sc corpusScore
	group := map[string]int{}
	for gi, g := range bank.Groups {
		for _, w := range g.Wordings {
			group[w] = gi
		}
	}
	var tp, fp, fn, whole int
	for fi, fam := range c.families {
		groups := map[int]bool{}
		for i, a := range fam {
			groups[group[a]] = true
			for _, b := range fam[i+1:] {
				if group[a] == group[b] {
					tp++
				} else {
					fn++
				}
			}
			for _, other := range c.families[fi+1:] {
				for _, b := range other {
					if group[a] == group[b] {
						fp++
						logf("merged across families: %q and %q", a, b)
					}
				}
			}
		}
		if len(groups) == 1 {
			whole++
		} else {
			logf("family %s split over %d groups", c.names[fi], len(groups))
		}
	}
	for _, p := range c.apart {
		if group[p[0]] == group[p[1]] {
			sc.merged++
			logf("different questions merged: %q and %q", p[0], p[1])
		}
	}
	sc.precision = float64(tp) / float64(max(tp+fp, 1))
	sc.recall = float64(tp) / float64(max(tp+fn, 1))
	sc.whole, sc.families, sc.acrossFamilies, sc.apart = whole, len(c.families), fp, len(c.apart)
	return sc
}

// TestHeldOut scores the bank on testdata/heldout.txt, paraphrases written
// after the matcher was tuned and never used to tune it: the figures say
// how it does on wordings it was not fitted to. It holds the bank to no
// different question merged; how many families end whole is reported.
//
//	go test ./insight/questions -run TestHeldOut -v
func TestHeldOut(t *testing.T) {
	c := readCorpusFile(t, "testdata/heldout.txt")
	got := scoreCorpus(t, c, true)
	t.Logf("held out: pairwise precision %.3f, recall %.3f; families whole %d/%d (%.1f%%); different questions merged: %d pairs of wordings across families, %d/%d named pairs",
		got.precision, got.recall, got.whole, got.families, 100*float64(got.whole)/float64(got.families), got.acrossFamilies, got.merged, got.apart)
	if got.acrossFamilies > 0 || got.merged > 0 {
		t.Errorf("different questions merged: %d pairs across families, %d named pairs; want none", got.acrossFamilies, got.merged)
	}
}
