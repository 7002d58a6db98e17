package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// names are the executables tried, in order, on PATH.
var names = []string{"chromium", "chromium-browser", "chromium-headless-shell", "google-chrome", "google-chrome-stable", "headless_shell"}

// Path returns the Chromium found on PATH, or "" when there is none.
func Path() string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium, stopped when the test ends.
type Browser struct {
	t       testing.TB
	ctx     context.Context // the browser's root context; never given a deadline
	profile string
}

// Options adjust Start. The zero value is a fresh profile in a temp dir.
type Options struct {
	// Profile is the user data directory: give the same one to a second
	// Start to reopen the browser with its cookies and local storage, as
	// a person does after a crash. "" means a fresh one for this browser.
	Profile string
	// Width and Height are the window's size; 0 means 1024 × 900.
	Width, Height int
	// Flags are more Chromium command-line flags, such as
	// "host-resolver-rules": "MAP evil.test 127.0.0.1" to make a name
	// resolve to loopback, as DNS rebinding does.
	Flags map[string]any
}

// Start starts headless Chromium for t, or skips t when Chromium is not
// installed. The browser is killed when t ends (Kill ends it sooner).
func Start(t testing.TB, o Options) *Browser {
	t.Helper()
	path := Path()
	if path == "" {
		missing(t, "chromium is not installed: apt-get install chromium")
	}
	if o.Profile == "" {
		o.Profile = t.TempDir()
	}
	if o.Width == 0 {
		o.Width, o.Height = 1024, 900
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(o.Profile),
		chromedp.WindowSize(o.Width, o.Height),
		// Nothing but the page under test talks to the network.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	for k, v := range o.Flags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	// The first Run starts the browser; it must not carry a deadline,
	// which would end the browser with it.
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		t.Fatalf("start %s: %v", path, err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		cancel()
		acancel()
	})
	return &Browser{t: t, ctx: ctx, profile: o.Profile}
}

// Profile is the browser's user data directory.
func (b *Browser) Profile() string { return b.profile }

// Kill ends the browser at once (SIGKILL), as a crash does: nothing is
// flushed. Local storage written before survives in the profile, as in a
// real crash, only as far as Chromium had written it to disk.
func (b *Browser) Kill() {
	b.t.Helper()
	c := chromedp.FromContext(b.ctx)
	if c == nil || c.Browser == nil {
		return
	}
	if p := c.Browser.Process(); p != nil {
		p.Kill()
	}
}

// Tab is one browser tab and what ran in it.
type Tab struct {
	// Ctx is the tab's context for chromedp.Run and chromedp.Do; it ends
	// after the timeout given to Tab, or when the test ends.
	Ctx context.Context

	mu      sync.Mutex
	logs    []string      // exceptions and console errors, including CSP violations
	changed chan struct{} // closed and replaced at each new line of logs
}

// Tab opens a new tab whose actions must finish within timeout.
func (b *Browser) Tab(timeout time.Duration) *Tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	tab := &Tab{changed: make(chan struct{})}
	if err := chromedp.Do(ctx); err != nil { // opens the tab, without deadline
		cancel()
		b.t.Fatalf("open a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tab.listen); err != nil {
		cancel()
		b.t.Fatalf("listen to the tab: %v", err)
	}
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	b.t.Cleanup(func() {
		tcancel()
		cancel()
	})
	tab.Ctx = tctx
	return tab
}

// Close closes the tab, as a person closing it does.
func (t *Tab) Close() error {
	return chromedp.Cancel(t.Ctx)
}

func (t *Tab) listen(ev any) {
	var line string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		line = "exception: " + d.Text
		if d.Exception != nil {
			line += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError && e.Level != log.EntryLevelWarning {
			return
		}
		line = fmt.Sprintf("%s %s: %s", e.Source, e.Level, e.Text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeWarning {
			return
		}
		var args []string
		for _, a := range ev.Args {
			args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
		}
		line = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
	default:
		return
	}
	t.mu.Lock()
	t.logs = append(t.logs, line)
	close(t.changed)
	t.changed = make(chan struct{})
	t.mu.Unlock()
}

// WaitError waits until an error or warning containing substr was
// reported (see Errors), or the tab's context ends.
func (t *Tab) WaitError(substr string) error {
	for {
		t.mu.Lock()
		for _, l := range t.logs {
			if strings.Contains(l, substr) {
				t.mu.Unlock()
				return nil
			}
		}
		ch := t.changed
		t.mu.Unlock()
		select {
		case <-ch:
		case <-t.Ctx.Done():
			return fmt.Errorf("no report containing %q (got %q): %w", substr, t.Errors(), t.Ctx.Err())
		}
	}
}

// Errors returns the exceptions thrown and the errors and warnings logged
// in the tab so far, by scripts or by the browser (a Content-Security-Policy
// violation is one).
func (t *Tab) Errors() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.logs...)
}

// missing skips t for lack of an outside program, except in CI (CI=true),
// which installs every one: there a missing program is a broken CI set-up,
// and the test fails rather than pass by skipping.
func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("CI should have installed it: " + why)
	}
	t.Skip(why)
}
