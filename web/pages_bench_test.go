package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/insight/questions/questionstest"
	"github.com/debrief-dev/debrief/notebook"
)

// benchServer is the web app on a notebook of n generated records
// (questionstest's: two years of interviews, 2–6 questions each), written
// as Book writes them, seen at the end of the two years, with the
// notebook's index loaded.
func benchServer(b *testing.B, n int) *Server {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "notebook")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	for _, r := range questionstest.Generate(n, 1) {
		r.Schema = notebook.SchemaVersion
		r.Created, r.Updated = r.Source.End, r.Source.End
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, notebook.FileName(r)), append(data, '\n'), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	lg := slog.New(slog.DiscardHandler)
	book, err := notebook.Open(lg, dir)
	if err != nil {
		b.Fatal(err)
	}
	// The index is loaded once, as in a running daemon; every page after
	// that reads it.
	if recs, err := book.List(); err != nil || len(recs) != n {
		b.Fatalf("List() = %d records, %v; want %d", len(recs), err, n)
	}
	now := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	s, err := New(lg, Config{Listen: "127.0.0.1:0", StateDir: b.TempDir()}, Deps{Book: book, Now: func() time.Time { return now }, Local: time.UTC,
		Policy: notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2}})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchPage measures the server's time for one page: the handler from
// the request to the last byte written, the notebook read included.
func benchPage(b *testing.B, s *Server, handler http.HandlerFunc, target string) {
	b.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /p/{id}", handler)
	mux.HandleFunc("GET /p", handler)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s = %d:\n%.2000s", target, w.Code, w.Body)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "page-bytes")
}

// BenchmarkNotebookPage is the server time of /records, the first page of
// the notebook (100 rows, most recent first), with no filter and with a
// company filter.
//
//	go test ./web/ -run '^$' -bench 'NotebookPage|QuestionsPage' -benchmem
func BenchmarkNotebookPage(b *testing.B) {
	for _, n := range []int{100, 10000} {
		s := benchServer(b, n)
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) { benchPage(b, s, s.recordsPage, "/p") })
		b.Run(fmt.Sprintf("records=%d/company", n), func(b *testing.B) { benchPage(b, s, s.recordsPage, "/p?company=hooli&status=open") })
	}
}

// BenchmarkQuestionsPage is the server time of /questions: the question
// bank of the whole notebook and its first 100 questions; "cold" builds
// the bank every time, as the first view after a change does.
func BenchmarkQuestionsPage(b *testing.B) {
	for _, n := range []int{100, 10000} {
		s := benchServer(b, n)
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) { benchPage(b, s, s.questionsPage, "/p") })
		b.Run(fmt.Sprintf("records=%d/cold", n), func(b *testing.B) {
			benchPage(b, s, func(w http.ResponseWriter, r *http.Request) {
				s.banks.mu.Lock()
				s.banks.valid = false
				s.banks.mu.Unlock()
				s.questionsPage(w, r)
			}, "/p")
		})
	}
}

// BenchmarkOtherPages is the server time of the other notebook-wide pages
// at 10,000 records.
func BenchmarkOtherPages(b *testing.B) {
	s := benchServer(b, 10000)
	for _, p := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"today", s.todayPage}, {"followups", s.followupsPage}, {"companies", s.companiesPage},
		{"stats", s.statsPage}, {"review", s.reviewPage},
	} {
		b.Run(p.name, func(b *testing.B) { benchPage(b, s, p.h, "/p") })
	}
}
