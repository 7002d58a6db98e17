package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
	"github.com/google/go-cmp/cmp"
)

func TestParseWhen(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 14, 16, 7, 42, 0, paris)
	for _, tc := range []struct {
		name, in string
		want     time.Time
		dateOnly bool
		err      string
	}{
		{"now", "now", time.Date(2026, 3, 14, 16, 7, 0, 0, paris), false, ""},
		{"clock-today", "9:30", time.Date(2026, 3, 14, 9, 30, 0, 0, paris), false, ""},
		{"today", "today 15:00", time.Date(2026, 3, 14, 15, 0, 0, 0, paris), false, ""},
		{"yesterday", "Yesterday 15:00", time.Date(2026, 3, 13, 15, 0, 0, 0, paris), false, ""},
		{"tomorrow", "tomorrow 09:05", time.Date(2026, 3, 15, 9, 5, 0, 0, paris), false, ""},
		{"full", "2026-03-30 14:00", time.Date(2026, 3, 30, 14, 0, 0, 0, paris), false, ""},
		{"iso-t", "2026-03-30T14:00", time.Date(2026, 3, 30, 14, 0, 0, 0, paris), false, ""},
		{"day-only", "2026-03-02", time.Date(2026, 3, 2, 0, 0, 0, 0, paris), true, ""},
		{"no-such-day", "2026-02-30 10:00", time.Time{}, false, "2026-02-30 does not exist: February 2026 has 28 days"},
		{"no-such-hour", "25:00", time.Time{}, false, `"25:00" is not a time of day`},
		{"words", "after lunch", time.Time{}, false, `"after lunch" is not a time: use HH:MM (today)`},
		{"one-digit-minutes", "9:5", time.Time{}, false, `"9:5" is not a time`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, dateOnly, err := parseWhen(tc.in, now)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("parseWhen(%q) error = %v, want %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) || dateOnly != tc.dateOnly {
				t.Errorf("parseWhen(%q) = %v, %v, %v; want %v, %v", tc.in, got, dateOnly, err, tc.want, tc.dateOnly)
			}
		})
	}
}

// TestAddRecordDefaults: with only the company, the interview is the
// 30 minutes that just ended (to 5 minutes), a phone screen by phone.
func TestAddRecordDefaults(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 14, 16, 7, 42, 0, paris)
	r, err := addRecord(addForm{company: "  Acme   Corp ", round: "phone screen", duration: 30 * time.Minute}, now, paris)
	if err != nil {
		t.Fatal(err)
	}
	want := &notebook.Record{
		Scheduled: &notebook.Scheduled{Start: time.Date(2026, 3, 14, 14, 35, 0, 0, time.UTC), End: time.Date(2026, 3, 14, 15, 5, 0, 0, time.UTC), TimeZone: "Europe/Paris"},
		Interview: notebook.Details{Company: "Acme Corp", Date: notebook.Date{Year: 2026, Month: 3, Day: 14}, Format: notebook.FormatPhone, Round: "phone screen"},
	}
	if diff := cmp.Diff(r, want); diff != "" {
		t.Errorf("addRecord (-got +want):\n%s", diff)
	}
}

// addSetup is a config naming a notebook in a temp dir, and a way to run
// debrief on it with TZ=Europe/Paris.
type addSetup struct {
	home, config, nbDir string
}

func newAddSetup(t *testing.T) *addSetup {
	t.Helper()
	s := &addSetup{home: t.TempDir()}
	s.nbDir = filepath.Join(s.home, "notebook")
	s.config = filepath.Join(s.home, "config.toml")
	if err := os.WriteFile(s.config, fmt.Appendf(nil, "[notebook]\ndir = %q\n", s.nbDir), 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *addSetup) run(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"--config", s.config}, args...), strings.NewReader(input), &out, &errb, func(k string) string {
		switch k {
		case "HOME":
			return s.home
		case "TZ":
			return "Europe/Paris"
		}
		return ""
	})
	if err != nil {
		code = exitCode(err)
		fmt.Fprintf(&errb, "debrief: %v\n", err)
	}
	return out.String(), errb.String(), code
}

func (s *addSetup) records(t *testing.T) []*notebook.Record {
	t.Helper()
	b, err := notebook.Open(slog.New(slog.DiscardHandler), s.nbDir)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := b.List()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestAddWithFlags(t *testing.T) {
	s := newAddSetup(t)
	stdout, stderr, code := s.run(t, "", "add", "--company", "Acme", "--at", "2026-03-14 15:00", "--duration", "45m",
		"--round", "recruiter call", "--position", "Backend engineer", "--interviewer", "Jane Roe <jane@acme.io>", "--interviewer", "Bob")
	if code != 0 {
		t.Fatalf("add: exit %d, stderr %s", code, stderr)
	}
	recs := s.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	r := recs[0]
	want := notebook.Details{
		Company: "Acme", Position: "Backend engineer", Date: notebook.Date{Year: 2026, Month: 3, Day: 14}, Round: "recruiter call",
		Interviewers: []notebook.Person{{Name: "Jane Roe", Email: "jane@acme.io"}, {Name: "Bob"}},
	}
	if diff := cmp.Diff(r.Interview, want); diff != "" {
		t.Errorf("interview details (-got +want):\n%s", diff)
	}
	wantS := &notebook.Scheduled{Start: time.Date(2026, 3, 14, 14, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 14, 14, 45, 0, 0, time.UTC), TimeZone: "Europe/Paris"}
	if diff := cmp.Diff(r.Scheduled, wantS); diff != "" {
		t.Errorf("scheduled (-got +want):\n%s", diff)
	}
	for _, w := range []string{"Added Acme — Backend engineer, recruiter call, Sat 2026-03-14 15:00–15:45 CET (record " + r.ID + ").", "debrief reflect " + r.ID} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout:\n%s\nwant %q", stdout, w)
		}
	}
	// The thank-you is due 24 h after its end, like a detected interview's.
	fs := notebook.Followups(r, time.Date(2026, 3, 14, 16, 0, 0, 0, time.UTC), notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1})
	if len(fs) == 0 || fs[0].Kind != notebook.KindThankYou || !fs[0].Due.Equal(wantS.End.Add(24*time.Hour)) || fs[0].State != notebook.Due {
		t.Errorf("follow-ups %+v; want the thank-you due 24 h after 15:45", fs)
	}

	// The same interview again is refused, with the way to add it anyway.
	_, stderr, code = s.run(t, "", "add", "--company", "acme", "--at", "2026-03-14 15:30")
	if code != 1 || !strings.Contains(stderr, "the notebook already has Acme — Backend engineer on Sat 2026-03-14 15:00–15:45 CET (record "+r.ID+")") || !strings.Contains(stderr, "--force") {
		t.Errorf("add again: exit %d, stderr %q; want exit 1 naming the record and --force", code, stderr)
	}
	if _, stderr, code = s.run(t, "", "add", "--company", "acme", "--at", "2026-03-14 15:30", "--force"); code != 0 {
		t.Errorf("add --force: exit %d, stderr %q", code, stderr)
	}
	if n := len(s.records(t)); n != 2 {
		t.Errorf("%d records after --force, want 2", n)
	}
}

// TestAddAsked is the phone screen of the issue: the company and Enter
// for every other question.
func TestAddAsked(t *testing.T) {
	s := newAddSetup(t)
	stdout, stderr, code := s.run(t, "Globex\n2026-03-14 9:30\n\n\n\n\n", "add", "--ask")
	if code != 0 {
		t.Fatalf("add --ask: exit %d, stderr %s\nstdout %s", code, stderr, stdout)
	}
	for _, q := range []string{"Company?", "When did it start", "How long did it last? [30m]", "Which round? [phone screen]", "Position (Enter to skip)?", "Interviewers, comma-separated (Enter to skip)?"} {
		if !strings.Contains(stdout, q) {
			t.Errorf("stdout lacks the question %q:\n%s", q, stdout)
		}
	}
	recs := s.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	r := recs[0]
	if r.Interview.Company != "Globex" || r.Interview.Round != "phone screen" || r.Interview.Format != notebook.FormatPhone ||
		r.Scheduled == nil || !r.Scheduled.Start.Equal(time.Date(2026, 3, 14, 8, 30, 0, 0, time.UTC)) || !r.Scheduled.End.Equal(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("record %+v %+v; want Globex, phone screen by phone, 09:30–10:00 Paris", r.Interview, r.Scheduled)
	}

	// A mistake is asked again; answers are kept.
	stdout, _, code = s.run(t, "Initech\nafter lunch\n2026-03-20 10:00\n1h\nonsite\nSRE\nAnn, Bo <bo@initech.com>\n", "add", "--ask")
	if code != 0 || !strings.Contains(stdout, `"after lunch" is not a time`) {
		t.Errorf("exit %d, stdout:\n%s\nwant the bad time explained and asked again", code, stdout)
	}
	for _, r := range s.records(t) {
		if r.Interview.Company == "Initech" {
			want := []notebook.Person{{Name: "Ann"}, {Name: "Bo", Email: "bo@initech.com"}}
			if diff := cmp.Diff(r.Interview.Interviewers, want); diff != "" || r.Interview.Position != "SRE" || r.Interview.Round != "onsite" || r.Interview.Format != "" {
				t.Errorf("Initech record %+v (interviewers -got +want %s)", r.Interview, diff)
			}
		}
	}

	// Input that ends halfway adds nothing.
	_, stderr, code = s.run(t, "Umbrella\n", "add", "--ask")
	if code != 1 || !strings.Contains(stderr, "the input ended before the answers did; nothing was added") {
		t.Errorf("exit %d, stderr %q; want exit 1, nothing added", code, stderr)
	}
	if n := len(s.records(t)); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
}

func TestAddMistakes(t *testing.T) {
	s := newAddSetup(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"add"}, "add needs the company: --company NAME (or run it on a terminal to be asked)"},
		{[]string{"add", "--company", "Acme", "--at", "2026-02-30 10:00"}, "add --at: 2026-02-30 does not exist: February 2026 has 28 days"},
		{[]string{"add", "--company", "Acme", "--duration", "-5m"}, "is not a length of an interview"},
		{[]string{"add", "--company", "Acme", "--format", "carrier pigeon"}, `--format "carrier pigeon" is not one of phone, video, in-person`},
	} {
		_, stderr, code := s.run(t, "", tc.args...)
		if code != 2 || strings.Count(stderr, tc.want) != 1 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q once", tc.args, code, stderr, tc.want)
		}
	}
	if n := len(s.records(t)); n != 0 {
		t.Errorf("%d records after mistakes, want none", n)
	}
}

// TestThankYouBeforeTheInterview: no draft for an interview still to come,
// unless --force.
func TestThankYouBeforeTheInterview(t *testing.T) {
	s := newAddSetup(t)
	future := time.Now().Add(48 * time.Hour).Format("2006-01-02")
	if _, stderr, code := s.run(t, "", "add", "--company", "Acme", "--at", future+" 10:00"); code != 0 {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	if _, stderr, code := s.run(t, "", "add", "--company", "Globex", "--at", future); code != 0 {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	for _, r := range s.records(t) {
		stdout, stderr, code := s.run(t, "", "thank-you", r.ID)
		if code != 1 || stdout != "" || !strings.Contains(stderr, "has not happened yet") || !strings.Contains(stderr, "debrief thank-you "+r.ID+" --force") {
			t.Errorf("thank-you %s (%s): exit %d, stdout %q, stderr %q; want exit 1, no draft, and the --force way", r.ID, r.Interview.Company, code, stdout, stderr)
		}
		stdout, stderr, code = s.run(t, "", "thank-you", r.ID, "--force")
		if code != 0 || !strings.HasPrefix(stdout, "Subject: ") {
			t.Errorf("thank-you %s --force: exit %d, stdout %q, stderr %q; want the draft", r.ID, code, stdout, stderr)
		}
	}
	past := time.Now().Add(-48 * time.Hour).Format("2006-01-02")
	if _, stderr, code := s.run(t, "", "add", "--company", "Initech", "--at", past+" 10:00"); code != 0 {
		t.Fatalf("add: exit %d: %s", code, stderr)
	}
	for _, r := range s.records(t) {
		if r.Interview.Company == "Initech" {
			if stdout, stderr, code := s.run(t, "", "thank-you", r.ID); code != 0 || !strings.HasPrefix(stdout, "Subject: ") {
				t.Errorf("thank-you after the interview: exit %d, stdout %q, stderr %q; want the draft", code, stdout, stderr)
			}
		}
	}
}
