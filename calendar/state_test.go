package calendar

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/google/go-cmp/cmp"
)

// dirState maps each file of the state directory to its size and mtime.
func dirState(t testing.TB, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, stateDirName))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%v %v %d", fi.ModTime(), fi.Mode(), fi.Size())
	}
	return out
}

// TestSteadyStatePoll is figure (a): with nothing changed, a poll of two
// calendars costs exactly one request per calendar, no calendar writes and
// no disk writes, and returns each calendar's previous slice (no copy).
func TestSteadyStatePoll(t *testing.T) {
	s := mustFake(t)
	s.AddCalendar("work@example.com", "Europe/Berlin")
	loadN(t, s, "primary", 20, t0)
	loadN(t, s, "work@example.com", 30, t0)
	dir := t.TempDir()
	c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	cals := []string{"primary", "work@example.com"}
	first := map[string][]*Event{}
	for _, id := range cals {
		first[id] = mustSync(t, c, id)
	}
	files := dirState(t, dir)
	s.ResetRequests()
	for _, id := range cals {
		if evs := mustSync(t, c, id); len(evs) == 0 || &evs[0] != &first[id][0] {
			t.Errorf("steady-state Sync(%q) returned a new slice of %d events, want the previous one", id, len(evs))
		}
	}
	reqs := s.Requests()
	if len(reqs) != len(cals) {
		t.Errorf("steady-state poll of %d calendars made %d requests, want %d", len(cals), len(reqs), len(cals))
	}
	for _, r := range reqs {
		if r.Method != "GET" || r.Query.Get("syncToken") == "" {
			t.Errorf("steady-state request %s %s?%s, want only incremental GETs", r.Method, r.Path, r.Query.Encode())
		}
	}
	if diff := cmp.Diff(dirState(t, dir), files); diff != "" {
		t.Errorf("steady-state poll changed the state directory (-got +want):\n%s", diff)
	}
	checkListParams(t, s)
}

func TestFilesArePrivate(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 3, t0)
	dir := t.TempDir()
	c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	mustSync(t, c, "primary")
	s.Remove("primary", "ev00000")
	mustSync(t, c, "primary") // journal
	sd := filepath.Join(dir, stateDirName)
	fi, err := os.Stat(sd)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("mode of %s = %v, want 0700", sd, got)
	}
	ents, _ := os.ReadDir(sd)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
		fi, _ := e.Info()
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("mode of %s = %v, want 0600", e.Name(), got)
		}
	}
	base := strings.TrimSuffix(fileName("primary"), ".json")
	if diff := cmp.Diff(names, []string{base + ".journal", base + ".json"}); diff != "" {
		t.Errorf("state files (-got +want):\n%s", diff)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name, id, wantPrefix string
	}{
		{"primary", "primary", "primary-"},
		{"email", "person@example.com", "person@example.com-"},
		{"group-calendar", "c_1a2b@group.calendar.google.com", "c_1a2b@group.calendar.google.com-"},
		{"path-traversal", "../../etc/passwd", "_._.._etc_passwd-"},
		{"leading-dot", ".hidden", "_hidden-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fileName(tt.id)
			if !strings.HasPrefix(got, tt.wantPrefix) || !strings.HasSuffix(got, ".json") || strings.ContainsAny(got, "/\\") {
				t.Errorf("fileName(%q) = %q, want %q + hash + .json", tt.id, got, tt.wantPrefix)
			}
		})
	}
	if a, b := fileName("Primary"), fileName("primary"); strings.EqualFold(a, b) {
		t.Errorf("fileName of ids differing in case: %q and %q collide on a case-insensitive file system", a, b)
	}
}

func TestCorruptCache(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"garbage", "\x00\xffnot json"},
		{"truncated", `{"version":1,"calendarId":"primary","syncToken":"x","events":[{"ID":"a"`},
		{"other-version", `{"version":99,"calendarId":"primary","syncToken":"x"}`},
		{"other-calendar", `{"version":1,"calendarId":"someone-else","syncToken":"x"}`},
		{"empty", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustFake(t)
			loadN(t, s, "primary", 4, t0)
			dir := t.TempDir()
			sd := filepath.Join(dir, stateDirName)
			if err := os.MkdirAll(sd, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sd, fileName("primary")), []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
			if got, err := c.Cached("primary"); err != nil || got != nil {
				t.Errorf("Cached of a corrupt cache = %v, %v, want nil, nil", got, err)
			}
			if got := mustSync(t, c, "primary"); len(got) != 4 {
				t.Errorf("Sync after a corrupt cache: %d events, want 4", len(got))
			}
			reqs := s.Requests()
			if len(reqs) != 1 || reqs[0].Query.Get("syncToken") != "" {
				t.Errorf("requests = %+v, want one full sync", reqs)
			}
		})
	}
}

// TestTornJournal: a crash during an append leaves half a line; the next
// start keeps everything before it, fetches the rest again and writes a
// fresh snapshot instead of appending after the damage.
func TestTornJournal(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 5, t0)
	dir := t.TempDir()
	c1, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	mustSync(t, c1, "primary")
	s.Remove("primary", "ev00000")
	mustSync(t, c1, "primary")
	jp := filepath.Join(dir, stateDirName, strings.TrimSuffix(fileName("primary"), ".json")+".journal")
	f, err := os.OpenFile(jp, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":3,"syncToken":"half`)
	f.Close()

	c2, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	if got, _ := c2.Cached("primary"); len(got) != 4 {
		t.Errorf("Cached after a torn journal: %d events, want 4", len(got))
	}
	s.Remove("primary", "ev00001")
	if got := mustSync(t, c2, "primary"); len(got) != 3 {
		t.Errorf("Sync after a torn journal: %d events, want 3", len(got))
	}
	if _, err := os.Stat(jp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("journal after the repair: %v, want it folded into a new snapshot", err)
	}
	c3, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	if got, _ := c3.Cached("primary"); len(got) != 3 {
		t.Errorf("Cached after the repair: %d events, want 3", len(got))
	}
}

func TestLeftoverTempSwept(t *testing.T) {
	dir := t.TempDir()
	sd := filepath.Join(dir, stateDirName)
	os.MkdirAll(sd, 0o700)
	tmp := filepath.Join(sd, tempPrefix+"123")
	if err := os.WriteFile(tmp, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustClient(t, "http://127.0.0.1:1/calendar/v3/", nil, Config{StateDir: dir})
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temp file after New: %v, want it removed", err)
	}
}

func TestOffline(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(s *calendartest.Server)
	}{
		{"server-closed", func(s *calendartest.Server) { s.Close() }},
		{"connection-dropped", func(s *calendartest.Server) { s.Inject(calendartest.Fault{Drop: true}) }},
		{"503-everywhere", func(s *calendartest.Server) { s.Inject(calendartest.Fault{Status: 503}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustFake(t)
			loadN(t, s, "primary", 6, t0)
			c, _ := mustClient(t, s.Endpoint(), nil, Config{MaxAttempts: 2})
			want := mustSync(t, c, "primary")
			tt.breakIt(s)
			got, err := c.Sync(context.Background(), "primary", t0.Add(time.Minute))
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("Sync offline: error = %v, want ErrUnavailable", err)
			}
			if err != nil && !strings.Contains(err.Error(), `"primary"`) {
				t.Errorf("Sync offline: error %q does not name the calendar", err)
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("Sync offline returned (-got +want):\n%s", diff)
			}
		})
	}
}

func TestStateDirMadePrivate(t *testing.T) {
	dir := t.TempDir()
	sd := filepath.Join(dir, stateDirName)
	if err := os.Mkdir(sd, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sd, 0o755); err != nil { // past the umask
		t.Fatal(err)
	}
	mustClient(t, "http://127.0.0.1:1/calendar/v3/", nil, Config{StateDir: dir})
	fi, err := os.Stat(sd)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("mode of %s after New = %v, want 0700", sd, got)
	}
}

// TestCompaction: once the journal outgrows half the snapshot (plus
// compactAfter) the next change rewrites the snapshot and drops the journal;
// events that ended before the lookback window are pruned then.
func TestCompaction(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 6, t0)
	dir := t.TempDir()
	c, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir, Lookback: 24 * time.Hour})
	mustSync(t, c, "primary")
	s.Remove("primary", "ev00005")
	mustSync(t, c, "primary")
	cc, err := c.load("primary")
	if err != nil {
		t.Fatal(err)
	}
	jp := cc.journalPath()
	if _, err := os.Stat(jp); err != nil {
		t.Fatalf("journal after a change: %v", err)
	}
	cc.journalBytes = cc.snapBytes/2 + compactAfter + 1 // as if many polls had passed

	s.Remove("primary", "ev00004")
	later := t0.Add(24*time.Hour + 90*time.Minute) // ev00000 (t0..t0+1h) ended before later - 24h
	got, err := c.Sync(context.Background(), "primary", later)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ids(got), []string{"ev00001", "ev00002", "ev00003"}); diff != "" {
		t.Errorf("events after compaction (-got +want):\n%s", diff)
	}
	if _, err := os.Stat(jp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("journal after compaction: %v, want it removed", err)
	}
	c2, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	if cached, _ := c2.Cached("primary"); cmp.Diff(ids(cached), ids(got)) != "" {
		t.Errorf("Cached from the new snapshot = %v, want %v", ids(cached), ids(got))
	}
}

// TestConcurrentUse runs syncs of two calendars, Cached and writes at once;
// the race detector checks the locking.
func TestConcurrentUse(t *testing.T) {
	s := mustFake(t)
	s.AddCalendar("work", "UTC")
	loadN(t, s, "primary", 50, t0)
	loadN(t, s, "work", 50, t0)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 4 {
		for _, id := range []string{"primary", "work"} {
			wg.Go(func() {
				if _, err := c.Sync(context.Background(), id, t0); err != nil {
					errs <- err
				}
				if _, err := c.Cached(id); err != nil {
					errs <- err
				}
			})
		}
		wg.Go(func() {
			b := testBlock(t, "UTC")
			b.InterviewEventID = fmt.Sprintf("ev%05d", i)
			b.ID = BlockID(b.InterviewCalendarID, b.InterviewEventID)
			if _, err := c.InsertBlock(context.Background(), b); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := mustSync(t, c, "primary"); len(got) != 54 {
		t.Errorf("primary after the concurrent use: %d events, want 50 and 4 blocks", len(got))
	}
}
