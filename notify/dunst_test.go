//go:build linux

package notify

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/google/go-cmp/cmp"
)

const aptLine = "apt-get install -y --no-install-recommends dbus dbus-x11 xvfb dunst libnotify-bin systemd"

// needPrograms skips the test when a program is missing, except in CI, which
// must have them installed: there it fails.
func needPrograms(t *testing.T, names ...string) {
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
		t.Fatalf("CI lacks %v: %s", missing, aptLine)
	}
	t.Skipf("needs %v for a real notification server: %s", missing, aptLine)
}

// startProc starts argv with exactly the environment childEnv and returns it
// with the first line it writes to standard output. The process is stopped
// (SIGCONT, then SIGKILL) and reaped at the end of the test, and its standard
// error is logged if the test failed.
func startProc(t *testing.T, childEnv []string, argv ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = childEnv
	stderr := &capped{max: 16 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s stderr:\n%s", argv[0], stderr.b)
		}
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- strings.TrimSpace(line)
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

// waitForName waits until name has an owner on the bus at addr, without
// polling: it watches NameOwnerChanged, then asks NameHasOwner once.
func waitForName(t *testing.T, addr, name string) {
	t.Helper()
	conn, err := dbus.Connect(addr)
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

// dunstctl runs dunstctl with args against the bus at addr.
func dunstctl(t *testing.T, addr string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dunstctl", args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS=" + addr}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dunstctl %v: %v", args, err)
	}
	return out
}

type shown struct{ App, Summary, Body string }

// dunstHistory returns the notifications dunst closed, oldest first.
func dunstHistory(t *testing.T, addr string) []shown {
	t.Helper()
	out := dunstctl(t, addr, "history")
	type field struct{ Data any }
	var h struct{ Data [][]map[string]field }
	if err := json.Unmarshal(out, &h); err != nil {
		t.Fatalf("dunstctl history: %v\n%s", err, out)
	}
	var got []shown
	for _, set := range h.Data {
		for _, n := range set {
			got = append(got, shown{
				App:     fmt.Sprint(n["appname"].Data),
				Summary: fmt.Sprint(n["summary"].Data),
				Body:    fmt.Sprint(n["body"].Data),
			})
		}
	}
	slices.Reverse(got) // dunst lists the newest first
	return got
}

// TestDesktopDunst delivers notifications to a real notification server,
// dunst on a private bus and a virtual X display, reads them back from dunst's
// history, then freezes the server and the bus and checks that a delivery
// fails at its deadline instead of hanging.
func TestDesktopDunst(t *testing.T) {
	needPrograms(t, "dbus-daemon", "Xvfb", "dunst", "dunstctl", "busctl", "dbus-send")
	dir := t.TempDir()
	path := "PATH=" + os.Getenv("PATH")

	// A private bus with no service directories, so that nothing is
	// D-Bus-activated behind the test's back (a second dunst, say).
	busConf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(busConf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
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
`), 0o600); err != nil {
		t.Fatal(err)
	}
	bus, addr := startProc(t, []string{path, "HOME=" + dir},
		"dbus-daemon", "--config-file="+busConf, "--nofork", "--nopidfile", "--print-address=1")
	byEnv := env(map[string]string{"DBUS_SESSION_BUS_ADDRESS": addr})
	byRuntimeDir := env(map[string]string{"XDG_RUNTIME_DIR": dir})

	t.Run("no-server", func(t *testing.T) {
		n, err := New(discardLogger(), Config{Timeout: time.Second}, byEnv)
		if err != nil {
			t.Fatal(err)
		}
		var derr dbus.Error
		err = n.Notify(t.Context(), "t", "b")
		if !errors.As(err, &derr) || derr.Name != "org.freedesktop.DBus.Error.ServiceUnknown" ||
			!strings.Contains(err.Error(), "no notification server") {
			t.Errorf("Notify() = %v, want ServiceUnknown explained", err)
		}
		if desc, err := n.Check(t.Context()); err == nil {
			t.Errorf("Check() = %q, nil; want an error", desc)
		}
	})

	_, display := startProc(t, []string{path, "HOME=" + dir},
		"Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	dunstrc := filepath.Join(dir, "dunstrc")
	if err := os.WriteFile(dunstrc, []byte(`[global]
    history_length = 100
    sticky_history = yes
    markup = full
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
`), 0o600); err != nil {
		t.Fatal(err)
	}
	dunst := exec.Command("dunst", "-config", dunstrc)
	dunst.Env = []string{path, "HOME=" + dir, "DISPLAY=:" + display, "DBUS_SESSION_BUS_ADDRESS=" + addr}
	dunstErr := &capped{max: 16 << 10}
	dunst.Stdout, dunst.Stderr = dunstErr, dunstErr
	if err := dunst.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		dunst.Process.Signal(syscall.SIGCONT)
		dunst.Process.Kill()
		dunst.Wait()
		if t.Failed() {
			t.Logf("dunst output:\n%s", dunstErr.b)
		}
	})
	waitForName(t, addr, "org.freedesktop.Notifications")

	t.Run("check", func(t *testing.T) {
		n, err := New(discardLogger(), Config{}, byEnv)
		if err != nil {
			t.Fatal(err)
		}
		desc, err := n.Check(t.Context())
		if err != nil || !strings.Contains(desc, "dunst") {
			t.Errorf("Check() = %q, %v; want dunst named", desc, err)
		}
	})

	t.Run("read-back", func(t *testing.T) {
		title := "Acme & Co <b>\u202Eweiv\u202C</b> interview\nended\x00"
		body := "Reflect: <i>now</i> & \u2066later\u2069\r\nrun `debrief reflect 1a2b` $(id)\x1b[0m"
		long := strings.Repeat("é", 2*MaxBody)
		for _, send := range []struct {
			getenv      func(string) string
			title, body string
		}{
			{byEnv, title, body},
			{byRuntimeDir, "via " + dir + "/bus", long},
		} {
			n, err := New(discardLogger(), Config{AppName: "debrief-test"}, send.getenv)
			if err != nil {
				t.Fatal(err)
			}
			if n.Backend() != BackendDesktop {
				t.Fatalf("Backend() = %q, want desktop", n.Backend())
			}
			if err := n.Notify(t.Context(), send.title, send.body); err != nil {
				t.Fatalf("Notify() = %v", err)
			}
		}
		dunstctl(t, addr, "close-all")
		got := dunstHistory(t, addr)
		want := []shown{
			{
				App:     "debrief-test",
				Summary: "Acme & Co <b>weiv</b> interview ended",
				Body:    "Reflect: &lt;i&gt;now&lt;/i&gt; &amp; later\nrun `debrief reflect 1a2b` $(id)[0m",
			},
			{
				App:     "debrief-test",
				Summary: "via " + dir + "/bus",
				Body:    strings.Repeat("é", MaxBody-1) + "…",
			},
		}
		if d := cmp.Diff(got, want); d != "" {
			t.Errorf("dunst history (-got +want):\n%s", d)
		}
	})

	// A server that owns the name but does not answer: beeep.Notify blocks
	// forever here; Notify must fail at its deadline.
	t.Run("frozen-server", func(t *testing.T) {
		freeze(t, dunst.Process)
		n, err := New(discardLogger(), Config{Timeout: time.Second}, byEnv)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		err = n.Notify(t.Context(), "frozen", "server")
		elapsed := time.Since(start)
		t.Logf("Notify() = %v, after %v", err, elapsed)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Notify() = %v, want context.DeadlineExceeded", err)
		}
		if elapsed > 3*time.Second {
			t.Errorf("Notify() returned after %v, want about the 1s deadline", elapsed)
		}
		checkNoDBusGoroutines(t)
	})

	// A bus that does not answer: the connection and authentication steps
	// are bound to the deadline too.
	t.Run("frozen-bus", func(t *testing.T) {
		freeze(t, bus.Process)
		n, err := New(discardLogger(), Config{Timeout: time.Second}, byEnv)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		err = n.Notify(t.Context(), "frozen", "bus")
		elapsed := time.Since(start)
		t.Logf("Notify() = %v, after %v", err, elapsed)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "connect") {
			t.Errorf("Notify() = %v, want context.DeadlineExceeded while connecting", err)
		}
		if elapsed > 3*time.Second {
			t.Errorf("Notify() returned after %v, want about the 1s deadline", elapsed)
		}
		checkNoDBusGoroutines(t)
	})

	t.Run("thawed", func(t *testing.T) {
		n, err := New(discardLogger(), Config{}, byEnv)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Notify(t.Context(), "thawed", "works again"); err != nil {
			t.Errorf("Notify() after SIGCONT = %v", err)
		}
	})
}

// freeze stops p until the end of the test.
func freeze(t *testing.T, p *os.Process) {
	t.Helper()
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Signal(syscall.SIGCONT) })
}
