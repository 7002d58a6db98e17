package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// NudgeEnv names the file the test binary appends its arguments to when
// the daemon under test runs it as its notification command.
const NudgeEnv = "DEBRIEF_E2E_NUDGES"

// RecordIfAsked is the notification command: when NudgeEnv is set it
// appends one Nudge line (time, pid, arguments) to that file and exits
// the process. Call it first in TestMain or an init function of the test
// binary that a daemon runs as `notify.command = [test binary, "{title}",
// "{body}"]`.
func RecordIfAsked() {
	path := os.Getenv(NudgeEnv)
	if path == "" {
		return
	}
	b, _ := json.Marshal(Nudge{At: time.Now(), PID: os.Getpid(), Args: os.Args[1:]})
	// One write of a short line with O_APPEND: concurrent runs do not
	// interleave.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err == nil {
		_, err = f.Write(append(b, '\n'))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Nudge is one notification the daemon delivered.
type Nudge struct {
	At   time.Time `json:"at"`
	PID  int       `json:"pid"`
	Args []string  `json:"args"` // title, body
}

// Nudges reads the notifications recorded in path so far; none when the
// file does not exist yet.
func Nudges(path string) ([]Nudge, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Nudge
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		var n Nudge
		if err := json.Unmarshal([]byte(line), &n); err != nil {
			return nil, fmt.Errorf("nudge file %s: line %q: %w", path, line, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// MustNudges is Nudges that fails the test on an error.
func MustNudges(t testing.TB, path string) []Nudge {
	t.Helper()
	ns, err := Nudges(path)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// Sections are the config sections every daemon under test shares, as
// TOML: its notifications go to the test binary (see RecordIfAsked), its
// notebook and state to the directories given. The test appends its own
// sections after them.
func Sections(t testing.TB, notebookDir, stateDir string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`[notify]
backend = "command"
command = [%q, "{title}", "{body}"]

[notebook]
dir = %q

[state]
dir = %q
`, self, notebookDir, stateDir)
}

// Build compiles cmd/debrief into dir and returns the binary's path. It
// is built without -race, so the daemon under test runs at its real speed.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "debrief")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/debrief-dev/debrief/cmd/debrief").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build cmd/debrief: %w\n%s", err, out)
	}
	return bin, nil
}

// MustBuild is Build into a temporary directory of the test.
func MustBuild(t testing.TB) string {
	t.Helper()
	bin, err := Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Env is a daemon's environment with nothing of the person's: home and the
// XDG directories under home, no session or system bus, PATH, and NudgeEnv
// naming nudges; extra is appended.
func Env(home, nudges string, extra ...string) []string {
	return append([]string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local/state"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local/share"),
		"XDG_RUNTIME_DIR=" + home,
		"DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + filepath.Join(home, "no-bus"),
		"PATH=" + os.Getenv("PATH"),
		NudgeEnv + "=" + nudges,
		// The notification command is the test binary; built with -race
		// it would sleep 1 s at exit by default.
		"GORACE=atexit_sleep_ms=0",
	}, extra...)
}

// Proc is a running binary.
type Proc struct {
	Cmd  *exec.Cmd
	done chan struct{} // closed when it exited
	err  error         // Wait's result, set before done is closed
}

// Start starts bin with args and env, its output appended to logPath, as
// a child killed with the test binary (Pdeathsig) and at the end of the
// test.
func Start(t testing.TB, bin string, env []string, logPath string, args ...string) *Proc {
	t.Helper()
	out, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	return StartOutput(t, bin, env, out, args...)
}

// StartOutput is Start with the output written to out (a *Buffer, to read
// it while the process runs) instead of a file.
func StartOutput(t testing.TB, bin string, env []string, out io.Writer, args ...string) *Proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.Exited() {
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Done is closed when the process has ended.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Err is the process's exit error, once it Exited.
func (p *Proc) Err() error {
	<-p.done
	return p.err
}

// Stop sends SIGTERM and waits at most grace; past it the process is
// killed and Stop says so. It returns the exit error (nil: status 0).
func (p *Proc) Stop(grace time.Duration) error {
	if p.Exited() {
		return fmt.Errorf("had already exited: %v", p.err)
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(grace):
		p.Cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("still running %v after SIGTERM: killed", grace)
	}
}

// Kill kills the process with SIGKILL, as a crash would, and waits.
func (p *Proc) Kill() {
	p.Cmd.Process.Kill()
	<-p.done
}

// Run runs bin with args and env to the end and returns its combined
// output and exit status.
func Run(t testing.TB, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

// WaitFor polls cond every 100 ms until it holds or d passed, and reports
// whether it held.
func WaitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// Await is WaitFor that fails the test, saying what did not happen, when
// cond did not hold within d.
func Await(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	if !WaitFor(d, cond) {
		t.Fatalf("after %v: %s", d, what)
	}
}

// Buffer collects a child's output while it runs; it is safe to read
// while the child writes.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written so far.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Notify is a listener like systemd's notification socket: the daemon
// under test, given NOTIFY_SOCKET=Name, sends it READY=1, RELOADING=1,
// STOPPING=1 and STATUS= datagrams.
type Notify struct {
	// Name is the socket's path, or "@name" in the abstract namespace:
	// the value of NOTIFY_SOCKET.
	Name string
	conn *net.UnixConn
}

// ListenNotify opens a notification socket at name (a path, or "@name")
// that is closed at the end of the test.
func ListenNotify(t testing.TB, name string) *Notify {
	t.Helper()
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatalf("listen on %s: %v", name, err)
	}
	t.Cleanup(func() { conn.Close() })
	return &Notify{Name: name, conn: conn}
}

// Next returns the next datagram, waiting at most d.
func (n *Notify) Next(d time.Duration) (string, error) {
	buf := make([]byte, 4096)
	if err := n.conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		return "", err
	}
	m, _, err := n.conn.ReadFromUnix(buf)
	if err != nil {
		return "", fmt.Errorf("read from the notification socket %s: %w", n.Name, err)
	}
	return string(buf[:m]), nil
}

// Read returns the next datagram, failing the test when none came
// within 5 s.
func (n *Notify) Read(t testing.TB) string {
	t.Helper()
	msg, err := n.Next(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// Ready waits at most d for a datagram with a READY=1 line, skipping the
// others (a STATUS= before it), and returns it.
func (n *Notify) Ready(d time.Duration) (string, error) {
	deadline := time.Now().Add(d)
	for {
		msg, err := n.Next(time.Until(deadline))
		if err != nil {
			return "", fmt.Errorf("no READY=1 within %v: %w", d, err)
		}
		for line := range strings.SplitSeq(msg, "\n") {
			if line == "READY=1" {
				return msg, nil
			}
		}
	}
}
