package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/notify"
	"github.com/debrief-dev/debrief/systemd"
)

func init() {
	commands["init"] = command{
		summary: "guided set-up: config, calendar, sign-in, notifications, the background service",
		run:     cmdInit,
	}
}

const initUsage = "debrief init [--yes] [--ics-url URL] [--credentials FILE] [--calendars ID,...] [--block-calendar ID] [--no-auth] [--no-notify-test] [--service | --no-service]"

// initRun is one run of debrief init: the answers so far and the config
// file being written.
type initRun struct {
	e       *env
	in      *bufio.Reader
	yes     bool   // --yes: take the flags and the defaults, ask nothing
	path    string // the config file
	doc     map[string]any
	existed bool
	saved   bool
	step    int
	google  bool // the Google steps apply
	steps   int
	flags   initFlags
}

type initFlags struct {
	ics, credentials, calendars, blockCal string
	noAuth, noNotify, service, noService  bool
}

// cmdInit walks a person through the set-up, one step at a time, each
// one skippable (s) and safe to run again: what is already in place is
// kept and said. With --yes nothing is asked: the flags and the defaults
// decide.
func cmdInit(e *env, args []string) error {
	fs := nbFlags(e, "init", initUsage)
	var f initFlags
	yes := fs.Bool("yes", false, "ask nothing: take the flags and the defaults")
	fs.StringVar(&f.ics, "ics-url", "", "your calendar's secret iCal address (read-only: no blocks are written)")
	fs.StringVar(&f.credentials, "credentials", "", "the Google OAuth client file (credentials.json) to use")
	fs.StringVar(&f.calendars, "calendars", "", "Google calendar ids to watch, comma-separated (default: the primary one)")
	fs.StringVar(&f.blockCal, "block-calendar", "", "the Google calendar id where reflection blocks go (default: the primary one)")
	fs.BoolVar(&f.noAuth, "no-auth", false, "skip the Google sign-in")
	fs.BoolVar(&f.noNotify, "no-notify-test", false, "skip the test notification")
	fs.BoolVar(&f.service, "service", false, "install and start the systemd user service (with --yes)")
	fs.BoolVar(&f.noService, "no-service", false, "do not install the systemd user service")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	path := cmp.Or(e.configPath, config.DefaultPath(e.getenv))
	if path == "" {
		return usagef("init: no place for the config: set HOME or XDG_CONFIG_HOME, or pass --config PATH")
	}
	r := &initRun{e: e, in: bufio.NewReader(e.stdin), yes: *yes, path: path, flags: f, google: true, steps: 6}
	if err := r.load(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "debrief init: six steps; at each question, Enter takes the [default] and s skips the step.\nRun it again at any time: what is in place is kept.\n")

	if err := r.source(); err != nil {
		return err
	}
	if r.google {
		ok, err := r.credentials()
		if err != nil {
			return err
		}
		if ok && r.signIn() {
			if err := r.calendars(); err != nil {
				return err
			}
		} else {
			r.skip("calendars", "they are listed once you are signed in: run debrief init again then")
		}
	} else {
		r.skip("Google credentials", "not needed for an iCal address")
		r.skip("sign-in", "not needed for an iCal address")
		r.skip("calendars", "an iCal address is one calendar")
	}
	if err := r.notification(); err != nil {
		return err
	}
	if err := r.service(); err != nil {
		return err
	}
	if _, err := os.Stat(r.path); errors.Is(err, os.ErrNotExist) {
		// Nothing to change from the defaults: a file to edit all the same.
		fmt.Fprintln(e.stdout)
		if err := r.save(); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "\nDone. debrief doctor checks everything; debrief demo shows the whole loop on a fake calendar.\n")
	return nil
}

// load reads the config file as a document, to change only the keys init
// manages; a file with mistakes is refused, since writing it back would
// keep them.
func (r *initRun) load() error {
	r.doc = map[string]any{}
	data, err := os.ReadFile(r.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("init: read %s: %w", r.path, err)
	}
	if _, err := config.Load(r.path, true, r.e.getenv); err != nil {
		return usageError{fmt.Errorf("%w\ninit changes nothing until the config loads: fix it, then run debrief init again", err)}
	}
	if _, err := toml.Decode(string(data), &r.doc); err != nil {
		return usageError{fmt.Errorf("init: %s: %w", r.path, err)}
	}
	r.existed = true
	return nil
}

// header starts step name.
func (r *initRun) header(name string) {
	r.step++
	fmt.Fprintf(r.e.stdout, "\nStep %d/%d: %s\n", r.step, r.steps, name)
}

func (r *initRun) skip(name, why string) {
	r.header(name)
	fmt.Fprintf(r.e.stdout, "  Skipped: %s.\n", why)
}

// ask prints question with its default and returns the answer, def for
// Enter or with --yes, "s" to skip. The end of the input takes def.
func (r *initRun) ask(question, def string) string {
	if r.yes {
		return def
	}
	if def != "" {
		fmt.Fprintf(r.e.stdout, "  %s [%s] ", question, def)
	} else {
		fmt.Fprintf(r.e.stdout, "  %s ", question)
	}
	line, err := r.in.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(r.e.stdout)
		return def
	}
	return cmp.Or(strings.TrimSpace(line), def)
}

func yesAnswer(s string) bool { return strings.HasPrefix(strings.ToLower(s), "y") }

func skipped(s string) bool { return strings.EqualFold(s, "s") || strings.EqualFold(s, "skip") }

// table returns the document's table name, made when missing.
func (r *initRun) table(name string) map[string]any {
	t, ok := r.doc[name].(map[string]any)
	if !ok {
		t = map[string]any{}
		r.doc[name] = t
	}
	return t
}

// save writes the document to the config file (0600, atomically); the
// file as it was before init's first change is kept beside it, .bak. A
// document that would not load is not written.
func (r *initRun) save() error {
	var b bytes.Buffer
	b.WriteString("# debrief configuration, written by debrief init. A key left out has its default;\n# config.example.toml lists every key, docs/configuration.md says what each does.\n\n")
	if err := toml.NewEncoder(&b).Encode(r.doc); err != nil {
		return fmt.Errorf("init: encode the config: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if r.existed && !r.saved {
		old, err := os.ReadFile(r.path)
		if err == nil {
			err = atomicfile.WriteFile(r.path+".bak", old, 0o600)
		}
		if err != nil {
			return fmt.Errorf("init: keep a copy of %s: %w", r.path, err)
		}
	}
	tmp := r.path + ".init"
	if err := os.WriteFile(tmp, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	defer os.Remove(tmp)
	if _, err := config.Load(tmp, true, r.e.getenv); err != nil {
		return fmt.Errorf("init: the config it would write does not load (a bug: please report it): %w", err)
	}
	if err := atomicfile.WriteFile(r.path, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("init: write %s: %w", r.path, err)
	}
	if !r.saved && r.existed {
		fmt.Fprintf(r.e.stdout, "  (your previous config is kept as %s)\n", r.path+".bak")
	}
	r.saved = true
	r.e.cfg = nil // the next e.config() reads what was written
	fmt.Fprintf(r.e.stdout, "  Saved in %s.\n", r.path)
	return nil
}

// source is step 1: an iCal address, or Google.
func (r *initRun) source() error {
	r.header("your calendar")
	for _, s := range sourcesOf(r.doc) {
		if s["kind"] == config.KindICS && r.flags.ics == "" {
			fmt.Fprintf(r.e.stdout, "  debrief reads the iCal address of source %q (in %v).\n", s["name"], cmp.Or(s["url_file"], s["url"]))
			r.google = false
			return nil
		}
	}
	url := r.flags.ics
	if url == "" && !r.yes {
		fmt.Fprintln(r.e.stdout, "  The quickest way: your calendar's secret iCal address. In Google Calendar: Settings,")
		fmt.Fprintln(r.e.stdout, "  your calendar, \"Integrate calendar\", \"Secret address in iCal format\" (ends in .ics).")
		fmt.Fprintln(r.e.stdout, "  debrief then only reads: no reflection blocks are written, the nudges still come.")
		url = r.ask("Paste it here, or press Enter to sign in with Google instead (blocks in your calendar):", "")
	}
	if url == "" || skipped(url) {
		fmt.Fprintln(r.e.stdout, "  Google it is: the next steps sign you in.")
		return nil
	}
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "webcal://") {
		return usagef("init: %q is not an address: it starts with https:// and ends in .ics", url)
	}
	url = strings.Replace(url, "webcal://", "https://", 1)
	urlFile := filepath.Join(filepath.Dir(r.path), "ics.url")
	if err := os.MkdirAll(filepath.Dir(urlFile), 0o700); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if err := atomicfile.WriteFile(urlFile, []byte(url+"\n"), 0o600); err != nil {
		return fmt.Errorf("init: keep the address in %s: %w", urlFile, err)
	}
	fmt.Fprintf(r.e.stdout, "  The address is a secret: it is kept in %s (0600), not in the config.\n", urlFile)
	r.doc["sources"] = append(slices.DeleteFunc(sourcesOf(r.doc), func(s map[string]any) bool { return s["name"] == "ics" }),
		map[string]any{"name": "ics", "kind": config.KindICS, "url_file": urlFile})
	if c, ok := r.doc["calendar"].(map[string]any); ok {
		delete(c, "calendars")
	}
	r.table("block")["enabled"] = false
	r.google = false
	return r.save()
}

// sourcesOf is the document's [[sources]] entries.
func sourcesOf(doc map[string]any) []map[string]any {
	switch v := doc["sources"].(type) {
	case []map[string]any:
		return v
	case []any:
		var out []map[string]any
		for _, x := range v {
			if m, ok := x.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// credentials is step 2: the Google OAuth client file, in place and
// private. It reports whether there is one.
func (r *initRun) credentials() (bool, error) {
	r.header("Google credentials (the OAuth client debrief signs in with)")
	cfg, err := r.e.config()
	if err != nil {
		return false, err
	}
	if cfg.Calendar.Auth == "none" {
		fmt.Fprintf(r.e.stdout, "  calendar.auth is \"none\" (a test server): no credentials needed.\n")
		return true, nil
	}
	dest := cfg.Calendar.CredentialsFile
	src := r.flags.credentials
	if src == "" {
		if _, err := os.Stat(dest); err == nil {
			src = dest
		} else if found := findCredentials(r.e.getenv); found != "" {
			src = found
			fmt.Fprintf(r.e.stdout, "  Found %s.\n", found)
		}
	}
	if src == "" && !r.yes {
		src = r.ask("Path of the credentials.json you downloaded (Enter if you have none yet):", "")
	}
	if src == "" || skipped(src) {
		fmt.Fprintln(r.e.stdout, "  No credentials yet. docs/google.md says how to make them (a Desktop OAuth client in")
		fmt.Fprintln(r.e.stdout, "  Google Cloud Console, five minutes); then run debrief init again.")
		return false, nil
	}
	if src != dest {
		data, err := os.ReadFile(src)
		if err != nil {
			return false, fmt.Errorf("init: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
			return false, fmt.Errorf("init: %w", err)
		}
		if err := atomicfile.WriteFile(dest, data, 0o600); err != nil {
			return false, fmt.Errorf("init: copy the credentials to %s: %w", dest, err)
		}
		if _, err := calendar.ReadCredentials(dest); err != nil {
			os.Remove(dest)
			return false, usageError{fmt.Errorf("init: %s: %w", src, err)}
		}
		fmt.Fprintf(r.e.stdout, "  Copied to %s (0600), where debrief looks for them.\n", dest)
		return true, nil
	}
	fi, err := os.Stat(dest)
	if err != nil {
		return false, fmt.Errorf("init: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		fmt.Fprintf(r.e.stdout, "  %s can be read by others (mode %04o): it holds your client secret.\n", dest, perm)
		if yesAnswer(r.ask("Make it private (chmod 600)?", "y")) {
			if err := os.Chmod(dest, 0o600); err != nil {
				return false, fmt.Errorf("init: %w", err)
			}
			fmt.Fprintln(r.e.stdout, "  Done: mode 0600.")
		} else {
			fmt.Fprintf(r.e.stdout, "  Left as it is; debrief refuses to use it until: chmod 600 %s\n", dest)
			return false, nil
		}
	}
	if _, err := calendar.ReadCredentials(dest); err != nil {
		return false, usageError{fmt.Errorf("init: %w", err)}
	}
	fmt.Fprintf(r.e.stdout, "  In place: %s (0600).\n", dest)
	return true, nil
}

// findCredentials looks for a client file the browser downloaded.
func findCredentials(getenv func(string) string) string {
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	for _, pattern := range []string{"Downloads/client_secret_*.json", "Downloads/credentials*.json"} {
		m, _ := filepath.Glob(filepath.Join(home, pattern))
		if len(m) > 0 {
			slices.Sort(m)
			return m[len(m)-1]
		}
	}
	return ""
}

// signIn is step 3: the OAuth flow, unless a token is there (then only on
// request). It reports whether debrief is signed in.
func (r *initRun) signIn() bool {
	r.header("sign in to Google")
	cfg, err := r.e.config()
	if err != nil {
		return false
	}
	if cfg.Calendar.Auth == "none" {
		fmt.Fprintln(r.e.stdout, "  calendar.auth is \"none\": nothing to sign in to.")
		return true
	}
	if _, err := os.Stat(cfg.Calendar.TokenFile); err == nil {
		fmt.Fprintf(r.e.stdout, "  Signed in already (token in %s).\n", cfg.Calendar.TokenFile)
		if r.yes || !yesAnswer(r.ask("Sign in again?", "n")) {
			return true
		}
	} else if r.flags.noAuth || (!r.yes && skipped(r.ask("Your browser opens Google's page; allow debrief to see and edit your calendar. Enter to go, s to skip:", ""))) {
		fmt.Fprintln(r.e.stdout, "  Skipped: run debrief auth when you are ready.")
		return false
	}
	if err := run(r.e.ctx, []string{"--config", r.path, "auth"}, r.e.stdin, r.e.stdout, r.e.stderr, r.e.getenv); err != nil {
		fmt.Fprintf(r.e.stdout, "  The sign-in did not finish: %v\n  Run debrief auth to try again.\n", err)
		return false
	}
	return true
}

// calendars is step 4: which calendars to watch and where blocks go,
// from the person's calendar list.
func (r *initRun) calendars() error {
	r.header("which calendars to watch, and where reflection blocks go")
	cfg, err := r.e.config()
	if err != nil {
		return err
	}
	w := wire(cfg)
	lg := r.e.lg
	cal, err := calendar.New(r.e.ctx, lg, w.Calendar, w.Auth.httpClient(r.e.ctx, lg))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.e.ctx, 30*time.Second)
	defer cancel()
	list, err := cal.Calendars(ctx)
	if err != nil {
		fmt.Fprintf(r.e.stdout, "  Your calendars could not be listed: %s\n  Keeping %s; run debrief init again later.\n", plainErr(err), strings.Join(cfg.Calendar.Calendars, ", "))
		return nil
	}
	for i, c := range list {
		note := ""
		if c.Primary {
			note = " (your main calendar)"
		}
		if !c.Writable() {
			note += " (read-only for you)"
		}
		fmt.Fprintf(r.e.stdout, "  %d. %s%s\n", i+1, c.Summary, note)
	}
	idOf := func(s string) (string, bool) {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 1 && n <= len(list) {
			return list[n-1].ID, true
		}
		s = strings.TrimSpace(s)
		return s, slices.ContainsFunc(list, func(c calendar.Info) bool { return c.ID == s }) || s == "primary"
	}
	number := func(id string) string {
		for i, c := range list {
			if c.ID == id || (id == "primary" && c.Primary) {
				return strconv.Itoa(i + 1)
			}
		}
		return id
	}
	var defWatch []string
	for _, id := range cfg.Calendar.Calendars {
		defWatch = append(defWatch, number(id))
	}
	answer := r.flags.calendars
	if answer == "" {
		answer = r.ask("Watch which? Numbers, comma-separated:", strings.Join(defWatch, ","))
	}
	if skipped(answer) {
		fmt.Fprintln(r.e.stdout, "  Skipped: the config keeps its calendars.")
		return nil
	}
	var watch []string
	for p := range strings.SplitSeq(answer, ",") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		id, ok := idOf(p)
		if !ok {
			return usagef("init: %q is not one of the calendars listed: give its number or its id", p)
		}
		watch = append(watch, id)
	}
	block := r.flags.blockCal
	if block == "" {
		block = r.ask("Reflection blocks go in which one?", number(cmp.Or(cfg.Block.Calendar, "primary")))
	}
	blockID, ok := idOf(block)
	if !ok {
		return usagef("init: %q is not one of the calendars listed: give its number or its id", block)
	}
	for _, c := range list {
		if c.ID == blockID && !c.Writable() {
			return usagef("init: %s is read-only for you: blocks need a calendar you can write to", c.Summary)
		}
	}
	if slices.Equal(watch, cfg.Calendar.Calendars) && blockID == cfg.Block.Calendar && r.existed {
		fmt.Fprintln(r.e.stdout, "  Unchanged.")
		return nil
	}
	r.table("calendar")["calendars"] = watch
	r.table("block")["calendar"] = blockID
	return r.save()
}

// notification is step 5: a test notification through the configured
// backend, and whether it was seen.
func (r *initRun) notification() error {
	r.header("a test notification")
	if r.flags.noNotify {
		fmt.Fprintln(r.e.stdout, "  Skipped (--no-notify-test).")
		return nil
	}
	cfg, err := r.e.config()
	if err != nil {
		return err
	}
	n, err := notify.New(r.e.lg, wire(cfg).Notify, r.e.getenv)
	if err != nil {
		fmt.Fprintf(r.e.stdout, "  Notifications cannot be sent: %v\n  See docs/notifications.md, then run debrief init again.\n", err)
		return nil
	}
	ctx, cancel := context.WithTimeout(r.e.ctx, 10*time.Second)
	defer cancel()
	if err := n.Notify(ctx, "debrief: a test", "This is how debrief will nudge you when an interview ends."); err != nil {
		fmt.Fprintf(r.e.stdout, "  The test notification failed: %v\n  debrief doctor says more; docs/notifications.md has the fixes.\n", err)
		return nil
	}
	fmt.Fprintf(r.e.stdout, "  Sent through the %s backend.\n", n.Backend())
	if r.yes {
		return nil
	}
	if yesAnswer(r.ask("Did it appear on your screen?", "y")) {
		fmt.Fprintln(r.e.stdout, "  Good: that is how the nudges will come.")
		return nil
	}
	fmt.Fprintln(r.e.stdout, "  Then debrief doctor checks the session bus and the notification server, and")
	fmt.Fprintln(r.e.stdout, "  docs/notifications.md lists the fixes (or set notify.backend to \"command\").")
	return nil
}

// service is step 6: the systemd user unit, installed and started after
// asking, then its status.
func (r *initRun) service() error {
	r.header("run debrief in the background (systemd user service)")
	if _, err := exec.LookPath("systemctl"); err != nil || r.flags.noService || (r.yes && !r.flags.service) {
		why := "--no-service"
		switch {
		case err != nil:
			why = "no systemctl here: start debrief daemon from your session's autostart instead"
		case r.yes && !r.flags.service && !r.flags.noService:
			why = "add --service to install it with --yes"
		}
		fmt.Fprintf(r.e.stdout, "  Skipped: %s.\n", why)
		return nil
	}
	dir := cmp.Or(r.e.getenv("XDG_CONFIG_HOME"), filepath.Join(r.e.getenv("HOME"), ".config"))
	unitPath := filepath.Join(dir, "systemd", "user", "debrief.service")
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("init: find the debrief binary: %w", err)
	}
	unit := unitText(exe, r.path, config.DefaultPath(r.e.getenv))
	if old, err := os.ReadFile(unitPath); err == nil && string(old) == unit {
		fmt.Fprintf(r.e.stdout, "  Installed already: %s.\n", unitPath)
	} else {
		if !r.yes && !yesAnswer(r.ask(fmt.Sprintf("Install %s, running %s, and start it now?", unitPath, exe), "y")) {
			fmt.Fprintln(r.e.stdout, "  Skipped: docs/systemd.md says how to do it by hand.")
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(unitPath), 0o755); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		if err := atomicfile.WriteFile(unitPath, []byte(unit), 0o644); err != nil {
			return fmt.Errorf("init: write %s: %w", unitPath, err)
		}
		fmt.Fprintf(r.e.stdout, "  Wrote %s.\n", unitPath)
	}
	for _, args := range [][]string{{"--user", "daemon-reload"}, {"--user", "enable", "--now", "debrief.service"}, {"--user", "restart", "debrief.service"}} {
		out, err := exec.CommandContext(r.e.ctx, "systemctl", args...).CombinedOutput()
		if err != nil {
			fmt.Fprintf(r.e.stdout, "  systemctl %s failed: %v\n%s  docs/systemd.md has the steps by hand.\n", strings.Join(args, " "), err, indent(string(out)))
			return nil
		}
	}
	out, _ := exec.CommandContext(r.e.ctx, "systemctl", "--user", "status", "--no-pager", "--lines=5", "debrief.service").CombinedOutput()
	fmt.Fprintf(r.e.stdout, "  systemctl --user status debrief:\n%s", indent(string(out)))
	return nil
}

// unitText is the unit for the binary exe, with --config when the config
// is not at its default place.
func unitText(exe, configPath, defaultPath string) string {
	cmd := exe + " daemon"
	if configPath != defaultPath {
		cmd = exe + " --config " + configPath + " daemon"
	}
	var b strings.Builder
	for line := range strings.Lines(systemd.Unit) {
		if strings.HasPrefix(line, "ExecStart=") {
			line = "ExecStart=" + cmd + "\n"
		}
		b.WriteString(line)
	}
	return b.String()
}

func indent(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		b.WriteString("    " + line)
	}
	if s != "" && !strings.HasSuffix(s, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}
