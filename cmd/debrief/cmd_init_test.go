package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/config"
)

// initSetup is an empty HOME and, for the Google steps, a fake calendar
// with two calendars.
type initSetup struct {
	home, config string
	fake         *calendartest.Server
}

func newInitSetup(t *testing.T) *initSetup {
	t.Helper()
	s := &initSetup{home: t.TempDir()}
	s.config = filepath.Join(s.home, ".config", "debrief", "config.toml")
	s.fake = calendartest.New()
	t.Cleanup(s.fake.Close)
	s.fake.AddCalendar("interviews@group.calendar.google.com", "Europe/Paris")
	return s
}

// writeGoogle writes a config that talks to the fake without credentials.
func (s *initSetup) writeGoogle(t *testing.T) {
	t.Helper()
	mustMkdir(t, filepath.Dir(s.config), 0o700)
	c := fmt.Sprintf("[calendar]\nauth = \"none\"\nendpoint = %q\ncalendars = [%q]\n\n[block]\ncalendar = %q\n\n[notify]\nbackend = \"log\"\n\n[web]\nenabled = false\n",
		s.fake.Endpoint(), calendartest.PrimaryEmail, calendartest.PrimaryEmail)
	if err := os.WriteFile(s.config, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *initSetup) run(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(input), &out, &errb, func(k string) string {
		if k == "HOME" {
			return s.home
		}
		return ""
	})
	if err != nil {
		code = exitCode(err)
		fmt.Fprintf(&errb, "debrief: %v\n", err)
	}
	return out.String(), errb.String(), code
}

func (s *initSetup) load(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(s.config, true, func(k string) string {
		if k == "HOME" {
			return s.home
		}
		return ""
	})
	if err != nil {
		t.Fatalf("the config init wrote does not load: %v", err)
	}
	return cfg
}

func TestInitCalendarsYes(t *testing.T) {
	s := newInitSetup(t)
	s.writeGoogle(t)
	args := []string{"init", "--yes", "--calendars", "1,2", "--block-calendar", "2", "--no-service"}
	stdout, stderr, code := s.run(t, "", args...)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Step 1/6: your calendar", "Step 4/6: which calendars to watch",
		"1. " + calendartest.PrimaryEmail + " (your main calendar)", "2. interviews@group.calendar.google.com",
		"Saved in " + s.config, "your previous config is kept as " + s.config + ".bak",
		"Sent through the log backend", "Skipped: --no-service",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, stdout)
		}
	}
	cfg := s.load(t)
	if want := []string{calendartest.PrimaryEmail, "interviews@group.calendar.google.com"}; !slices.Equal(cfg.Calendar.Calendars, want) || cfg.Block.Calendar != want[1] {
		t.Errorf("calendars %q, block calendar %q; want %q and the second", cfg.Calendar.Calendars, cfg.Block.Calendar, want)
	}
	if cfg.Calendar.Endpoint != s.fake.Endpoint() || cfg.Notify.Backend != "log" || cfg.Web.Enabled {
		t.Errorf("init lost keys it does not manage: endpoint %q, notify %q, web %v", cfg.Calendar.Endpoint, cfg.Notify.Backend, cfg.Web.Enabled)
	}
	before, _ := os.ReadFile(s.config)

	// Again: nothing to change.
	stdout, stderr, code = s.run(t, "", args...)
	if code != 0 || !strings.Contains(stdout, "Unchanged.") {
		t.Errorf("init again: exit %d, stdout:\n%s\nstderr %s; want Unchanged", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(s.config); !bytes.Equal(after, before) {
		t.Errorf("init again rewrote the config:\n%s\nwas:\n%s", after, before)
	}
}

// TestInitAsked: the same through the questions, with a mistake asked
// again being refused and the steps skipped with s.
func TestInitAsked(t *testing.T) {
	s := newInitSetup(t)
	s.writeGoogle(t)
	// iCal address: Enter (Google); sign-in: nothing to do (auth none);
	// watch 2; blocks in 2; notification seen: n; service: s.
	stdout, stderr, code := s.run(t, "\n2\n2\nn\ns\n", "init", "--no-service")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Paste it here, or press Enter to sign in with Google instead",
		"Watch which? Numbers, comma-separated: [1]",
		"Reflection blocks go in which one? [1]",
		"Did it appear on your screen? [y]",
		"debrief doctor checks the session bus",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, stdout)
		}
	}
	cfg := s.load(t)
	if !slices.Equal(cfg.Calendar.Calendars, []string{"interviews@group.calendar.google.com"}) || cfg.Block.Calendar != "interviews@group.calendar.google.com" {
		t.Errorf("calendars %q, block %q; want the second calendar for both", cfg.Calendar.Calendars, cfg.Block.Calendar)
	}
	_, stderr, code = s.run(t, "\n7\n", "init", "--no-service", "--no-notify-test")
	if code != 2 || !strings.Contains(stderr, `"7" is not one of the calendars listed`) {
		t.Errorf("init with a wrong number: exit %d, stderr %q", code, stderr)
	}
}

func TestInitICS(t *testing.T) {
	s := newInitSetup(t)
	const url = "https://calendar.google.com/calendar/ical/me%40example.com/private-0123abcd/basic.ics"
	stdout, stderr, code := s.run(t, "", "init", "--yes", "--ics-url", url, "--no-service", "--no-notify-test")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "private-0123abcd") {
		t.Errorf("init printed the secret address:\n%s", stdout)
	}
	for _, want := range []string{"Step 2/6: Google credentials", "Skipped: not needed for an iCal address", "Saved in " + s.config} {
		if !strings.Contains(stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, stdout)
		}
	}
	cfg := s.load(t)
	urlFile := filepath.Join(filepath.Dir(s.config), "ics.url")
	if len(cfg.Sources) != 1 || cfg.Sources[0].Kind != config.KindICS || cfg.Sources[0].URLFile != urlFile || cfg.Block.Enabled || len(cfg.Calendar.Calendars) != 0 {
		t.Errorf("sources %+v, blocks %v, calendars %q; want one ICS source reading %s, no blocks, no Google calendars", cfg.Sources, cfg.Block.Enabled, cfg.Calendar.Calendars, urlFile)
	}
	fi, err := os.Stat(urlFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, mode %v; want 0600", urlFile, err, fi)
	}
	if data, _ := os.ReadFile(urlFile); strings.TrimSpace(string(data)) != url {
		t.Errorf("%s holds %q, want the address", urlFile, data)
	}
	stdout, _, code = s.run(t, "", "init", "--yes", "--no-service", "--no-notify-test")
	if code != 0 || !strings.Contains(stdout, `debrief reads the iCal address of source "ics"`) {
		t.Errorf("init again: exit %d, stdout:\n%s\nwant the source kept", code, stdout)
	}
	_, stderr, code = s.run(t, "", "init", "--yes", "--ics-url", "calendar.google.com/basic.ics", "--no-service")
	if code != 2 || !strings.Contains(stderr, "is not an address: it starts with https://") {
		t.Errorf("init with a bad address: exit %d, stderr %q", code, stderr)
	}
}

func TestInitCredentials(t *testing.T) {
	s := newInitSetup(t)
	creds := `{"installed":{"client_id":"id.apps.googleusercontent.com","client_secret":"s","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","redirect_uris":["http://localhost"]}}`
	dl := filepath.Join(s.home, "Downloads", "client_secret_123.apps.googleusercontent.com.json")
	mustMkdir(t, filepath.Dir(dl), 0o755)
	if err := os.WriteFile(dl, []byte(creds), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := s.run(t, "", "init", "--yes", "--no-auth", "--no-service", "--no-notify-test")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, stdout, stderr)
	}
	dest := filepath.Join(s.home, ".config", "debrief", "credentials.json")
	for _, want := range []string{"Found " + dl, "Copied to " + dest + " (0600)", "Skipped: run debrief auth when you are ready", "Step 4/6: calendars"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, stdout)
		}
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v; want it copied with mode 0600", dest, err)
	}
	s.load(t) // a config to edit, though nothing differs from the defaults
	// Made readable by others: init offers the chmod.
	if err := os.Chmod(dest, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = s.run(t, "\ny\ns\n", "init", "--no-service", "--no-notify-test")
	if code != 0 || !strings.Contains(stdout, "can be read by others (mode 0644)") || !strings.Contains(stdout, "Done: mode 0600.") {
		t.Errorf("init: exit %d, stdout:\n%s\nwant the chmod offered and done", code, stdout)
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after the chmod, want 0600", fi.Mode().Perm())
	}
}

func TestUnitText(t *testing.T) {
	got := unitText("/usr/local/bin/debrief", "/home/u/.config/debrief/config.toml", "/home/u/.config/debrief/config.toml")
	if !strings.Contains(got, "\nExecStart=/usr/local/bin/debrief daemon\n") || !strings.Contains(got, "Type=notify") {
		t.Errorf("unit:\n%s\nwant ExecStart of the binary and the rest of systemd/debrief.service", got)
	}
	got = unitText("/usr/bin/debrief", "/srv/debrief.toml", "/home/u/.config/debrief/config.toml")
	if !strings.Contains(got, "\nExecStart=/usr/bin/debrief --config /srv/debrief.toml daemon\n") {
		t.Errorf("unit:\n%s\nwant --config for a config elsewhere", got)
	}
}
