package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/notify"
)

func init() {
	commands["doctor"] = command{
		summary: "check the config, token, calendar, notifications and file permissions, and say what to fix",
		run:     cmdDoctor,
	}
}

// doctorTimeout bounds each network check: a doctor that hangs helps
// nobody.
const doctorTimeout = 10 * time.Second

// Check outcomes, as printed.
const (
	checkOK   = "OK"
	checkFail = "FAIL"
	checkWarn = "WARN"
	checkInfo = "INFO"
	checkSkip = "SKIP"
)

// doctor prints one line per check and counts the failures.
type doctor struct {
	e     *env
	fails int
}

func (d *doctor) report(status, what, format string, args ...any) {
	if status == checkFail {
		d.fails++
	}
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(d.e.stdout, "%-4s  %s: %s\n", status, what, strings.ReplaceAll(msg, "\n", "\n        "))
}

// cmdDoctor checks what the daemon depends on. It writes nothing: the
// calendar check runs on a temporary state directory. Exit 1 if any check
// failed; warnings alone exit 0.
func cmdDoctor(e *env, args []string) error {
	fs := nbFlags(e, "doctor", "debrief doctor")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	d := &doctor{e: e}
	path := cmp.Or(e.configPath, config.DefaultPath(e.getenv))
	cfg, err := e.config()
	if err != nil {
		d.report(checkFail, "config", "%v", errors.Unwrap(err))
		return fmt.Errorf("1 check failed: fix the config first, then run debrief doctor again")
	}
	if _, statErr := os.Stat(path); statErr != nil && e.configPath == "" {
		d.report(checkOK, "config", "no file at %s: using the defaults (create it from config.example.toml to change them)", path)
	} else {
		d.report(checkOK, "config", "%s loads", path)
	}
	if len(cfg.Calendar.Calendars) == 0 {
		d.report(checkInfo, "calendar", "the [calendar] table watches no calendar: the sources below are used")
	} else if d.auth(cfg) {
		d.calendars(cfg)
	} else {
		d.report(checkSkip, "calendar", "not tried: it needs the credentials and the token above")
	}
	d.sources(cfg)
	d.notifications(cfg)
	d.permissions(cfg)
	d.systemd()
	switch d.fails {
	case 0:
		return nil
	case 1:
		return errors.New("1 check failed: see FAIL above for what to fix")
	default:
		return fmt.Errorf("%d checks failed: see FAIL above for what to fix", d.fails)
	}
}

// auth checks the credentials and the token; false if either failed.
func (d *doctor) auth(cfg *config.Config) bool {
	c := cfg.Calendar
	if c.Auth == "none" {
		d.report(checkOK, "credentials", "calendar.auth is \"none\": no credentials needed for %s (a local test server)", c.Endpoint)
		return true
	}
	before := d.fails
	creds, err := calendar.ReadCredentials(c.CredentialsFile)
	if err != nil {
		d.report(checkFail, "credentials", "%v", err)
	} else {
		d.report(checkOK, "credentials", "%s holds a Desktop app OAuth client (%s)", c.CredentialsFile, doctorClip(creds.ClientID, 24))
	}
	tok, err := calendar.ReadToken(c.TokenFile)
	switch {
	case err != nil:
		d.report(checkFail, "token", "%v", err)
	case tok.Expiry.IsZero() || tok.Expiry.After(d.e.now()):
		d.report(checkOK, "token", "%s holds a refresh token (mode 0600)", c.TokenFile)
	default:
		d.report(checkOK, "token", "%s holds a refresh token (mode 0600); its access token expired at %s and is renewed at the next request (the calendar check below tries it)",
			c.TokenFile, tok.Expiry.Local().Format(time.DateTime))
	}
	return d.fails == before
}

// probeWiring is the wiring of cfg for one try of each calendar: state in
// a temporary directory (done removes it), one attempt per request, each
// at most doctorTimeout. ok is false, and the failure reported under
// what, when the directory cannot be made.
func (d *doctor) probeWiring(cfg *config.Config, what string) (w wiring, done func(), ok bool) {
	tmp, err := os.MkdirTemp(cmp.Or(d.e.getenv("TMPDIR"), os.TempDir()), "debrief-doctor-")
	if err != nil {
		d.report(checkFail, what, "cannot create a temporary directory: %v (set TMPDIR to a writable one)", err)
		return w, nil, false
	}
	w = wire(cfg)
	w.Calendar.StateDir = tmp
	w.Calendar.MaxAttempts = 1
	w.Calendar.RequestTimeout = min(cmp.Or(w.Calendar.RequestTimeout, doctorTimeout), doctorTimeout)
	w.Auth.RequestTimeout = w.Calendar.RequestTimeout
	return w, func() { os.RemoveAll(tmp) }, true
}

// calendars asks free/busy about each calendar for the next minute: one
// cheap request per calendar that needs the same authorization as a poll
// and fails on a calendar that does not exist or is not shared.
func (d *doctor) calendars(cfg *config.Config) {
	w, done, ok := d.probeWiring(cfg, "calendar")
	if !ok {
		return
	}
	defer done()
	// Failures are reported below; the adapter's own log would repeat them.
	quiet := slog.New(slog.DiscardHandler)
	cal, err := calendar.New(d.e.ctx, quiet, w.Calendar, w.Auth.httpClient(d.e.ctx, quiet))
	if err != nil {
		d.report(checkFail, "calendar", "%v", err)
		return
	}
	ids := slices.Clone(cfg.Calendar.Calendars)
	if cfg.Block.Enabled && cfg.SourceOf(cfg.Block.Calendar) == nil && !slices.Contains(ids, cfg.Block.Calendar) {
		ids = append(ids, cfg.Block.Calendar)
	}
	for _, id := range ids {
		what := fmt.Sprintf("calendar %q", id)
		if id == cfg.Block.Calendar && cfg.Block.Enabled {
			what += " (blocks are written here)"
		}
		ctx, cancel := context.WithTimeout(d.e.ctx, 2*doctorTimeout)
		start := time.Now()
		now := d.e.now()
		_, err := cal.Busy(ctx, []string{id}, now, now.Add(time.Minute))
		cancel()
		if err != nil {
			d.report(checkFail, what, "%v", calendarAdvice(err))
			continue
		}
		d.report(checkOK, what, "reachable at %s (answered in %s)", endpointName(cfg.Calendar.Endpoint), time.Since(start).Round(time.Millisecond))
	}
}

// calendarAdvice adds what to do to a calendar error that does not say.
func calendarAdvice(err error) error {
	switch {
	case errors.Is(err, calendar.ErrNotFound):
		return fmt.Errorf("%w: check the id in calendar.calendars or block.calendar (Google Calendar → Settings → the calendar → Integrate calendar → Calendar ID)", err)
	case errors.Is(err, calendar.ErrUnavailable):
		return fmt.Errorf("%w: check the network, and calendar.endpoint if you set it", err)
	}
	return err
}

func (d *doctor) notifications(cfg *config.Config) {
	var warned strings.Builder
	lg := slog.New(slog.NewTextHandler(&warned, &slog.HandlerOptions{Level: slog.LevelWarn}))
	n, err := notify.New(lg, wire(cfg).Notify, d.e.getenv)
	if err != nil {
		d.report(checkFail, "notifications", "%v", err)
		return
	}
	if cfg.Notify.Backend == notify.BackendDesktop && n.Backend() != notify.BackendDesktop {
		d.report(checkWarn, "notifications", "no session bus, so nudges would go to the log only. "+
			"Under systemd run `systemctl --user import-environment DISPLAY DBUS_SESSION_BUS_ADDRESS` and restart debrief; "+
			"in a shell, check that DBUS_SESSION_BUS_ADDRESS is set; or set notify.backend to \"command\" or \"log\"")
		return
	}
	ctx, cancel := context.WithTimeout(d.e.ctx, doctorTimeout)
	defer cancel()
	info, err := n.Check(ctx)
	if err != nil {
		d.report(checkFail, "notifications", "%v", err)
		return
	}
	d.report(checkOK, "notifications", "%s", info)
}

// permissions checks that the notebook, the state and the token are
// private: directories 0700, files 0600 (no bits for group or others).
func (d *doctor) permissions(cfg *config.Config) {
	dirs := []struct{ what, dir string }{
		{"notebook", cfg.Notebook.Dir},
		{"state", cfg.State.Dir},
	}
	for _, x := range dirs {
		fi, err := os.Stat(x.dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			d.report(checkOK, x.what+" permissions", "%s does not exist yet; the daemon creates it with mode 0700", x.dir)
			continue
		case err != nil:
			d.report(checkFail, x.what+" permissions", "%v", err)
			continue
		case !fi.IsDir():
			d.report(checkFail, x.what+" permissions", "%s is not a directory: fix %s.dir in the config", x.dir, x.what)
			continue
		}
		var bad []string
		if fi.Mode().Perm()&0o077 != 0 {
			bad = append(bad, fmt.Sprintf("chmod 700 %s   # now %04o", x.dir, fi.Mode().Perm()))
		}
		n := 0
		var unreadable, foreign []string
		err = filepath.WalkDir(x.dir, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == x.dir {
				return nil
			}
			info, err := de.Info()
			if err != nil {
				return err
			}
			n++
			if info.Mode().IsRegular() {
				if f, err := os.Open(p); err != nil {
					unreadable = append(unreadable, fmt.Sprintf("%s   # %v", p, errors.Unwrap(err)))
				} else {
					f.Close()
				}
				if uid, ok := fileOwner(info); ok && uid != os.Geteuid() {
					foreign = append(foreign, fmt.Sprintf("%s   # owned by uid %d", p, uid))
				}
			}
			perm := info.Mode().Perm()
			switch {
			case de.IsDir() && perm&0o077 != 0:
				bad = append(bad, fmt.Sprintf("chmod 700 %s   # now %04o", p, perm))
			case !de.IsDir() && perm&0o077 != 0:
				bad = append(bad, fmt.Sprintf("chmod 600 %s   # now %04o", p, perm))
			}
			return nil
		})
		if len(unreadable) > 0 || len(foreign) > 0 {
			// Files made by another user (sudo debrief …): debrief cannot
			// read them, or cannot write them back.
			d.report(checkFail, x.what+" files", "%s", ownershipAdvice(x.dir, unreadable, foreign))
		}
		switch {
		case err != nil:
			d.report(checkFail, x.what+" permissions", "cannot read %s: %v", x.dir, err)
		case len(bad) > 0:
			const most = 10
			more := ""
			if len(bad) > most {
				more = fmt.Sprintf("\n(and %d more)", len(bad)-most)
				bad = bad[:most]
			}
			d.report(checkFail, x.what+" permissions", "others can read what is in %s; make it private:\n%s%s", x.dir, strings.Join(bad, "\n"), more)
		default:
			d.report(checkOK, x.what+" permissions", "%s and its %d entries are private", x.dir, n)
		}
	}
}

// ownershipAdvice names the files under dir that the current user
// cannot read or does not own, and the command that gives them back.
func ownershipAdvice(dir string, unreadable, foreign []string) string {
	const most = 10
	var b strings.Builder
	list := func(head string, files []string) {
		if len(files) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", head)
		for _, f := range files[:min(len(files), most)] {
			fmt.Fprintf(&b, "  %s\n", f)
		}
		if len(files) > most {
			fmt.Fprintf(&b, "  (and %d more)\n", len(files)-most)
		}
	}
	list(plural(len(unreadable), "file", "files")+" you cannot read (debrief skips them: they are missing from list, followups and the daemon's nudges)", unreadable)
	list(plural(len(foreign), "file", "files")+" owned by another user (made with sudo? debrief cannot save changes to them)", foreign)
	fmt.Fprintf(&b, "give them back to yourself: sudo chown -R $(id -un): %s && chmod -R u+rwX,go-rwx %s", dir, dir)
	return b.String()
}

// systemd tells whether the user unit is installed and names a binary
// that exists. Information only: running the daemon by hand is fine.
func (d *doctor) systemd() {
	dir := d.e.getenv("XDG_CONFIG_HOME")
	home := d.e.getenv("HOME")
	if dir == "" {
		dir = filepath.Join(home, ".config")
	}
	unit := filepath.Join(dir, "systemd", "user", "debrief.service")
	f, err := os.Open(unit)
	if err != nil {
		d.report(checkInfo, "systemd", "no user unit at %s; to run debrief in the background, see https://github.com/debrief-dev/debrief/blob/main/docs/systemd.md", unit)
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		v, ok := strings.CutPrefix(line, "ExecStart=")
		if !ok {
			continue
		}
		bin := strings.Fields(v)
		if len(bin) == 0 {
			break
		}
		path := strings.ReplaceAll(strings.TrimLeft(bin[0], "-@:+!"), "%h", home)
		if fi, err := os.Stat(path); err != nil || fi.Mode()&0o111 == 0 {
			d.report(checkWarn, "systemd", "%s runs %s, which is not an executable file: go build -o %s ./cmd/debrief", unit, path, path)
			return
		}
		d.report(checkInfo, "systemd", "user unit installed at %s (runs %s); see `systemctl --user status debrief`", unit, path)
		return
	}
	d.report(checkWarn, "systemd", "%s has no ExecStart line: install systemd/debrief.service again", unit)
}

// doctorClip shortens s to n bytes with an ellipsis.
func doctorClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
