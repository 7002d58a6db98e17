package notifytest_test

import (
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/debrief-dev/debrief/notify/notifytest"
)

// notifyWith sends one notification with actions on conn and returns its
// id.
func notifyWith(t *testing.T, conn *dbus.Conn, summary string, actions ...string) uint32 {
	t.Helper()
	var id uint32
	err := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications").
		Call("org.freedesktop.Notifications.Notify", 0, "notifytest", uint32(0), "", summary, "body",
			actions, map[string]dbus.Variant{}, int32(0)).Store(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestInvoke: the picker chooses the action asked for, of the notification
// asked for, and dunst tells the sender.
func TestInvoke(t *testing.T) {
	s := notifytest.Start(t, notifytest.Options{})
	conn, err := dbus.Connect(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.AddMatchSignal(dbus.WithMatchInterface("org.freedesktop.Notifications")); err != nil {
		t.Fatal(err)
	}
	sigs := make(chan *dbus.Signal, 16)
	conn.Signal(sigs)
	first := notifyWith(t, conn, "first", "default", "Open", "later", "Later", "done", "Done")
	second := notifyWith(t, conn, "second", "default", "Open", "later", "Later", "done", "Done")

	next := func() (string, []any) {
		t.Helper()
		select {
		case s := <-sigs:
			return s.Name, s.Body
		case <-time.After(10 * time.Second):
			t.Fatal("no signal in 10s")
		}
		return "", nil
	}
	s.Invoke(t, first, "later")
	name, body := next()
	if name != "org.freedesktop.Notifications.ActionInvoked" || body[0] != first || body[1] != "later" {
		t.Errorf("got %s %v, want ActionInvoked [%d later]", name, body, first)
	}
	s.Invoke(t, second, "default")
	name, body = next()
	if name != "org.freedesktop.Notifications.ActionInvoked" || body[0] != second || body[1] != "default" {
		t.Errorf("got %s %v, want ActionInvoked [%d default]", name, body, second)
	}
	// dunst's default sort puts the oldest notification on top.
	s.Click(t)
	name, body = next()
	if name != "org.freedesktop.Notifications.ActionInvoked" || body[0] != first || body[1] != "default" {
		t.Errorf("got %s %v, want ActionInvoked [%d default]", name, body, first)
	}
	if h := s.History(t); len(h) != 2 {
		t.Errorf("history holds %d notifications, want 2: %v", len(h), h)
	}
}
