package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/e2e"
	"github.com/debrief-dev/debrief/notebook"
)

func TestSdNotify(t *testing.T) {
	for _, tc := range []struct{ name, socket string }{
		{"path", filepath.Join(t.TempDir(), "notify")},
		{"abstract", "@debrief-test-" + strings.ReplaceAll(t.Name(), "/", "-") + "-" + time.Now().Format("150405.000000000")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sock := e2e.ListenNotify(t, tc.socket)
			read := func() string { return sock.Read(t) }
			getenv := func(k string) string {
				if k == "NOTIFY_SOCKET" {
					return tc.socket
				}
				return ""
			}
			if err := sdNotify(getenv, "READY=1\nSTATUS=watching 1 calendar"); err != nil {
				t.Fatalf("sdNotify: %v", err)
			}
			if got, want := read(), "READY=1\nSTATUS=watching 1 calendar"; got != want {
				t.Errorf("datagram = %q, want %q", got, want)
			}
			if err := sdNotify(getenv, sdReloading()); err != nil {
				t.Fatalf("sdNotify: %v", err)
			}
			if got := read(); !strings.HasPrefix(got, "RELOADING=1\nMONOTONIC_USEC=") {
				t.Errorf("datagram = %q, want RELOADING=1 and MONOTONIC_USEC", got)
			}
		})
	}
}

func TestSdNotifyNoSocket(t *testing.T) {
	if err := sdNotify(func(string) string { return "" }, "READY=1"); err != nil {
		t.Errorf("sdNotify without NOTIFY_SOCKET = %v, want nil", err)
	}
	gone := filepath.Join(t.TempDir(), "gone")
	err := sdNotify(func(string) string { return gone }, "READY=1")
	if err == nil || !strings.Contains(err.Error(), `tell systemd "READY=1"`) {
		t.Errorf("sdNotify to a missing socket = %v, want an error naming READY=1", err)
	}
	if err := sdNotify(func(string) string { return "relative" }, "READY=1"); err == nil {
		t.Error("sdNotify to a relative socket path = nil, want an error")
	}
}

// The built binary, run as a person's systemd would run it.

// The test binary doubles as the notification command of the daemon
// under test: it records its arguments and exits (e2e.RecordIfAsked).
func init() { e2e.RecordIfAsked() }

// e2eRecord is one notification the daemon delivered through the command
// backend: when, and the arguments.
type e2eRecord = e2e.Nudge

// e2eSetup is a fake calendar and a config pointing at it.
type e2eSetup struct {
	fake             *calendartest.Server
	dir, config      string
	notebook, state  string
	record           string
	home, notifySock string
}

func newE2E(t *testing.T) *e2eSetup {
	t.Helper()
	s := e2eFiles(t)
	s.writeConfig(t, "")
	return s
}

// e2eFiles is a fake calendar and where a daemon keeps its files, in a
// temporary directory; no config is written yet.
func e2eFiles(t testing.TB) *e2eSetup {
	t.Helper()
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	dir := t.TempDir()
	return &e2eSetup{
		fake: fake, dir: dir,
		config:     filepath.Join(dir, "config.toml"),
		notebook:   filepath.Join(dir, "notebook"),
		state:      filepath.Join(dir, "state"),
		record:     filepath.Join(dir, "notifications.jsonl"),
		home:       filepath.Join(dir, "home"),
		notifySock: filepath.Join(dir, "notify.sock"),
	}
}

// writeConfig writes the config, with extra TOML appended.
func (s *e2eSetup) writeConfig(t *testing.T, extra string) {
	t.Helper()
	c := fmt.Sprintf(`[calendar]
calendars = ["primary"]
poll_interval = "5s"
auth = "none"
endpoint = %q
max_attempts = 2
request_timeout = "5s"

[alerts]
tick = "1s"
weekly_review = "" # its Sunday-evening notice would be one more, on some days only

%s%s`, s.fake.Endpoint(), e2e.Sections(t, s.notebook, s.state), extra)
	if err := os.WriteFile(s.config, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
}

// env is the daemon's environment: nothing of the person's.
func (s *e2eSetup) env() []string {
	return e2e.Env(s.home, s.record, "NOTIFY_SOCKET="+s.notifySock)
}

// e2eInterview puts an interview ending at end into the fake.
func e2eInterview(fake *calendartest.Server, end time.Time) *gcal.Event {
	return fake.Put("primary", &gcal.Event{
		Summary:     "Technical interview – Acme Corp – Backend Engineer",
		Description: "Technical interview for the Backend Engineer role.",
		Start:       &gcal.EventDateTime{DateTime: end.Add(-45 * time.Minute).Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		End:         &gcal.EventDateTime{DateTime: end.Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		HangoutLink: "https://meet.google.com/abc-defg-hij",
		Organizer:   &gcal.EventOrganizer{Email: "sam.lee@acme.example", DisplayName: "Sam Lee"},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "sam.lee@acme.example", DisplayName: "Sam Lee", Organizer: true, ResponseStatus: "accepted"},
			{Email: "jane.doe@acme.example", DisplayName: "Jane Doe", ResponseStatus: "accepted"},
		},
	})
}

// startDaemon starts `debrief daemon` with extraEnv and waits for
// READY=1, which must say it watches the one calendar. It returns the
// process, its output so far and the notification socket.
func (s *e2eSetup) startDaemon(t *testing.T, bin string, extraEnv ...string) (*e2e.Proc, *e2e.Buffer, func() string) {
	t.Helper()
	sock := e2e.ListenNotify(t, s.notifySock)
	log := &e2e.Buffer{}
	p := e2e.StartOutput(t, bin, append(s.env(), extraEnv...), log, "--config", s.config, "daemon")
	if got, err := sock.Ready(20 * time.Second); err != nil || !strings.HasPrefix(got, "READY=1\nSTATUS=watching 1 calendar") {
		t.Fatalf("notification at start = %q (%v), want READY=1 with a status\nlog:\n%s", got, err, log)
	}
	return p, log, func() string { return sock.Read(t) }
}

// stopDaemon sends SIGTERM and checks it exits with status 0 within 5 s.
func stopDaemon(t *testing.T, p *e2e.Proc, log *e2e.Buffer) {
	t.Helper()
	if err := p.Stop(5 * time.Second); err != nil {
		t.Errorf("daemon after SIGTERM: %v, want exit status 0\nlog:\n%s", err, log)
	}
}

func TestDaemonBinary(t *testing.T) {
	bin := e2e.MustBuild(t)

	t.Run("interview-to-nudge", func(t *testing.T) {
		t.Parallel()
		s := newE2E(t)
		end := time.Now().Add(4 * time.Second).Truncate(time.Second)
		iv := e2eInterview(s.fake, end)
		cmd, log, read := s.startDaemon(t, bin)
		blockID := calendar.BlockID("primary", iv.Id)
		e2e.Await(t, 10*time.Second, "no block in the calendar", func() bool {
			_, ok := s.fake.Event("primary", blockID)
			return ok
		})
		b, _ := s.fake.Event("primary", blockID)
		wantStart, wantEnd := end, end.Add(30*time.Minute)
		if gs, _ := time.Parse(time.RFC3339, b.Start.DateTime); !gs.Equal(wantStart) || b.Start.TimeZone != "Europe/Berlin" {
			t.Errorf("block starts %s %s, want %s Europe/Berlin", b.Start.DateTime, b.Start.TimeZone, wantStart)
		}
		if ge, _ := time.Parse(time.RFC3339, b.End.DateTime); !ge.Equal(wantEnd) {
			t.Errorf("block ends %s, want %s", b.End.DateTime, wantEnd)
		}
		var nudge e2eRecord
		e2e.Await(t, 15*time.Second, "no nudge recorded", func() bool {
			for _, r := range e2e.MustNudges(t, s.record) {
				if len(r.Args) == 2 && strings.Contains(r.Args[0], "over") {
					nudge = r
					return true
				}
			}
			return false
		})
		if nudge.At.Before(end) {
			t.Errorf("nudge at %s, before the interview's end %s", nudge.At, end)
		}
		if !strings.Contains(nudge.Args[0], "Acme") || !strings.Contains(nudge.Args[1], "debrief reflect ") {
			t.Errorf("nudge = %q, want the company and the reflect command", nudge.Args)
		}
		stopDaemon(t, cmd, log)
		if got := read(); got != "STOPPING=1" {
			t.Errorf("notification at shutdown = %q, want STOPPING=1", got)
		}
		lg := slog.New(slog.NewTextHandler(io.Discard, nil))
		book, err := notebook.Open(lg, s.notebook)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := book.List()
		if err != nil || len(recs) != 1 || recs[0].Source == nil || recs[0].Source.EventID != iv.Id {
			t.Fatalf("notebook = %d records (%v), want the interview's", len(recs), err)
		}
		if recs[0].Interview.Company != "Acme Corp" {
			t.Errorf("record company = %q, want Acme Corp", recs[0].Interview.Company)
		}
		if !strings.Contains(nudge.Args[1], "debrief reflect "+recs[0].ID) {
			t.Errorf("nudge body %q does not name the record %s", nudge.Args[1], recs[0].ID)
		}
	})

	t.Run("sighup", func(t *testing.T) {
		t.Parallel()
		s := newE2E(t)
		cmd, log, read := s.startDaemon(t, bin)
		good, err := os.ReadFile(s.config)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.config, append(good, "\n[block]\nduraton = \"30m\"\n"...), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd.Cmd.Process.Signal(syscall.SIGHUP)
		if got := read(); !strings.HasPrefix(got, "RELOADING=1\nMONOTONIC_USEC=") {
			t.Errorf("notification on SIGHUP = %q, want RELOADING=1", got)
		}
		if got := read(); !strings.HasPrefix(got, "READY=1") || !strings.Contains(got, "last reload failed") {
			t.Errorf("notification after a failed reload = %q, want READY=1 saying it failed", got)
		}
		lines := strings.Count(string(good), "\n") + 3
		want := fmt.Sprintf("config.toml:%d: unknown key block.duraton (did you mean block.duration?)", lines)
		e2e.Await(t, 5*time.Second, "the log does not say why the reload failed: "+want, func() bool {
			return strings.Contains(log.String(), "config reload failed") && strings.Contains(log.String(), want)
		})
		if cmd.Exited() {
			t.Fatal("daemon exited after a bad reload")
		}
		s.writeConfig(t, "\n[block]\nduration = \"20m\"\n")
		cmd.Cmd.Process.Signal(syscall.SIGHUP)
		read()
		if got := read(); !strings.HasPrefix(got, "READY=1") || strings.Contains(got, "failed") {
			t.Errorf("notification after a good reload = %q, want READY=1", got)
		}
		e2e.Await(t, 5*time.Second, "the log does not say the config was reloaded", func() bool {
			return strings.Contains(log.String(), "config reloaded")
		})
		// A config that loads but cannot run: the running one is kept.
		c, _ := os.ReadFile(s.config)
		self, _ := os.Executable()
		os.WriteFile(s.config, bytes.Replace(c, []byte(strconv.Quote(self)), []byte(`"/nonexistent/notify-send"`), 1), 0o600)
		cmd.Cmd.Process.Signal(syscall.SIGHUP)
		read()
		if got := read(); !strings.HasPrefix(got, "READY=1") {
			t.Errorf("notification after an unusable config = %q, want READY=1", got)
		}
		e2e.Await(t, 5*time.Second, "the log does not say the new config cannot run", func() bool {
			return strings.Contains(log.String(), "new configuration cannot run; keeping the running configuration") &&
				strings.Contains(log.String(), "/nonexistent/notify-send")
		})
		stopDaemon(t, cmd, log)
	})

	t.Run("sigterm-mid-write", func(t *testing.T) {
		t.Parallel()
		// The block insert takes 2 s; SIGTERM arrives while it is in
		// flight: the write finishes, is recorded, and the daemon exits 0
		// within 5 s.
		s := newE2E(t)
		arrived := make(chan struct{}, 1)
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/events") {
				select {
				case arrived <- struct{}{}:
				default:
				}
			}
			s.fake.Handler().ServeHTTP(w, r)
		}))
		t.Cleanup(front.Close)
		c, _ := os.ReadFile(s.config)
		os.WriteFile(s.config, bytes.Replace(c, []byte(s.fake.Endpoint()), []byte(front.URL+"/calendar/v3/"), 1), 0o600)
		s.fake.Inject(calendartest.Fault{Method: http.MethodPost, PathContains: "/events", Latency: 2 * time.Second})
		cmd, log, _ := s.startDaemon(t, bin)
		iv := e2eInterview(s.fake, time.Now().Add(2*time.Hour).Truncate(time.Minute))
		select {
		case <-arrived:
		case <-time.After(15 * time.Second):
			t.Fatalf("no block insert within 15 s\nlog:\n%s", log)
		}
		stopDaemon(t, cmd, log)
		id := calendar.BlockID("primary", iv.Id)
		if _, ok := s.fake.Event("primary", id); !ok {
			t.Errorf("the block insert in flight at SIGTERM did not finish\nlog:\n%s", log)
		}
		ledger, err := os.ReadFile(filepath.Join(s.state, "ledger.json"))
		if err != nil || !strings.Contains(string(ledger), id) {
			t.Errorf("the ledger does not record the block written at shutdown (%v):\n%s", err, ledger)
		}
	})

	t.Run("signed-out", func(t *testing.T) {
		t.Parallel()
		// No token: the daemon runs anyway, from its cache, and tells the
		// person once, not at every poll.
		s := newE2E(t)
		c, _ := os.ReadFile(s.config)
		creds := filepath.Join(s.dir, "credentials.json")
		os.WriteFile(creds, []byte(`{"installed":{"client_id":"c","client_secret":"s"}}`), 0o600)
		c = bytes.Replace(c, []byte(`auth = "none"`), []byte(fmt.Sprintf("auth = \"oauth\"\ncredentials_file = %q\ntoken_file = %q", creds, filepath.Join(s.dir, "token.json"))), 1)
		os.WriteFile(s.config, c, 0o600)
		cmd, log, _ := s.startDaemon(t, bin)
		e2e.Await(t, 20*time.Second, "the daemon did not poll three times", func() bool {
			return strings.Count(log.String(), "calendar sync failed") >= 3
		})
		var told []e2eRecord
		for _, r := range e2e.MustNudges(t, s.record) {
			if strings.Contains(r.Args[1], "not signed in yet: run `debrief auth`") {
				told = append(told, r)
			}
		}
		if len(told) != 1 {
			t.Errorf("told the person %d times they are not signed in yet, want once: %v\nlog:\n%s", len(told), told, log)
		}
		if !strings.Contains(log.String(), "no token at "+filepath.Join(s.dir, "token.json")) {
			t.Errorf("log does not name the missing token:\n%s", log)
		}
		stopDaemon(t, cmd, log)
	})

	t.Run("once", func(t *testing.T) {
		t.Parallel()
		s := newE2E(t)
		iv := e2eInterview(s.fake, time.Now().Add(time.Hour))
		once := func() (string, int) { return e2e.Run(t, bin, s.env(), "--config", s.config, "daemon", "--once") }
		if out, code := once(); code != 0 {
			t.Fatalf("daemon --once = exit %d, want 0\n%s", code, out)
		}
		if _, ok := s.fake.Event("primary", calendar.BlockID("primary", iv.Id)); !ok {
			t.Error("daemon --once wrote no block")
		}
		s.fake.Inject(calendartest.Fault{Status: 401})
		out, code := once()
		if code != 1 || !strings.Contains(out, "run `debrief auth`") {
			t.Errorf("daemon --once when unauthorized = exit %d, want 1 saying to run debrief auth\n%s", code, out)
		}
		s.fake.ClearFaults()
		s.writeConfig(t, "")
		c, _ := os.ReadFile(s.config)
		tokenless := strings.Replace(string(c), `auth = "none"`, fmt.Sprintf("auth = \"oauth\"\ntoken_file = %q\ncredentials_file = %q", filepath.Join(s.dir, "no-token.json"), filepath.Join(s.dir, "creds.json")), 1)
		os.WriteFile(s.config, []byte(tokenless), 0o600)
		out, code = once()
		if code != 1 || !strings.Contains(out, "credentials file") {
			t.Errorf("daemon --once without credentials = exit %d, want 1 naming the credentials file\n%s", code, out)
		}
		if out, code := e2e.Run(t, bin, s.env(), "daemon", "--bogus"); code != 2 {
			t.Errorf("daemon --bogus = exit %d, want 2\n%s", code, out)
		}
	})
}

// TestDaemonStopDuringStart stops the daemon (its context ends, as on
// SIGTERM) before it reaches its loop, as a SIGTERM during the start or a
// reload does: Run ends too, so both of the loop's first select cases are
// ready. That is a normal stop, exit status 0, whichever case select
// picks; it was "daemon loop ended unexpectedly: <nil>" half of the time.
// Looking NOTIFY_SOCKET up (for READY=1, just before the loop) yields the
// processor so that Run's goroutine ends first; each round is a coin toss
// without the fix, and passes with it however the goroutines run.
func TestDaemonStopDuringStart(t *testing.T) {
	s := newE2E(t)
	vars := map[string]string{}
	for _, kv := range s.env() {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	delete(vars, "NOTIFY_SOCKET")
	getenv := func(k string) string {
		if k == "NOTIFY_SOCKET" {
			time.Sleep(20 * time.Millisecond)
		}
		return vars[k]
	}
	for i := range 12 {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var out, errOut bytes.Buffer
		if err := run(ctx, []string{"--config", s.config, "daemon"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
			t.Fatalf("round %d: daemon stopped during its start = %v, want nil\nlog:\n%s", i, err, errOut.String())
		}
	}
}
