package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
)

// configKeys lists every key of the configuration file, "table.key", from
// config.Config's toml tags.
func configKeys() []string {
	var keys []string
	ct := reflect.TypeFor[config.Config]()
	for i := range ct.NumField() {
		tf := ct.Field(i)
		table := strings.Split(tf.Tag.Get("toml"), ",")[0]
		tt := tf.Type
		if tt.Kind() == reflect.Slice { // [[sources]]
			tt = tt.Elem()
		}
		for j := range tt.NumField() {
			keys = append(keys, table+"."+strings.Split(tt.Field(j).Tag.Get("toml"), ",")[0])
		}
	}
	return keys
}

// TestWireEveryKey sets every key of the file to a value that is not its
// default and checks that the value reaches the package config it is for:
// no key is silently ignored.
func TestWireEveryKey(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	file := fmt.Sprintf(`
[calendar]
calendars = ["work@example.com", "primary"]
poll_interval = "7m"
auth = "none"
endpoint = "http://127.0.0.1:9/calendar/v3/"
credentials_file = %q
token_file = %q
lookback = "100h"
request_timeout = "11s"
max_attempts = 3

[detect]
keywords = ["chat"]
exclude_keywords = ["lunch"]
domains = ["acme.example"]
exclude_domains = ["employer.example"]
scheduling_tools = ["hirebot"]
own_domains = ["me.example"]
agencies = ["agency.example"]

[block]
enabled = false
duration = "45m"
calendar = "blocks@example.com"
title = "Reflect: {position}"
merge_gap = "20m"
conflict = "skip"
min_duration = "5m"
shift_within = "2h"

[alerts]
tick = "10s"
ended = false
reflect_reminder = false
thank_you = ["1h"]
follow_up_time = "10:30"
briefing = "2h"
weekly_review = "Mon 08:30"
snooze = "2h"

[followup]
thank_you_within = "12h"
reply_after_days = 3
follow_up_days = 2

[notify]
backend = "command"
command = ["notify-send", "{title}"]
timeout = "3s"

[notebook]
dir = %q

[state]
dir = %q

[web]
enabled = false
listen = "127.0.0.1:8765"

[[sources]]
name = "work"
kind = "google"
calendars = ["team@example.com"]
credentials_file = %q
token_file = %q
endpoint = "http://127.0.0.1:10/calendar/v3/"
auth = "none"

[[sources]]
name = "personal"
kind = "ics"
url_file = %q

[[sources]]
name = "dav"
kind = "caldav"
url = "https://dav.example.com/me/interviews/"
username = "me"
password_file = %q

[[sources]]
name = "dav2"
kind = "caldav"
url = "https://dav.example.com/me/other/"
username = "me"
password_command = ["pass", "show", "dav"]
`, p("creds.json"), p("token.json"), p("nb"), p("state"), p("work-creds.json"), p("work-token.json"), p("personal.url"), p("dav.pass"))
	path := p("config.toml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, true, func(string) string { return "" })
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	w := wire(cfg)
	def := wire(config.Default())

	rows := map[string]struct {
		got  func(w wiring) any
		want any
	}{
		"calendar.calendars":        {func(w wiring) any { return w.Daemon.Calendars }, []string{"work@example.com", "primary", "work/team@example.com", "personal/calendar", "dav/interviews", "dav2/other"}},
		"calendar.poll_interval":    {func(w wiring) any { return w.Daemon.PollInterval }, 7 * time.Minute},
		"calendar.auth":             {func(w wiring) any { return w.Auth.Mode }, "none"},
		"calendar.endpoint":         {func(w wiring) any { return w.Calendar.Endpoint }, "http://127.0.0.1:9/calendar/v3/"},
		"calendar.credentials_file": {func(w wiring) any { return w.Auth.CredentialsFile }, p("creds.json")},
		"calendar.token_file":       {func(w wiring) any { return w.Auth.TokenFile }, p("token.json")},
		"calendar.lookback":         {func(w wiring) any { return w.Calendar.Lookback }, 100 * time.Hour},
		"calendar.request_timeout":  {func(w wiring) any { return [2]time.Duration{w.Calendar.RequestTimeout, w.Auth.RequestTimeout} }, [2]time.Duration{11 * time.Second, 11 * time.Second}},
		"calendar.max_attempts":     {func(w wiring) any { return w.Calendar.MaxAttempts }, 3},
		"detect.keywords":           {func(w wiring) any { return w.Daemon.Rules.Keywords }, []string{"chat"}},
		"detect.exclude_keywords":   {func(w wiring) any { return w.Daemon.Rules.ExcludeKeywords }, []string{"lunch"}},
		"detect.domains":            {func(w wiring) any { return w.Daemon.Rules.Domains }, []string{"acme.example"}},
		"detect.exclude_domains":    {func(w wiring) any { return w.Daemon.Rules.ExcludeDomains }, []string{"employer.example"}},
		"detect.scheduling_tools":   {func(w wiring) any { return w.Daemon.Rules.SchedulingTools }, []string{"hirebot"}},
		"detect.own_domains":        {func(w wiring) any { return w.Daemon.Rules.OwnDomains }, []string{"me.example"}},
		"detect.agencies":           {func(w wiring) any { return w.Daemon.Rules.Agencies }, []string{"agency.example"}},
		"block.enabled":             {func(w wiring) any { return w.Daemon.BlockEnabled }, false},
		"block.duration":            {func(w wiring) any { return w.Daemon.BlockDuration }, 45 * time.Minute},
		"block.calendar":            {func(w wiring) any { return w.Daemon.BlockCalendar }, "blocks@example.com"},
		"block.title":               {func(w wiring) any { return w.Daemon.BlockTitle }, "Reflect: {position}"},
		"block.merge_gap":           {func(w wiring) any { return w.Daemon.MergeGap }, 20 * time.Minute},
		"block.conflict":            {func(w wiring) any { return w.Daemon.Conflict }, "skip"},
		"block.min_duration":        {func(w wiring) any { return w.Daemon.MinDuration }, 5 * time.Minute},
		"block.shift_within":        {func(w wiring) any { return w.Daemon.ShiftWithin }, 2 * time.Hour},
		"alerts.tick":               {func(w wiring) any { return w.Daemon.Tick }, 10 * time.Second},
		"alerts.ended":              {func(w wiring) any { return w.Daemon.Ended }, false},
		"alerts.reflect_reminder":   {func(w wiring) any { return w.Daemon.ReflectReminder }, false},
		"alerts.thank_you":          {func(w wiring) any { return w.Daemon.ThankYou }, []time.Duration{time.Hour}},
		"alerts.follow_up_time":     {func(w wiring) any { return w.Daemon.FollowUpTime }, "10:30"},
		"alerts.briefing":           {func(w wiring) any { return w.Daemon.Briefing }, 2 * time.Hour},
		"alerts.weekly_review":      {func(w wiring) any { return w.Daemon.WeeklyReview }, "Mon 08:30"},
		"alerts.snooze":             {func(w wiring) any { return w.Daemon.Snooze }, 2 * time.Hour},
		"followup.thank_you_within": {func(w wiring) any { return w.Daemon.Policy.ThankYouWithin }, 12 * time.Hour},
		"followup.reply_after_days": {func(w wiring) any { return w.Daemon.Policy.ReplyAfterDays }, 3},
		"followup.follow_up_days":   {func(w wiring) any { return w.Daemon.Policy.FollowUpDays }, 2},
		"notify.backend":            {func(w wiring) any { return w.Notify.Backend }, "command"},
		"notify.command":            {func(w wiring) any { return w.Notify.Command }, []string{"notify-send", "{title}"}},
		"notify.timeout":            {func(w wiring) any { return w.Notify.Timeout }, 3 * time.Second},
		"notebook.dir":              {func(w wiring) any { return w.NotebookDir }, p("nb")},
		"state.dir":                 {func(w wiring) any { return [3]string{w.Calendar.StateDir, w.Daemon.StateDir, w.Web.Config.StateDir} }, [3]string{p("state"), p("state"), p("state")}},
		"web.enabled":               {func(w wiring) any { return w.Web.Enabled }, false},
		"web.listen":                {func(w wiring) any { return w.Web.Config.Listen }, "127.0.0.1:8765"},
	}
	src := func(i int, f func(config.Source) any) func(w wiring) any {
		return func(w wiring) any {
			if i >= len(w.Sources) {
				return nil
			}
			return f(w.Sources[i])
		}
	}
	for k, r := range map[string]struct {
		got  func(w wiring) any
		want any
	}{
		"sources.name":             {src(0, func(s config.Source) any { return s.Name }), "work"},
		"sources.kind":             {src(1, func(s config.Source) any { return s.Kind }), "ics"},
		"sources.calendars":        {src(0, func(s config.Source) any { return s.Calendars }), []string{"team@example.com"}},
		"sources.credentials_file": {src(0, func(s config.Source) any { return s.CredentialsFile }), p("work-creds.json")},
		"sources.token_file":       {src(0, func(s config.Source) any { return s.TokenFile }), p("work-token.json")},
		"sources.endpoint":         {src(0, func(s config.Source) any { return s.Endpoint }), "http://127.0.0.1:10/calendar/v3/"},
		"sources.auth":             {src(0, func(s config.Source) any { return s.Auth }), "none"},
		"sources.url":              {src(2, func(s config.Source) any { return s.URL }), "https://dav.example.com/me/interviews/"},
		"sources.url_file":         {src(1, func(s config.Source) any { return s.URLFile }), p("personal.url")},
		"sources.username":         {src(2, func(s config.Source) any { return s.Username }), "me"},
		"sources.password_file":    {src(2, func(s config.Source) any { return s.PasswordFile }), p("dav.pass")},
		"sources.password_command": {src(3, func(s config.Source) any { return s.PasswordCommand }), []string{"pass", "show", "dav"}},
	} {
		rows[k] = r
	}
	for _, k := range configKeys() {
		row, ok := rows[k]
		if !ok {
			t.Errorf("config key %s is not wired to any package config: map it in wire.go and add it here", k)
			continue
		}
		delete(rows, k)
		got := row.got(w)
		if diff := cmp.Diff(got, row.want); diff != "" {
			t.Errorf("%s: wired value differs (-got +want):\n%s", k, diff)
		}
		if cmp.Equal(row.got(def), row.want) {
			t.Errorf("%s: the test value %v is the default: pick another", k, row.want)
		}
	}
	for k := range rows {
		t.Errorf("row %s names no config key", k)
	}
}

// TestWireZeroDurations: "0s" where the file allows it means zero, not
// the daemon's default.
func TestWireZeroDurations(t *testing.T) {
	cfg := config.Default()
	cfg.Block.MergeGap.Duration, cfg.Block.ShiftWithin.Duration = 0, 0
	d := wire(cfg).Daemon
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	iv := func(id string, s time.Time) daemon.Interview {
		return daemon.Interview{Event: calendar.Event{ID: id, Start: s, End: s.Add(time.Hour)}}
	}
	gs := daemon.Groups([]daemon.Interview{iv("a", start), iv("b", start.Add(time.Hour+time.Minute))}, d.MergeGap)
	if len(gs) != 2 {
		t.Errorf("merge_gap 0s: interviews a minute apart make %d groups, want 2", len(gs))
	}
	// Two interviews that touch: with no gap allowed, they do not merge.
	gs = daemon.Groups([]daemon.Interview{iv("a", start), iv("b", start.Add(time.Hour))}, d.MergeGap)
	if len(gs) != 2 {
		t.Errorf("merge_gap 0s: interviews back to back make %d groups, want 2", len(gs))
	}
	if d.MergeGap != 0 || d.ShiftWithin != 0 {
		t.Errorf("merge_gap, shift_within 0s wired as %v, %v, want 0, 0", d.MergeGap, d.ShiftWithin)
	}
}

// TestWireDefaultsRunTheDaemon: the defaults wire into a daemon config that
// daemon.New accepts, with the parts built from them.
func TestWireDefaultsRunTheDaemon(t *testing.T) {
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	cfg := config.Default()
	dir := t.TempDir()
	cfg.Calendar.Auth, cfg.Calendar.Endpoint = "none", fake.Endpoint()
	cfg.Notify.Backend = "log"
	cfg.Notebook.Dir, cfg.State.Dir = filepath.Join(dir, "nb"), filepath.Join(dir, "state")
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	d, _, err := newDaemon(t.Context(), lg, wire(cfg), func(string) string { return "" })
	if err != nil {
		t.Fatalf("newDaemon: %v", err)
	}
	if err := d.Once(t.Context()); err != nil {
		t.Errorf("Once against an empty calendar: %v", err)
	}
}

// TestLazyAuth: with no token the calendar answers ErrUnauthorized naming
// the missing file; once a token is written, the same client works.
func TestLazyAuth(t *testing.T) {
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	dir := t.TempDir()
	a := authConfig{
		Mode:            "oauth",
		CredentialsFile: filepath.Join(dir, "credentials.json"),
		TokenFile:       filepath.Join(dir, "token.json"),
		RequestTimeout:  5 * time.Second,
	}
	creds := `{"installed":{"client_id":"c","client_secret":"s","auth_uri":"http://127.0.0.1:1/auth","token_uri":"http://127.0.0.1:1/token"}}`
	if err := os.WriteFile(a.CredentialsFile, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	cal, err := calendar.New(t.Context(), lg, calendar.Config{Endpoint: fake.Endpoint(), StateDir: dir, MaxAttempts: 1}, a.httpClient(t.Context(), lg))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cal.Sync(t.Context(), "primary", time.Now())
	if !errors.Is(err, calendar.ErrNotSignedIn) || !errors.Is(err, calendar.ErrUnauthorized) || !strings.Contains(err.Error(), "no token at "+a.TokenFile) {
		t.Fatalf("Sync without a token = %v, want ErrNotSignedIn naming %s", err, a.TokenFile)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests reached the server without a token, want 0", n)
	}
	if err := calendar.SaveToken(a.TokenFile, &oauth2.Token{AccessToken: "at", RefreshToken: "rt", TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cal.Sync(t.Context(), "primary", time.Now()); err != nil {
		t.Fatalf("Sync after the token was written: %v", err)
	}
	if n := len(fake.Requests()); n == 0 {
		t.Error("no request reached the server after the token was written")
	}
}
