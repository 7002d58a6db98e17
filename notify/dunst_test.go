//go:build linux

package notify

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notify/notifytest"
)

// TestDesktopDunst delivers notifications to a real notification server,
// dunst on a private bus and a virtual X display, reads them back from dunst's
// history, then freezes the server and the bus and checks that a delivery
// fails at its deadline instead of hanging.
func TestDesktopDunst(t *testing.T) {
	bus := notifytest.Bus(t)
	byEnv := bus.Getenv(nil)

	t.Run("no-server", func(t *testing.T) {
		n := mustNew(t, Config{Timeout: time.Second}, byEnv)
		var derr dbus.Error
		err := n.Notify(t.Context(), "t", "b")
		if !errors.As(err, &derr) || derr.Name != "org.freedesktop.DBus.Error.ServiceUnknown" ||
			!strings.Contains(err.Error(), "no notification server") {
			t.Errorf("Notify() = %v, want ServiceUnknown explained", err)
		}
		if desc, err := n.Check(t.Context()); err == nil {
			t.Errorf("Check() = %q, nil; want an error", desc)
		}
	})

	// A bus with dunst on it.
	srv := notifytest.Start(t, notifytest.Options{Dunstrc: "markup = full"})
	byEnv = srv.Getenv(nil)
	byRuntimeDir := env(map[string]string{"XDG_RUNTIME_DIR": srv.Dir})
	dir := srv.Dir

	t.Run("check", func(t *testing.T) {
		n := mustNew(t, Config{}, byEnv)
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
			n := mustNew(t, Config{AppName: "debrief-test"}, send.getenv)
			if n.Backend() != BackendDesktop {
				t.Fatalf("Backend() = %q, want desktop", n.Backend())
			}
			if err := n.Notify(t.Context(), send.title, send.body); err != nil {
				t.Fatalf("Notify() = %v", err)
			}
		}
		var got []shown
		for _, n := range srv.History(t) {
			got = append(got, shown{App: n.App, Summary: n.Summary, Body: n.Body})
		}
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
		srv.Freeze(t)
		n := mustNew(t, Config{Timeout: time.Second}, byEnv)
		start := time.Now()
		err := n.Notify(t.Context(), "frozen", "server")
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
		srv.FreezeBus(t)
		n := mustNew(t, Config{Timeout: time.Second}, byEnv)
		start := time.Now()
		err := n.Notify(t.Context(), "frozen", "bus")
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
		n := mustNew(t, Config{}, byEnv)
		if err := n.Notify(t.Context(), "thawed", "works again"); err != nil {
			t.Errorf("Notify() after SIGCONT = %v", err)
		}
	})
}

// mustNew returns a Notifier closed at the end of the test.
func mustNew(t *testing.T, cfg Config, getenv func(string) string) *Notifier {
	t.Helper()
	n, err := New(discardLogger(), cfg, getenv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

type shown struct{ App, Summary, Body string }
