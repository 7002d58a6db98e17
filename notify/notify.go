package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/godbus/dbus/v5"

	"github.com/debrief-dev/debrief/internal/clean"
)

// The backends a Config may name.
const (
	BackendDesktop = "desktop" // org.freedesktop.Notifications on the session bus
	BackendCommand = "command" // a program run with the text as arguments
	BackendLog     = "log"     // an Info record in the log
)

// DefaultTimeout is the hard deadline of one delivery when Config.Timeout is
// zero.
const DefaultTimeout = 5 * time.Second

// DefaultAppName is the application name desktop notifications carry when
// Config.AppName is empty.
const DefaultAppName = "debrief"

// Config says how notifications are delivered. It mirrors the [notify] table
// of the configuration file.
type Config struct {
	// Backend is "desktop", "command" or "log"; "" means "desktop".
	Backend string
	// Command is the argv of the command backend. In each argument,
	// {title} and {body} are replaced by the notification's text; no shell
	// is involved.
	Command []string
	// Timeout bounds one delivery; 0 means DefaultTimeout.
	Timeout time.Duration
	// AppName names the sender to the notification server; "" means
	// DefaultAppName.
	AppName string
}

// Notifier delivers notifications through one backend. Its methods may be
// called from several goroutines at once. A desktop Notifier keeps a
// connection to the session bus and a goroutine listening on it (see
// Listen); Close ends both.
type Notifier struct {
	lg      *slog.Logger
	backend string
	timeout time.Duration
	appName string
	busAddr string   // desktop over D-Bus: the session bus address
	native  *bounded // desktop through beeep (macOS, Windows)
	argv    []string // command: argv with argv[0] resolved to a path

	// sem serialises the use of bc (one slot): taking it respects the
	// caller's deadline, which a mutex would not.
	sem chan struct{}
	bc  *busConn // the open connection; nil: none yet, or dropped

	mu       sync.Mutex
	ours     map[string]bool // handles of the notifications on display that have buttons
	onAction func(handle, key string)
	onClosed func(handle string)
}

// New returns a Notifier for cfg. getenv is the environment it reads
// (os.Getenv in production): DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR for
// the desktop backend, PATH for the command backend.
//
// The desktop backend uses DBUS_SESSION_BUS_ADDRESS when it is set, else the
// socket $XDG_RUNTIME_DIR/bus (or /run/user/$UID/bus when XDG_RUNTIME_DIR is
// unset) when it exists. When there is neither, New logs one warning and
// returns a Notifier that uses the log backend: a daemon started outside a
// graphical session still shows its nudges somewhere. It never starts a bus
// (no dbus-launch).
//
// New fails on an unknown backend, a negative timeout, and a command backend
// whose program is missing or cannot be found in PATH.
func New(lg *slog.Logger, cfg Config, getenv func(string) string) (*Notifier, error) {
	n := &Notifier{
		lg:      lg,
		backend: cfg.Backend,
		timeout: cfg.Timeout,
		appName: cfg.AppName,
		sem:     make(chan struct{}, 1),
		ours:    map[string]bool{},
	}
	if n.backend == "" {
		n.backend = BackendDesktop
	}
	if n.timeout < 0 {
		return nil, fmt.Errorf("notify: timeout %v is negative: set notify.timeout to a positive duration such as \"5s\"", cfg.Timeout)
	}
	if n.timeout == 0 {
		n.timeout = DefaultTimeout
	}
	if n.appName == "" {
		n.appName = DefaultAppName
	}
	switch n.backend {
	case BackendDesktop:
		if nativeDesktop {
			n.native = &bounded{}
			return n, nil
		}
		addr, why := busAddress(getenv)
		if addr == "" {
			lg.Warn("no session bus: notifications go to the log", "reason", why,
				"fix", "set DBUS_SESSION_BUS_ADDRESS (systemctl --user import-environment DBUS_SESSION_BUS_ADDRESS) or set notify.backend")
			n.backend = BackendLog
			return n, nil
		}
		n.busAddr = addr
	case BackendCommand:
		if len(cfg.Command) == 0 || cfg.Command[0] == "" {
			return nil, errors.New("notify: backend \"command\" needs notify.command, the program and its arguments, such as [\"notify-send\", \"{title}\", \"{body}\"]")
		}
		path, err := lookPath(cfg.Command[0], getenv("PATH"))
		if err != nil {
			return nil, fmt.Errorf("notify: notify.command: %w", err)
		}
		n.argv = append([]string{path}, cfg.Command[1:]...)
	case BackendLog:
	default:
		return nil, fmt.Errorf("notify: unknown backend %q: set notify.backend to \"desktop\", \"command\" or \"log\"", cfg.Backend)
	}
	return n, nil
}

// Backend returns the backend in use: "desktop", "command" or "log". It is
// "log" when "desktop" was asked for and no session bus was found.
func (n *Notifier) Backend() string { return n.backend }

// Notify delivers one notification. The title is cut to MaxTitle runes on one
// line, the body to MaxBody runes; both are sanitised (see Sanitize), and the
// body is escaped for servers that interpret markup.
//
// Delivery ends within the configured timeout (for the command backend, plus
// at most half a second to collect its output) or when ctx ends, whichever is
// first. The error says which backend failed and how. A non-nil error means
// the delivery is not known to have happened, not that it did not: a server
// that answers after the deadline, or a command that fails after showing the
// text, may still have shown it. A caller that retries may show it twice.
func (n *Notifier) Notify(ctx context.Context, title, body string) error {
	_, err := n.NotifyActions(ctx, title, body, "", nil, "")
	return err
}

// NotifyActions delivers one notification like Notify, with buttons where
// the notification server shows them (it lists the "actions" capability):
// actions are key and label pairs, flat, as the D-Bus specification has
// them ("default" is a click on the notification itself, which servers do
// not show as a button). Such a notification does not expire by itself,
// and NotifyActions returns its handle: the person's choice is reported
// with it to the function set by Listen. replaces is the handle of an
// earlier notification to replace, or "": a handle of a server that has
// since restarted is ignored.
//
// Where buttons cannot be shown (a server without "actions", macOS and
// Windows through beeep, the command and log backends), link, when not "",
// is added to the body as the last line, so the person can open the page
// by hand; the handle is then "". Errors are those of Notify.
func (n *Notifier) NotifyActions(ctx context.Context, title, body, link string, actions []string, replaces string) (string, error) {
	title = sanitizeTitle(title)
	link = clean.Line(link, maxLink)
	room := MaxBody
	if link != "" {
		room -= utf8.RuneCountInString(withLink("", link))
	}
	body = Sanitize(body, room)
	if len(actions)%2 != 0 {
		return "", errors.New("notify: actions must be key and label pairs")
	}
	labels := make([]string, len(actions))
	for i, a := range actions {
		labels[i] = sanitizeTitle(a)
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	switch n.backend {
	case BackendDesktop:
		if n.native != nil {
			body := withLink(body, link)
			if err := n.native.run(ctx, func() error { return nativeNotify(n.appName, title, body) }); err != nil {
				return "", fmt.Errorf("desktop notification: %w", err)
			}
			return "", nil
		}
		h, _, err := n.sendDesktop(ctx, title, body, link, labels, replaces)
		if err != nil {
			return "", fmt.Errorf("desktop notification over %s: %w", n.busAddr, err)
		}
		return h, nil
	case BackendCommand:
		if err := n.notifyCommand(ctx, title, withLink(body, link)); err != nil {
			return "", fmt.Errorf("notification command %s: %w", n.argv[0], err)
		}
	case BackendLog:
		// The person chose (or was left with) the log as the place where
		// notifications show, so the text is logged at Info, unlike other
		// calendar contents, which are logged at Debug only.
		n.lg.Info("notification", "title", title, "body", withLink(body, link))
	default:
		return "", errors.New("notify: Notifier not made by New")
	}
	return "", nil
}

// maxLink caps a page address in a notification, in runes.
const maxLink = 500

// withLink adds the page's address to body as its last line.
func withLink(body, link string) string {
	if link == "" {
		return body
	}
	if body == "" {
		return "Open: " + link
	}
	return body + "\nOpen: " + link
}

// Listen sets the functions called when the person chooses an action of
// one of this Notifier's notifications (act, with its handle and the
// action's key) and when one of them is closed (closed, with its handle:
// dismissed, expired, or closed by the server). They run on the Notifier's
// listening goroutine, one at a time, and must return quickly: hand the
// event over, do not act on it there. Signals about other programs'
// notifications are never passed on. Only the desktop backend over D-Bus
// reports anything.
func (n *Notifier) Listen(act func(handle, key string), closed func(handle string)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.onAction, n.onClosed = act, closed
}

// Live reports whether the notification with handle h may still be on
// display: the server that showed it is the one on the bus now. After a
// restart of the program, a live notification can be taken over by
// replacing it (NotifyActions with replaces = h); one whose server has gone
// was lost with it. An error means the bus could not be asked in time.
func (n *Notifier) Live(ctx context.Context, h string) (bool, error) {
	if n.backend != BackendDesktop || n.native != nil || h == "" {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	return n.live(ctx, h)
}

// Dismiss closes the notification with handle h, if it is still on
// display: after the person chose one of its buttons, servers other than
// GNOME's keep it, with buttons that no longer mean anything. Its closing
// is not reported to Listen. An error means the server did not answer in
// time.
func (n *Notifier) Dismiss(ctx context.Context, h string) error {
	if n.backend != BackendDesktop || n.native != nil || h == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	if err := n.dismiss(ctx, h); err != nil {
		return fmt.Errorf("close notification over %s: %w", n.busAddr, err)
	}
	return nil
}

// Close closes the connection to the session bus, which ends the listening
// goroutine; actions chosen after it are not reported. Notifications
// shown stay on display. Close always returns nil; a Notifier may be used
// again after it (it connects again).
func (n *Notifier) Close() error {
	if n.backend == BackendDesktop && n.native == nil {
		n.closeDesktop()
	}
	return nil
}

// Check tells whether notifications can be delivered, without showing one, and
// describes the way they go: for the desktop backend, the notification
// server's name and version and whether it shows buttons (asking starts a
// D-Bus-activated server);
// for the command backend, the program; for the log backend, the log. It is
// bounded by the configured timeout. Its error says what to fix.
func (n *Notifier) Check(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	switch {
	case n.native != nil:
		return "desktop notifications through the system's notification centre", nil
	case n.backend == BackendDesktop:
		info, err := n.serverInformation(ctx)
		if err != nil {
			return "", fmt.Errorf("no notification server answers on the session bus %s: %w; start one (your desktop's, or dunst or mako) or set notify.backend", n.busAddr, err)
		}
		buttons := "without buttons: the page's address goes in the text"
		if slices.Contains(info.caps, "actions") {
			buttons = "with buttons"
		}
		return fmt.Sprintf("desktop notifications by %s %s (%s) over %s, %s", info.name, info.version, info.vendor, n.busAddr, buttons), nil
	case n.backend == BackendCommand:
		if _, err := lookPath(n.argv[0], ""); err != nil {
			return "", fmt.Errorf("notify.command: %w", err)
		}
		return "notifications run " + n.argv[0], nil
	default:
		return "notifications go to the log", nil
	}
}

// busAddress finds the session bus. It returns "" and the reason when there
// is none. It only looks: it never starts a bus.
func busAddress(getenv func(string) string) (addr, why string) {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, ""
	}
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = filepath.Join("/run/user", strconv.Itoa(os.Getuid()))
	}
	sock := filepath.Join(dir, "bus")
	fi, err := os.Stat(sock)
	if err != nil {
		return "", "DBUS_SESSION_BUS_ADDRESS is unset and " + sock + " does not exist"
	}
	if fi.Mode().Type() != os.ModeSocket {
		return "", "DBUS_SESSION_BUS_ADDRESS is unset and " + sock + " is not a socket"
	}
	return "unix:path=" + dbus.EscapeBusAddressValue(sock), ""
}
