package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// The golden files of the notebook commands are rewritten with -update;
// the flag is shared with other tests of this package that define it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func nbUpdateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// nbSetup is a notebook of four interviews in a temp dir and the config
// that names it:
//   - the fully filled Acme record of notebook/testdata/full.json
//     (2026-03-13, everything done),
//   - Globex, 2025-06-02 in Berlin, nothing done: all overdue,
//   - Hooli, 2099-01-05 in New York: all upcoming,
//   - Initech, made by hand, dated 2025-01-10, no times, reflected.
//
// Dates are far from today so the states do not depend on the clock.
type nbSetup struct {
	home        string
	dir, config string
	book        *notebook.Book
	acme        string // ids
	globex      string
	hooli       string
	initech     string
}

func newNBSetup(t *testing.T) *nbSetup {
	t.Helper()
	tmp := t.TempDir()
	s := &nbSetup{home: tmp, dir: filepath.Join(tmp, "notebook"), config: filepath.Join(tmp, "config.toml")}
	cfg := fmt.Sprintf("[notebook]\ndir = %q\n\n[followup]\nthank_you_within = \"24h\"\nreply_after_days = 5\nfollow_up_days = 1\n", s.dir)
	if err := os.WriteFile(s.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := notebook.Open(slog.New(slog.DiscardHandler), s.dir)
	if err != nil {
		t.Fatal(err)
	}
	s.book = b

	data, err := os.ReadFile("../../notebook/testdata/full.json")
	if err != nil {
		t.Fatal(err)
	}
	acme := new(notebook.Record)
	if err := json.Unmarshal(data, acme); err != nil {
		t.Fatal(err)
	}
	s.acme = acme.ID

	event := func(cal, ev, title, zone, start string, hours int) *notebook.Record {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		st, err := time.ParseInLocation("2006-01-02 15:04", start, loc)
		if err != nil {
			t.Fatal(err)
		}
		return &notebook.Record{
			ID: notebook.RecordID(cal, ev),
			Source: &notebook.Source{
				CalendarID: cal, EventID: ev, Title: title,
				Start: st, End: st.Add(time.Duration(hours) * time.Hour), TimeZone: zone,
			},
			Interview: notebook.Details{Date: notebook.DateOf(st)},
		}
	}
	globex := event("primary", "g1", "Globex onsite", "Europe/Berlin", "2025-06-02 10:00", 3)
	globex.Interview.Company, globex.Interview.Position, globex.Interview.Round = "Globex", "Platform Engineer", "onsite"
	globex.Interview.Interviewers = []notebook.Person{{Name: "Hank Scorpio", Email: "hank@globex.example"}, {Name: "Frank Grimes"}}
	globex.Interview.Format = notebook.FormatInPerson
	s.globex = globex.ID

	hooli := event("primary", "h1", "Hooli phone screen", "America/New_York", "2099-01-05 09:00", 1)
	hooli.Interview.Company, hooli.Interview.Position = "Hooli", "SRE"
	hooli.Interview.Format = notebook.FormatPhone
	s.hooli = hooli.ID

	initech := &notebook.Record{
		ID:        "abc1230000",
		Interview: notebook.Details{Company: "Initech", Position: "TPS Analyst", Date: mustNBDate(t, "2025-01-10")},
		Overall:   notebook.Overall{WentWell: "Rapport with Bill."},
		Takeaways: notebook.Takeaways{Questions: []notebook.Question{
			{Question: "Why do you want to leave?", Answer: "Growth, said \"honestly\", then a comma, here.", Difficult: true, HowToImprove: "=Prepare, don't improvise"},
		}},
	}
	s.initech = initech.ID

	for _, r := range []*notebook.Record{acme, globex, hooli, initech} {
		if err := b.Create(r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func mustNBDate(t *testing.T, s string) notebook.Date {
	t.Helper()
	d, err := notebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// run runs debrief with the setup's config; it returns stdout, stderr
// and the exit code main would use.
func (s *nbSetup) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"--config", s.config}, args...)
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string {
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

// nbGolden compares got with testdata/name, or rewrites it with -update.
// Ids in the output are replaced by names, so golden files do not depend
// on the ids.
func nbGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if nbUpdateGolden() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(got, string(want)); diff != "" {
		t.Errorf("output differs from %s (-got +want; go test -update rewrites it):\n%s", path, diff)
	}
}

func TestNotebookCommandsUsage(t *testing.T) {
	s := newNBSetup(t)
	for _, tc := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"list", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"list", "extra"}, "list takes no arguments"},
		{[]string{"list", "--since", "2025-13-01"}, `"2025-13-01" is not a date: the month is 1 to 12`},
		{[]string{"list", "--since", "2025-1-01"}, `"2025-1-01" is not a date in the form YYYY-MM-DD`},
		{[]string{"show"}, "show needs a record id: run debrief list for the ids"},
		{[]string{"show", "a", "b"}, "too many arguments"},
		{[]string{"done"}, "done needs a record id: run debrief list for the ids"},
		{[]string{"done", s.acme}, "done needs what is done: thank-you or follow-up"},
		{[]string{"outcome", s.acme}, "outcome needs a status: one of next-round, offer, rejected, withdrawn, no-response"},
		{[]string{"done", s.acme, "lunch"}, `"lunch" is not something to mark done: use thank-you or follow-up`},
		{[]string{"done", s.acme, "thank-you", "--on", "yesterday"}, `invalid value "yesterday" for flag -on`},
		{[]string{"outcome", s.acme, "hired"}, `"hired" is not a status: use one of next-round, offer, rejected, withdrawn, no-response`},
		{[]string{"export", "--format", "xml"}, `unknown format "xml": use md, json or csv`},
		{[]string{"export", "--questions"}, "--questions goes with --format csv"},
		{[]string{"thank-you"}, "thank-you needs a record id"},
		{[]string{"followups", "--all=maybe"}, "invalid boolean value"},
		{[]string{"done", s.acme, "thank-you", "--on", "2026-02-30"}, `2026-02-30 does not exist: February 2026 has 28 days`},
		{[]string{"outcome", s.acme, "offer", "--on", "2025-04-31"}, `2025-04-31 does not exist: April 2025 has 30 days`},
		{[]string{"list", "--since", "2024-00-10"}, `"2024-00-10" is not a date: the month is 1 to 12`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, code := s.run(t, tc.args...)
			if code != 2 || strings.Count(stderr, tc.want) != 1 {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q once", code, stderr, tc.want)
			}
			if strings.Contains(tc.want, "flag") && !strings.HasPrefix(stderr, "usage: debrief "+tc.args[0]) {
				t.Errorf("stderr:\n%s\nwant it to start with the usage of %s", stderr, tc.args[0])
			}
		})
	}
	for _, args := range [][]string{{"show", "zzzz"}, {"done", "zzzz", "thank-you"}, {"outcome", "zzzz", "offer"}, {"thank-you", "zzzz"}} {
		_, stderr, code := s.run(t, args...)
		if code != 1 || !strings.Contains(stderr, `no record matches "zzzz": run debrief list`) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 saying to run debrief list", args, code, stderr)
		}
	}
	for _, h := range []string{"-h", "--help", "-help"} {
		stdout, stderr, code := s.run(t, "list", h)
		if code != 0 || !strings.HasPrefix(stdout, "usage: debrief list") || !strings.Contains(stdout, "-pending") || stderr != "" {
			t.Errorf("list %s: exit %d, stdout %q, stderr %q; want exit 0 and the usage with its flags on stdout", h, code, stdout, stderr)
		}
	}
}

func TestListCommand(t *testing.T) {
	s := newNBSetup(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"list.txt", []string{"list"}},
		{"list-company.txt", []string{"list", "--company", "GLOB"}},
		{"list-since.txt", []string{"list", "--since", "2025-06-01"}},
		{"list-pending.txt", []string{"list", "--pending"}},
		{"list-none.txt", []string{"list", "--company", "nobody"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			stdout, stderr, code := s.run(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			nbGolden(t, tc.golden, stdout)
		})
	}
}

// TestListJSON: list --json and show --json print the records exactly as
// stored.
func TestListJSON(t *testing.T) {
	s := newNBSetup(t)
	stdout, stderr, code := s.run(t, "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(s.dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stored[f[len(f)-len("0123456789.json"):len(f)-len(".json")]] = nbCompact(t, data)
	}
	if len(got) != len(stored) {
		t.Fatalf("list --json printed %d records, the notebook holds %d", len(got), len(stored))
	}
	for _, raw := range got {
		var r struct{ ID string }
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		if nbCompact(t, raw) != stored[r.ID] {
			t.Errorf("list --json record %s differs from its file:\n%s\n%s", r.ID, nbCompact(t, raw), stored[r.ID])
		}
	}
	stdout, _, code = s.run(t, "show", s.globex[:5], "--json")
	if code != 0 || nbCompact(t, []byte(stdout)) != stored[s.globex] {
		t.Errorf("show --json = exit %d\n%s\nwant the stored record\n%s", code, stdout, stored[s.globex])
	}
	stdout, _, _ = s.run(t, "list", "--json", "--company", "nobody")
	if strings.TrimSpace(stdout) != "[]" {
		t.Errorf("list --json with no match = %q, want []", stdout)
	}
}

func nbCompact(t *testing.T, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestListReportsCorruptFile(t *testing.T) {
	s := newNBSetup(t)
	bad := filepath.Join(s.dir, "2025-02-02-broken-bbbbbbbbbb.json")
	if err := os.WriteFile(bad, []byte("{\"schema\": 1,\n\"id\": "), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := s.run(t, "list")
	if code != 1 || !strings.Contains(stderr, bad+":2:") || strings.Count(stdout, "\n") != 5 {
		t.Errorf("list with a corrupt file: exit %d\nstdout:\n%s\nstderr:\n%s\nwant the 4 good records, exit 1 and the bad file named", code, stdout, stderr)
	}
	if data, _ := os.ReadFile(bad); string(data) != "{\"schema\": 1,\n\"id\": " {
		t.Errorf("corrupt file changed to %q", data)
	}
}

func TestShowCommand(t *testing.T) {
	s := newNBSetup(t)
	for name, id := range map[string]string{"show-full.md": s.acme, "show-fresh.md": s.globex[:6], "show-manual.md": s.initech} {
		stdout, stderr, code := s.run(t, "show", id)
		if code != 0 {
			t.Fatalf("show %s: exit %d: %s", id, code, stderr)
		}
		nbGolden(t, name, stdout)
	}
}

// A right-to-left override in a calendar title (stored by an older version,
// or written by hand) does not reach the terminal: `debrief show` and
// `debrief list` print the title without it.
func TestShowDropsBidiOverride(t *testing.T) {
	s := newNBSetup(t)
	if _, err := s.book.Update(s.hooli, func(r *notebook.Record) error {
		r.Source.Title = "Hooli \u202Eweivretni\u202C screen"
		r.Interview.Company = "Hoo\u2066li\x1b[2J"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"show", s.hooli}, {"list"}} {
		stdout, stderr, code := s.run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if strings.ContainsAny(stdout, "\u202E\u202C\u2066\x1b") {
			t.Errorf("%v printed a bidi or control character:\n%q", args, stdout)
		}
		if args[0] == "show" && !strings.Contains(stdout, "Hooli weivretni screen") {
			t.Errorf("show lost the title:\n%s", stdout)
		}
	}
}

func TestFollowupsCommand(t *testing.T) {
	s := newNBSetup(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"followups.txt", []string{"followups"}},
		{"followups-all.txt", []string{"followups", "--all"}},
	} {
		stdout, stderr, code := s.run(t, tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		nbGolden(t, tc.golden, stdout)
	}
	// Settling everything empties the list.
	for _, args := range [][]string{
		{"done", s.globex, "thank-you", "--on", "2025-06-02"},
		{"outcome", s.globex, "rejected"},
		{"done", s.initech, "thank-you"},
		{"outcome", s.initech, "no-response", "--on", "2025-03-01"},
	} {
		if _, stderr, code := s.run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	stdout, _, _ := s.run(t, "followups")
	if want := "Nothing is due. 3 upcoming: debrief followups --all lists them.\n"; stdout != want {
		t.Errorf("followups after settling = %q, want %q", stdout, want)
	}
}

func TestDoneAndOutcome(t *testing.T) {
	s := newNBSetup(t)
	before := notebook.DateOf(time.Now())
	stdout, stderr, code := s.run(t, "done", s.globex[:5], "thank-you")
	after := notebook.DateOf(time.Now())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := s.book.Get(s.globex)
	if err != nil {
		t.Fatal(err)
	}
	if d := r.FollowUp.ThankYouSent; d == nil || (*d != before && *d != after) {
		t.Errorf("done thank-you set thank_you_sent = %v, want today (%s)", d, before)
	}
	if !strings.Contains(stdout, "Thank-you note sent on ") || !strings.Contains(stdout, "Globex — Platform Engineer, 2025-06-02") {
		t.Errorf("done printed %q", stdout)
	}
	for _, tc := range []struct {
		args  []string
		check func(r *notebook.Record) string
	}{
		{[]string{"done", "--on", "2025-06-12", s.globex, "follow-up"}, func(r *notebook.Record) string { return r.FollowUp.FollowUpDone.String() }},
		{[]string{"outcome", s.globex, "offer", "--on", "2025-06-20"}, func(r *notebook.Record) string {
			return r.FollowUp.Outcome + " " + r.FollowUp.OutcomeOn.String()
		}},
	} {
		if _, stderr, code := s.run(t, tc.args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		r, err := s.book.Get(s.globex)
		if err != nil {
			t.Fatal(err)
		}
		got := tc.check(r)
		want := map[string]string{"done": "2025-06-12", "outcome": "offer 2025-06-20"}[tc.args[0]]
		if got != want {
			t.Errorf("%v stored %q, want %q", tc.args, got, want)
		}
	}
}

func TestExportCommand(t *testing.T) {
	s := newNBSetup(t)
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"export.md", []string{"export"}},
		{"export.csv", []string{"export", "--format", "csv"}},
		{"export-questions.csv", []string{"export", "--format=csv", "--questions"}},
		{"export-since.csv", []string{"export", "--format", "csv", "--since", "2026-01-01", "--company", "o"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			stdout, stderr, code := s.run(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			nbGolden(t, tc.golden, stdout)
		})
	}
	list, _, _ := s.run(t, "list", "--json")
	export, _, _ := s.run(t, "export", "--format", "json")
	if list != export {
		t.Errorf("export --format json differs from list --json:\n%s\n%s", export, list)
	}
	out := filepath.Join(t.TempDir(), "notebook.md")
	md, _, _ := s.run(t, "export")
	if _, stderr, code := s.run(t, "export", "--out", out); code != 0 {
		t.Fatalf("export --out: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != md {
		t.Errorf("export --out wrote other text than export to stdout")
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export --out file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

func TestThankYouCommand(t *testing.T) {
	s := newNBSetup(t)
	for name, id := range map[string]string{"thank-you-full.txt": s.acme, "thank-you-fresh.txt": s.globex, "thank-you-manual.txt": s.initech} {
		stdout, stderr, code := s.run(t, "thank-you", id)
		if code != 0 {
			t.Fatalf("thank-you %s: exit %d: %s", id, code, stderr)
		}
		nbGolden(t, name, stdout)
	}
	stdout, _, code := s.run(t, "thank-you", s.acme, "--mailto")
	if code != 0 {
		t.Fatalf("thank-you --mailto: exit %d", code)
	}
	link := strings.TrimSpace(stdout)
	nbGolden(t, "thank-you-mailto.txt", stdout)
	if strings.Contains(link, "+") || strings.Contains(link, " ") {
		t.Errorf("mailto URL holds a + or a space: %s", link)
	}
	to, query, ok := strings.Cut(strings.TrimPrefix(link, "mailto:"), "?")
	if !ok || to != "dana@acme.example,lee@acme.example" {
		t.Errorf("mailto addresses = %q, want both interviewers", to)
	}
	draft, _, _ := s.run(t, "thank-you", s.acme)
	subject, body, _ := strings.Cut(strings.TrimPrefix(draft, "Subject: "), "\n\n")
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		got, err := url.PathUnescape(v)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"subject": subject, "body": strings.ReplaceAll(body, "\n", "\r\n")}[k]
		if got != want {
			t.Errorf("mailto %s decodes to %q, want %q", k, got, want)
		}
	}
}
