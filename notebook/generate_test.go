package notebook

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var (
	genOut = flag.String("out", "", "TestGenerateNotebook: write the generated notebook to this directory")
	genN   = flag.Int("n", 10000, "TestGenerateNotebook: records to write with -out")
)

var genCompanies = []string{"Acme Corp", "Initech", "Hooli", "Globex", "Umbrella", "Stark Industries", "Wayne Enterprises", "Pied Piper", "Soylent", "Tyrell"}

// generate writes n varied records to dir as Book writes them (same names,
// same JSON, mode 0600) but without an fsync each, so a large notebook is
// quick to build. Two in three records carry a full reflection.
func generate(t testing.TB, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	base := mustTime(t, "2024-01-01T09:00:00-08:00")
	for i := range n {
		var r *Record
		if i%3 == 2 {
			r = freshRecord(t)
		} else {
			r = fullRecord(t)
			r.FollowUp = FollowUp{}
		}
		start := base.Add(time.Duration(rng.IntN(2*365*24)) * time.Hour)
		r.Source.EventID = fmt.Sprintf("ev%d", i)
		r.ID = RecordID(r.Source.CalendarID, r.Source.EventID)
		r.Source.Start, r.Source.End = start, start.Add(time.Hour)
		r.Interview.Date = DateOf(start.In(r.Location()))
		r.Interview.Company = genCompanies[rng.IntN(len(genCompanies))]
		if rng.IntN(2) == 0 {
			r.FollowUp.ThankYouSent = &r.Interview.Date
		}
		if rng.IntN(3) == 0 {
			r.FollowUp.Outcome = Outcomes[rng.IntN(len(Outcomes))]
		}
		if err := os.WriteFile(filepath.Join(dir, FileName(r)), mustMarshal(t, r), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGenerateNotebook checks the generator on a small notebook; with
// -out DIR it writes -n records (10,000 by default) there, for measuring
// the commands:
//
//	go test ./notebook/ -run TestGenerateNotebook -args -out /tmp/nb10k
func TestGenerateNotebook(t *testing.T) {
	dir, n := t.TempDir(), 30
	if *genOut != "" {
		dir, n = *genOut, *genN
	}
	generate(t, dir, n)
	recs, err := mustOpen(t, dir).List()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n {
		t.Errorf("List() of a generated notebook of %d returned %d records", n, len(recs))
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].Day().Before(recs[i-1].Day()) {
			t.Fatalf("List() is not sorted: %s before %s", recs[i-1].Day(), recs[i].Day())
		}
	}
}

// benchNotebook is a generated notebook of n records, opened.
func benchNotebook(b *testing.B, n int) *Book {
	dir := b.TempDir()
	generate(b, dir, n)
	return mustOpen(b, dir)
}

var benchSizes = []int{100, 10000}

// BenchmarkList is a List once the index is loaded: what each page of the
// web app costs while nothing changed.
func BenchmarkList(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			if _, err := nb.List(); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				recs, err := nb.List()
				if err != nil || len(recs) != n {
					b.Fatalf("List() = %d records, %v", len(recs), err)
				}
			}
		})
	}
}

// BenchmarkListFirst is the first List of a Book, which reads every file:
// what debrief list costs.
func BenchmarkListFirst(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			for b.Loop() {
				fresh := mustOpen(b, nb.Dir())
				recs, err := fresh.List()
				if err != nil || len(recs) != n {
					b.Fatalf("List() = %d records, %v", len(recs), err)
				}
			}
		})
	}
}

// BenchmarkListAfterChange is a List after another Book (as another
// process would) saved one record: the index reads that file again.
func BenchmarkListAfterChange(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			other := mustOpen(b, nb.Dir())
			id := RecordID("primary", "ev7")
			if _, err := nb.List(); err != nil {
				b.Fatal(err)
			}
			rating := 0
			for b.Loop() {
				b.StopTimer()
				rating = rating%10 + 1
				if _, err := other.Update(id, func(r *Record) error { r.Overall.Rating = &rating; return nil }); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				recs, err := nb.List()
				if err != nil || len(recs) != n {
					b.Fatalf("List() = %d records, %v", len(recs), err)
				}
			}
		})
	}
}

// BenchmarkGet is a Get by id prefix in a Book that has looked up a
// record before: it reads one file.
func BenchmarkGet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			id := RecordID("primary", fmt.Sprintf("ev%d", n/2))
			if _, err := nb.Get(id); err != nil { // the index holds the names
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := nb.Get(id[:6]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdate is a save: lock, find, read, write a temp file, fsync,
// rename, fsync the directory.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			id := RecordID("primary", fmt.Sprintf("ev%d", n/2))
			if _, err := nb.Get(id); err != nil { // the index holds the names
				b.Fatal(err)
			}
			rating := 0
			for b.Loop() {
				rating = rating%10 + 1
				if _, err := nb.Update(id, func(r *Record) error { r.Overall.Rating = &rating; return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReflect is a save of the web form: the posted answers read
// (ApplyValues), compared field by field with the form's base and the
// record now, and the record written with fsync.
func BenchmarkReflect(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			nb := benchNotebook(b, n)
			id := RecordID("primary", fmt.Sprintf("ev%d", n/2))
			now := time.Now()
			rating := 0
			for b.Loop() {
				b.StopTimer()
				r, err := nb.Get(id)
				if err != nil {
					b.Fatal(err)
				}
				v, base := FormValues(r), BaseOf(r)
				rating = rating%10 + 1
				v["overall.rating"] = fmt.Sprint(rating)
				b.StartTimer()
				if _, _, err := nb.Reflect(id, ValuesReflection(base, v), now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
