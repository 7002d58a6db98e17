package ics

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/vevent"
)

// server serves an .ics body like a calendar host: with an ETag and
// Last-Modified it answers conditional requests 304, without them it
// sends the body every time. It counts requests and bytes sent.
type server struct {
	mu         sync.Mutex
	body       []byte
	validators bool
	status     int // when not 0, every request gets it
	requests   int
	notMod     int
	bytes      int
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if s.status != 0 {
		w.WriteHeader(s.status)
		return
	}
	if s.validators {
		etag := `"` + hash(s.body)[:16] + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Mon, 02 Mar 2026 09:00:00 GMT")
		if r.Header.Get("If-None-Match") == etag {
			s.notMod++
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	n, _ := w.Write(s.body)
	s.bytes += n
}

func (s *server) set(f func(s *server)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../vevent/testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// secretPath is the part of the address that must never show.
const secretPath = "/calendar/ical/sam.seeker%40gmail.com/private-0f1e2d3c4b5a69788796a5b4c3d2e1f0/basic.ics"

func newSource(t testing.TB, addr, dir string) *Source {
	t.Helper()
	s, err := New(slog.New(slog.DiscardHandler), Config{Name: "personal", URL: addr, Settings: vevent.Settings{StateDir: dir, Local: time.UTC}}, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var now = time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)

func TestSyncConditional(t *testing.T) {
	tests := []struct {
		name       string
		validators bool
	}{
		{"etag-304", true},
		{"no-validators-same-bytes", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &server{body: mustRead(t, "google.ics"), validators: tt.validators}
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			src := newSource(t, ts.URL+secretPath, t.TempDir())
			first, err := src.Sync(t.Context(), "personal/calendar", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(first) != 5 {
				t.Fatalf("first sync: %d events, want 5", len(first))
			}
			parsed := src.cal
			again, err := src.Sync(t.Context(), "personal/calendar", now.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if &again[0] != &first[0] || src.cal != parsed {
				t.Error("an unchanged calendar was parsed again: want the same events back")
			}
			if srv.requests != 2 {
				t.Errorf("%d requests for two polls, want 2", srv.requests)
			}
			if tt.validators && srv.notMod != 1 {
				t.Errorf("%d answers 304, want 1", srv.notMod)
			}
			// A change is seen at the next poll.
			srv.set(func(s *server) {
				s.body = []byte(strings.Replace(string(s.body), "Technical interview – Acme Corp", "Technical interview – Acme Corporation", 1))
			})
			changed, err := src.Sync(t.Context(), "personal/calendar", now.Add(2*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if changed[0].Summary != "Technical interview – Acme Corporation" {
				t.Errorf("after a change, summary = %q", changed[0].Summary)
			}
		})
	}
}

// TestSyncOfflineRestart: a new process with the server down works from
// the calendar kept in the state directory, and says the source is
// unavailable without showing the secret address.
func TestSyncOfflineRestart(t *testing.T) {
	srv := &server{body: mustRead(t, "google.ics"), validators: true}
	ts := httptest.NewServer(srv)
	dir := t.TempDir()
	addr := ts.URL + secretPath
	if _, err := newSource(t, addr, dir).Sync(t.Context(), "personal/calendar", now); err != nil {
		t.Fatal(err)
	}
	ts.Close()
	evs, err := newSource(t, addr, dir).Sync(t.Context(), "personal/calendar", now)
	if !errors.Is(err, calendar.ErrUnavailable) {
		t.Fatalf("Sync with the server down = %v, want ErrUnavailable", err)
	}
	if len(evs) != 5 {
		t.Errorf("offline after a restart: %d events, want the 5 kept", len(evs))
	}
	if strings.Contains(err.Error(), "private-") || strings.Contains(err.Error(), "basic.ics") {
		t.Errorf("error shows the secret address: %v", err)
	}
	for _, f := range []string{stateFile, bodyFile} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v, want 0600", f, err, fi.Mode().Perm())
		}
	}
}

func TestSyncErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{"reset-address", http.StatusNotFound, calendar.ErrNotFound},
		{"forbidden", http.StatusForbidden, calendar.ErrNotFound},
		{"rate-limited", http.StatusTooManyRequests, calendar.ErrRateLimited},
		{"server-error", http.StatusBadGateway, calendar.ErrUnavailable},
		{"sign-in-wanted", http.StatusUnauthorized, calendar.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(&server{status: tt.status})
			t.Cleanup(ts.Close)
			_, err := newSource(t, ts.URL+secretPath, t.TempDir()).Sync(t.Context(), "p/calendar", now)
			if !errors.Is(err, tt.want) {
				t.Errorf("HTTP %d: err = %v, want %v", tt.status, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "private-") {
				t.Errorf("error shows the secret address: %v", err)
			}
		})
	}
	t.Run("not-a-calendar", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<html>Sign in</html>")
		}))
		t.Cleanup(ts.Close)
		_, err := newSource(t, ts.URL+secretPath, t.TempDir()).Sync(t.Context(), "p/calendar", now)
		if !errors.Is(err, calendar.ErrInvalid) {
			t.Errorf("HTML page: err = %v, want ErrInvalid", err)
		}
	})
}

// TestSyncFile: a calendar file is read again only when it changes.
func TestSyncFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "cal.ics")
	if err := os.WriteFile(p, mustRead(t, "outlook.ics"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := newSource(t, p, filepath.Join(dir, "state"))
	first, err := src.Sync(t.Context(), "o/calendar", now)
	if err != nil || len(first) != 5 {
		t.Fatalf("Sync(file) = %d events, %v; want 5", len(first), err)
	}
	again, _ := src.Sync(t.Context(), "o/calendar", now)
	if &again[0] != &first[0] {
		t.Error("an unchanged file was parsed again")
	}
}

func TestBusy(t *testing.T) {
	srv := &server{body: mustRead(t, "google.ics"), validators: true}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	src := newSource(t, ts.URL+secretPath, t.TempDir())
	if _, err := src.Sync(t.Context(), "p/calendar", now); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	busy, err := src.Busy(t.Context(), []string{"calendar"}, day, day.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The interview on the 10th; not the screen declined on the 12th.
	want := []calendar.Interval{{Start: time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)}}
	if len(busy) != 1 || !busy[0].Start.Equal(want[0].Start) || !busy[0].End.Equal(want[0].End) {
		t.Errorf("Busy = %v, want %v", busy, want)
	}
	if _, err := src.InsertBlock(t.Context(), calendar.Block{}); !errors.Is(err, calendar.ErrForbidden) {
		t.Errorf("InsertBlock = %v, want ErrForbidden (read-only)", err)
	}
}
