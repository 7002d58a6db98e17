package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notify/notifytest"
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
		"run `debrief demo --keep`: it keeps the demo's files and prints the command",
		"the demo's files are in a temporary directory, removed at the end",
		"Or in your browser, the same form as a page, while the demo runs:",
		"/reflect/" + id[1] + "?token=",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("demo output lacks %q:\n%s", want, got)
		}
	}
	// The demo's directory is gone at the end: nothing names it.
	if dir := regexp.MustCompile(`\S*debrief-demo-\S*`).FindString(got); dir != "" {
		t.Errorf("demo output names %s, which it removes:\n%s", dir, got)
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
	if !strings.Contains(out.String(), "kept in ") || !strings.Contains(out.String(), "; try debrief --config "+m[1]+" list") {
		t.Errorf("demo --keep does not say where the files are:\n%s", &out)
	}
}

// TestDemoDesktop: with a notification server on the session bus (dunst on
// a private bus and a virtual display), the demo's nudge is shown on the
// desktop, and dunst has it.
func TestDemoDesktop(t *testing.T) {
	t.Parallel()
	_, getenv, _ := demoHome(t)
	srv := notifytest.Start(t, notifytest.Options{})
	addr := srv.Addr

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
	for _, want := range []string{
		"Nudge delivered (shown on your desktop: desktop notifications by dunst",
		"[Later] [Not an interview]  (the buttons act while `debrief daemon` runs",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, &out)
		}
	}
	var history []string
	for _, n := range srv.History(t) {
		history = append(history, n.Summary)
	}
	if !slices.ContainsFunc(history, func(s string) bool { return strings.Contains(s, "Interview with Acme Corp over") }) {
		t.Errorf("dunst's history lacks the nudge: %q", history)
	}
}

func TestCommandName(t *testing.T) {
	dir := t.TempDir()
	onPath := filepath.Join(dir, "bin", "debrief")
	repo := filepath.Join(dir, "repo")
	mustMkdir(t, filepath.Join(repo, "cmd", "debrief"), 0o755)
	for _, p := range []string{onPath, filepath.Join(repo, "cmd", "debrief", "main.go"), filepath.Join(dir, "debrief")} {
		mustMkdir(t, filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lookPath := func(name string) (string, error) {
		if name == "debrief" {
			return onPath, nil
		}
		return "", exec.ErrNotFound
	}
	goRun := filepath.Join(dir, "go-build1234", "b001", "exe", "debrief")
	for _, tc := range []struct {
		name, exe, wd, want string
	}{
		{"on-path", onPath, dir, "debrief"},
		{"go-run-in-repo", goRun, repo, "go run ./cmd/debrief"},
		{"go-run-elsewhere", goRun, dir, "go run github.com/debrief-dev/debrief/cmd/debrief@latest"},
		{"built-here", filepath.Join(dir, "debrief"), dir, filepath.Join(dir, "debrief")},
		{"test-binary", filepath.Join(dir, "debrief.test"), dir, "debrief"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := commandName(tc.exe, tc.wd, lookPath); got != tc.want {
				t.Errorf("commandName(%q, %q) = %q, want %q", tc.exe, tc.wd, got, tc.want)
			}
		})
	}
}
