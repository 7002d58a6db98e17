package notify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/internal/clean"
)

// waitDelay bounds how long a finished or killed command may keep its output
// open through a process it started: after it, the pipes are closed and the
// delivery returns.
const waitDelay = 500 * time.Millisecond

// maxOutput is how much of a command's output is kept for an error message.
const maxOutput = 4 << 10

// notifyCommand runs the command backend's argv, title and body already
// sanitised. Each is passed as (part of) one argument, whatever it contains:
// there is no shell to interpret it. The command inherits the daemon's
// environment, its standard input is empty.
func (n *Notifier) notifyCommand(ctx context.Context, title, body string) error {
	// One pass over each argument: a title containing "{body}" stays as is.
	r := strings.NewReplacer("{title}", title, "{body}", body)
	args := make([]string, len(n.argv)-1)
	for i, a := range n.argv[1:] {
		args[i] = r.Replace(a)
	}
	cmd := exec.CommandContext(ctx, n.argv[0], args...)
	out := &capped{max: maxOutput}
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.WaitDelay = waitDelay
	err := cmd.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrWaitDelay):
		// It exited with status 0; something it started in the background
		// holds its output open. The notification went out.
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("killed, it did not finish before the deadline (%w)%s", ctx.Err(), out.excerpt())
	default:
		return fmt.Errorf("%w%s", err, out.excerpt())
	}
}

// capped is an io.Writer that keeps the first max bytes written to it and
// drops the rest, so a chatty command cannot fill the daemon's memory.
type capped struct {
	max int
	b   []byte
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// excerpt returns ": " and the start of the output on one line, or "".
func (c *capped) excerpt() string {
	s := clean.Line(string(c.b), 200)
	if s == "" {
		return ""
	}
	return ": " + s
}

// lookPath finds the program file names, in the directories of the PATH list
// path when file has no slash. Relative PATH entries are ignored: a program
// found through them would depend on the daemon's working directory.
func lookPath(file, path string) (string, error) {
	if strings.Contains(file, "/") {
		if err := executable(file); err != nil {
			return "", err
		}
		return file, nil
	}
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, file)
		if executable(p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("program %q not found in PATH: install it or give its full path", file)
}

func executable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("program %q: %w", p, err)
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("program %q is not an executable file", p)
	}
	return nil
}
