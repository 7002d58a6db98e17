package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// demoHome is a person's home with a config and a token the demo must
// neither read nor touch: the config is not even valid TOML.
func demoHome(t *testing.T) (home string, getenv func(string) string, snapshot func() map[string]string) {
	t.Helper()
	root := t.TempDir()
	home = filepath.Join(root, "home")
	tmp := filepath.Join(root, "tmp")
	for _, d := range []string{filepath.Join(home, ".config/debrief"), tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		".config/debrief/config.toml": "this is [not valid TOML\n",
		".config/debrief/token.json":  `{"refresh_token":"secret"}`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(home, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_DATA_HOME":   filepath.Join(home, ".local/share"),
		"XDG_STATE_HOME":  filepath.Join(home, ".local/state"),
		"XDG_RUNTIME_DIR": filepath.Join(root, "run"),
		"DEBRIEF_CONFIG":  filepath.Join(home, ".config/debrief/config.toml"),
		"TMPDIR":          tmp,
		"TZ":              "Europe/Berlin",
	}
	snapshot = func() map[string]string {
		t.Helper()
		got := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			// A directory's mtime changes when the demo's temp dir comes
			// and goes inside it; its entries are compared one by one.
			v := fi.Mode().String()
			if !d.IsDir() {
				v += " " + fi.ModTime().String()
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				v += " " + string(b)
			}
			got[p] = v
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	return home, func(k string) string { return env[k] }, snapshot
}

func TestDemo(t *testing.T) {
	t.Parallel()
	_, getenv, snapshot := demoHome(t)
	before := snapshot()
	var out, errOut bytes.Buffer
	start := time.Now()
	if err := run(t.Context(), []string{"demo", "--fast"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
		t.Fatalf("demo: %v\nstdout:\n%s\nstderr:\n%s", err, &out, &errOut)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("demo --fast took %v, want well under a minute", d)
	}
	got := out.String()
	ends := regexp.MustCompile(`The interview ends at (\d\d:\d\d):\d\d`).FindStringSubmatch(got)
	if ends == nil {
		t.Fatalf("output does not say when the interview ends:\n%s", got)
	}
	endAt, _ := time.Parse("15:04", ends[1])
	block := ends[1] + "–" + endAt.Add(30*time.Minute).Format("15:04") + " CET"
	id := regexp.MustCompile(`debrief reflect ([0-9a-v]{10})`).FindStringSubmatch(got)
	if id == nil {
		t.Fatalf("output names no record to reflect on:\n%s", got)
	}
	for _, want := range []string{
		`"Technical interview – Acme Corp – Backend Engineer"`,
		"→ an interview (",
		": Acme Corp, Backend Engineer",
		`"Team sync"`,
		"→ not an interview (",
		`Reflection block written; the calendar now holds "Debrief: Acme Corp", ` + block,
		"Nudge delivered (no notification server answers here, so it is printed):",
		"Interview with Acme Corp over",
		"### 1. Interview Details",
		"> Acme Corp",
		"To fill it in: debrief --config ",
		"config.toml reflect " + id[1],
		"run `debrief demo --keep`",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("demo output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Fill it in now?") {
		t.Error("demo offered to fill in the form without a terminal")
	}
	after := snapshot()
	for p, v := range after {
		if before[p] != v {
			t.Errorf("demo left or changed %s", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("demo removed %s", p)
		}
	}
	if errOut.Len() != 0 {
		t.Errorf("demo wrote to stderr:\n%s", &errOut)
	}
}

// TestDemoKeep: with --keep, the printed config works for the other
// commands.
func TestDemoKeep(t *testing.T) {
	t.Parallel()
	_, getenv, _ := demoHome(t)
	var out, errOut bytes.Buffer
	fast := func(k string) string {
		if k == "DEBRIEF_DEMO_FAST" {
			return "1"
		}
		return getenv(k)
	}
	if err := run(t.Context(), []string{"demo", "--keep"}, strings.NewReader(""), &out, &errOut, fast); err != nil {
		t.Fatalf("demo --keep: %v\n%s\n%s", err, &out, &errOut)
	}
	m := regexp.MustCompile(`To fill it in: debrief --config (\S+) reflect (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no reflect command in:\n%s", &out)
	}
	if _, err := os.Stat(m[1]); err != nil {
		t.Fatalf("kept config: %v", err)
	}
	var show bytes.Buffer
	if err := run(t.Context(), []string{"--config", m[1], "show", m[2]}, strings.NewReader(""), &show, &errOut, getenv); err != nil {
		t.Fatalf("show %s with the kept config: %v\n%s", m[2], err, &errOut)
	}
	if !strings.Contains(show.String(), "Acme Corp") {
		t.Errorf("show of the demo's record lacks Acme Corp:\n%s", &show)
	}
	if !strings.Contains(out.String(), "kept in ") {
		t.Errorf("demo --keep does not say where the files are:\n%s", &out)
	}
}

// demoProc starts argv with env and returns the first line it prints; it
// is killed and reaped at the end of the test.
func demoProc(t *testing.T, env []string, argv ...string) string {
	t.Helper()
	if _, err := exec.LookPath(argv[0]); err != nil {
		t.Fatalf("%s is needed for a real notification server: apt-get install -y --no-install-recommends dbus xvfb dunst", argv[0])
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	// Killed with the test binary too, should a timeout skip the cleanups.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(l)
	}()
	select {
	case l := <-line:
		return l
	case <-time.After(10 * time.Second):
		t.Fatalf("%s printed nothing in 10 s", argv[0])
	}
	return ""
}

// TestDemoDesktop: with a notification server on the session bus (dunst on
// a private bus and a virtual display), the demo's nudge is shown on the
// desktop, and dunst has it.
func TestDemoDesktop(t *testing.T) {
	t.Parallel()
	_, getenv, _ := demoHome(t)
	dir := t.TempDir()
	path := "PATH=" + os.Getenv("PATH")
	busConf := filepath.Join(dir, "bus.conf")
	os.WriteFile(busConf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
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
`), 0o600)
	addr := demoProc(t, []string{path, "HOME=" + dir}, "dbus-daemon", "--config-file="+busConf, "--nofork", "--nopidfile", "--print-address=1")
	display := demoProc(t, []string{path, "HOME=" + dir}, "Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp")
	dunstrc := filepath.Join(dir, "dunstrc")
	os.WriteFile(dunstrc, []byte("[global]\n    history_length = 20\n[urgency_normal]\n    timeout = 0\n"), 0o600)
	dunst := exec.Command("dunst", "-config", dunstrc)
	dunst.Env = []string{path, "HOME=" + dir, "DISPLAY=:" + display, "DBUS_SESSION_BUS_ADDRESS=" + addr}
	dunst.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := dunst.Start(); err != nil {
		t.Fatalf("start dunst (apt-get install -y dunst): %v", err)
	}
	t.Cleanup(func() {
		dunst.Process.Kill()
		dunst.Wait()
	})
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var has bool
		if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.Notifications").Store(&has); err != nil {
			t.Fatal(err)
		}
		if has {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("dunst did not take org.freedesktop.Notifications in 10 s")
		}
	}

	withBus := func(k string) string {
		switch k {
		case "DBUS_SESSION_BUS_ADDRESS":
			return addr
		case "DEBRIEF_DEMO_FAST":
			return "1"
		}
		return getenv(k)
	}
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"demo"}, strings.NewReader(""), &out, &errOut, withBus); err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, &out, &errOut)
	}
	if want := "Nudge delivered (shown on your desktop: desktop notifications by dunst"; !strings.Contains(out.String(), want) {
		t.Errorf("demo output lacks %q:\n%s", want, &out)
	}
	ctl := func(args ...string) string {
		cmd := exec.Command("dunstctl", args...)
		cmd.Env = []string{path, "DBUS_SESSION_BUS_ADDRESS=" + addr}
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("dunstctl %v: %v", args, err)
		}
		return string(b)
	}
	ctl("close-all")
	if h := ctl("history"); !strings.Contains(h, "Interview with Acme Corp over") {
		t.Errorf("dunst's history lacks the nudge:\n%s", h)
	}
}
