package insight

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// readNotes reads testdata/notes.txt: one record per block of
// "field: text" lines.
func readNotes(t *testing.T) []*notebook.Record {
	t.Helper()
	f, err := os.Open("testdata/notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []*notebook.Record
	var r *notebook.Record
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		if line == "" {
			r = nil
			continue
		}
		if r == nil {
			r = &notebook.Record{}
			recs = append(recs, r)
		}
		field, text, ok := strings.Cut(line, ": ")
		switch {
		case !ok:
			t.Fatalf("notes.txt:%d: want \"field: text\"", n)
		case field == "areas":
			r.Improvement.Areas = text
		case field == "struggled":
			r.Improvement.Struggled = text
		case field == "difficult":
			r.Takeaways.Difficult = text
		case field == "improve":
			r.Takeaways.Questions = append(r.Takeaways.Questions, notebook.Question{HowToImprove: text, Difficult: true})
		default:
			t.Fatalf("notes.txt:%d: unknown field %q", n, field)
		}
	}
	return recs
}

// TestThemesNotes: on notes as people write them, the themes are the
// phrases a person would write: no "yes" or "no", no verb of advice, no
// two words that did not stand side by side.
func TestThemesNotes(t *testing.T) {
	recs := readNotes(t)
	got := Themes(recs, 0)
	want := []Theme{
		{"design", 5}, {"system design", 4},
		{"capacity estimates", 3}, {"conflict story", 3}, {"data model", 3}, {"dynamic programming", 3},
		{"result", 3}, {"salary", 3}, {"trade-offs", 3},
		{"STAR structure", 2}, {"salary expectations", 2}, {"behavioural", 2}, {"number", 2}, {"ranges", 2}, {"recurrence", 2},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Themes of testdata/notes.txt (-got +want):\n%s", diff)
	}
	var all strings.Builder
	for _, r := range recs {
		for _, s := range []string{r.Improvement.Areas, r.Improvement.Struggled, r.Takeaways.Difficult} {
			all.WriteString(strings.ToLower(s) + "\n")
		}
		for _, q := range r.Takeaways.Questions {
			all.WriteString(strings.ToLower(q.HowToImprove) + "\n")
		}
	}
	for _, th := range got {
		for _, w := range strings.Fields(strings.ToLower(th.Term)) {
			if themeStop[w] {
				t.Errorf("theme %q holds %q, a word that names no topic", th.Term, w)
			}
		}
		if !strings.Contains(all.String(), strings.ToLower(th.Term)) {
			t.Errorf("theme %q is not written so in the notes: words that did not stand side by side", th.Term)
		}
	}
}
