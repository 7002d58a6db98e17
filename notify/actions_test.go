//go:build linux

package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notify/notifytest"
)

// event is what a Listen handler received.
type event struct{ Handle, Key string }

// listen sets handlers on n that pass what they receive to the returned
// channel; closes arrive with Key "closed".
func listen(n *Notifier) <-chan event {
	ch := make(chan event, 16)
	n.Listen(func(h, key string) { ch <- event{h, key} }, func(h string) { ch <- event{h, "closed"} })
	return ch
}

func next(t *testing.T, ch <-chan event) event {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no action reported in 10s")
	}
	return event{}
}

// none checks that nothing is reported: dunst has answered a later call on
// the same bus by then, so a signal sent before it has arrived.
func none(t *testing.T, n *Notifier, ch <-chan event) {
	t.Helper()
	if _, err := n.Live(t.Context(), "x/y/1"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-ch:
		t.Errorf("reported %+v, want nothing", e)
	default:
	}
}

func idOf(t *testing.T, h string) uint32 {
	t.Helper()
	_, id, ok := parseHandle(h)
	if !ok {
		t.Fatalf("handle %q does not parse", h)
	}
	return id
}

var buttons = []string{"default", "Reflect now", "reflect", "Reflect now", "later", "Later"}

// TestActionsDunst: buttons on a real dunst, chosen through its menu as a
// person would; only this Notifier's notifications are reported to it;
// replacing keeps the notification; after the bus restarts, the Notifier
// connects again and its new notifications' buttons work.
func TestActionsDunst(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{})
	n := mustNew(t, Config{}, srv.Getenv(nil))
	ch := listen(n)
	other := mustNew(t, Config{AppName: "other"}, srv.Getenv(nil))
	otherCh := listen(other)

	h, err := n.NotifyActions(t.Context(), "Interview with Acme over", "Note the questions.", "http://127.0.0.1:1/reflect/abc", buttons, "")
	if err != nil || h == "" {
		t.Fatalf("NotifyActions() = %q, %v; want a handle", h, err)
	}
	oh, err := other.NotifyActions(t.Context(), "Other", "body", "", buttons, "")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("invoke", func(t *testing.T) {
		srv.Invoke(t, idOf(t, h), "later")
		if got, want := next(t, ch), (event{h, "later"}); got != want {
			t.Errorf("reported %+v, want %+v", got, want)
		}
		srv.Invoke(t, idOf(t, h), "default")
		if got, want := next(t, ch), (event{h, "default"}); got != want {
			t.Errorf("reported %+v, want %+v", got, want)
		}
		none(t, other, otherCh)
	})
	t.Run("not-ours", func(t *testing.T) {
		srv.Invoke(t, idOf(t, oh), "reflect")
		if got, want := next(t, otherCh), (event{oh, "reflect"}); got != want {
			t.Errorf("other reported %+v, want %+v", got, want)
		}
		none(t, n, ch)
	})
	t.Run("replace", func(t *testing.T) {
		live, err := n.Live(t.Context(), h)
		if err != nil || !live {
			t.Fatalf("Live(%q) = %v, %v; want true", h, live, err)
		}
		h2, err := n.NotifyActions(t.Context(), "Interview with Acme over", "Replaced.", "", buttons, h)
		if err != nil || h2 != h {
			t.Fatalf("NotifyActions(replaces %q) = %q, %v; want the same handle", h, h2, err)
		}
		srv.Invoke(t, idOf(t, h2), "reflect")
		if got, want := next(t, ch), (event{h, "reflect"}); got != want {
			t.Errorf("reported %+v, want %+v", got, want)
		}
	})
	t.Run("closed", func(t *testing.T) {
		srv.Ctl(t, "close-all")
		if got, want := next(t, ch), (event{h, "closed"}); got != want {
			t.Errorf("reported %+v, want %+v", got, want)
		}
	})
	t.Run("bus-restarted", func(t *testing.T) {
		srv.Restart(t)
		live, err := n.Live(t.Context(), h)
		if err != nil || live {
			t.Errorf("Live(%q) after the restart = %v, %v; want false", h, live, err)
		}
		h3, err := n.NotifyActions(t.Context(), "After the restart", "body", "", buttons, h)
		if err != nil || h3 == "" || h3 == h {
			t.Fatalf("NotifyActions() after the restart = %q, %v; want a new handle", h3, err)
		}
		srv.Invoke(t, idOf(t, h3), "later")
		if got, want := next(t, ch), (event{h3, "later"}); got != want {
			t.Errorf("reported %+v, want %+v", got, want)
		}
	})
}

// TestActionsFake: the arguments a server receives, with and without the
// "actions" capability: buttons and no expiry where it has it; the page's
// address in the body, the server's expiry and no handle where it has not.
func TestActionsFake(t *testing.T) {
	const link = "http://127.0.0.1:1/reflect/abc?token=s3cret"
	for _, tc := range []struct {
		name       string
		caps       []string
		want       notifytest.Call
		wantHandle bool
	}{
		{"actions", []string{"actions", "body"}, notifytest.Call{
			App: "debrief", Summary: "Over", Body: "Note it.", Actions: buttons, ExpireTimeout: 0, ID: 1,
		}, true},
		{"no-actions", []string{"body"}, notifytest.Call{
			App: "debrief", Summary: "Over", Body: "Note it.\nOpen: " + link, Actions: []string{}, ExpireTimeout: -1, ID: 1,
		}, false},
		{"no-actions-markup", []string{"body", "body-markup"}, notifytest.Call{
			App: "debrief", Summary: "Over", Body: "Note it.\nOpen: " + strings.ReplaceAll(link, "&", "&amp;"), Actions: []string{}, ExpireTimeout: -1, ID: 1,
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bus := notifytest.Bus(t)
			fake := bus.Serve(t, tc.caps...)
			n := mustNew(t, Config{}, bus.Getenv(nil))
			desc, err := n.Check(t.Context())
			if err != nil || strings.HasSuffix(desc, ", with buttons") != tc.wantHandle {
				t.Errorf("Check() = %q, %v; want it to say whether there are buttons", desc, err)
			}
			h, err := n.NotifyActions(t.Context(), "Over", "Note it.", link, buttons, "")
			if err != nil {
				t.Fatal(err)
			}
			if (h != "") != tc.wantHandle {
				t.Errorf("NotifyActions() = %q, want a handle: %v", h, tc.wantHandle)
			}
			if d := cmp.Diff(fake.Calls(), []notifytest.Call{tc.want}); d != "" {
				t.Errorf("server received (-got +want):\n%s", d)
			}
		})
	}
}

// Without buttons anywhere (the log backend here; also the command backend
// and beeep), the address is the body's last line.
func TestActionsLogBackend(t *testing.T) {
	lg, buf := logRecords()
	n, err := New(lg, Config{Backend: BackendLog}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	h, err := n.NotifyActions(t.Context(), "Over", "Note it.", "http://127.0.0.1:1/reflect/abc", buttons, "")
	if err != nil || h != "" {
		t.Fatalf("NotifyActions() = %q, %v; want no handle", h, err)
	}
	recs := decodeRecords(t, buf)
	if len(recs) != 1 || recs[0]["body"] != "Note it.\nOpen: http://127.0.0.1:1/reflect/abc" {
		t.Errorf("logged %v, want the body with the address", recs)
	}
}

// TestActionsBroadcast: a server that broadcasts its signals (GNOME Shell
// does) reports other programs' notifications too; only this Notifier's own
// are passed on, and only from the server that showed them, not from
// another program sending the same signal.
func TestActionsBroadcast(t *testing.T) {
	bus := notifytest.Bus(t)
	fake := bus.Serve(t, "actions", "body")
	n := mustNew(t, Config{}, bus.Getenv(nil))
	ch := listen(n)
	h, err := n.NotifyActions(t.Context(), "Over", "Note it.", "", buttons, "")
	if err != nil || h == "" {
		t.Fatalf("NotifyActions() = %q, %v; want a handle", h, err)
	}
	id := idOf(t, h)

	// Another program's notification, then a program that is not the
	// server sending a signal about ours.
	fake.Emit(t, "ActionInvoked", id+100, "later")
	spoofer, err := dbus.Connect(bus.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer spoofer.Close()
	if err := spoofer.Emit(notifyPath, notifyIface+".ActionInvoked", id, "not-interview"); err != nil {
		t.Fatal(err)
	}
	// Then the real one.
	fake.Emit(t, "ActionInvoked", id, "reflect")
	if got, want := next(t, ch), (event{h, "reflect"}); got != want {
		t.Errorf("reported %+v, want %+v", got, want)
	}
	fake.Emit(t, "NotificationClosed", id, uint32(2))
	if got, want := next(t, ch), (event{h, "closed"}); got != want {
		t.Errorf("reported %+v, want %+v", got, want)
	}
	// Closed: a later signal about it is not passed on.
	fake.Emit(t, "ActionInvoked", id, "later")
	none(t, n, ch)
}
