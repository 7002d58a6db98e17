package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCommands(t *testing.T) {
	const u = "http://127.0.0.1:8080/reflect/abc?token=1&x=2"
	for _, tc := range []struct {
		name, browser, goos string
		want                [][]string
	}{
		{"linux", "", "linux", [][]string{{"xdg-open", u}}},
		{"freebsd", "", "freebsd", [][]string{{"xdg-open", u}}},
		{"macos", "", "darwin", [][]string{{"open", u}}},
		{"windows", "", "windows", [][]string{{"rundll32", "url.dll,FileProtocolHandler", u}}},
		{"browser-var", "firefox", "linux", [][]string{{"firefox", u}}},
		{"browser-var-blank", "  ", "darwin", [][]string{{"open", u}}},
		{"browser-var-args", "chromium --new-window", "linux", [][]string{{"chromium", "--new-window", u}}},
		{"browser-var-percent-s", "w3m -o x=1 %s", "linux", [][]string{{"w3m", "-o", "x=1", u}}},
		{"browser-var-list", "firefox::chromium", "linux", [][]string{{"firefox", u}, {"chromium", u}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := commands(tc.browser, tc.goos, u)
			if d := cmp.Diff(got, tc.want); d != "" {
				t.Errorf("commands(%q, %q) (-got +want):\n%s", tc.browser, tc.goos, d)
			}
		})
	}
}

// script writes an executable shell script into dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts as browsers need a Unix shell")
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	got := filepath.Join(dir, "got")
	record := script(t, dir, "record", `printf '%s\n' "$@" > `+got+"\n")
	fail := script(t, dir, "fail", "echo 'no method available for opening it' >&2\nexit 3\n")
	const u = "http://127.0.0.1:1/reflect/x?token=a&b=$(id)"
	for _, tc := range []struct {
		name     string
		browser  string
		wantArg  string // what the recording browser received; "" none
		wantErr  string // in the error; "" none
		notFound bool
	}{
		{"records-the-address", record, u + "\n", "", false},
		{"first-missing-second-works", filepath.Join(dir, "missing") + ":" + record, u + "\n", "", false},
		{"percent-s", record + " --flag %s", "--flag\n" + u + "\n", "", false},
		{"fails", fail, "", "exit status 3: no method available for opening it", false},
		{"missing", filepath.Join(dir, "missing"), "", "fix BROWSER", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(got)
			env := func(k string) string {
				if k == "BROWSER" {
					return tc.browser
				}
				return ""
			}
			err := Open(t.Context(), env, u)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Open() = %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("Open() = %v, want an error with %q", err, tc.wantErr)
			}
			if tc.notFound && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, exec.ErrNotFound) {
				t.Errorf("Open() = %v, want it to say the program does not exist", err)
			}
			b, rerr := os.ReadFile(got)
			if tc.wantArg == "" {
				if rerr == nil {
					t.Errorf("the browser ran with %q, want it not run", b)
				}
				return
			}
			if string(b) != tc.wantArg {
				t.Errorf("the browser got %q, want %q", b, tc.wantArg)
			}
		})
	}
}

// A browser that keeps running (one that blocks until its window is
// closed) is left running: Open returns after the settling time.
func TestOpenLeavesABrowserRunning(t *testing.T) {
	dir := t.TempDir()
	started := filepath.Join(dir, "started")
	slow := script(t, dir, "slow", "echo $$ > "+started+"\nexec sleep 30\n")
	t.Cleanup(func() {
		// The browser outlives Open; this test stops the one it started.
		if b, err := os.ReadFile(started); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill()
				}
			}
		}
	})
	old := settle
	settle = 200 * time.Millisecond
	t.Cleanup(func() { settle = old })
	start := time.Now()
	if err := Open(t.Context(), func(k string) string {
		if k == "BROWSER" {
			return slow
		}
		return ""
	}, "http://127.0.0.1:1/"); err != nil {
		t.Fatalf("Open() = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open() took %v with a browser that keeps running, want about the settling time", d)
	}
	if _, err := os.Stat(started); err != nil {
		t.Errorf("the browser did not run: %v", err)
	}
}

func TestOpenCancelled(t *testing.T) {
	ctx, cancel := contextCancelled(t)
	defer cancel()
	if err := Open(ctx, func(string) string { return "" }, "http://127.0.0.1:1/"); err == nil {
		t.Error("Open() with a cancelled context = nil, want an error")
	}
	if err := Open(t.Context(), func(string) string { return "" }, ""); err == nil {
		t.Error(`Open("") = nil, want an error`)
	}
}

func contextCancelled(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx, cancel
}
