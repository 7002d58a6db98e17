package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/godbus/dbus/v5"
)

// The desktop backend calls org.freedesktop.Notifications itself through
// godbus rather than through beeep.Notify: beeep.Notify takes no context and
// was measured to block forever on a server that owns the name but does not
// answer (dunst stopped with SIGSTOP); it reads the process environment and,
// with no DBUS_SESSION_BUS_ADDRESS there, godbus's SessionBus lets it run
// dbus-launch, which leaves an orphan dbus-daemon behind each time.
//
// The Notifier keeps one private connection to the session bus, because
// some servers (dunst) send ActionInvoked and NotificationClosed only to the
// connection that sent the notification: a connection closed after sending
// would lose the person's click. Every step of a delivery (connect,
// authenticate, Hello, the calls) is bound to the delivery's context; a
// connection whose call missed its deadline is closed (the server is stuck,
// or the bus), and so is one the bus dropped: the next delivery connects
// again. A stuck server thus costs failed deliveries and no goroutine.

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

// busConn is the Notifier's connection and the bus it is on.
type busConn struct {
	conn *dbus.Conn
	// bus is the bus's id (org.freedesktop.DBus.GetId), which a new bus at
	// the same address does not share: unique names such as ":1.1" recur
	// on each new bus, so they name a server only together with it.
	bus string
	// cancel closes the connection (its context).
	cancel context.CancelFunc
}

// connect returns the open connection, or opens one bound to ctx until it
// is authenticated and then to the Notifier's life: it lives until Close,
// a call on it misses its deadline, or the bus drops it. The caller holds
// n.sem.
func (n *Notifier) connect(ctx context.Context) (*dbus.Conn, error) {
	if n.bc != nil && n.bc.conn.Connected() {
		return n.bc.conn, nil
	}
	if n.bc != nil { // the bus dropped it
		n.bc.cancel()
		n.bc = nil
	}
	life, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel) // bounds the handshake
	conn, err := dbus.Connect(n.busAddr, dbus.WithContext(life))
	if !stop() || err != nil {
		cancel()
		if conn != nil {
			conn.Close()
		}
		if err == nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("connect: %w", n.deadlineErr(ctx, err))
	}
	// Signals of the notification server only: a match on the
	// well-known name is a match on its owner.
	if err := conn.AddMatchSignalContext(ctx,
		dbus.WithMatchSender(notifyDest),
		dbus.WithMatchInterface(notifyIface),
		dbus.WithMatchObjectPath(notifyPath),
	); err != nil {
		cancel()
		conn.Close()
		return nil, fmt.Errorf("listen for the notification server's signals: %w", n.deadlineErr(ctx, err))
	}
	var bus string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetId", 0).Store(&bus); err != nil {
		cancel()
		conn.Close()
		return nil, fmt.Errorf("GetId: %w", n.deadlineErr(ctx, err))
	}
	sigs := make(chan *dbus.Signal, 16)
	conn.Signal(sigs)
	n.bc = &busConn{conn: conn, cancel: cancel, bus: bus}
	// The notifications of an earlier connection report nothing to this
	// one.
	n.mu.Lock()
	clear(n.ours)
	n.mu.Unlock()
	// Ends when the connection is closed (Close, a missed deadline, the
	// bus gone): godbus closes sigs then.
	go n.listen(bus, sigs)
	return conn, nil
}

// drop closes the connection after a call on it missed its deadline. The
// caller holds n.sem.
func (n *Notifier) drop(conn *dbus.Conn) {
	if n.bc != nil && n.bc.conn == conn {
		n.bc.cancel()
		n.bc.conn.Close()
		n.bc = nil
	}
}

// listen hands the server's signals about this Notifier's own
// notifications to the handlers set by Listen; signals about other
// programs' notifications (servers such as GNOME's broadcast them) and
// signals from anyone but the server that showed the notification are
// ignored.
func (n *Notifier) listen(bus string, sigs <-chan *dbus.Signal) {
	for s := range sigs {
		if len(s.Body) != 2 {
			continue
		}
		id, ok := s.Body[0].(uint32)
		if !ok {
			continue
		}
		h := handle(bus, s.Sender, id)
		n.mu.Lock()
		ours := n.ours[h]
		act, closed := n.onAction, n.onClosed
		if ours && s.Name == notifyIface+".NotificationClosed" {
			delete(n.ours, h)
		}
		n.mu.Unlock()
		if !ours {
			continue
		}
		switch s.Name {
		case notifyIface + ".ActionInvoked":
			if key, ok := s.Body[1].(string); ok && act != nil {
				act(h, key)
			}
		case notifyIface + ".NotificationClosed":
			if closed != nil {
				closed(h)
			}
		}
	}
}

// handle names the notification id shown by the server with the unique
// name server on the bus with the id bus: "BUS/SERVER/ID".
func handle(bus, server string, id uint32) string {
	return bus + "/" + server + "/" + strconv.FormatUint(uint64(id), 10)
}

// parseHandle is the inverse of handle: where is "BUS/SERVER".
func parseHandle(h string) (where string, id uint32, ok bool) {
	i := strings.LastIndexByte(h, '/')
	if i <= 0 || !strings.Contains(h[:i], "/") {
		return "", 0, false
	}
	v, err := strconv.ParseUint(h[i+1:], 10, 32)
	if err != nil || v == 0 {
		return "", 0, false
	}
	return h[:i], uint32(v), true
}

// acquire takes n.sem, or fails when ctx ends first.
func (n *Notifier) acquire(ctx context.Context) error {
	select {
	case n.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for an earlier notification: %w", n.deadlineErr(ctx, ctx.Err()))
	}
}

func (n *Notifier) release() { <-n.sem }

// sendDesktop shows one notification, title and body already sanitised,
// with actions (key, label pairs) where the server shows them. It returns
// the notification's handle when the server will report the person's
// choice, "" otherwise; buttons reports whether it shows actions. A
// notification with actions does not expire; replaces, a handle, is the
// notification to replace, when it is still the same server's.
func (n *Notifier) sendDesktop(ctx context.Context, title, body, link string, actions []string, replaces string) (h string, buttons bool, err error) {
	if err := n.acquire(ctx); err != nil {
		return "", false, err
	}
	defer n.release()
	conn, err := n.connect(ctx)
	if err != nil {
		return "", false, err
	}
	fail := func(what string, err error) (string, bool, error) {
		if ctx.Err() != nil {
			n.drop(conn)
		}
		var derr dbus.Error
		if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
			return "", false, fmt.Errorf("no notification server on the bus (start your desktop's, or dunst or mako, or set notify.backend): %w", err)
		}
		return "", false, fmt.Errorf("%s: %w", what, n.deadlineErr(ctx, err))
	}
	obj := conn.Object(notifyDest, notifyPath)

	var caps []string
	if err := obj.CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&caps); err != nil {
		return fail("GetCapabilities", err)
	}
	var server string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, notifyDest).Store(&server); err != nil {
		return fail("GetNameOwner", err)
	}
	buttons = len(actions) > 0 && slices.Contains(caps, "actions")
	if !buttons && link != "" {
		body = withLink(body, link)
	}
	// The body is markup only for servers that say so; to others, escaped
	// text would show its entities.
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body)
	}
	expire := int32(-1) // the server's default
	acts := []string{}
	if buttons {
		acts = actions
		expire = 0 // never: a person away from the desk still finds the buttons
	}
	where := n.bc.bus + "/" + server
	var rid uint32
	if w, id, ok := parseHandle(replaces); ok && w == where {
		rid = id
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))} // normal
	var id uint32
	err = obj.CallWithContext(ctx, notifyIface+".Notify", 0,
		n.appName, rid, "", title, body, acts, hints, expire,
	).Store(&id)
	if err != nil {
		return fail("Notify", err)
	}
	if !buttons || id == 0 {
		return "", buttons, nil
	}
	h = handle(n.bc.bus, server, id)
	n.mu.Lock()
	if rid != 0 && rid != id {
		delete(n.ours, replaces)
	}
	n.ours[h] = true
	n.mu.Unlock()
	return h, true, nil
}

// live reports whether the server that showed the notification h is the
// one on the bus now: only then can the notification still be on display.
func (n *Notifier) live(ctx context.Context, h string) (bool, error) {
	where, _, ok := parseHandle(h)
	if !ok {
		return false, nil
	}
	if err := n.acquire(ctx); err != nil {
		return false, err
	}
	defer n.release()
	conn, err := n.connect(ctx)
	if err != nil {
		return false, err
	}
	var owner string
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, notifyDest).Store(&owner)
	var derr dbus.Error
	switch {
	case errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.NameHasNoOwner":
		return false, nil
	case err != nil:
		if ctx.Err() != nil {
			n.drop(conn)
		}
		return false, fmt.Errorf("GetNameOwner: %w", n.deadlineErr(ctx, err))
	}
	return where == n.bc.bus+"/"+owner, nil
}

// dismiss closes the notification h when its server is the one on the
// bus now.
func (n *Notifier) dismiss(ctx context.Context, h string) error {
	where, id, ok := parseHandle(h)
	if !ok {
		return nil
	}
	if err := n.acquire(ctx); err != nil {
		return err
	}
	defer n.release()
	conn, err := n.connect(ctx)
	if err != nil {
		return err
	}
	var owner string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, notifyDest).Store(&owner); err != nil || where != n.bc.bus+"/"+owner {
		return nil // the server is gone, and its notifications with it
	}
	n.mu.Lock()
	delete(n.ours, h)
	n.mu.Unlock()
	if err := conn.Object(notifyDest, notifyPath).CallWithContext(ctx, notifyIface+".CloseNotification", 0, id).Err; err != nil {
		if ctx.Err() != nil {
			n.drop(conn)
		}
		return fmt.Errorf("CloseNotification: %w", n.deadlineErr(ctx, err))
	}
	return nil
}

// closeDesktop closes the Notifier's connection; the listener ends.
func (n *Notifier) closeDesktop() {
	n.sem <- struct{}{}
	defer n.release()
	if n.bc != nil {
		n.drop(n.bc.conn)
	}
}

type serverInfo struct {
	name, vendor, version, spec string
	caps                        []string
}

// serverInformation asks the notification server who it is and what it
// can show, on a connection of its own.
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
	err = conn.Object(notifyDest, notifyPath).CallWithContext(ctx, notifyIface+".GetCapabilities", 0).Store(&info.caps)
	if err != nil {
		return info, fmt.Errorf("GetCapabilities: %w", n.deadlineErr(ctx, err))
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
