package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/internal/browser"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/notify"
	"github.com/debrief-dev/debrief/web"
)

func init() {
	commands["demo"] = command{
		summary: "the whole loop on a fake calendar: an interview ending now, its block, the nudge, the reflection",
		run:     cmdDemo,
	}
}

// The demo's timing: the interview ends a minute after the start (3 s with
// --fast); the daemon re-checks every second and polls every 5 s (the
// shortest poll the configuration allows).
const (
	demoEndIn     = time.Minute
	demoEndInFast = 3 * time.Second
	demoTick      = time.Second
	demoPoll      = 5 * time.Second
	// demoPatience is how long after the interview's end the nudge may
	// take before the demo gives up.
	demoPatience = 30 * time.Second
)

// cmdDemo runs the real daemon loop against an in-process fake Google
// Calendar seeded with an interview that ends shortly and an ordinary
// meeting, in a temporary state directory and notebook, and tells what
// happens in plain words. It never reads the person's configuration or
// token, and never touches their calendar.
func cmdDemo(e *env, args []string) error {
	fs := nbFlags(e, "demo", "debrief demo [--fast] [--keep]")
	fast := fs.Bool("fast", false, "the interview ends 3 s from now instead of a minute (also DEBRIEF_DEMO_FAST=1)")
	keep := fs.Bool("keep", false, "keep the demo's config, notebook and state to try other commands on them")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	endIn := demoEndIn
	if *fast || e.getenv("DEBRIEF_DEMO_FAST") == "1" {
		endIn = demoEndInFast
	}
	dir, err := os.MkdirTemp(cmp.Or(e.getenv("TMPDIR"), os.TempDir()), "debrief-demo-")
	if err != nil {
		return fmt.Errorf("demo: create a temporary directory (set TMPDIR to a writable one): %w", err)
	}
	exe, _ := os.Executable()
	wd, _ := os.Getwd()
	dm := &demo{e: e, out: e.stdout, dir: dir, zone: demoZone(e.getenv), self: commandName(exe, wd, exec.LookPath)}
	defer func() {
		if *keep {
			fmt.Fprintf(dm.out, "\nThe demo's files are kept in %s; try %s --config %s list, and remove them with rm -r %s\n",
				dir, dm.self, filepath.Join(dir, "config.toml"), dir)
			return
		}
		if err := os.RemoveAll(dir); err != nil {
			e.lg.Warn("demo files not removed", "dir", dir, "err", err)
		}
	}()
	return dm.run(endIn, *keep)
}

// demo is one run of `debrief demo`.
type demo struct {
	e   *env
	out io.Writer
	dir string
	// self is how to run debrief as the person did: "debrief", a path,
	// or "go run ./cmd/debrief".
	self string
	zone *time.Location
	fake *calendartest.Server
	web  *web.Server // nil when the web app could not start

	mu sync.Mutex // serialises output from the daemon's goroutine
}

func (dm *demo) say(format string, args ...any) {
	dm.mu.Lock()
	defer dm.mu.Unlock()
	fmt.Fprintf(dm.out, format+"\n", args...)
}

// clock formats t in the events' zone.
func (dm *demo) clock(t time.Time) string { return t.In(dm.zone).Format("15:04:05") }

func (dm *demo) span(s, e time.Time) string {
	return s.In(dm.zone).Format("15:04") + "–" + e.In(dm.zone).Format("15:04 MST")
}

func (dm *demo) run(endIn time.Duration, keep bool) error {
	e := dm.e
	dm.fake = calendartest.New()
	defer dm.fake.Close()
	dm.fake.AddCalendar("primary", dm.zone.String())
	now := e.now()
	end := now.Add(endIn).Truncate(time.Second)
	iv := dm.fake.Put("primary", demoInterview(now.Add(-45*time.Minute).Truncate(time.Minute), end, dm.zone))
	dm.fake.Put("primary", demoMeeting(end.Add(time.Hour).Truncate(15*time.Minute), dm.zone))

	cfgPath, cfg, err := dm.config()
	if err != nil {
		return err
	}
	// The daemon's own log is for trouble only; the demo tells the story.
	level := slog.LevelWarn
	if e.getenv("DEBRIEF_LOG") != "" {
		level = logLevel(e.getenv)
	}
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))

	dm.say("debrief demo: the whole loop, in real time, against a fake Google Calendar running inside this process.")
	if keep {
		dm.say("Nothing touches your calendar, notebook or configuration: the demo's files are in %s and are kept (--keep).", dm.dir)
	} else {
		dm.say("Nothing touches your calendar, notebook or configuration: the demo's files are in a temporary directory, removed at the end (--keep keeps them).")
	}
	dm.say("")

	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	w := wire(cfg)
	cal, err := calendar.New(ctx, lg, w.Calendar, w.Auth.httpClient(ctx, lg))
	if err != nil {
		return err
	}
	book, err := notebook.Open(lg, w.NotebookDir)
	if err != nil {
		return err
	}
	// The web app, as the daemon serves it: the form in the browser.
	det := &detection{stateDir: w.Daemon.StateDir, poll: w.Daemon.PollInterval, now: e.now}
	if srv := startWeb(lg, e.now, w, book, det); srv != nil {
		dm.web = srv
		w.Daemon.Pages = srv
		// Its own context: it outlives the daemon loop, for the form.
		wctx, wcancel := context.WithCancel(e.ctx)
		served := make(chan error, 1)
		go func() { served <- srv.Serve(wctx) }()
		defer func() { wcancel(); <-served }()
	}
	n := dm.notifier(ctx, iv.Id)
	defer n.close()
	d, err := daemon.New(lg, w.Daemon, &demoCalendar{Client: cal, dm: dm}, n, book)
	if err != nil {
		return err
	}
	det.d.Store(d)

	dm.say("Watching calendar %q (%s) at %s, as the daemon would watch yours.", "primary", calendartest.PrimaryEmail, dm.fake.Endpoint())
	rep, err := d.Plan(ctx)
	if err != nil {
		return fmt.Errorf("demo: plan: %w", err)
	}
	dm.say("It holds %d events. What debrief makes of them:", len(rep.Decisions))
	for _, dc := range rep.Decisions {
		ev, v := dc.Event, dc.Verdict
		dm.say("  %s  %q", dm.span(ev.Start, ev.End), ev.Summary)
		if v.Interview {
			dm.say("      → an interview (%s): %s, %s", v.Reason, cmp.Or(v.Company, "company unknown"), cmp.Or(v.Position, "position unknown"))
		} else {
			dm.say("      → not an interview (%s)", v.Reason)
		}
	}
	for _, b := range rep.Blocks.Inserts {
		dm.say("Plan: write the reflection block %q, %s, right after the interview.", b.Summary, dm.span(b.Start, b.End))
	}
	dm.say("")
	dm.say("Running the daemon loop (it re-checks every %s and polls the calendar every %s).", demoTick, demoPoll)
	dm.say("  The interview ends at %s, in %s.", dm.clock(end), time.Until(end).Round(time.Second))

	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t := time.NewTimer(time.Until(end) + demoPatience)
	defer t.Stop()
	select {
	case <-n.nudged:
	case <-t.C:
		cancel()
		<-done
		return fmt.Errorf("demo: no nudge %s after the interview's end: this is a bug, please report it with the output of DEBRIEF_LOG=debug debrief demo", demoPatience)
	case <-e.ctx.Done():
		cancel()
		<-done
		return e.ctx.Err()
	}
	cancel()
	if err := <-done; err != nil {
		return err
	}
	return dm.reflect(cfgPath, notebook.RecordID("primary", iv.Id), keep, book)
}

// config writes the demo's configuration file and loads it as the daemon
// would; the environment it sees holds nothing of the person's.
func (dm *demo) config() (string, *config.Config, error) {
	path := filepath.Join(dm.dir, "config.toml")
	c := fmt.Sprintf(`# debrief demo: a fake calendar at a local address, files in a temp dir.
[calendar]
calendars = ["primary"]
poll_interval = %q
auth = "none"
endpoint = %q
credentials_file = %q
token_file = %q

[alerts]
tick = %q
# The demo is about one interview: no weekly review notice.
weekly_review = ""

[notify]
backend = "log"

[notebook]
dir = %q

[state]
dir = %q
`, demoPoll.String(), dm.fake.Endpoint(), filepath.Join(dm.dir, "credentials.json"), filepath.Join(dm.dir, "token.json"),
		demoTick.String(), filepath.Join(dm.dir, "notebook"), filepath.Join(dm.dir, "state"))
	if err := os.WriteFile(path, []byte(c), 0o600); err != nil {
		return "", nil, fmt.Errorf("demo: write its config: %w", err)
	}
	cfg, err := config.Load(path, true, func(k string) string {
		if k == "HOME" {
			return dm.dir
		}
		return ""
	})
	if err != nil {
		return "", nil, fmt.Errorf("demo: its own config does not load (a bug): %w", err)
	}
	return path, cfg, nil
}

// notifier prints each nudge and, when a notification server answers on
// the session bus, shows it on the desktop too. It never starts a bus.
func (dm *demo) notifier(ctx context.Context, eventID string) *demoNotifier {
	n := &demoNotifier{dm: dm, nudged: make(chan struct{}), record: notebook.RecordID("primary", eventID)}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	desk, err := notify.New(quiet, notify.Config{Backend: notify.BackendDesktop, Timeout: 3 * time.Second}, dm.e.getenv)
	if err == nil && desk.Backend() == notify.BackendDesktop {
		if info, err := desk.Check(ctx); err == nil {
			n.desk, n.deskInfo = desk, info
		}
	}
	return n
}

// demoNotifier is the demo's daemon.Notifier, and its daemon.Buttons: the
// nudge carries its buttons where the desktop shows them.
type demoNotifier struct {
	dm       *demo
	desk     *notify.Notifier // nil: no notification server answers
	deskInfo string
	record   string // the interview's record: its nudge names it
	once     sync.Once
	nudged   chan struct{} // closed at the interview's nudge
}

func (n *demoNotifier) Notify(ctx context.Context, title, body string) error {
	_, err := n.NotifyActions(ctx, title, body, "", nil, "")
	return err
}

func (n *demoNotifier) NotifyActions(ctx context.Context, title, body, link string, actions []string, replaces string) (string, error) {
	where := "no notification server answers here, so it is printed"
	var h string
	if n.desk != nil {
		where = "shown on your desktop: " + n.deskInfo
		var err error
		if h, err = n.desk.NotifyActions(ctx, title, body, link, actions, replaces); err != nil {
			where = fmt.Sprintf("the desktop notification failed (%v), so it is printed", err)
		}
	}
	n.dm.say("  %s  Nudge delivered (%s):", n.dm.clock(time.Now()), where)
	n.dm.say("      %s", notify.Sanitize(title, notify.MaxTitle))
	for line := range strings.SplitSeq(notify.Sanitize(body, notify.MaxBody), "\n") {
		n.dm.say("      %s", line)
	}
	if h != "" {
		var labels []string
		for i := 0; i+1 < len(actions); i += 2 {
			if actions[i] != daemon.ActionDefault {
				labels = append(labels, "["+actions[i+1]+"]")
			}
		}
		n.dm.say("      %s  (the buttons act while `debrief daemon` runs; the demo stops here)", strings.Join(labels, " "))
	} else if link != "" {
		n.dm.say("      Open: %s", link)
	}
	if strings.Contains(body, "debrief reflect "+n.record) {
		n.once.Do(func() { close(n.nudged) })
	}
	return h, nil
}

// close closes the desktop notifier's connection.
func (n *demoNotifier) close() {
	if n.desk != nil {
		n.desk.Close()
	}
}

func (n *demoNotifier) Listen(act func(handle, key string), closed func(handle string)) {
	if n.desk != nil {
		n.desk.Listen(act, closed)
	}
}

func (n *demoNotifier) Live(ctx context.Context, h string) (bool, error) {
	if n.desk == nil {
		return false, nil
	}
	return n.desk.Live(ctx, h)
}

func (n *demoNotifier) Dismiss(ctx context.Context, h string) error {
	if n.desk == nil {
		return nil
	}
	return n.desk.Dismiss(ctx, h)
}

// demoCalendar is the real calendar client; it tells when a block is
// written, as read back from the calendar.
type demoCalendar struct {
	*calendar.Client
	dm *demo
}

func (c *demoCalendar) InsertBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	ev, err := c.Client.InsertBlock(ctx, b)
	if err != nil {
		c.dm.say("  %s  Writing the reflection block failed: %v", c.dm.clock(time.Now()), err)
		return ev, err
	}
	if got, ok := c.dm.fake.Event(b.CalendarID, b.ID); ok && got.Start != nil && got.End != nil {
		s, err1 := time.Parse(time.RFC3339, got.Start.DateTime)
		e, err2 := time.Parse(time.RFC3339, got.End.DateTime)
		if err1 == nil && err2 == nil {
			c.dm.say("  %s  Reflection block written; the calendar now holds %q, %s.", c.dm.clock(time.Now()), got.Summary, c.dm.span(s, e))
			return ev, nil
		}
	}
	c.dm.say("  %s  Reflection block written, %s.", c.dm.clock(time.Now()), c.dm.span(ev.Start, ev.End))
	return ev, nil
}

// reflect shows the head of the prefilled form and how to fill it in; on
// a terminal it offers to do it now, in the browser (the demo serves the
// web app until Enter) or through `debrief reflect`.
func (dm *demo) reflect(cfgPath, id string, keep bool, book *notebook.Book) error {
	e := dm.e
	var form, errs bytes.Buffer
	args := []string{"--config", cfgPath, "form", id}
	if err := run(e.ctx, args, strings.NewReader(""), &form, &errs, e.getenv); err != nil {
		return fmt.Errorf("demo: debrief form %s: %w\n%s", id, err, errs.String())
	}
	dm.say("")
	dm.say("The interview is now in the notebook as record %s. The head of its reflection form,", id)
	dm.say("prefilled from the event (debrief form %s):", id)
	dm.say("")
	for _, line := range formHead(form.String(), 24) {
		dm.say("  | %s", line)
	}
	dm.say("")
	if keep {
		dm.say("To fill it in: %s --config %s reflect %s", dm.self, cfgPath, id)
	}
	page := ""
	if dm.web != nil {
		page = dm.web.URL("/reflect/" + id)
		dm.say("Or in your browser, the same form as a page, while the demo runs:")
		dm.say("  %s", page)
		if keep {
			dm.say("  (after the demo: %s --config %s open %s)", dm.self, cfgPath, id)
		}
	}
	if !onTerminal(e) {
		if !keep {
			dm.say("(No terminal here to fill it in. To try it, run `%s demo --keep`: it keeps the demo's files and prints the command.)", dm.self)
		}
		return nil
	}
	if page == "" {
		fmt.Fprint(dm.out, "Fill it in now? [y/N] ")
	} else {
		fmt.Fprint(dm.out, "Fill it in now? [b] in your browser, [y] here in the terminal, Enter: not now: ")
	}
	answer, err := readLine(e.stdin)
	answer = strings.ToLower(strings.TrimSpace(answer))
	switch {
	case err != nil:
		return nil
	case page != "" && strings.HasPrefix(answer, "b"):
		if err := browser.Open(e.ctx, e.getenv, page); err != nil {
			dm.say("The browser did not open (%v); open the address above yourself.", err)
		}
		fmt.Fprint(dm.out, "The demo serves the form until you press Enter here, once you have saved it: ")
		readLine(e.stdin)
		if r, err := book.Get(id); err == nil && r.ReflectedAt != nil {
			dm.say("Saved: record %s holds your reflection (debrief --config %s show %s).", id, cfgPath, id)
		} else {
			dm.say("No reflection was saved.")
		}
		return nil
	case strings.HasPrefix(answer, "y"):
		return run(e.ctx, []string{"--config", cfgPath, "reflect", id}, e.stdin, e.stdout, e.stderr, e.getenv)
	}
	return nil
}

// formHead is the form from its first section on, at most n lines: the
// guidance comment at the top is skipped.
func formHead(form string, n int) []string {
	lines := strings.Split(form, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "---") {
			lines = lines[i:]
			break
		}
	}
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return lines
}

// readLine reads one line byte by byte, so that nothing after it is taken
// from r (`debrief reflect` reads the rest).
func readLine(r io.Reader) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return string(b), nil
			}
			b = append(b, one[0])
		}
		if err != nil {
			return string(b), err
		}
	}
}

// demoZone is the person's time zone for the demo's events: $TZ, else the
// zone /etc/localtime links to, else UTC.
func demoZone(getenv func(string) string) *time.Location {
	name := strings.TrimPrefix(getenv("TZ"), ":")
	if name == "" {
		if target, err := os.Readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(target, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if name != "" && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.UTC
}

// demoInterview is the demo's interview: a technical interview at Acme
// Corp with two people from acme.example and a Google Meet link.
func demoInterview(start, end time.Time, loc *time.Location) *gcal.Event {
	return &gcal.Event{
		Summary:     "Technical interview – Acme Corp – Backend Engineer",
		Description: "Hi! This is your technical interview for the Backend Engineer role at Acme Corp: 45 minutes of system design and coding with Jane.\n\nJoin with Google Meet: https://meet.google.com/abc-defg-hij",
		Start:       &gcal.EventDateTime{DateTime: start.In(loc).Format(time.RFC3339), TimeZone: loc.String()},
		End:         &gcal.EventDateTime{DateTime: end.In(loc).Format(time.RFC3339), TimeZone: loc.String()},
		HangoutLink: "https://meet.google.com/abc-defg-hij",
		Organizer:   &gcal.EventOrganizer{Email: "sam.lee@acme.example", DisplayName: "Sam Lee"},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "sam.lee@acme.example", DisplayName: "Sam Lee", Organizer: true, ResponseStatus: "accepted"},
			{Email: "jane.doe@acme.example", DisplayName: "Jane Doe", ResponseStatus: "accepted"},
		},
	}
}

// demoMeeting is an ordinary meeting, which debrief leaves alone.
func demoMeeting(start time.Time, loc *time.Location) *gcal.Event {
	return &gcal.Event{
		Summary: "Team sync",
		Start:   &gcal.EventDateTime{DateTime: start.In(loc).Format(time.RFC3339), TimeZone: loc.String()},
		End:     &gcal.EventDateTime{DateTime: start.Add(30 * time.Minute).In(loc).Format(time.RFC3339), TimeZone: loc.String()},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "alex@example.com", DisplayName: "Alex", ResponseStatus: "accepted"},
		},
	}
}

// commandName is how to run this program again, as a command a person can
// paste: "go run ./cmd/debrief" (or the module path, outside the
// repository) for a binary that `go run` built in a temporary directory,
// "debrief" when that is what PATH finds, else the binary's path. A test
// binary is "debrief".
func commandName(exe, wd string, lookPath func(string) (string, error)) string {
	base := filepath.Base(exe)
	switch {
	case exe == "" || strings.HasSuffix(base, ".test"):
		return "debrief"
	case strings.Contains(exe, string(filepath.Separator)+"go-build") && filepath.Base(filepath.Dir(exe)) == "exe":
		if _, err := os.Stat(filepath.Join(wd, "cmd", "debrief", "main.go")); err == nil {
			return "go run ./cmd/debrief"
		}
		return "go run github.com/debrief-dev/debrief/cmd/debrief@latest"
	}
	if p, err := lookPath(base); err == nil {
		if a, b := resolved(p), resolved(exe); a == b {
			return base
		}
	}
	return exe
}

func resolved(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	return p
}
