package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// pagesNow is the instant the pages' tests are seen at: Friday 2026-03-13
// 16:00 UTC, an hour after the Acme interview ended.
var pagesNow = time.Date(2026, 3, 13, 16, 0, 0, 0, time.UTC)

// hostile is calendar text that would run script if a page did not escape
// it.
const hostile = `<script>alert("pwned")</script><img src=x onerror=alert(1)>`

// pagesApp is a listening web app on a temp notebook, and a browser-like
// client that holds the session cookie.
type pagesApp struct {
	*Server
	book   *notebook.Book
	client *http.Client
	base   string
	ids    map[string]string // fixture name → record id
}

// fakeDetection is the daemon's side of the events page: what it saw, and
// the marks given.
type fakeDetection struct {
	mu    sync.Mutex
	seen  Seen
	marks [][2]string
	err   error
}

func (f *fakeDetection) Seen() Seen { f.mu.Lock(); defer f.mu.Unlock(); return f.seen }

func (f *fakeDetection) Mark(id, verdict string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.marks = append(f.marks, [2]string{id, verdict})
	return nil
}

// mustPages serves the pages on a temp notebook holding the fixture
// records, with det as the daemon (nil: no daemon).
func mustPages(t *testing.T, det Detection) *pagesApp {
	t.Helper()
	return mustPagesOf(t, det, mustFixture)
}

// mustPagesOf is mustPages with the records fill creates.
func mustPagesOf(t *testing.T, det Detection, fill func(*testing.T, *notebook.Book) map[string]string) *pagesApp {
	t.Helper()
	dir := t.TempDir()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := notebook.Open(lg, filepath.Join(dir, "notebook"))
	if err != nil {
		t.Fatal(err)
	}
	ids := fill(t, book)
	deps := Deps{Book: book, Now: func() time.Time { return pagesNow }, Local: time.UTC,
		Policy:  notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2},
		Correct: fakeCorrector(book)}
	if det != nil {
		deps.Detection = det
	}
	s, err := New(lg, Config{Listen: "127.0.0.1:0", StateDir: filepath.Join(dir, "state")}, deps)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &pagesApp{Server: s, book: book, client: client(jar), base: s.base, ids: ids}
	// The first visit carries the secret and leaves the cookie.
	if resp, _ := a.get(t, s.URL("/")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first visit: %s, want 303 to the address without the token", resp.Status)
	}
	return a
}

// mustFixture creates the records the pages show and returns their ids:
// "acme" ended an hour ago, its thank-you due, with a hostile calendar
// title and position; "globex" is on Monday, with a hostile company;
// "initech" was two weeks ago, reflected, rejected.
func mustFixture(t *testing.T, b *notebook.Book) map[string]string {
	t.Helper()
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
	rec := func(ev string, start time.Time, company, position string) *notebook.Record {
		return &notebook.Record{
			ID:     notebook.RecordID("primary", ev),
			Source: &notebook.Source{CalendarID: "primary", EventID: ev, Title: "Interview " + hostile, Start: start, End: start.Add(time.Hour), TimeZone: "UTC"},
			Interview: notebook.Details{Company: company, Position: position, Date: notebook.DateOf(start),
				Interviewers: []notebook.Person{{Name: "Ana Lima", Email: "ana@acme.example"}}},
		}
	}
	acme := rec("acme-ev", at(13, 14), "Acme", "Backend "+hostile)
	globex := rec("globex-ev", at(16, 10), "Globex "+hostile, "SRE")
	initech := rec("initech-ev", at(2, 9), "Initech", "Platform engineer")
	seven, five := 7, 5
	reflected := at(2, 11)
	initech.ReflectedAt = &reflected
	initech.Overall = notebook.Overall{Rating: &seven, WentWell: "The system design " + hostile}
	initech.Performance.Confidence = &five
	initech.Takeaways.Questions = []notebook.Question{
		{Question: "Design a rate limiter " + hostile, Answer: "token bucket", HowItWent: "rambled", Difficult: true},
		{Question: "Tell me about yourself"},
	}
	initech.ActionItems = []notebook.ActionItem{{Text: "Practise " + hostile}}
	rejected := notebook.Date{Year: 2026, Month: 3, Day: 9}
	initech.FollowUp.Outcome, initech.FollowUp.OutcomeOn = notebook.OutcomeRejected, &rejected
	thanked := notebook.Date{Year: 2026, Month: 3, Day: 2}
	initech.FollowUp.ThankYouSent = &thanked
	ids := map[string]string{}
	for name, r := range map[string]*notebook.Record{"acme": acme, "globex": globex, "initech": initech} {
		if err := b.Create(r); err != nil {
			t.Fatal(err)
		}
		ids[name] = r.ID
	}
	return ids
}

func (a *pagesApp) get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	if strings.HasPrefix(u, "/") {
		u = a.base + u[1:]
	}
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, a.client, req)
}

// post sends a form as a page of the app does (same origin).
func (a *pagesApp) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", a.base+path[1:], strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", strings.TrimSuffix(a.base, "/"))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return do(t, a.client, req)
}

// mustRecord reads a record back from the notebook on disk.
func (a *pagesApp) mustRecord(t *testing.T, name string) *notebook.Record {
	t.Helper()
	r, err := a.book.Get(a.ids[name])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkInert fails when body holds the hostile text unescaped.
func checkInert(t *testing.T, body string) {
	t.Helper()
	for _, raw := range []string{"<script>alert", "<img src=x"} {
		if strings.Contains(body, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
}
