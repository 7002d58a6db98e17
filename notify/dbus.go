package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/godbus/dbus/v5"
)

// The desktop backend calls org.freedesktop.Notifications itself through
// godbus rather than through beeep.Notify: beeep.Notify takes no context and
// was measured to block forever on a server that owns the name but does not
// answer (dunst stopped with SIGSTOP); it reads the process environment and,
// with no DBUS_SESSION_BUS_ADDRESS there, godbus's SessionBus lets it run
// dbus-launch, which leaves an orphan dbus-daemon behind each time. Here every
// step (connect, authenticate, Hello, the calls) is bound to the delivery's
// context, on a private connection that is closed afterwards, so a stuck
// server costs one failed delivery and no goroutine.

const (
	notifyDest  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// dial opens a private, authenticated connection to the session bus. The
// connection is closed when ctx ends, which is what bounds the authentication
// and Hello steps: they take no context of their own.
func (n *Notifier) dial(ctx context.Context) (*dbus.Conn, error) {
	conn, err := dbus.Connect(n.busAddr, dbus.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("connect: %w", n.deadlineErr(ctx, err))
	}
	return conn, nil
}

// notifyDesktop sends one notification, title and body already sanitised.
func (n *Notifier) notifyDesktop(ctx context.Context, title, body string) error {
	conn, err := n.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	obj := conn.Object(notifyDest, notifyPath)

	// The body is markup only for servers that say so; to others, escaped
	// text would show its entities.
	var caps []string
	if err := obj.CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		var derr dbus.Error
		if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
			return fmt.Errorf("no notification server on the bus (start your desktop's, or dunst or mako, or set notify.backend): %w", err)
		}
		return fmt.Errorf("GetCapabilities: %w", n.deadlineErr(ctx, err))
	}
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}

	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))} // normal
	var id uint32
	err = obj.CallWithContext(ctx, notifyIface+".Notify", 0,
		n.appName, uint32(0), "", title, body, []string{}, hints, int32(-1),
	).Store(&id)
	if err != nil {
		return fmt.Errorf("Notify: %w", n.deadlineErr(ctx, err))
	}
	return nil
}

type serverInfo struct{ name, vendor, version, spec string }

// serverInformation asks the notification server who it is.
func (n *Notifier) serverInformation(ctx context.Context) (serverInfo, error) {
	var info serverInfo
	conn, err := n.dial(ctx)
	if err != nil {
		return info, err
	}
	defer conn.Close()
	err = conn.Object(notifyDest, notifyPath).
		CallWithContext(ctx, notifyIface+".GetServerInformation", 0).
		Store(&info.name, &info.vendor, &info.version, &info.spec)
	if err != nil {
		return info, fmt.Errorf("GetServerInformation: %w", n.deadlineErr(ctx, err))
	}
	return info, nil
}

// deadlineErr says that the server did not answer in time when the deadline
// passed: what godbus returns then ("use of closed network connection")
// does not say so.
func (n *Notifier) deadlineErr(ctx context.Context, err error) error {
	switch cerr := ctx.Err(); {
	case errors.Is(cerr, context.DeadlineExceeded):
		return fmt.Errorf("no answer within %v: %w", n.timeout, cerr)
	case cerr != nil:
		return cerr
	}
	return err
}
