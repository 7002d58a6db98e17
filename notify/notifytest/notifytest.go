package notifytest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// AptLine installs the programs Start needs on Debian and Ubuntu.
const AptLine = "apt-get install -y --no-install-recommends dbus dbus-x11 xvfb dunst libnotify-bin systemd"

// Programs are the programs Start needs: the bus, the display, the server,
// its control tool, and busctl, which `dunstctl history` runs.
var Programs = []string{"dbus-daemon", "Xvfb", "dunst", "dunstctl", "busctl"}

// Need skips the test when a program is missing, except in CI (CI=true),
// which must have them installed: there it fails.
func Need(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI lacks %v: %s", missing, AptLine)
	}
	t.Skipf("needs %v for a real notification server: %s", missing, AptLine)
}

// Options changes how Start runs dunst.
type Options struct {
	// Dunstrc is extra dunstrc text appended to the [global] section,
	// e.g. "markup = full". The defaults keep every notification
	// (history_length = 100, timeout = 0 at every urgency) and set dmenu
	// to the picker script of Invoke.
	Dunstrc string
}

// Server is a dunst on a private session bus and a virtual display. Every
// process it started is stopped and reaped when the test ends.
type Server struct {
	// Addr is the bus address, for DBUS_SESSION_BUS_ADDRESS.
	Addr string
	// Dir is a private directory holding the bus socket ("bus"), so
	// that XDG_RUNTIME_DIR=Dir finds the bus too.
	Dir string
	// Display is the X display dunst draws on, such as ":99".
	Display string

	bus, dunst       *exec.Cmd
	busConf, dunstrc string
	pick             string // the file the picker script reads its choice from
	menuMu           sync.Mutex
}

// Start starts the bus, the display and dunst, and returns once dunst owns
// org.freedesktop.Notifications. It skips the test when a program is
// missing (see Need).
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	Need(t, Programs...)
	s := Bus(t)
	path := "PATH=" + os.Getenv("PATH")
	_, display := startProc(t, []string{path, "HOME=" + s.Dir},
		"Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	s.Display = ":" + display

	// The picker: dunst feeds its context menu to dmenu as lines like
	// "#Later (summary) [12,later]"; the script prints the first line
	// that holds the text in the pick file.
	picker := filepath.Join(s.Dir, "pick.sh")
	mustWrite(t, picker, "#!/bin/sh\nexec grep -F -m1 -e \"$(cat '"+s.pick+"')\"\n", 0o700)
	s.dunstrc = filepath.Join(s.Dir, "dunstrc")
	mustWrite(t, s.dunstrc, `[global]
    history_length = 100
    sticky_history = yes
    dmenu = `+picker+`
`+opt.Dunstrc+`
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
`, 0o600)
	s.startDunst(t)
	return s
}

// Bus starts a private session bus with no notification server on it:
// calls to org.freedesktop.Notifications fail with ServiceUnknown, and
// nothing is D-Bus-activated. Start adds the server. It skips the test when
// dbus-daemon is missing (see Need).
func Bus(t testing.TB) *Server {
	t.Helper()
	Need(t, "dbus-daemon")
	// Not t.TempDir: a socket's path must stay under 108 bytes, and
	// t.TempDir's holds the test's name.
	dir, err := os.MkdirTemp("", "notifytest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{Dir: dir, pick: filepath.Join(dir, "pick")}

	// A private bus with no service directories, so that nothing is
	// D-Bus-activated behind the test's back (a second dunst, say).
	busConf := filepath.Join(dir, "bus.conf")
	mustWrite(t, busConf, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+filepath.Join(dir, "bus")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`, 0o600)
	s.busConf = busConf
	s.startBus(t)
	return s
}

// startBus starts the bus at the address of s.Dir.
func (s *Server) startBus(t testing.TB) {
	t.Helper()
	os.Remove(filepath.Join(s.Dir, "bus"))
	s.bus, s.Addr = startProc(t, []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.Dir},
		"dbus-daemon", "--config-file="+s.busConf, "--nofork", "--nopidfile", "--print-address=1")
}

// startDunst starts dunst and waits for it to own its name.
func (s *Server) startDunst(t testing.TB) {
	t.Helper()
	d := exec.Command("dunst", "-config", s.dunstrc)
	d.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.Dir, "DISPLAY=" + s.Display, "DBUS_SESSION_BUS_ADDRESS=" + s.Addr}
	out := &capped{max: 16 << 10}
	d.Stdout, d.Stderr = out, out
	dieWithParent(d)
	if err := d.Start(); err != nil {
		t.Fatalf("start dunst: %v", err)
	}
	s.dunst = d
	t.Cleanup(func() {
		d.Process.Signal(sigCont)
		d.Process.Kill()
		d.Wait()
		if t.Failed() {
			t.Logf("dunst output:\n%s", out.String())
		}
	})
	s.waitForName(t, "org.freedesktop.Notifications")
}

// Getenv returns an environment that holds the server's bus address and
// otherwise asks base (nil: nothing else).
func (s *Server) Getenv(base func(string) string) func(string) string {
	return func(k string) string {
		if k == "DBUS_SESSION_BUS_ADDRESS" {
			return s.Addr
		}
		if base == nil {
			return ""
		}
		return base(k)
	}
}

// Ctl runs dunstctl with args against the server and returns its output.
func (s *Server) Ctl(t testing.TB, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dunstctl", args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS=" + s.Addr}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dunstctl %v: %v", args, err)
	}
	return out
}

// Shown is one notification as dunst's history keeps it.
type Shown struct {
	ID                 uint32
	App, Summary, Body string
}

// History closes every notification on display (dunst lists only closed
// ones) and returns dunst's history, oldest first.
func (s *Server) History(t testing.TB) []Shown {
	t.Helper()
	s.Ctl(t, "close-all")
	out := s.Ctl(t, "history")
	type field struct{ Data any }
	var h struct{ Data [][]map[string]field }
	if err := json.Unmarshal(out, &h); err != nil {
		t.Fatalf("dunstctl history: %v\n%s", err, out)
	}
	var got []Shown
	for _, set := range h.Data {
		for _, n := range set {
			id, _ := n["id"].Data.(float64)
			got = append(got, Shown{
				ID:      uint32(id),
				App:     fmt.Sprint(n["appname"].Data),
				Summary: fmt.Sprint(n["summary"].Data),
				Body:    fmt.Sprint(n["body"].Data),
			})
		}
	}
	slices.Reverse(got) // dunst lists the newest first
	return got
}

// Invoke invokes the action key of the notification id, as a person
// choosing it would: through dunst's context menu, whose picker script
// chooses the line "[id,key]". The notification must be on display (not
// closed) and have that action; dunst then sends ActionInvoked to the
// connection that sent it. Invoke returns once dunst has run the picker,
// not once the sender has handled the action.
func (s *Server) Invoke(t testing.TB, id uint32, key string) {
	t.Helper()
	s.menuMu.Lock()
	defer s.menuMu.Unlock()
	mustWrite(t, s.pick, "["+strconv.FormatUint(uint64(id), 10)+","+key+"]", 0o600)
	s.Ctl(t, "context")
}

// Click invokes the default action of the notification at the top of the
// display (`dunstctl action 0`), as clicking it would. With dunst's default
// sort, that is the oldest one on display (measured with dunst 1.9.0), not
// the newest; to click a given one, Invoke(t, id, "default").
func (s *Server) Click(t testing.TB) {
	t.Helper()
	s.Ctl(t, "action", "0")
}

// Freeze stops dunst (SIGSTOP) until Thaw or the end of the test: it
// still owns its name on the bus but answers nothing.
func (s *Server) Freeze(t testing.TB) { t.Helper(); freeze(t, s.dunst.Process) }

// FreezeBus stops the bus itself until Thaw or the end of the test.
func (s *Server) FreezeBus(t testing.TB) { t.Helper(); freeze(t, s.bus.Process) }

// Thaw lets dunst and the bus run again.
func (s *Server) Thaw() {
	s.bus.Process.Signal(sigCont)
	s.dunst.Process.Signal(sigCont)
}

// Restart kills dunst and the bus, which cuts every connection to it, and
// starts new ones at the same address, as a person's session does when the
// desktop restarts. Notifications on display are lost.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	for _, p := range []*exec.Cmd{s.dunst, s.bus} {
		p.Process.Signal(sigCont)
		p.Process.Kill()
		p.Wait()
	}
	s.startBus(t)
	s.startDunst(t)
}

func freeze(t testing.TB, p *os.Process) {
	t.Helper()
	if err := p.Signal(sigStop); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Signal(sigCont) })
}

// waitForName waits until name has an owner on the bus, without polling: it
// watches NameOwnerChanged, then asks NameHasOwner once.
func (s *Server) waitForName(t testing.TB, name string) {
	t.Helper()
	conn, err := dbus.Connect(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.AddMatchSignal(
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, name),
	); err != nil {
		t.Fatal(err)
	}
	ch := make(chan *dbus.Signal, 8)
	conn.Signal(ch)
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(10 * time.Second)
	for !has {
		select {
		case sig := <-ch:
			if len(sig.Body) == 3 && sig.Body[2] != "" {
				has = true
			}
		case <-timeout:
			t.Fatalf("nobody took %s on the bus in 10s", name)
		}
	}
}

// startProc starts argv with exactly the environment env and returns it
// with the first line it writes to standard output. The process is stopped
// (SIGCONT, then SIGKILL) and reaped at the end of the test, and its
// standard error is logged if the test failed.
func startProc(t testing.TB, env []string, argv ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	stderr := &capped{max: 16 << 10}
	cmd.Stderr = stderr
	dieWithParent(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(sigCont)
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s stderr:\n%s", argv[0], stderr.String())
		}
	})
	lines := make(chan string, 1)
	go func() {
		// Ends when the process closes its standard output (at exit).
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- strings.TrimSpace(line)
		r.WriteTo(discard{})
	}()
	select {
	case line := <-lines:
		if line == "" {
			t.Fatalf("%s wrote no first line", argv[0])
		}
		return cmd, line
	case <-time.After(10 * time.Second):
		t.Fatalf("%s wrote no first line in 10s", argv[0])
	}
	return nil, ""
}

func mustWrite(t testing.TB, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}

// capped keeps the first max bytes written to it; safe for concurrent use.
type capped struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.b)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Call is one Notify call a Fake server received.
type Call struct {
	App           string
	ReplacesID    uint32
	Summary, Body string
	Actions       []string
	ExpireTimeout int32
	ID            uint32 // the id the fake answered
}

// Fake is a notification server written in Go on a bus of Bus: it owns
// org.freedesktop.Notifications, advertises the capabilities it is given
// (a real server's list, with "actions" left out, say) and records every
// Notify call. It stands in for servers the tests cannot run, such as one
// without buttons.
type Fake struct {
	conn  *dbus.Conn
	caps  []string
	mu    sync.Mutex
	calls []Call
	next  uint32
}

// Serve puts a Fake with capabilities caps on the bus of s, which must have
// no notification server yet (see Bus). It is removed at the end of the
// test.
func (s *Server) Serve(t testing.TB, caps ...string) *Fake {
	t.Helper()
	conn, err := dbus.Connect(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	f := &Fake{conn: conn, caps: caps}
	if err := conn.ExportMethodTable(map[string]any{
		"GetCapabilities": func() ([]string, *dbus.Error) { return f.caps, nil },
		"GetServerInformation": func() (string, string, string, string, *dbus.Error) {
			return "notifytest", "debrief", "1", "1.2", nil
		},
		"Notify": func(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, expire int32) (uint32, *dbus.Error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			id := replaces
			if id == 0 {
				f.next++
				id = f.next
			}
			f.calls = append(f.calls, Call{App: app, ReplacesID: replaces, Summary: summary, Body: body, Actions: actions, ExpireTimeout: expire, ID: id})
			return id, nil
		},
		"CloseNotification": func(id uint32) *dbus.Error { return nil },
	}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take org.freedesktop.Notifications: %v, %v", reply, err)
	}
	return f
}

// Emit broadcasts the signal member of org.freedesktop.Notifications
// ("ActionInvoked" with an id and a key, "NotificationClosed" with an id and
// a reason) to every connection on the bus, as GNOME Shell does: unlike
// dunst, it does not address the sender of the notification.
func (f *Fake) Emit(t testing.TB, member string, args ...any) {
	t.Helper()
	if err := f.conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications."+member, args...); err != nil {
		t.Fatal(err)
	}
}

// Calls returns the Notify calls received so far.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}
