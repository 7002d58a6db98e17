package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// settle is how long Open waits for the opener to fail before it takes the
// address as handed over. Openers such as xdg-open return within
// milliseconds; a browser named in $BROWSER may run until its window is
// closed, and is left running.
var settle = 2 * time.Second

// Open opens url in the browser and returns once the opener has exited or
// has run for a short while without failing. getenv is the environment it
// reads (os.Getenv in production).
//
// When BROWSER is set it is a list of commands separated by ':' (as
// xdg-open and Python's webbrowser read it), each a program and its
// arguments separated by spaces; "%s" in an argument is replaced by url,
// else url is the last argument. The first command that starts is used.
// Otherwise the opener is xdg-open (Linux and the BSDs), open (macOS), or
// rundll32 url.dll,FileProtocolHandler on Windows (which is what `start`
// does, without cmd.exe's parsing of '&' in the address). No shell is
// involved: url is always one argument.
//
// The opener gets the caller's environment; its output is discarded except
// for the start of its standard error, which an error quotes. The process
// is not tied to ctx: a browser started here outlives the caller. ctx only
// bounds how long Open waits. The error names the command and says what to
// do; it is returned when no command starts or when the opener exits with
// a failure within the settling time.
func Open(ctx context.Context, getenv func(string) string, url string) error {
	if url == "" {
		return errors.New("browser: no address to open")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("open %s in the browser: %w", url, err)
	}
	cmds := commands(getenv("BROWSER"), runtime.GOOS, url)
	var errs []error
	for _, argv := range cmds {
		err := run(ctx, argv)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
		if !errors.Is(err, exec.ErrNotFound) && !errors.Is(err, os.ErrNotExist) {
			break // it started and failed: the next would likely fail too, and twice is worse
		}
	}
	how := "install xdg-utils or set BROWSER to your browser's command"
	if getenv("BROWSER") != "" {
		how = "fix BROWSER (a command such as \"firefox\", or \"firefox:chromium\") or unset it"
	}
	return fmt.Errorf("open %s in the browser (%s; or open the address by hand): %w", url, how, errors.Join(errs...))
}

// commands returns the argvs to try, in order.
func commands(browserVar, goos, url string) [][]string {
	if strings.TrimSpace(browserVar) != "" {
		var out [][]string
		for _, c := range strings.Split(browserVar, ":") {
			f := strings.Fields(c)
			if len(f) == 0 {
				continue
			}
			subst := false
			for i, a := range f {
				if strings.Contains(a, "%s") {
					f[i] = strings.ReplaceAll(a, "%s", url)
					subst = true
				}
			}
			if !subst {
				f = append(f, url)
			}
			out = append(out, f)
		}
		if len(out) > 0 {
			return out
		}
	}
	switch goos {
	case "darwin":
		return [][]string{{"open", url}}
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler", url}}
	default:
		return [][]string{{"xdg-open", url}}
	}
}

// run starts argv and waits for it to exit, for settle, or for ctx,
// whichever is first. Only an exit with a failure is an error; a process
// still running is reaped in the background when it exits.
func run(ctx context.Context, argv []string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	stderr := &capped{max: 2 << 10}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	// Ends when the process exits: Wait returns then.
	go func() { done <- cmd.Wait() }()
	t := time.NewTimer(settle)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w%s", argv[0], err, stderr.excerpt())
		}
		return nil
	case <-t.C:
		return nil
	case <-ctx.Done():
		return nil
	}
}

// capped keeps the first max bytes written to it. Only the process's
// copying goroutine writes, and excerpt is read after Wait returned.
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

// excerpt is ": " and the first line of the output, or "".
func (c *capped) excerpt() string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(c.b)), "\n")
	if s == "" {
		return ""
	}
	return ": " + s
}
