package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/radicaletest"
	"github.com/debrief-dev/debrief/notebook"
)

// putInterview puts an interview ending at end on calID of fake.
func putInterview(fake *calendartest.Server, calID, company string, end time.Time) *gcal.Event {
	return fake.Put(calID, &gcal.Event{
		Summary:   "Technical interview – " + company,
		Start:     &gcal.EventDateTime{DateTime: end.Add(-45 * time.Minute).Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		End:       &gcal.EventDateTime{DateTime: end.Format(time.RFC3339), TimeZone: "Europe/Berlin"},
		Organizer: &gcal.EventOrganizer{Email: "sam@" + strings.ToLower(company) + ".example"},
		Attendees: []*gcal.EventAttendee{
			{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
			{Email: "sam@" + strings.ToLower(company) + ".example", Organizer: true, ResponseStatus: "accepted"},
		},
	})
}

// blocksOn returns the ids of debrief's blocks on calID of fake.
func blocksOn(fake *calendartest.Server, calID string) []string {
	var ids []string
	for _, e := range fake.Events(calID) {
		if e.ExtendedProperties != nil && e.ExtendedProperties.Private[calendar.PropKind] == calendar.PropKindBlock && e.Status != "cancelled" {
			ids = append(ids, e.Id)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestTwoGoogleAccounts: two Google accounts as two sources, each with its
// own calendars and its own state; blocks go to the one block.calendar
// names, with ids distinct across sources; a second run adds nothing.
func TestTwoGoogleAccounts(t *testing.T) {
	home, work := calendartest.New(), calendartest.New()
	t.Cleanup(home.Close)
	t.Cleanup(work.Close)
	work.AddCalendar("team@example.com", "Europe/Berlin")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	file := fmt.Sprintf(`
[calendar]
poll_interval = "5s"
max_attempts = 1

[block]
calendar = "work/primary"

[notify]
backend = "log"

[notebook]
dir = %q

[state]
dir = %q

[[sources]]
name = "home"
kind = "google"
endpoint = %q
auth = "none"

[[sources]]
name = "work"
kind = "google"
calendars = ["primary", "team@example.com"]
endpoint = %q
auth = "none"
`, filepath.Join(dir, "nb"), filepath.Join(dir, "state"), home.Endpoint(), work.Endpoint())
	if err := os.WriteFile(cfg, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
	a := putInterview(home, "primary", "Acme", end)
	b := putInterview(work, "team@example.com", "Globex", end.Add(24*time.Hour))
	getenv := func(k string) string {
		if k == "HOME" {
			return dir
		}
		return ""
	}
	for i := range 2 {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), []string{"--config", cfg, "daemon", "--once"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
			t.Fatalf("daemon --once (run %d): %v\n%s", i+1, err, errOut.String())
		}
	}
	want := []string{calendar.BlockID("home/primary", a.Id), calendar.BlockID("work/team@example.com", b.Id)}
	slices.Sort(want)
	if got := blocksOn(work, "primary"); !slices.Equal(got, want) {
		t.Errorf("blocks on work/primary = %v, want %v", got, want)
	}
	if got := blocksOn(home, "primary"); len(got) != 0 {
		t.Errorf("blocks on home/primary = %v, want none (block.calendar is work/primary)", got)
	}
	book, err := notebook.Open(slog.New(slog.DiscardHandler), filepath.Join(dir, "nb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []struct{ cal, ev string }{{"home/primary", a.Id}, {"work/team@example.com", b.Id}} {
		if _, err := book.Get(notebook.RecordID(ref.cal, ref.ev)); err != nil {
			t.Errorf("record of %s %s: %v", ref.cal, ref.ev, err)
		}
	}
	for _, src := range []string{"home", "work"} {
		if _, err := os.Stat(filepath.Join(dir, "state", "sources", src, "calendar")); err != nil {
			t.Errorf("source %s has no state of its own: %v", src, err)
		}
	}

	// home goes down: work's new interview still gets its block, and
	// home's problem names the source; home back: its new one does too.
	home.Inject(calendartest.Fault{Status: http.StatusServiceUnavailable})
	c := putInterview(work, "primary", "Initech", end.Add(48*time.Hour))
	d := putInterview(home, "primary", "Hooli", end.Add(72*time.Hour))
	var out, errOut bytes.Buffer
	err = run(t.Context(), []string{"--config", cfg, "daemon", "--once"}, strings.NewReader(""), &out, &errOut, getenv)
	if err == nil || !strings.Contains(errOut.String(), `Calendar source \"home\" cannot be reached`) {
		t.Errorf("daemon --once with home down = %v, want home's problem told\n%s", err, errOut.String())
	}
	if got := blocksOn(work, "primary"); !slices.Contains(got, calendar.BlockID("work/primary", c.Id)) {
		t.Errorf("with home down, work's new interview got no block: %v", got)
	}
	home.ClearFaults()
	errOut.Reset()
	if err := run(t.Context(), []string{"--config", cfg, "daemon", "--once"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
		t.Fatalf("daemon --once with home back: %v\n%s", err, errOut.String())
	}
	if got := blocksOn(work, "primary"); !slices.Contains(got, calendar.BlockID("home/primary", d.Id)) || len(got) != 4 {
		t.Errorf("with home back: blocks on work/primary = %v, want 4 with home's new one", got)
	}
	out.Reset()
	run(t.Context(), []string{"--config", cfg, "doctor"}, strings.NewReader(""), &out, &errOut, getenv)
	for _, want := range []string{
		`OK    source home (google): auth is "none"`,
		`OK    calendar "home/primary": reachable at http://127.0.0.1`,
		`OK    calendar "work/primary" (blocks are written here): reachable`,
		`OK    calendar "work/team@example.com": reachable`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("doctor lacks %q:\n%s", want, out.String())
		}
	}
}

// icsInterview is a calendar with one interview ending at end, as Google's
// secret address serves it.
func icsInterview(end time.Time) string {
	f := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	return strings.ReplaceAll(`BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
X-WR-CALNAME:sam.seeker@gmail.com
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
DTSTART:`+f(end.Add(-45*time.Minute))+`
DTEND:`+f(end)+`
DTSTAMP:20260301T090000Z
UID:ics-interview-1@google.com
ORGANIZER;CN=Jane Doe:mailto:jane.doe@acme.example
ATTENDEE;PARTSTAT=ACCEPTED;CN=Jane Doe:mailto:jane.doe@acme.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com
SUMMARY:Technical interview – Acme Corp
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
}

// TestICSSource: an ICS address as the only source: the interview is
// found and filed, the nudge comes once across two runs, no block is
// written anywhere, and plan and doctor say why.
func TestICSSource(t *testing.T) {
	var mu sync.Mutex
	body, requests, down := icsInterview(time.Now().Add(-time.Minute).Truncate(time.Second)), 0, false
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		requests++
		if down {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "personal.url")
	if err := os.WriteFile(urlFile, []byte(ts.URL+"/calendar/ical/me/private-s3cret/basic.ics\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	file := fmt.Sprintf(`
[notify]
backend = "log"

[notebook]
dir = %q

[state]
dir = %q

[[sources]]
name = "personal"
kind = "ics"
url_file = %q
`, filepath.Join(dir, "nb"), filepath.Join(dir, "state"), urlFile)
	if err := os.WriteFile(cfg, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		switch k {
		case "HOME":
			return dir
		case "TMPDIR":
			return dir
		}
		return ""
	}
	runCmd := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(t.Context(), append([]string{"--config", cfg}, args...), strings.NewReader(""), &out, &errOut, getenv)
		return out.String(), errOut.String(), err
	}
	var logs strings.Builder
	for i := range 2 {
		_, stderr, err := runCmd("daemon", "--once")
		if err != nil {
			t.Fatalf("daemon --once (run %d): %v\n%s", i+1, err, stderr)
		}
		logs.WriteString(stderr)
	}
	if n := strings.Count(logs.String(), `msg=notification title="Interview with Acme Corp over"`); n != 1 {
		t.Errorf("ended nudges in two runs = %d, want 1\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), "private-s3cret") {
		t.Errorf("the log shows the secret address:\n%s", logs.String())
	}
	book, err := notebook.Open(slog.New(slog.DiscardHandler), filepath.Join(dir, "nb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book.Get(notebook.RecordID("personal/calendar", "ics-interview-1@google.com")); err != nil {
		t.Errorf("record of the ICS interview: %v", err)
	}
	// Source down: the daemon runs from the kept calendar.
	mu.Lock()
	down = true
	mu.Unlock()
	if _, stderr, err := runCmd("daemon", "--once"); err == nil || !strings.Contains(stderr, "calendar sync failed") {
		t.Errorf("daemon --once with the source down = %v, want the sync failure reported\n%s", err, stderr)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	out, stderr, err := runCmd("plan")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, `No blocks: block.calendar "personal/calendar" is an ICS address`) || !strings.Contains(out, "Blocks to insert: 0") {
		t.Errorf("plan does not say why there are no blocks:\n%s", out)
	}
	out, _, _ = runCmd("doctor")
	for _, want := range []string{
		"OK    source personal (ics): address http://127.0.0.1",
		`WARN  calendar "personal/calendar": block.calendar names it, but an ICS address is read-only`,
		`OK    calendar "personal/calendar": read 1 events`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "private-s3cret") {
		t.Errorf("doctor shows the secret address:\n%s", out)
	}
}

// TestCalDAVSource: a CalDAV calendar against a real Radicale: the
// interview is found, its block written there once across restarts, the
// nudge sent once; with the server down the daemon keeps going, and
// catches up once it is back.
func TestCalDAVSource(t *testing.T) {
	srv := radicaletest.Start(t)
	coll := srv.MkCalendar(t, "me", "interviews")
	end := time.Now().Add(-time.Minute).Truncate(time.Second)
	ics := strings.ReplaceAll(icsInterview(end), "sam.seeker@gmail.com", "me@example.com")
	req, _ := http.NewRequest(http.MethodPut, coll+"iv.ics", strings.NewReader(ics))
	req.SetBasicAuth("me", "x")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("PUT the interview: %v %v", resp, err)
	}
	dir := t.TempDir()
	pw := filepath.Join(dir, "dav.pass")
	if err := os.WriteFile(pw, []byte("x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	file := fmt.Sprintf(`
[calendar]
max_attempts = 1

[block]
calendar = "dav/interviews"
conflict = "overlap"

[notify]
backend = "log"

[notebook]
dir = %q

[state]
dir = %q

[[sources]]
name = "dav"
kind = "caldav"
url = %q
username = "me"
password_file = %q
`, filepath.Join(dir, "nb"), filepath.Join(dir, "state"), coll, pw)
	if err := os.WriteFile(cfg, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "HOME" || k == "TMPDIR" {
			return dir
		}
		return ""
	}
	daemonOnce := func() (string, error) {
		var out, errOut bytes.Buffer
		err := run(t.Context(), []string{"--config", cfg, "daemon", "--once"}, strings.NewReader(""), &out, &errOut, getenv)
		return errOut.String(), err
	}
	var logs strings.Builder
	for i := range 2 {
		stderr, err := daemonOnce()
		logs.WriteString(stderr)
		if err != nil {
			t.Fatalf("daemon --once (run %d): %v\n%s", i+1, err, logs.String())
		}
	}
	blockName := calendar.BlockID("dav/interviews", "ics-interview-1@google.com") + ".ics"
	if got := davObjects(t, coll); !slices.Equal(got, []string{blockName, "iv.ics"}) {
		t.Errorf("objects in the collection = %v, want the interview and one block %s\n%s", got, blockName, logs.String())
	}
	if n := strings.Count(logs.String(), `title="Interview with Acme Corp over"`); n != 1 {
		t.Errorf("ended nudges = %d, want 1\n%s", n, logs.String())
	}
	srv.Stop()
	if stderr, err := daemonOnce(); err == nil || !strings.Contains(stderr, "calendar sync failed") {
		t.Errorf("daemon --once with the server down = %v, want the sync failure\n%s", err, stderr)
	}
	srv.Restart(t)
	if stderr, err := daemonOnce(); err != nil {
		t.Errorf("daemon --once once the server is back: %v\n%s", err, stderr)
	}
	if got := davObjects(t, coll); len(got) != 2 {
		t.Errorf("after the outage: objects = %v, want the same two", got)
	}
	// A future interview: its block follows it when it moves, and goes
	// when it is cancelled.
	future := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
	put := func(end time.Time) {
		ics := strings.ReplaceAll(strings.ReplaceAll(icsInterview(end), "sam.seeker@gmail.com", "me@example.com"), "ics-interview-1@google.com", "later@example.com")
		req, _ := http.NewRequest(http.MethodPut, coll+"later.ics", strings.NewReader(ics))
		req.SetBasicAuth("me", "x")
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode/100 != 2 {
			t.Fatalf("PUT the later interview: %v %v", resp, err)
		}
	}
	later := calendar.BlockID("dav/interviews", "later@example.com") + ".ics"
	blockStart := func() string {
		req, _ := http.NewRequest(http.MethodGet, coll+later, nil)
		req.SetBasicAuth("me", "x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		_, v, _ := strings.Cut(string(b), "DTSTART:")
		v, _, _ = strings.Cut(v, "\r\n")
		return v
	}
	put(future)
	if stderr, err := daemonOnce(); err != nil {
		t.Fatalf("daemon --once: %v\n%s", err, stderr)
	}
	if got, want := blockStart(), future.UTC().Format("20060102T150405Z"); got != want {
		t.Errorf("block of the later interview starts %q, want %q", got, want)
	}
	put(future.Add(time.Hour))
	if stderr, err := daemonOnce(); err != nil {
		t.Fatalf("daemon --once: %v\n%s", err, stderr)
	}
	if got, want := blockStart(), future.Add(time.Hour).UTC().Format("20060102T150405Z"); got != want {
		t.Errorf("after the interview moved, its block starts %q, want %q", got, want)
	}
	req, _ = http.NewRequest(http.MethodDelete, coll+"later.ics", nil)
	req.SetBasicAuth("me", "x")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("DELETE the later interview: %v %v", resp, err)
	}
	if stderr, err := daemonOnce(); err != nil {
		t.Fatalf("daemon --once: %v\n%s", err, stderr)
	}
	if got := davObjects(t, coll); slices.Contains(got, later) {
		t.Errorf("the cancelled interview's block is still there: %v", got)
	}

	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"--config", cfg, "doctor"}, strings.NewReader(""), &out, &errOut, getenv); err != nil {
		t.Errorf("doctor: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"OK    source dav (caldav): password read from " + pw,
		`OK    calendar "dav/interviews" (blocks are written here): read 2 events`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("doctor lacks %q:\n%s", want, out.String())
		}
	}
}

// davObjects lists the object names in a collection (a Depth 1 PROPFIND).
func davObjects(t *testing.T, coll string) []string {
	t.Helper()
	req, _ := http.NewRequest("PROPFIND", coll, strings.NewReader(`<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>`))
	req.Header.Set("Depth", "1")
	req.SetBasicAuth("me", "x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var names []string
	for _, part := range strings.Split(string(b), "<href>")[1:] {
		href, _, _ := strings.Cut(part, "</href>")
		if strings.HasSuffix(href, ".ics") {
			names = append(names, href[strings.LastIndex(href, "/")+1:])
		}
	}
	slices.Sort(names)
	return names
}
