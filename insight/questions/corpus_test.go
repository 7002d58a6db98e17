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

func readCorpus(t testing.TB) corpus {
	t.Helper()
	f, err := os.Open("testdata/paraphrases.txt")
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
				t.Fatalf("paraphrases.txt:%d: want \"!= A | B\"", n)
			}
			c.apart = append(c.apart, [2]string{a, b})
		default:
			if len(c.families) == 0 {
				t.Fatalf("paraphrases.txt:%d: a wording before the first family", n)
			}
			c.families[len(c.families)-1] = append(c.families[len(c.families)-1], line)
		}
	}
	return c
}

func TestParaphraseCorpus(t *testing.T) {
	c := readCorpus(t)
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
						t.Logf("merged across families: %q and %q", a, b)
					}
				}
			}
		}
		if len(groups) == 1 {
			whole++
		} else {
			t.Logf("family %s split over %d groups", c.names[fi], len(groups))
		}
	}
	merged := 0
	for _, p := range c.apart {
		if group[p[0]] == group[p[1]] {
			merged++
			t.Logf("different questions merged: %q and %q", p[0], p[1])
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("corpus: %d families, %d wordings, %d different pairs", len(c.families), len(group), len(c.apart))
	t.Logf("pairwise precision %.3f (%d/%d), recall %.3f (%d/%d); families whole %d/%d (%.1f%%); different pairs merged %d/%d",
		precision, tp, tp+fp, recall, tp, tp+fn, whole, len(c.families), 100*float64(whole)/float64(len(c.families)), merged, len(c.apart))
}
