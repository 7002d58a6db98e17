package caldav

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/internal/radicaletest"
)

// counter counts the requests and response bytes of a client.
type counter struct {
	requests, bytes atomic.Int64
	methods         []string
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	c.methods = append(c.methods, r.Method)
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.ContentLength > 0 {
		c.bytes.Add(resp.ContentLength)
	}
	return resp, err
}

// putEvent stores an iCalendar object in the collection, as another
// client (the person's calendar app) would.
func putEvent(t testing.TB, coll, name, ics string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, coll+name+".ics", strings.NewReader(strings.ReplaceAll(ics, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("sam", "x")
	req.Header.Set("Content-Type", "text/calendar; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT %s: %s", name, resp.Status)
	}
}

func deleteObject(t *testing.T, u string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, u, nil)
	req.SetBasicAuth("sam", "x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func interview(uid string, start time.Time) string {
	f := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	return `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Fastmail//EN
BEGIN:VEVENT
UID:` + uid + `
DTSTAMP:20260301T090000Z
DTSTART:` + f(start) + `
DTEND:` + f(start.Add(time.Hour)) + `
SUMMARY:Technical interview – Acme Corp
ORGANIZER;CN=Jane Doe:mailto:jane@acme.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam@example.com
END:VEVENT
END:VCALENDAR
`
}

func newSource(t *testing.T, cfg Config, c *counter) *Source {
	t.Helper()
	pw := filepath.Join(t.TempDir(), "dav.pass")
	if err := os.WriteFile(pw, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Username, cfg.PasswordFile = "sam@example.com", pw
	if cfg.StateDir == "" {
		cfg.StateDir = t.TempDir()
	}
	s, err := New(slog.New(slog.DiscardHandler), cfg, &http.Client{Transport: c, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRadicale: sync by ctag and etags, blocks written once, moved,
// never brought back after a delete, against a real Radicale.
func TestRadicale(t *testing.T) {
	srv := radicaletest.Start(t)
	// Radicale's user is the login; sam@example.com owns /sam@example.com/.
	coll := srv.MkCalendar(t, "sam@example.com", "interviews")
	now := time.Now().Truncate(time.Minute)
	start := now.Add(2 * time.Hour)
	putEvent(t, strings.Replace(coll, "sam@example.com", "sam@example.com", 1), "iv1", interview("iv1@example.com", start))
	c := &counter{}
	src := newSource(t, Config{Name: "dav", URL: coll}, c)

	evs, err := src.Sync(t.Context(), "interviews", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ID != "iv1@example.com" || evs[0].SelfResponse() != "accepted" || !evs[0].Start.Equal(start) {
		t.Fatalf("first sync = %+v, want the interview", evs)
	}
	c.requests.Store(0)
	again, err := src.Sync(t.Context(), "interviews", now)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.requests.Load(); got != 1 {
		t.Errorf("idle poll made %d requests, want 1 PROPFIND", got)
	}
	if &again[0] != &evs[0] {
		t.Error("idle poll built new events")
	}

	b := calendar.Block{
		CalendarID: "interviews", ID: calendar.BlockID("dav/interviews", "iv1@example.com"),
		InterviewCalendarID: "dav/interviews", InterviewEventID: "iv1@example.com",
		Summary: "Debrief: Acme Corp", Start: start.Add(time.Hour), End: start.Add(90 * time.Minute),
	}
	got, err := src.InsertBlock(t.Context(), b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.IsBlock() || got.ID != b.ID {
		t.Errorf("InsertBlock = %+v, want the block", got)
	}
	if _, err := src.InsertBlock(t.Context(), b); err != nil {
		t.Errorf("second InsertBlock: %v", err)
	}
	evs, err = src.Sync(t.Context(), "interviews", now)
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for _, e := range evs {
		if e.IsBlock() {
			blocks++
		}
	}
	if len(evs) != 2 || blocks != 1 {

		t.Errorf("after two inserts: %d events, %d blocks; want 2 events, 1 block", len(evs), blocks)
	}

	// The interview moves; the block follows.
	b.Start, b.End = b.Start.Add(time.Hour), b.End.Add(time.Hour)
	if _, err := src.MoveBlock(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	evs, _ = src.Sync(t.Context(), "interviews", now)
	for _, e := range evs {
		if e.IsBlock() && !e.Start.Equal(b.Start) {
			t.Errorf("moved block starts %v, want %v", e.Start, b.Start)
		}
	}

	// The person deletes the block in their calendar app: it stays gone.
	deleteObject(t, coll+b.ID+".ics")
	if _, err := src.Sync(t.Context(), "interviews", now); err != nil {
		t.Fatal(err)
	}
	if _, err := src.InsertBlock(t.Context(), b); !errors.Is(err, calendar.ErrBlockDeleted) {
		t.Errorf("InsertBlock after the person deleted it = %v, want ErrBlockDeleted", err)
	}
	if err := src.DeleteBlock(t.Context(), "interviews", b.ID); err != nil {
		t.Errorf("DeleteBlock of a block already gone = %v, want nil", err)
	}

	// The server goes down: the last events, and ErrUnavailable.
	srv.Stop()
	evs, err = src.Sync(t.Context(), "interviews", now)
	if !errors.Is(err, calendar.ErrUnavailable) || len(evs) != 1 {
		t.Errorf("Sync with the server down = %d events, %v; want 1 and ErrUnavailable", len(evs), err)
	}
	srv.Restart(t)
	if _, err := src.Sync(t.Context(), "interviews", now); err != nil {
		t.Errorf("Sync once the server is back: %v", err)
	}
}

// TestRadicaleDiscovery: the account address with calendars = [...]
// finds the collections through the principal and the home set.
func TestRadicaleDiscovery(t *testing.T) {
	srv := radicaletest.Start(t)
	srv.MkCalendar(t, "sam@example.com", "interviews")
	other := srv.MkCalendar(t, "sam@example.com", "work")
	now := time.Now().Truncate(time.Minute)
	putEvent(t, other, "w1", interview("w1@example.com", now.Add(time.Hour)))
	src := newSource(t, Config{Name: "dav", URL: srv.URL + "/", Calendars: []string{"interviews", "work"}}, &counter{})
	evs, err := src.Sync(t.Context(), "work", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ID != "w1@example.com" {
		t.Errorf("work = %+v, want w1", evs)
	}
	if _, err := src.Sync(t.Context(), "interviews", now); err != nil {
		t.Errorf("interviews: %v", err)
	}
	_, err = src.Sync(t.Context(), "nope", now)
	if !errors.Is(err, calendar.ErrNotFound) || !strings.Contains(err.Error(), "it has interviews, work") {
		t.Errorf("unknown calendar: %v, want ErrNotFound listing the calendars", err)
	}
}

// TestWrongPassword: a refused password says what to check, and a
// corrected password file is read at the next poll, without a restart.
func TestWrongPassword(t *testing.T) {
	srv := radicaletest.Start(t)
	coll := srv.MkCalendar(t, "sam@example.com", "interviews")
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pw, ok := r.BasicAuth(); !ok || pw != "right" {
			w.Header().Set("WWW-Authenticate", `Basic realm="dav"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	pw := filepath.Join(t.TempDir(), "dav.pass")
	if err := os.WriteFile(pw, []byte("wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(slog.New(slog.DiscardHandler), Config{Name: "dav", URL: strings.Replace(coll, srv.URL, front.URL, 1), Username: "sam@example.com", PasswordFile: pw, Settings: vevent.Settings{StateDir: t.TempDir()}}, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Sync(t.Context(), "interviews", time.Now())
	if !errors.Is(err, calendar.ErrUnauthorized) || !strings.Contains(err.Error(), "check username and the password") {
		t.Fatalf("Sync with a wrong password = %v, want ErrUnauthorized saying what to check", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the error shows the password: %v", err)
	}
	if err := os.WriteFile(pw, []byte("right\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync(t.Context(), "interviews", time.Now()); err != nil {
		t.Errorf("Sync after the password file was corrected: %v", err)
	}
}
