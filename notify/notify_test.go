package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// noEnv is an empty environment, except for a runtime directory that does not
// exist, so that no session bus is ever found through it.
func noEnv(k string) string {
	if k == "XDG_RUNTIME_DIR" {
		return "/nonexistent/debrief-test"
	}
	return ""
}

// env returns a getenv over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// mustSocket creates a listening unix socket at path, closed at the end of the
// test. Connections to it are accepted and never answered.
func mustSocket(t *testing.T, path string) *net.UnixListener {
	t.Helper()
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestNew(t *testing.T) {
	exe := mustExe(t)
	runtimeDir := t.TempDir()
	mustSocket(t, filepath.Join(runtimeDir, "bus"))
	fileDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(fileDir, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	spaceDir := filepath.Join(t.TempDir(), "a b")
	if err := os.Mkdir(spaceDir, 0o700); err != nil {
		t.Fatal(err)
	}
	mustSocket(t, filepath.Join(spaceDir, "bus"))

	type result struct {
		Backend string
		BusAddr string
		Argv    []string
		Timeout time.Duration
		AppName string
	}
	tests := []struct {
		name    string
		cfg     Config
		env     map[string]string
		want    result
		wantErr string
	}{
		{
			name: "desktop-from-env",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"},
			want: result{Backend: "desktop", BusAddr: "unix:path=/run/user/1000/bus", Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "empty-backend-is-desktop",
			cfg:  Config{Timeout: time.Second, AppName: "x"},
			env:  map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:abstract=/tmp/dbus-x"},
			want: result{Backend: "desktop", BusAddr: "unix:abstract=/tmp/dbus-x", Timeout: time.Second, AppName: "x"},
		},
		{
			name: "desktop-from-runtime-dir",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"XDG_RUNTIME_DIR": runtimeDir},
			want: result{Backend: "desktop", BusAddr: "unix:path=" + filepath.Join(runtimeDir, "bus"), Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "runtime-dir-path-escaped",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"XDG_RUNTIME_DIR": spaceDir},
			want: result{Backend: "desktop", BusAddr: "unix:path=" + strings.ReplaceAll(filepath.Join(spaceDir, "bus"), " ", "%20"), Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "no-bus-falls-back-to-log",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"XDG_RUNTIME_DIR": "/nonexistent/debrief-test"},
			want: result{Backend: "log", Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "autolaunch-address-is-no-address",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:", "XDG_RUNTIME_DIR": "/nonexistent/debrief-test"},
			want: result{Backend: "log", Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "runtime-dir-bus-not-a-socket",
			cfg:  Config{Backend: "desktop"},
			env:  map[string]string{"XDG_RUNTIME_DIR": fileDir},
			want: result{Backend: "log", Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "command-absolute",
			cfg:  Config{Backend: "command", Command: []string{exe, "{title}"}},
			want: result{Backend: "command", Argv: []string{exe, "{title}"}, Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name: "command-from-path",
			cfg:  Config{Backend: "command", Command: []string{filepath.Base(exe), "{body}"}},
			env:  map[string]string{"PATH": "/nonexistent:" + filepath.Dir(exe)},
			want: result{Backend: "command", Argv: []string{exe, "{body}"}, Timeout: DefaultTimeout, AppName: "debrief"},
		},
		{
			name:    "command-relative-path-entry-ignored",
			cfg:     Config{Backend: "command", Command: []string{filepath.Base(exe)}},
			env:     map[string]string{"PATH": "."},
			wantErr: "not found in PATH",
		},
		{
			name:    "command-missing",
			cfg:     Config{Backend: "command", Command: []string{"debrief-no-such-program"}},
			env:     map[string]string{"PATH": "/usr/bin:/bin"},
			wantErr: "not found in PATH",
		},
		{
			name:    "command-not-executable",
			cfg:     Config{Backend: "command", Command: []string{filepath.Join(fileDir, "bus")}},
			wantErr: "not an executable file",
		},
		{
			name:    "command-empty",
			cfg:     Config{Backend: "command"},
			wantErr: "needs notify.command",
		},
		{
			name:    "unknown-backend",
			cfg:     Config{Backend: "email"},
			wantErr: `unknown backend "email"`,
		},
		{
			name:    "negative-timeout",
			cfg:     Config{Backend: "log", Timeout: -time.Second},
			wantErr: "negative",
		},
		{
			name: "log",
			cfg:  Config{Backend: "log"},
			want: result{Backend: "log", Timeout: DefaultTimeout, AppName: "debrief"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(discardLogger(), tt.cfg, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New(%+v) = %v, want an error containing %q", tt.cfg, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%+v) = %v", tt.cfg, err)
			}
			got := result{n.Backend(), n.busAddr, n.argv, n.timeout, n.appName}
			if d := cmp.Diff(got, tt.want); d != "" {
				t.Errorf("New(%+v) (-got +want):\n%s", tt.cfg, d)
			}
		})
	}
}

// logRecords returns a logger writing JSON to the returned buffer.
func logRecords() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// decodeRecords decodes the JSON log lines in buf.
func decodeRecords(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var recs []map[string]any
	dec := json.NewDecoder(buf)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF {
			return recs
		} else if err != nil {
			t.Fatal(err)
		}
		delete(m, "time")
		recs = append(recs, m)
	}
}

func TestLogBackend(t *testing.T) {
	lg, buf := logRecords()
	n, err := New(lg, Config{Backend: "log"}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(t.Context(), "Acme\u202E <b>interview</b>\nended", "Reflect:\r\n\x07debrief reflect"); err != nil {
		t.Fatalf("Notify() = %v", err)
	}
	got := decodeRecords(t, buf)
	want := []map[string]any{{
		"level": "INFO", "msg": "notification",
		"title": "Acme <b>interview</b> ended", "body": "Reflect:\ndebrief reflect",
	}}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("log records (-got +want):\n%s", d)
	}
	if desc, err := n.Check(t.Context()); err != nil || desc == "" {
		t.Errorf("Check() = %q, %v; want a description and no error", desc, err)
	}
}

// procsNamed returns the ids of the running processes whose command name is
// one of names.
func procsNamed(t *testing.T, names ...string) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to look for processes in: %v", err)
	}
	var pids []string
	for _, e := range ents {
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil {
			continue // not a process, or gone
		}
		if slices.Contains(names, strings.TrimSpace(string(comm))) {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

// With no bus anywhere, the desktop backend logs one warning and delivers to
// the log, and nothing starts a bus: godbus's SessionBus would run
// dbus-launch here, which leaves a dbus-daemon behind.
func TestNoBusFallsBackToLogWithoutLaunchingOne(t *testing.T) {
	before := procsNamed(t, "dbus-launch", "dbus-daemon")
	lg, buf := logRecords()
	n, err := New(lg, Config{Backend: "desktop"}, noEnv)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	if got := n.Backend(); got != BackendLog {
		t.Errorf("Backend() = %q, want %q", got, BackendLog)
	}
	for range 3 {
		if err := n.Notify(t.Context(), "Interview ended", "Reflect now"); err != nil {
			t.Fatalf("Notify() = %v", err)
		}
	}
	recs := decodeRecords(t, buf)
	var warns, notes int
	for _, r := range recs {
		switch {
		case r["level"] == "WARN":
			warns++
			if why, _ := r["reason"].(string); !strings.Contains(why, "/nonexistent/debrief-test/bus") {
				t.Errorf("warning reason = %q, want it to name the socket looked for", why)
			}
		case r["msg"] == "notification":
			notes++
		}
	}
	if warns != 1 || notes != 3 {
		t.Errorf("got %d warnings and %d notifications in the log, want 1 and 3: %v", warns, notes, recs)
	}
	after := procsNamed(t, "dbus-launch", "dbus-daemon")
	for _, pid := range after {
		if !slices.Contains(before, pid) {
			t.Errorf("process %s (dbus-launch or dbus-daemon) appeared while notifying without a bus", pid)
		}
	}
}

func TestDeadBus(t *testing.T) {
	dir := t.TempDir()
	refused := filepath.Join(dir, "refused")
	l := mustSocket(t, refused)
	l.SetUnlinkOnClose(false)
	l.Close() // the socket file stays; nobody listens on it

	tests := []struct {
		name string
		addr string
	}{
		{"no-socket-file", "unix:path=" + filepath.Join(dir, "missing")},
		{"nobody-listening", "unix:path=" + refused},
		{"unsupported-transport", "launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(discardLogger(), Config{Backend: "desktop", Timeout: 10 * time.Second},
				env(map[string]string{"DBUS_SESSION_BUS_ADDRESS": tt.addr}))
			if err != nil {
				t.Fatalf("New() = %v", err)
			}
			err = n.Notify(t.Context(), "t", "b")
			if err == nil || !strings.Contains(err.Error(), "connect") {
				t.Errorf("Notify() = %v, want a connect error", err)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Notify() = %v, want it to fail at once, not at the deadline", err)
			}
			if _, err := n.Check(t.Context()); err == nil {
				t.Error("Check() = nil, want an error")
			}
		})
	}
}

// A bus that accepts the connection and never answers (a stopped
// dbus-daemon) costs one delivery, ended at the deadline during
// authentication, which takes no context of its own.
func TestSilentBusDeadline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bus")
	l := mustSocket(t, path)
	conns := make(chan net.Conn, 16) // held open, never read
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return // closed at the end of the test
			}
			conns <- c
		}
	}()
	t.Cleanup(func() {
		l.Close()
		for len(conns) > 0 {
			(<-conns).Close()
		}
	})
	n, err := New(discardLogger(), Config{Backend: "desktop", Timeout: 200 * time.Millisecond},
		env(map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + path}))
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	err = n.Notify(t.Context(), "t", "b")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "connect") {
		t.Errorf("Notify() = %v, want context.DeadlineExceeded while connecting", err)
	}
	checkNoDBusGoroutines(t)
}

// checkNoDBusGoroutines fails the test when goroutines of godbus are still
// running a second after a delivery returned: the connection of a failed
// delivery must be closed, not left to a server that may never answer. They
// end asynchronously after the connection is closed, hence the wait.
func checkNoDBusGoroutines(t *testing.T) {
	t.Helper()
	var stuck []string
	for range 100 {
		buf := make([]byte, 1<<20)
		stuck = stuck[:0]
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "github.com/godbus/dbus/v5.") {
				stuck = append(stuck, g)
			}
		}
		if len(stuck) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d godbus goroutines still running after the delivery returned:\n%s", len(stuck), strings.Join(stuck, "\n\n"))
}
