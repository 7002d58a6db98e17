package notebook

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// listed is what List returned, in a form to compare: each record's id,
// revision and company in order, and the error.
func listed(t *testing.T, b *Book) []string {
	t.Helper()
	recs, err := b.List()
	var out []string
	for _, r := range recs {
		rating := 0
		if r.Overall.Rating != nil {
			rating = *r.Overall.Rating
		}
		out = append(out, fmt.Sprintf("%s r%d %s %s %d", r.ID, r.Revision, r.Day(), r.Interview.Company, rating))
	}
	if err != nil {
		out = append(out, "error: "+err.Error())
	}
	return out
}

// truth is what a Book that reads every file lists.
func truth(t *testing.T, dir string) []string {
	t.Helper()
	b := mustOpen(t, dir)
	b.ix.noWatch = true
	return listed(t, b)
}

// TestIndexSeesChanges changes the notebook behind a Book's back, as other
// processes and editors do, and checks that its next List and Get are
// those of a Book that reads every file.
func TestIndexSeesChanges(t *testing.T) {
	type ids struct{ a, b, c *Record }
	rewrite := func(t *testing.T, path string, edit func(r *Record)) []byte {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := decode(data, idOfName(filepath.Base(path)))
		if err != nil {
			t.Fatal(err)
		}
		edit(r)
		return mustMarshal(t, r)
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string, rs ids)
	}{
		{"another-book-updates", func(t *testing.T, dir string, rs ids) {
			if _, err := mustOpen(t, dir).Update(rs.a.ID, func(r *Record) error { r.Overall.Rating = ptr(3); return nil }); err != nil {
				t.Fatal(err)
			}
		}},
		{"another-book-moves-the-date", func(t *testing.T, dir string, rs ids) {
			if _, err := mustOpen(t, dir).Update(rs.a.ID, func(r *Record) error { r.Interview.Date = Date{2020, 1, 2}; return nil }); err != nil {
				t.Fatal(err)
			}
		}},
		{"another-book-creates", func(t *testing.T, dir string, rs ids) {
			mustCreate(t, mustOpen(t, dir), &Record{Interview: Details{Company: "Newco", Date: Date{2026, 1, 1}}})
		}},
		{"new-file-by-hand", func(t *testing.T, dir string, rs ids) {
			r := *rs.b
			r.ID, r.Interview.Company = "abcdabcdab", "Handmade"
			if err := os.WriteFile(filepath.Join(dir, FileName(&r)), mustMarshal(t, &r), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"edited-in-place", func(t *testing.T, dir string, rs ids) {
			path := filepath.Join(dir, FileName(rs.b))
			data := rewrite(t, path, func(r *Record) { r.Overall.Rating = ptr(9); r.Revision = 7 })
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write(data)
			f.Close()
		}},
		{"renamed-by-hand", func(t *testing.T, dir string, rs ids) {
			if err := os.Rename(filepath.Join(dir, FileName(rs.c)), filepath.Join(dir, "2019-05-05-renamed-"+rs.c.ID+".json")); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, dir string, rs ids) {
			if err := os.Remove(filepath.Join(dir, FileName(rs.c))); err != nil {
				t.Fatal(err)
			}
		}},
		{"corrupted", func(t *testing.T, dir string, rs ids) {
			if err := os.WriteFile(filepath.Join(dir, FileName(rs.a)), []byte(`{"schema": 2, "id": `), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"directory-named-like-a-record", func(t *testing.T, dir string, rs ids) {
			if err := os.Mkdir(filepath.Join(dir, "2026-01-01-x-vvvvvvvvvv.json"), 0o700); err != nil {
				t.Fatal(err)
			}
		}},
		{"dot-file", func(t *testing.T, dir string, rs ids) {
			if err := os.WriteFile(filepath.Join(dir, ".questions.json"), []byte("{}"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"directory-moved-away-and-back", func(t *testing.T, dir string, rs ids) {
			away := dir + ".away"
			if err := os.Rename(dir, away); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(filepath.Join(away, FileName(rs.c))); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(away, dir); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		for _, watch := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/watch=%v", tc.name, watch), func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "nb")
				b := mustOpen(t, dir)
				b.ix.noWatch = !watch
				rs := ids{a: freshRecord(t), b: partialRecord(t), c: fullRecord(t)}
				rs.b.Source.EventID, rs.c.Source.EventID = "ev2", "ev3"
				rs.b.ID, rs.c.ID = RecordID("primary", "ev2"), RecordID("primary", "ev3")
				rs.b.Interview.Date, rs.c.Interview.Date = Date{2026, 3, 20}, Date{2026, 2, 1}
				for _, r := range []*Record{rs.a, rs.b, rs.c} {
					mustCreate(t, b, r)
				}
				if diff := cmp.Diff(listed(t, b), truth(t, dir)); diff != "" {
					t.Fatalf("List before the change (-got +want):\n%s", diff)
				}
				tc.change(t, dir, rs)
				if diff := cmp.Diff(listed(t, b), truth(t, dir)); diff != "" {
					t.Errorf("List after the change (-got +want):\n%s", diff)
				}
				// Get reads the file as it is now.
				for _, r := range []*Record{rs.a, rs.b} {
					got, gerr := b.Get(r.ID)
					want, werr := func() (*Record, error) { nb := mustOpen(t, dir); nb.ix.noWatch = true; return nb.Get(r.ID) }()
					if fmt.Sprint(gerr) != fmt.Sprint(werr) {
						t.Errorf("Get(%s) error %v, want %v", r.ID, gerr, werr)
					} else if diff := cmp.Diff(got, want); diff != "" {
						t.Errorf("Get(%s) (-got +want):\n%s", r.ID, diff)
					}
				}
				// And the index goes on: a write through b is listed.
				if _, err := b.Update(rs.b.ID, func(r *Record) error { r.Overall.Rating = ptr(1); return nil }); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(listed(t, b), truth(t, dir)); diff != "" {
					t.Errorf("List after a write of its own (-got +want):\n%s", diff)
				}
			})
		}
	}
}

// TestIndexManyChanges interleaves writes by two Books with lists by one
// of them: its order and content stay those of a full read.
func TestIndexManyChanges(t *testing.T) {
	dir := t.TempDir()
	generate(t, dir, 60)
	b, other := mustOpen(t, dir), mustOpen(t, dir)
	recs, err := b.List()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 80 {
		writer := b
		if rng.IntN(2) == 0 {
			writer = other
		}
		id := recs[rng.IntN(len(recs))].ID
		if _, err := writer.Update(id, func(r *Record) error {
			r.Interview.Date = Date{2025, time.Month(1 + rng.IntN(12)), 1 + rng.IntN(28)}
			r.Overall.Rating = ptr(1 + rng.IntN(10))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if diff := cmp.Diff(listed(t, b), truth(t, dir)); diff != "" {
				t.Fatalf("after %d writes (-got +want):\n%s", i+1, diff)
			}
		}
	}
	if diff := cmp.Diff(listed(t, b), truth(t, dir)); diff != "" {
		t.Errorf("at the end (-got +want):\n%s", diff)
	}
}
