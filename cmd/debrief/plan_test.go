package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/radicaletest"
	"github.com/debrief-dev/debrief/internal/treestate"
)

func TestPlanWritesNothing(t *testing.T) {
	s := newE2E(t)
	getenv := func(k string) string {
		switch k {
		case "HOME":
			return s.home
		case "TMPDIR":
			return s.dir
		}
		return ""
	}
	s.writeConfig(t, "")
	first := e2eInterview(s.fake, time.Now().Add(24*time.Hour).Truncate(time.Minute))
	var out, errOut bytes.Buffer
	cmd := func(args ...string) error {
		out.Reset()
		errOut.Reset()
		return run(t.Context(), append([]string{"--config", s.config}, args...), strings.NewReader(""), &out, &errOut, getenv)
	}
	// A daemon pass first, so the state, the cache and the notebook hold
	// something that a careless dry run could change.
	if err := cmd("daemon", "--once"); err != nil {
		t.Fatalf("daemon --once: %v\n%s", err, &errOut)
	}
	end := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	s.fake.Put("primary", &gcal.Event{
		Summary:   "Phone screen with Globex",
		Start:     &gcal.EventDateTime{DateTime: end.Add(-30 * time.Minute).Format(time.RFC3339), TimeZone: "America/New_York"},
		End:       &gcal.EventDateTime{DateTime: end.Format(time.RFC3339), TimeZone: "America/New_York"},
		Attendees: []*gcal.EventAttendee{{Email: "hr@globex.example", DisplayName: "Hank"}},
	})
	dentist := s.fake.Put("primary", &gcal.Event{
		Summary: "Dentist",
		Start:   &gcal.EventDateTime{DateTime: end.Format(time.RFC3339)},
		End:     &gcal.EventDateTime{DateTime: end.Add(time.Hour).Format(time.RFC3339)},
	})
	s.fake.Remove("primary", first.Id)
	before := map[string]string{}
	for _, d := range []string{s.state, s.notebook} {
		for k, v := range treestate.Of(t, d) {
			before[k] = v
		}
	}
	s.fake.ResetRequests()

	if err := cmd("plan", "--all"); err != nil {
		t.Fatalf("plan: %v\n%s", err, &errOut)
	}
	got := out.String()
	ny, _ := time.LoadLocation("America/New_York")
	// The dentist right after the interview pushes the block after it.
	shifted := end.Add(time.Hour)
	blockSpan := shifted.In(ny).Format("Mon 2 Jan 15:04") + "–" + shifted.Add(30*time.Minute).In(ny).Format("15:04 MST")
	for _, want := range []string{
		"a dry run: nothing was written",
		"Interviews found: 1",
		"Globex", "(interview: keyword \"phone screen\" in title)",
		"company from the title, position not found",
		"wrong company? debrief set ",
		`"Phone screen with Globex" on primary, record `,
		`not an interview: `, `"Dentist"`,
		"it is one? debrief mark " + dentist.Id + " interview",
		"(not one? debrief mark ",
		"Blocks to insert: 1\n  " + blockSpan + `  "Debrief: Globex" on primary`,
		"Blocks to delete: 1\n  block ",
		"Conflicts and notes: 1\n  The reflection block after your interview with Globex",
		"Alerts due now: 0",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan output lacks %q:\n%s", want, got)
		}
	}
	if err := cmd("plan"); err != nil {
		t.Fatalf("plan: %v\n%s", err, &errOut)
	}
	// The dentist and the block of the removed interview.
	if want := "(2 other events are not interviews: debrief plan --all lists them with the reason)"; !strings.Contains(out.String(), want) {
		t.Errorf("plan output lacks %q:\n%s", want, &out)
	}
	for _, r := range s.fake.Requests() {
		if r.Method != http.MethodGet && !(r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/freeBusy")) {
			t.Errorf("plan sent %s %s: a dry run only reads", r.Method, r.Path)
		}
	}
	after := map[string]string{}
	for _, d := range []string{s.state, s.notebook} {
		for k, v := range treestate.Of(t, d) {
			after[k] = v
		}
	}
	for k, v := range after {
		if before[k] != v {
			t.Errorf("plan wrote %s", k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			t.Errorf("plan removed %s", k)
		}
	}

	// An unreachable calendar: the plan still prints from the cache and
	// says so, and exits 1.
	s.fake.Inject(calendartest.Fault{Status: 503})
	err := cmd("plan")
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "last known events") {
		t.Errorf("plan with the calendar down = %v, want exit 1 about the last known events", err)
	}
	if !strings.Contains(out.String(), "Sync failed, using the last known events") {
		t.Errorf("plan output with the calendar down lacks the warning:\n%s", &out)
	}
	if err != nil && !strings.Contains(err.Error(), "of 1 calendar that could not be synced") {
		t.Errorf("plan error %q; want it to count 1 calendar", err)
	}

	// A calendar that refuses connections: the reason is printed once,
	// without the request's URL.
	s.fake.ClearFaults()
	s.writeConfig(t, "")
	cfg, rerr := os.ReadFile(s.config)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if err := os.WriteFile(s.config, []byte(strings.Replace(string(cfg), s.fake.Endpoint(), "http://127.0.0.1:1/calendar/v3/", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	err = cmd("plan")
	all := out.String() + errOut.String()
	if err != nil {
		all += err.Error()
	}
	if n := strings.Count(all, "connection refused"); err == nil || n != 1 || strings.Contains(all, "http://") {
		t.Errorf("plan with the connection refused: err %v, %d mentions of it; want exactly one and no URL:\n%s", err, n, all)
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 other events"}, {1, "1 other event"}, {2, "2 other events"}} {
		if got := plural(tc.n, "other event", "other events"); got != tc.want {
			t.Errorf("plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestPlanWithEverySourceWritesNothing: a Google calendar, an ICS address
// and a CalDAV calendar (a real Radicale, which takes the blocks): plan
// leaves the whole directory byte-identical, state and notebook included,
// and creates nothing, both on a first run with no state at all and after
// a daemon pass, with new interviews waiting on every source. It writes
// nothing to any calendar either.
func TestPlanWithEverySourceWritesNothing(t *testing.T) {
	srv := radicaletest.Start(t)
	coll := srv.MkCalendar(t, "me", "interviews")
	putDAV := func(name, uid string, end time.Time) {
		t.Helper()
		body := strings.ReplaceAll(icsInterview(end), "ics-interview-1@google.com", uid)
		req, _ := http.NewRequest(http.MethodPut, coll+name, strings.NewReader(body))
		req.SetBasicAuth("me", "x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("PUT %s: %s", name, resp.Status)
		}
	}
	s := newE2E(t)
	pw := filepath.Join(s.dir, "dav.pass")
	icsFile := filepath.Join(s.dir, "personal.ics")
	end := time.Now().Add(24 * time.Hour).Truncate(time.Minute)
	for p, b := range map[string]string{pw: "x\n", icsFile: icsInterview(end)} {
		if err := os.WriteFile(p, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.writeConfig(t, fmt.Sprintf(`
[block]
calendar = "dav/interviews"

[[sources]]
name = "personal"
kind = "ics"
url = %q

[[sources]]
name = "dav"
kind = "caldav"
url = %q
username = "me"
password_file = %q
`, icsFile, coll, pw))
	e2eInterview(s.fake, end.Add(2*time.Hour))
	putDAV("first.ics", "dav-interview-1", end.Add(4*time.Hour))
	getenv := func(k string) string {
		if k == "HOME" || k == "TMPDIR" {
			return s.home
		}
		return ""
	}
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(t.Context(), append([]string{"--config", s.config}, args...), strings.NewReader(""), &out, &errOut, getenv)
		if err != nil {
			return out.String(), fmt.Errorf("%w\n%s", err, &errOut)
		}
		return out.String(), nil
	}
	plan := func(t *testing.T, wantInterviews int) {
		t.Helper()
		before, objects := treestate.Of(t, s.dir), davObjects(t, coll)
		s.fake.ResetRequests()
		out, err := cmd("plan")
		if err != nil {
			t.Fatalf("plan: %v", err)
		}
		for _, want := range []string{fmt.Sprintf("Interviews found: %d", wantInterviews), `"Debrief: Acme Corp" on dav/interviews`} {
			if !strings.Contains(out, want) {
				t.Errorf("plan output lacks %q:\n%s", want, out)
			}
		}
		if diff := cmp.Diff(treestate.Of(t, s.dir), before); diff != "" {
			t.Errorf("plan changed files (-got +want):\n%s", diff)
		}
		if got := davObjects(t, coll); !slices.Equal(got, objects) {
			t.Errorf("CalDAV objects after plan = %v, want %v", got, objects)
		}
		for _, r := range s.fake.Requests() {
			if r.Method != http.MethodGet && !(r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/freeBusy")) {
				t.Errorf("plan sent %s %s: a dry run only reads", r.Method, r.Path)
			}
		}
	}

	t.Run("first-run", func(t *testing.T) {
		for _, d := range []string{s.state, s.notebook} {
			if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("%s exists before the first run: %v", d, err)
			}
		}
		plan(t, 3)
	})
	t.Run("after-a-daemon-pass", func(t *testing.T) {
		if _, err := cmd("daemon", "--once"); err != nil {
			t.Fatalf("daemon --once: %v", err)
		}
		e2eInterview(s.fake, end.Add(6*time.Hour))
		putDAV("second.ics", "dav-interview-2", end.Add(8*time.Hour))
		plan(t, 5)
	})
}
