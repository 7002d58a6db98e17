package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/internal/browser"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web"
)

func init() {
	commands["daemon"] = command{
		summary: "run the daemon: watch the calendar, write blocks, nudge (--once: one pass)",
		run:     cmdDaemon,
	}
}

// readyAfter is how long the daemon waits for its first sync before it
// tells systemd it is ready anyway: offline at boot, the first sync can
// retry for longer than systemd's start timeout (90 s by default).
const readyAfter = 10 * time.Second

// cmdDaemon runs the daemon until ctx ends (SIGTERM, SIGINT), reloading the
// configuration on SIGHUP; with --once it makes one pass and exits.
func cmdDaemon(e *env, args []string) error {
	fs := nbFlags(e, "daemon", "debrief daemon [--once]")
	once := fs.Bool("once", false, "one sync, reconcile and round of due alerts, then exit")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	if *once {
		return daemonOnce(e, cfg)
	}
	return daemonLoop(e, cfg)
}

// daemonOnce is `debrief daemon --once`: exit 1 when the pass failed.
func daemonOnce(e *env, cfg *config.Config) error {
	w := wire(cfg)
	d, p, err := newDaemon(e.ctx, e.lg, w, e.getenv)
	if err != nil {
		return err
	}
	// Buttons chosen after the pass reach the next `debrief daemon`,
	// which takes the notifications over (daemon.Run).
	defer p.notifier.Close()
	if err := d.Once(e.ctx); err != nil {
		return fmt.Errorf("the pass finished with errors (what was possible was done; fix the cause and run it again): %w", err)
	}
	return nil
}

// running is one daemon started from one configuration.
type running struct {
	cancel context.CancelFunc
	first  chan struct{} // closed when every calendar was synced once
	done   chan error    // Run's result
	web    chan error    // the web app's Serve result; nil when it is not served
}

// start builds a daemon from cfg and runs it in a goroutine until stop.
// The daemon is ready once every calendar it syncs has been synced once
// (successfully or not): the first pass of Run.
func start(e *env, cfg *config.Config, wake <-chan struct{}) (*running, error) {
	ctx, cancel := context.WithCancel(e.ctx)
	w := wire(cfg)
	w.Daemon.Wake = wake
	p, err := newParts(ctx, e.lg, w, e.getenv)
	if err != nil {
		cancel()
		return nil, err
	}
	r := &running{cancel: cancel, first: make(chan struct{}), done: make(chan error, 1)}
	// The calendars the daemon syncs: the watched ones and the block
	// calendar when blocks are written.
	want := map[string]bool{}
	for _, id := range cfg.Watched() {
		want[id] = true
	}
	if w.Daemon.BlockEnabled {
		want[cfg.Block.Calendar] = true
	}
	cal := &firstSync{Calendar: p.cal, want: want, done: r.first}
	det := &detection{stateDir: w.Daemon.StateDir, poll: w.Daemon.PollInterval, now: e.now}
	srv := startWeb(e.lg, e.now, w, p.book, det)
	if srv != nil {
		w.Daemon.Pages = srv
	}
	w.Daemon.Open = func(ctx context.Context, url string) error { return browser.Open(ctx, e.getenv, url) }
	d, err := daemon.New(e.lg, w.Daemon, cal, p.notifier, p.book)
	if err != nil {
		cancel()
		return nil, err
	}
	det.d.Store(d)
	if srv != nil {
		r.web = make(chan error, 1)
		go func() { r.web <- srv.Serve(ctx) }()
	}
	e.lg.Info("daemon started", "calendars", strings.Join(cfg.Watched(), ","),
		"poll", cfg.Calendar.PollInterval, "tick", cfg.Alerts.Tick, "notify", p.notifier.Backend(),
		"notebook", cfg.Notebook.Dir, "state", cfg.State.Dir)
	go func() {
		err := d.Run(ctx)
		// Ends the notifier's listening goroutine: Run no longer reads
		// the buttons chosen.
		p.notifier.Close()
		r.done <- err
	}()
	return r, nil
}

// firstSync is the calendar client; it closes done once every calendar
// in want has been synced, for readiness.
type firstSync struct {
	daemon.Calendar
	mu   sync.Mutex
	want map[string]bool
	done chan struct{}
}

func (f *firstSync) Sync(ctx context.Context, calendarID string, now time.Time) ([]*calendar.Event, error) {
	evs, err := f.Calendar.Sync(ctx, calendarID, now)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.want != nil {
		delete(f.want, calendarID)
		if len(f.want) == 0 {
			f.want = nil
			close(f.done)
		}
	}
	return evs, err
}

// newWebServer builds the web app of w on book, the same for the daemon,
// the demo and `debrief open`; det is the daemon's view of the calendar
// (nil: the events page says no daemon runs).
func newWebServer(lg *slog.Logger, now func() time.Time, w wiring, book *notebook.Book, det web.Detection) (*web.Server, error) {
	return web.New(lg, w.Web.Config, web.Deps{
		Book: book, Now: now, Policy: w.Daemon.Policy, Block: w.Daemon.BlockDuration, Detection: det,
		Correct: func(id, what, value string, all bool) ([]string, error) {
			c, err := daemon.Correct(book, w.Daemon.StateDir, w.Daemon.Rules, id, what, value, all, now())
			if errors.Is(err, daemon.ErrBadCorrection) {
				return nil, fmt.Errorf("%w: %s", web.ErrBadCorrection, strings.TrimPrefix(err.Error(), daemon.ErrBadCorrection.Error()+": "))
			}
			if c.Record == nil {
				return nil, err
			}
			return c.Summary(), err
		},
	})
}

// startWeb builds the web app and binds its address, or returns nil when
// it is off or cannot start: the daemon's nudges matter more, so a web app
// that cannot listen (its port taken) is logged and the daemon runs on.
func startWeb(lg *slog.Logger, now func() time.Time, w wiring, book *notebook.Book, det web.Detection) *web.Server {
	if !w.Web.Enabled {
		return nil
	}
	srv, err := newWebServer(lg, now, w, book, det)
	if err == nil {
		err = srv.Listen()
	}
	if err != nil {
		lg.Error("the web app is not served; the daemon runs without it", "err", err)
		return nil
	}
	return srv
}

// stop ends the daemon and waits for it: the calendar writes and the
// ledger write in flight finish (daemon.Config.Grace, 5 s), and the web
// app's requests in flight, at the same time (web.Config.Grace, 2 s).
func (r *running) stop() error {
	r.cancel()
	err := <-r.done
	if r.web != nil {
		if werr := <-r.web; werr != nil {
			err = errors.Join(err, werr)
		}
	}
	return err
}

// waitReady waits for the first sync, at most readyAfter.
func (r *running) waitReady(ctx context.Context) {
	t := time.NewTimer(readyAfter)
	defer t.Stop()
	select {
	case <-r.first:
	case <-t.C:
	case <-ctx.Done():
	}
}

func daemonLoop(e *env, cfg *config.Config) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	wake := watchSleep(e.ctx, e.lg, e.getenv)
	r, err := start(e, cfg, wake)
	if err != nil {
		return err
	}
	r.waitReady(e.ctx)
	e.notify("READY=1\nSTATUS=" + status(cfg))
	shutdown := func() error {
		e.notify("STOPPING=1")
		e.lg.Info("stopping: finishing the writes in flight")
		err := r.stop()
		e.lg.Info("daemon stopped")
		return err
	}
	for {
		select {
		case <-e.ctx.Done():
			return shutdown()
		case err := <-r.done:
			if e.ctx.Err() != nil {
				// SIGTERM ended Run before this select was reached (it
				// came during the start or a reload): when both cases
				// are ready, select picks either. This is a normal stop.
				r.done <- err // for stop, which waits for Run's result
				return shutdown()
			}
			// Run returns only when its context ends; this is a bug.
			return fmt.Errorf("daemon loop ended unexpectedly: %v", err)
		case <-hup:
			e.notify(sdReloading())
			next, err := reloadConfig(e)
			if err != nil {
				e.lg.Error("config reload failed; keeping the running configuration", "err", err)
				e.notify("READY=1\nSTATUS=" + status(cfg) + " (last reload failed: see the log)")
				continue
			}
			e.lg.Info("config reloaded; restarting the loop")
			if err := r.stop(); err != nil {
				e.lg.Warn("daemon loop ended with an error", "err", err)
			}
			nr, err := start(e, next, wake)
			if err != nil {
				// The new configuration loads but cannot run (e.g. a
				// notify command that does not exist): go back to the old.
				e.lg.Error("new configuration cannot run; keeping the running configuration", "err", err)
				nr, err = start(e, cfg, wake)
				if err != nil {
					return fmt.Errorf("restart with the previous configuration: %w", err)
				}
				next = cfg
			}
			r, cfg = nr, next
			r.waitReady(e.ctx)
			e.notify("READY=1\nSTATUS=" + status(cfg))
		}
	}
}

// reloadConfig reads the configuration file again, bypassing e's cache.
func reloadConfig(e *env) (*config.Config, error) {
	path, explicit := e.configPath, e.configPath != ""
	if !explicit {
		path = config.DefaultPath(e.getenv)
	}
	cfg, err := config.Load(path, explicit, e.getenv)
	if err != nil {
		return nil, err
	}
	e.cfg = cfg
	return cfg, nil
}

// status is the STATUS= line `systemctl --user status debrief` shows.
func status(cfg *config.Config) string {
	n := len(cfg.Watched())
	s := "s"
	if n == 1 {
		s = ""
	}
	src := ""
	if k := len(cfg.Sources); k > 0 {
		src = fmt.Sprintf(" of %d source%s", k+min(len(cfg.Calendar.Calendars), 1), map[bool]string{true: "", false: "s"}[k+min(len(cfg.Calendar.Calendars), 1) == 1])
	}
	return fmt.Sprintf("watching %d calendar%s%s, polling every %s", n, s, src, cfg.Calendar.PollInterval)
}

// notify tells systemd state; a failure is only logged: the daemon works
// without a service manager.
func (e *env) notify(state string) {
	if err := sdNotify(e.getenv, state); err != nil {
		e.lg.Warn("cannot notify systemd", "err", err)
	}
}

// watchSleep returns a channel that receives when the machine resumes from
// suspend (logind's PrepareForSleep(false) on the system bus), or nil when
// that cannot be watched (no system bus, as in a container): the daemon
// then still catches up within one tick of waking, since its deadlines are
// wall-clock instants. The watcher ends when ctx ends.
func watchSleep(ctx context.Context, lg *slog.Logger, getenv func(string) string) <-chan struct{} {
	addr := getenv("DBUS_SYSTEM_BUS_ADDRESS")
	if addr == "" {
		addr = "unix:path=/run/dbus/system_bus_socket"
	}
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		lg.Debug("not watching for resume from suspend", "bus", addr, "err", err)
		return nil
	}
	if err := conn.AddMatchSignalContext(ctx,
		dbus.WithMatchInterface("org.freedesktop.login1.Manager"),
		dbus.WithMatchMember("PrepareForSleep"),
		dbus.WithMatchObjectPath("/org/freedesktop/login1"),
	); err != nil {
		lg.Debug("not watching for resume from suspend", "bus", addr, "err", err)
		conn.Close()
		return nil
	}
	sigs := make(chan *dbus.Signal, 4)
	conn.Signal(sigs)
	wake := make(chan struct{}, 1)
	context.AfterFunc(ctx, func() { conn.Close() })
	go func() {
		// Ends when Close (at ctx's end) closes sigs.
		for s := range sigs {
			if len(s.Body) == 1 && s.Body[0] == false {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		}
	}()
	lg.Debug("watching for resume from suspend", "bus", addr)
	return wake
}
