package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/e2e"
	"github.com/debrief-dev/debrief/internal/radicaletest"
)

// sourceKind is one kind of calendar source under the built daemon: where
// its interviews go, how it goes down and comes back, and what blocks it
// takes.
type sourceKind struct {
	config   string                          // the [[sources]] entry and block.calendar
	put      func(uid string, end time.Time) // an interview ending at end
	down, up func(t testing.TB)
	blocks   func(t *testing.T) int // debrief's blocks in the source; -1: read-only
}

// icsKind is an ICS address served by httptest with ETags.
func icsKind(t *testing.T, dir string) sourceKind {
	var mu sync.Mutex
	events := map[string]time.Time{}
	down := false
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if down {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		body := icsCalendar(events)
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	urlFile := filepath.Join(dir, "personal.url")
	if err := os.WriteFile(urlFile, []byte(ts.URL+"/calendar/ical/me/private-s3cret/basic.ics\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	set := func(v bool) func(testing.TB) {
		return func(testing.TB) { mu.Lock(); down = v; mu.Unlock() }
	}
	return sourceKind{
		config: fmt.Sprintf("\n[[sources]]\nname = \"personal\"\nkind = \"ics\"\nurl_file = %q\n", urlFile),
		put:    func(uid string, end time.Time) { mu.Lock(); events[uid] = end; mu.Unlock() },
		down:   set(true), up: set(false),
		blocks: func(*testing.T) int { return -1 },
	}
}

// caldavKind is a calendar on a real Radicale, where blocks go too.
func caldavKind(t *testing.T, dir string) sourceKind {
	srv := radicaletest.Start(t)
	coll := srv.MkCalendar(t, "me", "interviews")
	pw := filepath.Join(dir, "dav.pass")
	if err := os.WriteFile(pw, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return sourceKind{
		config: fmt.Sprintf("\n[block]\ncalendar = \"dav/interviews\"\n\n[[sources]]\nname = \"dav\"\nkind = \"caldav\"\nurl = %q\nusername = \"me\"\npassword_file = %q\n", coll, pw),
		put: func(uid string, end time.Time) {
			ics := strings.ReplaceAll(icsInterview(end), "ics-interview-1@google.com", uid)
			req, _ := http.NewRequest(http.MethodPut, coll+uid+".ics", strings.NewReader(ics))
			req.SetBasicAuth("me", "x")
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode/100 != 2 {
				t.Errorf("PUT %s: %v %v", uid, resp, err)
			}
		},
		down: func(testing.TB) { srv.Stop() }, up: srv.Restart,
		blocks: func(t *testing.T) int {
			n := 0
			for _, name := range davObjects(t, coll) {
				if len(name) == len("0123456789abcdefghijklmnopqrstuv0123456789abcdefghij.ics") && !strings.Contains(name, "@") {
					n++
				}
			}
			return n
		},
	}
}

// googleKind is a second Google account as a source, on a calendartest fake.
func googleKind(t *testing.T, _ string) sourceKind {
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	return sourceKind{
		config: fmt.Sprintf("\n[block]\ncalendar = \"work/primary\"\n\n[[sources]]\nname = \"work\"\nkind = \"google\"\nauth = \"none\"\nendpoint = %q\n", fake.Endpoint()),
		put:    func(_ string, end time.Time) { putInterview(fake, "primary", "Acme", end) },
		down:   func(testing.TB) { fake.Inject(calendartest.Fault{Status: http.StatusServiceUnavailable}) },
		up:     func(testing.TB) { fake.ClearFaults() },
		blocks: func(*testing.T) int { return len(blocksOn(fake, "primary")) },
	}
}

// TestDaemonBinarySources runs the built daemon against each kind of
// source: the interview is found and nudged once, its block written where
// the source takes blocks; a restart adds neither; the source goes down
// and comes back, and an interview added meanwhile is nudged too.
func TestDaemonBinarySources(t *testing.T) {
	bin := e2e.MustBuild(t)
	for _, tt := range []struct {
		name string
		kind func(*testing.T, string) sourceKind
	}{{"google", googleKind}, {"ics", icsKind}, {"caldav", caldavKind}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			k := tt.kind(t, dir)
			nudges, logPath := filepath.Join(dir, "nudges.jsonl"), filepath.Join(dir, "daemon.log")
			cfg := filepath.Join(dir, "config.toml")
			file := fmt.Sprintf(`[calendar]
poll_interval = "5s"
max_attempts = 1
request_timeout = "3s"

[alerts]
tick = "1s"
briefing = "0s"
weekly_review = ""

%s%s`, e2e.Sections(t, filepath.Join(dir, "nb"), filepath.Join(dir, "state")), k.config)
			if err := os.WriteFile(cfg, []byte(file), 0o600); err != nil {
				t.Fatal(err)
			}
			env := e2e.Env(filepath.Join(dir, "home"), nudges)
			logText := func() string { b, _ := os.ReadFile(logPath); return string(b) }
			ended := func() int {
				ns, err := e2e.Nudges(nudges)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, x := range ns {
					if strings.HasSuffix(x.Args[0], " over") {
						n++
					}
				}
				return n
			}
			k.put("first@example.com", time.Now().Add(6*time.Second).Truncate(time.Second))
			p := e2e.Start(t, bin, env, logPath, "--config", cfg, "daemon")
			if !e2e.WaitFor(30*time.Second, func() bool { return ended() >= 1 }) {
				t.Fatalf("no nudge within 30 s\nlog:\n%s", logText())
			}
			if k.blocks(t) > 1 || k.blocks(t) == 0 {
				t.Errorf("blocks = %d, want 1 (or none for a read-only source: -1)", k.blocks(t))
			}
			if err := p.Stop(10 * time.Second); err != nil {
				t.Errorf("stop: %v\nlog:\n%s", err, logText())
			}

			// Restart: nothing new.
			p = e2e.Start(t, bin, env, logPath, "--config", cfg, "daemon")
			e2e.WaitFor(15*time.Second, func() bool { return strings.Count(logText(), "daemon started") >= 2 })
			time.Sleep(6 * time.Second) // a poll and a few ticks
			if n := ended(); n != 1 {
				t.Errorf("after a restart: %d ended nudges, want 1", n)
			}
			if b := k.blocks(t); b > 1 {
				t.Errorf("after a restart: %d blocks, want 1", b)
			}

			// A second interview, then the source goes down, and comes
			// back: the daemon catches up and nudges it.
			k.put("second@example.com", time.Now().Add(16*time.Second).Truncate(time.Second))
			k.down(t)
			if !e2e.WaitFor(20*time.Second, func() bool { return strings.Count(logText(), "calendar sync failed") > 0 }) {
				t.Errorf("no sync failure logged with the source down\nlog:\n%s", logText())
			}
			k.up(t)
			if !e2e.WaitFor(40*time.Second, func() bool { return ended() >= 2 }) {
				t.Errorf("the interview added while the source was down was not nudged\nlog:\n%s", logText())
			}
			if err := p.Stop(10 * time.Second); err != nil {
				t.Errorf("stop: %v", err)
			}
			if n := ended(); n != 2 {
				t.Errorf("ended nudges = %d, want 2", n)
			}
			// The two interviews are back to back (block.merge_gap): one
			// block, after the second.
			if b := k.blocks(t); b != -1 && b != 1 {
				t.Errorf("blocks = %d, want 1", b)
			}
			if strings.Contains(logText(), "private-s3cret") {
				t.Error("the log shows the secret address")
			}
		})
	}
}

// icsCalendar is a calendar holding an interview per uid, ending at its time.
func icsCalendar(events map[string]time.Time) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:sam.seeker@gmail.com\r\n")
	for uid, end := range events {
		ics := strings.ReplaceAll(icsInterview(end), "ics-interview-1@google.com", uid)
		_, ev, _ := strings.Cut(ics, "BEGIN:VEVENT")
		ev, _, _ = strings.Cut(ev, "END:VEVENT")
		b.WriteString("BEGIN:VEVENT" + ev + "END:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}
