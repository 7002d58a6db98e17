package questions

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

func TestCorrectionsFile(t *testing.T) {
	dir := t.TempDir()
	got, err := Load(dir)
	if err != nil || len(got.Together)+len(got.Apart) != 0 {
		t.Fatalf("Load of a folder without %s = %+v, %v; want none, no error", File, got, err)
	}
	want := Corrections{Together: [][2]string{{"Why Fabrikam?", "Why us?"}}, Apart: [][2]string{{"Design a cache", "Implement an LRU cache"}}}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", File, fi.Mode().Perm())
	}
	if got, err = Load(dir); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Load after Save (-got +want):\n%s", diff)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(leftovers) != 0 {
		t.Errorf("temp files left behind: %v", leftovers)
	}
	if err := os.WriteFile(filepath.Join(dir, File), []byte(`{"together": [["one"]`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, File)) || !strings.Contains(err.Error(), "fix or remove") {
		t.Errorf("Load of a torn file: %v; want an error naming the file and what to do", err)
	}
}

// TestMergeSplit: a merge joins two groups, later wordings of either side
// join the merged group; a split parts them, and a later wording close to
// the split-off one stays with it.
func TestMergeSplit(t *testing.T) {
	dir := t.TempDir()
	recs := []*notebook.Record{
		rec(t, "r1", "Acme", "2026-01-05", 0, q("Design a URL shortener"), q("Implement an LRU cache")),
		rec(t, "r2", "Globex", "2026-01-06", 0, q("Design a distributed cache")),
	}
	labels := func(recs []*notebook.Record) [][]string {
		c, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, g := range Build(recs, Options{Corrections: c}).Groups {
			out = append(out, g.Wordings)
		}
		return out
	}
	if _, err := Merge(dir, recs, "Implement an LRU cache", "design a distributed cache"); err != nil {
		t.Fatal(err)
	}
	later := append(recs, rec(t, "r3", "Initech", "2026-02-01", 0, q("Implement LRU cache in Go")))
	want := [][]string{{"Implement LRU cache in Go", "Design a distributed cache", "Implement an LRU cache"}, {"Design a URL shortener"}}
	if diff := cmp.Diff(labels(later), want); diff != "" {
		t.Errorf("groups after the merge (-got +want):\n%s", diff)
	}
	if _, err := Split(dir, later, "Design a distributed cache"); err != nil {
		t.Fatal(err)
	}
	want = [][]string{{"Implement LRU cache in Go", "Implement an LRU cache"}, {"Design a distributed cache"}, {"Design a URL shortener"}}
	if diff := cmp.Diff(labels(later), want); diff != "" {
		t.Errorf("groups after the split (-got +want):\n%s", diff)
	}
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"merge-same", func() error { _, err := Merge(dir, later, "1", "Implement an LRU cache"); return err }()},
		{"merge-unknown", func() error { _, err := Merge(dir, later, "1", "Why?"); return err }()},
		{"split-single", func() error { _, err := Split(dir, later, "Design a URL shortener"); return err }()},
		{"split-zero", func() error { _, err := Split(dir, later, "#0"); return err }()},
	} {
		if !errors.Is(tc.err, ErrRef) {
			t.Errorf("%s: %v, want an ErrRef", tc.name, tc.err)
		}
	}
}

// TestSplitKeepsOtherMerges: taking one wording out of a group undoes the
// merge that brought it in, not the others that made the group.
func TestSplitKeepsOtherMerges(t *testing.T) {
	dir := t.TempDir()
	recs := []*notebook.Record{
		rec(t, "r1", "Acme", "2026-01-05", 0, q("Design a URL shortener"), q("Implement an LRU cache")),
		rec(t, "r2", "Globex", "2026-01-06", 0, q("Design a distributed cache")),
	}
	for _, m := range [][2]string{{"Implement an LRU cache", "Design a distributed cache"}, {"Design a URL shortener", "Implement an LRU cache"}} {
		if _, err := Merge(dir, recs, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Split(dir, recs, "Design a URL shortener"); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, g := range Build(recs, Options{Corrections: c}).Groups {
		got = append(got, g.Wordings)
	}
	want := [][]string{{"Design a distributed cache", "Implement an LRU cache"}, {"Design a URL shortener"}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("groups after merging three and splitting one out (-got +want):\n%s", diff)
	}
}

// TestOnlyKeepsTheWholeGrouping: with Options.Only, the asks of the records
// left out do not count, but the groups are those of all the records, so a
// merge made through a wording asked in a record left out still holds.
func TestOnlyKeepsTheWholeGrouping(t *testing.T) {
	recs := []*notebook.Record{
		rec(t, "r1", "Acme", "2026-01-05", 0, q("Design a URL shortener"), q("Why Acme?")),
		rec(t, "r2", "Globex", "2026-01-06", 0, q("Tell me about yourself")),
	}
	c := Corrections{Together: [][2]string{{"Design a URL shortener", "Tell me about yourself"}, {"Why Acme?", "Tell me about yourself"}}}
	type summary struct {
		Records, Asked, Distinct int
		Groups                   [][]string
	}
	sum := func(b Bank) summary {
		s := summary{Records: b.Records, Asked: b.Asked, Distinct: b.Distinct}
		for _, g := range b.Groups {
			s.Groups = append(s.Groups, g.Wordings)
		}
		return s
	}
	onlyR1 := func(r *notebook.Record) bool { return r.ID == "r1" }
	for _, tc := range []struct {
		name string
		recs []*notebook.Record
		opt  Options
		want summary
	}{
		{
			name: "subset-loses-the-bridge",
			recs: recs[:1], opt: Options{Corrections: c},
			want: summary{1, 2, 2, [][]string{{"Design a URL shortener"}, {"Why Acme?"}}},
		},
		{
			name: "only-keeps-it",
			recs: recs, opt: Options{Corrections: c, Only: onlyR1},
			want: summary{1, 2, 2, [][]string{{"Why Acme?", "Design a URL shortener"}}},
		},
		{
			name: "only-none",
			recs: recs, opt: Options{Corrections: c, Only: func(*notebook.Record) bool { return false }},
			want: summary{Records: 0, Asked: 0, Distinct: 0},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(sum(Build(tc.recs, tc.opt)), tc.want); diff != "" {
				t.Errorf("Build (-got +want):\n%s", diff)
			}
		})
	}
}

// TestMergeKeepsEveryWording: after `merge A B`, every wording that was in
// A or in B is in one group, whatever the scores or the curated families
// say, and stays so when later questions arrive; a later wording close to
// either side joins the merged group; a split of one wording undoes only
// that wording, even the one the merge was made through.
func TestMergeKeepsEveryWording(t *testing.T) {
	dir := t.TempDir()
	recs := []*notebook.Record{
		rec(t, "r1", "Acme", "2026-02-20", 0, q("Walk me through your background"), q("Tell me about a time you disagreed with a teammate")),
		rec(t, "r2", "Acme", "2026-03-13", 0, q("Tell me about a conflict."), q("Tell me about a conflict."), q("Design a rate limiter.")),
	}
	groups := func(recs []*notebook.Record) [][]string {
		t.Helper()
		c, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, g := range Build(recs, Options{Corrections: c}).Groups {
			w := slices.Clone(g.Wordings)
			slices.Sort(w)
			out = append(out, w)
		}
		return out
	}
	before := [][]string{
		{"Tell me about a conflict.", "Tell me about a time you disagreed with a teammate"},
		{"Design a rate limiter."},
		{"Walk me through your background"},
	}
	if diff := cmp.Diff(groups(recs), before); diff != "" {
		t.Fatalf("groups before the merge (-got +want):\n%s", diff)
	}
	if _, err := Merge(dir, recs, "Walk me through your background", "Tell me about a time you disagreed with a teammate"); err != nil {
		t.Fatal(err)
	}
	merged := []string{"Tell me about a conflict.", "Tell me about a time you disagreed with a teammate", "Walk me through your background"}
	if diff := cmp.Diff(groups(recs), [][]string{merged, {"Design a rate limiter."}}); diff != "" {
		t.Errorf("groups after the merge (-got +want):\n%s", diff)
	}
	later := append(slices.Clone(recs),
		rec(t, "r3", "Globex", "2026-04-01", 0, q("Describe a conflict you had at work and how you resolved it"), q("Tell me about yourself"), q("How would you design a rate limiter?")),
		rec(t, "r4", "Initech", "2026-04-02", 0, q("Tell me about a disagreement with your manager"), q("Tell me about a conflict."), q("Tell me about a conflict.")),
	)
	got := groups(later)
	if len(got) == 0 || !slices.Equal(slices.DeleteFunc(slices.Clone(got[0]), func(w string) bool { return !slices.Contains(merged, w) }), merged) {
		t.Errorf("groups after later questions: %q\nwant %q still in one group", got, merged)
	}
	for _, w := range []string{"Describe a conflict you had at work and how you resolved it", "Tell me about yourself"} {
		if !slices.Contains(got[0], w) {
			t.Errorf("groups after later questions: %q\nwant %q, close to one side of the merge, in the merged group", got, w)
		}
	}
	if _, err := Split(dir, later, "Tell me about a time you disagreed with a teammate"); err != nil {
		t.Fatal(err)
	}
	got = groups(later)
	var teammate, background []string
	for _, g := range got {
		if slices.Contains(g, "Tell me about a time you disagreed with a teammate") {
			teammate = g
		}
		if slices.Contains(g, "Walk me through your background") {
			background = g
		}
	}
	if len(teammate) != 1 || !slices.Contains(background, "Tell me about a conflict.") || !slices.Contains(background, "Describe a conflict you had at work and how you resolved it") {
		t.Errorf("groups after splitting a wording out of the merge: %q\nwant it alone and the rest of the merge still one group", got)
	}
	// "Tell me about a conflict." is the wording the merge was kept through.
	if _, err := Split(dir, later, "Tell me about a conflict."); err != nil {
		t.Fatal(err)
	}
	got = groups(later)
	for _, g := range got {
		if slices.Contains(g, "Walk me through your background") && !slices.Contains(g, "Describe a conflict you had at work and how you resolved it") {
			t.Errorf("groups after splitting the label of one side out of the merge: %q\nwant the rest of the merge still one group", got)
		}
		if slices.Contains(g, "Tell me about a conflict.") && len(g) != 1 {
			t.Errorf("groups after splitting %q out: %q\nwant it alone", "Tell me about a conflict.", got)
		}
	}
}
