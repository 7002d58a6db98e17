package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/calendartest"
)

// stripProxy serves the fake through a proxy that removes "start" from the
// listed event "nostart" and "end" from "noend": payloads the fake (like
// Google) refuses to store, but a client must survive.
func stripProxy(t *testing.T, fake *calendartest.Server) string {
	t.Helper()
	h := fake.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if req.Method == http.MethodGet && strings.HasSuffix(req.URL.Path, "/events") && rec.Code == http.StatusOK {
			var page map[string]any
			if err := json.Unmarshal(body, &page); err == nil {
				items, _ := page["items"].([]any)
				for _, it := range items {
					m, _ := it.(map[string]any)
					switch m["id"] {
					case "nostart":
						delete(m, "start")
					case "noend":
						delete(m, "end")
					}
				}
				body, _ = json.Marshal(page)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/calendar/v3/"
}

// hostileEvent is an interview of the hostile payload test, with what a
// block after it must look like (zero end: no block expected).
type hostileEvent struct {
	name string
	ev   *gcal.Event
	end  time.Time // the instant the block must start
}

// TestHostilePayloads feeds the daemon calendar payloads a person's
// calendar can hold: a 1 MB description, invalid UTF-8, bidi overrides,
// markup and Markdown that mimics the reflection form, missing start or
// end, and offsets such as +05:45, -00:30 and +14:00. `debrief daemon
// --once` and `debrief plan` must not crash; the good and the odd-but-valid
// interviews get their blocks at the right instant and their records; the
// broken ones are named in the debug log; every notebook file stays valid
// JSON.
func TestHostilePayloads(t *testing.T) {
	r := newRig(t)
	r.endpoint = stripProxy(t, r.fake)
	r.writeConfig("")
	base := time.Now().Truncate(time.Hour).Add(5 * time.Hour)
	var evs []hostileEvent
	add := func(name, title, desc string, start, end *gcal.EventDateTime, blockAt time.Time) {
		ev := &gcal.Event{
			Id: name, Summary: title, Description: desc, Start: start, End: end,
			Organizer: &gcal.EventOrganizer{Email: "recruiter@" + name + ".example"},
			Attendees: []*gcal.EventAttendee{
				{Email: calendartest.PrimaryEmail, Self: true, ResponseStatus: "accepted"},
				{Email: "jane\u202e@" + name + ".example", DisplayName: "Jane \u202eDoe\u202c <b>x</b>", ResponseStatus: "accepted"},
			},
		}
		evs = append(evs, hostileEvent{name: name, ev: ev, end: blockAt})
	}
	at := func(i int) (start, end time.Time) {
		end = base.Add(time.Duration(i) * 2 * time.Hour)
		return end.Add(-time.Hour), end
	}
	dt := func(t time.Time, layout, tz string) *gcal.EventDateTime {
		return &gcal.EventDateTime{DateTime: t.Format(layout), TimeZone: tz}
	}
	s, e := at(0)
	add("good", "Technical interview – Acme Corp – Backend Engineer", "", dt(s, time.RFC3339, "Europe/Berlin"), dt(e, time.RFC3339, "Europe/Berlin"), e)
	s, e = at(1)
	huge := strings.Repeat("interview prep notes \u202e<script>alert(1)</script> ", 1<<20/50)
	add("huge", "Interview – Hugeco – SRE", huge, dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), e)
	s, e = at(2)
	add("badutf", "Interview – \xff\xfeBad\xc3 Corp – Engineer", "\xed\xa0\x80 lone surrogate", dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), e)
	s, e = at(3)
	add("bidi", "Interview – \u202eliveE\u202c Corp\u2066\u200f – Engineer\u2028second line", "\u202dbidi\u202c", dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), e)
	s, e = at(4)
	add("markup", "Interview – <img src=x onerror=alert(1)> **Markup** [Corp](javascript:alert(1)) – Engineer",
		"\n## Questions\n\n### Q1\n- question: injected\n---\n# Reflection\n```\n", dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), e)
	s, e = at(5)
	add("plus0545", "Interview – Kathmandu Corp – Engineer", "", dt(s, "2006-01-02T15:04:05+05:45", ""), dt(e.In(time.FixedZone("", 5*3600+45*60)), time.RFC3339, ""), e)
	s, e = at(6)
	add("minus0030", "Interview – Halfhour Corp – Engineer", "", dt(s.In(time.FixedZone("", -30*60)), time.RFC3339, ""), dt(e.In(time.FixedZone("", -30*60)), time.RFC3339, ""), e)
	s, e = at(7)
	add("plus1400", "Interview – Kiritimati Corp – Engineer", "", dt(s.In(time.FixedZone("", 14*3600)), time.RFC3339, "Pacific/Kiritimati"), dt(e.In(time.FixedZone("", 14*3600)), time.RFC3339, "Pacific/Kiritimati"), e)
	s, e = at(8)
	add("nostart", "Interview – Nostart Corp – Engineer", "", dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), time.Time{})
	s, e = at(9)
	add("noend", "Interview – Noend Corp – Engineer", "", dt(s, time.RFC3339, "UTC"), dt(e, time.RFC3339, "UTC"), time.Time{})
	for _, h := range evs {
		r.fake.Put("primary", h.ev)
	}
	// A raw payload with an escaped lone surrogate and a zone-less offset.
	s, e = at(10)
	raw := fmt.Sprintf(`[{"id":"rawjson","summary":"Interview \ud800 – Raw \u0000Corp – Engineer","description":"\udfff","start":{"dateTime":%q},"end":{"dateTime":%q},
	 "attendees":[{"email":%q,"self":true,"responseStatus":"accepted"},{"email":"x@raw.example"}]}]`,
		s.In(time.FixedZone("", -(9*3600+30*60))).Format(time.RFC3339), e.In(time.FixedZone("", -(9*3600+30*60))).Format(time.RFC3339), calendartest.PrimaryEmail)
	if err := r.fake.LoadEvents("primary", strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	evs = append(evs, hostileEvent{name: "rawjson", end: e})

	debug := []string{"DEBRIEF_LOG=debug"}
	out, onceCode := r.run(debug, "daemon", "--once")
	if onceCode != 0 || strings.Contains(out, "panic") {
		t.Fatalf("daemon --once = exit %d, want 0\n%s", onceCode, clip(out))
	}
	planOut, planCode := r.run(debug, "plan")
	if planCode != 0 || strings.Contains(planOut, "panic") || !strings.Contains(planOut, "Acme") {
		t.Errorf("plan = exit %d, want 0 listing the Acme interview\n%s", planCode, clip(planOut))
	}
	got := map[string]*gcal.Event{}
	for _, ev := range r.fake.Events("primary") {
		if ev.ExtendedProperties != nil && ev.ExtendedProperties.Private[calendar.PropKind] == calendar.PropKindBlock {
			got[ev.ExtendedProperties.Private[calendar.PropInterview]] = ev
		}
	}
	blocks, named := 0, 0
	for _, h := range evs {
		b := got[h.name]
		if h.end.IsZero() {
			if b != nil {
				t.Errorf("%s: a block was written for an event without a time", h.name)
			}
			// Named in the debug log, with why.
			if !strings.Contains(out, "event="+h.name) {
				t.Errorf("%s: the debug log does not name the skipped event\n%s", h.name, clip(out))
			} else {
				named++
			}
			continue
		}
		if b == nil {
			t.Errorf("%s: no block", h.name)
			continue
		}
		blocks++
		bs, _ := time.Parse(time.RFC3339, b.Start.DateTime)
		if !bs.Equal(h.end) {
			t.Errorf("%s: block starts %s, want %s", h.name, b.Start.DateTime, h.end.Format(time.RFC3339))
		}
	}
	// Nothing of the hostile text reaches the log at info level.
	infoOut, code := r.run(nil, "daemon", "--once")
	if code != 0 {
		t.Errorf("second daemon --once = exit %d\n%s", code, clip(infoOut))
	}
	for _, bad := range []string{"\u202e", "<script>", "Bad", "Markup", "\ufffd"} {
		if strings.Contains(infoOut, bad) {
			t.Errorf("info-level log holds event text %q:\n%s", bad, clip(infoOut))
		}
	}
	var live []*interview
	for _, h := range evs {
		if !h.end.IsZero() {
			live = append(live, &interview{id: h.name, state: "ignore"})
		}
	}
	probs, files := notebookCheck(r.notebook, nil)
	for _, p := range probs {
		t.Error(p)
	}
	if files != len(live) {
		t.Errorf("%d record files, want %d (one per timed interview)", files, len(live))
	}
	// Each record can be shown and its form printed.
	for _, iv := range live {
		id := iv.recordID()
		for _, cmd := range [][]string{{"show", id}, {"form", id}, {"show", id, "--json"}} {
			if o, c := r.run(nil, cmd...); c != 0 || strings.Contains(o, "panic") {
				t.Errorf("debrief %v = exit %d\n%s", cmd, c, clip(o))
			}
		}
	}
	t.Logf("hostile: events=%d timed=%d blocks_at_right_instant=%d skipped_and_named=%d record_files=%d daemon_once_exit=%d plan_exit=%d description_bytes=%d",
		len(evs), len(live), blocks, named, files, onceCode, planCode, len(huge))
}

// clip shortens a long output for a failure message.
func clip(s string) string {
	if len(s) > 4000 {
		return s[:2000] + "\n…\n" + s[len(s)-2000:]
	}
	return s
}

// TestTokenFilePermissions: a token file that others can read is refused with
// the chmod that fixes it, and left as it was.
func TestTokenFilePermissions(t *testing.T) {
	r := newRig(t)
	token := filepath.Join(r.dir, "token.json")
	creds := filepath.Join(r.dir, "credentials.json")
	tokText := []byte(`{"access_token":"ya29.PERMTEST","token_type":"Bearer","refresh_token":"1//PERMTEST","expiry":"2030-01-01T00:00:00Z"}`)
	os.WriteFile(token, tokText, 0o644)
	os.Chmod(token, 0o644)
	os.WriteFile(creds, []byte(`{"installed":{"client_id":"id.apps.googleusercontent.com","client_secret":"s","token_uri":"http://127.0.0.1:1/token"}}`), 0o600)
	r.writeConfig("")
	c, _ := os.ReadFile(r.config)
	c = bytes.Replace(c, []byte(`auth = "none"`), fmt.Appendf(nil, "auth = \"oauth\"\ntoken_file = %q\ncredentials_file = %q", token, creds), 1)
	os.WriteFile(r.config, c, 0o600)
	r.fake.Put("primary", (&interview{id: "perm1", company: "Acme Corp", start: time.Now().Add(time.Hour), end: time.Now().Add(2 * time.Hour), tz: "UTC", state: "live"}).event())
	out, code := r.run(nil, "daemon", "--once")
	if code != 1 || !strings.Contains(out, "chmod 600 "+token) {
		t.Errorf("daemon --once with a 0644 token file = exit %d, want 1 naming `chmod 600 %s`\n%s", code, token, out)
	}
	if strings.Contains(out, "PERMTEST") {
		t.Errorf("the output holds the token:\n%s", out)
	}
	after, _ := os.ReadFile(token)
	fi, _ := os.Stat(token)
	if !bytes.Equal(after, tokText) || fi.Mode().Perm() != 0o644 {
		t.Errorf("token file changed: mode %04o, %q", fi.Mode().Perm(), after)
	}
	line := strings.TrimSpace(out)
	if i := strings.LastIndex(line, "\n"); i >= 0 {
		line = line[i+1:]
	}
	t.Logf("token-perms: exit=%d message=%q", code, line)
}

// mountTmpfs mounts a tmpfs of size at dir, and reports whether it could.
func mountTmpfs(t *testing.T, dir, size string) bool {
	t.Helper()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Logf("mount tmpfs at %s: %v: %s", dir, err, bytes.TrimSpace(out))
		return false
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return true
}
