package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// The test binary doubles as the program the command backend runs: with a
// first argument starting with "helper-" it acts as one of the helpers below
// instead of running the tests.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "helper-") {
		// syscall.Exit skips the race detector's one-second sleep at exit.
		syscall.Exit(helper(os.Args[1], os.Args[2:]))
	}
	os.Exit(m.Run())
}

func helper(mode string, args []string) int {
	switch mode {
	case "helper-args": // OUT ARGS...: write ARGS to the file OUT as JSON
		b, _ := json.Marshal(args[1:])
		if err := os.WriteFile(args[0], b, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	case "helper-fail": // a lot of output, then exit status 3
		fmt.Fprintln(os.Stderr, "boom: the server said no")
		fmt.Fprintln(os.Stderr, strings.Repeat("noise ", 4000))
		return 3
	case "helper-hang": // never exit on its own (within a test's life)
		time.Sleep(30 * time.Second)
		return 0
	case "helper-background": // PIDFILE: leave a child holding our stdout, exit 0
		exe, _ := os.Executable()
		c := exec.Command(exe, "helper-hang")
		c.Stdout = os.Stdout
		if err := c.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := os.WriteFile(args[0], []byte(strconv.Itoa(c.Process.Pid)), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown helper", mode)
	return 2
}

// mustExe returns the path of the test binary, the helper program.
func mustExe(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// mustCommand returns a command Notifier running argv.
func mustCommand(t *testing.T, timeout time.Duration, argv ...string) *Notifier {
	t.Helper()
	n, err := New(discardLogger(), Config{Backend: BackendCommand, Command: argv, Timeout: timeout}, noEnv)
	if err != nil {
		t.Fatalf("New(command %q) = %v", argv, err)
	}
	return n
}

func TestCommandArgumentsAreLiteral(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "args.json")
	pwned := filepath.Join(dir, "pwned")
	n := mustCommand(t, 5*time.Second,
		mustExe(t), "helper-args", out, "{title}", "--body={body}", "{body}{title}", "{nothing}", "")

	title := "$(rm -rf ~) `id` {body}"
	body := "; touch " + pwned + "\n&& touch " + pwned + " | cat > " + pwned + " {title} *"
	if err := n.Notify(t.Context(), title, body); err != nil {
		t.Fatalf("Notify() = %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := []string{title, "--body=" + body, body + title, "{nothing}", ""}
	if !slices.Equal(got, want) {
		t.Errorf("command got arguments %q, want %q", got, want)
	}
	if _, err := os.Stat(pwned); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists: the text was run by a shell", pwned)
	}
}

func TestCommandTextIsSanitised(t *testing.T) {
	out := filepath.Join(t.TempDir(), "args.json")
	n := mustCommand(t, 5*time.Second, mustExe(t), "helper-args", out, "{title}", "{body}")
	title := "Acme\u202E\x00 interview\nround 2"
	body := "line\x1b[31m one\r\nline \u2066two\u2069 " + strings.Repeat("x", 2*MaxBody)
	if err := n.Notify(t.Context(), title, body); err != nil {
		t.Fatalf("Notify() = %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	wantBody := Sanitize("line[31m one\nline two "+strings.Repeat("x", 2*MaxBody), MaxBody)
	want := []string{"Acme interview round 2", wantBody}
	if !slices.Equal(got, want) {
		t.Errorf("command got arguments %q, want %q", got, want)
	}
}

func TestCommandFailure(t *testing.T) {
	n := mustCommand(t, 5*time.Second, mustExe(t), "helper-fail")
	err := n.Notify(t.Context(), "t", "b")
	if err == nil {
		t.Fatal("Notify() = nil, want the exit status")
	}
	msg := err.Error()
	if !strings.Contains(msg, "exit status 3") || !strings.Contains(msg, "boom: the server said no") {
		t.Errorf("Notify() = %q, want the exit status and the start of stderr", msg)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Errorf("Notify() = %v, want an *exec.ExitError inside", err)
	}
	if n := utf8.RuneCountInString(msg); n > 500 {
		t.Errorf("Notify() error is %d runes long, want a short excerpt of the output", n)
	}
}

func TestCommandDeadline(t *testing.T) {
	n := mustCommand(t, 200*time.Millisecond, mustExe(t), "helper-hang")
	err := n.Notify(t.Context(), "t", "b")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Notify() = %v, want context.DeadlineExceeded", err)
	}
}

// A command that exits 0 but leaves a process holding its output open (a
// script that backgrounds its work) delivered the notification; the delivery
// ends waitDelay later instead of when that process exits.
func TestCommandBackgroundChildKeepsPipe(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	n := mustCommand(t, 5*time.Second, mustExe(t), "helper-background", pidFile)
	start := time.Now()
	err := n.Notify(t.Context(), "t", "b")
	// Without WaitDelay, Notify would wait for the grandchild (30s) even
	// past the 5s deadline: killing the exited child does not close the pipe.
	if elapsed := time.Since(start); elapsed > 4*time.Second {
		t.Errorf("Notify() took %v, want it to stop waiting for the output soon after the command exited", elapsed)
	}
	if b, rerr := os.ReadFile(pidFile); rerr == nil {
		if pid, perr := strconv.Atoi(string(b)); perr == nil {
			if p, ferr := os.FindProcess(pid); ferr == nil {
				p.Kill() // the grandchild this test started
			}
		}
	}
	if err != nil {
		t.Errorf("Notify() = %v, want nil", err)
	}
}
