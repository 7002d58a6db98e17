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

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
	gcal "google.golang.org/api/calendar/v3"
)

type markSetup struct {
	home          string
	config, state string
	recordID      string // of event "ev123abc" on "primary"
	handMade      string
}

func newMarkSetup(t *testing.T) *markSetup {
	t.Helper()
	tmp := t.TempDir()
	s := &markSetup{home: tmp, config: filepath.Join(tmp, "config.toml"), state: filepath.Join(tmp, "state")}
	nbDir := filepath.Join(tmp, "notebook")
	// The events debrief has seen: one sync of a fake calendar holding a
	// coffee and a weekly series.
	fake := calendartest.New()
	t.Cleanup(fake.Close)
	day := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	fake.Put(calendartest.PrimaryEmail, &gcal.Event{Id: "coffee42", Summary: "Coffee with Sam",
		Start: &gcal.EventDateTime{DateTime: day.Add(9 * time.Hour).Format(time.RFC3339)}, End: &gcal.EventDateTime{DateTime: day.Add(10 * time.Hour).Format(time.RFC3339)}})
	fake.Put(calendartest.PrimaryEmail, &gcal.Event{Id: "series9", Summary: "Team sync", Recurrence: []string{"RRULE:FREQ=WEEKLY;COUNT=4"},
		Start: &gcal.EventDateTime{DateTime: day.Add(15 * time.Hour).Format(time.RFC3339)}, End: &gcal.EventDateTime{DateTime: day.Add(16 * time.Hour).Format(time.RFC3339)}})
	cfg := fmt.Sprintf("[notebook]\ndir = %q\n\n[state]\ndir = %q\n\n[calendar]\nauth = \"none\"\nendpoint = %q\ncalendars = [%q]\n\n[block]\nenabled = false\n\n[notify]\nbackend = \"log\"\n\n[web]\nenabled = false\n",
		nbDir, s.state, fake.Endpoint(), calendartest.PrimaryEmail)
	if err := os.WriteFile(s.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, stderr, code := s.run(t, "daemon", "--once"); code != 0 {
			t.Fatalf("daemon --once: exit %d: %s", code, stderr)
		}
	}()
	b, err := notebook.Open(slog.New(slog.DiscardHandler), nbDir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	r := &notebook.Record{
		ID:        notebook.RecordID("primary", "ev123abc"),
		Source:    &notebook.Source{CalendarID: "primary", EventID: "ev123abc", Start: start, End: start.Add(time.Hour)},
		Interview: notebook.Details{Company: "Acme"},
	}
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
	s.recordID = r.ID
	h := &notebook.Record{Interview: notebook.Details{Company: "Globex", Date: notebook.Date{Year: 2026, Month: 11, Day: 2}}}
	if err := b.Create(h); err != nil {
		t.Fatal(err)
	}
	s.handMade = h.ID
	return s
}

func (s *markSetup) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"--config", s.config}, args...), strings.NewReader(""), &out, &errb,
		func(k string) string {
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

func TestMark(t *testing.T) {
	tests := []struct {
		name     string
		args     func(s *markSetup) []string
		wantCode int
		wantOut  string // substring of stdout (or stderr when wantCode != 0)
		wantMark map[string]daemon.Override
	}{
		{"event-interview", func(s *markSetup) []string { return []string{"mark", "coffee42", "interview"} },
			0, "within 1m0s", map[string]daemon.Override{"coffee42": daemon.OverrideInterview}},
		{"record-prefix-maps-to-event", func(s *markSetup) []string { return []string{"mark", s.recordID[:5], "not-interview"} },
			0, "deletes its reflection block", map[string]daemon.Override{"ev123abc": daemon.OverrideNotInterview}},
		{"instance-says-series", func(s *markSetup) []string { return []string{"mark", "series9_20261120T150000Z", "interview"} },
			0, "debrief mark series9 interview", map[string]daemon.Override{"series9_20261120T150000Z": daemon.OverrideInterview}},
		{"bad-decision", func(s *markSetup) []string { return []string{"mark", "coffee42", "maybe"} },
			2, "use interview, not-interview or auto", map[string]daemon.Override{}},
		{"missing-decision", func(s *markSetup) []string { return []string{"mark", "coffee42"} },
			2, "needs an event and a decision", map[string]daemon.Override{}},
		{"hand-made-record", func(s *markSetup) []string { return []string{"mark", s.handMade, "interview"} },
			2, "made by hand", map[string]daemon.Override{}},
		{"never-seen", func(s *markSetup) []string { return []string{"mark", "typo42", "interview"} },
			1, `debrief has never seen an event "typo42" in your calendars nor a record with that id`, map[string]daemon.Override{}},
		{"never-seen-forced", func(s *markSetup) []string { return []string{"mark", "typo42", "not-interview", "--force"} },
			0, "Marked event typo42 as not an interview", map[string]daemon.Override{"typo42": daemon.OverrideNotInterview}},
		{"part-of-a-seen-id", func(s *markSetup) []string { return []string{"mark", "coffee4", "interview"} },
			1, "--force", map[string]daemon.Override{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newMarkSetup(t)
			out, errOut, code := s.run(t, tt.args(s)...)
			if code != tt.wantCode {
				t.Fatalf("debrief %v: exit %d, want %d; stderr %s", tt.args(s), code, tt.wantCode, errOut)
			}
			text := out
			if code != 0 {
				text = errOut
			}
			if !strings.Contains(text, tt.wantOut) {
				t.Errorf("debrief %v printed %q, want it to contain %q", tt.args(s), text, tt.wantOut)
			}
			got, err := daemon.LoadOverrides(s.state)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.wantMark) {
				t.Errorf("overrides = %v, want %v", got, tt.wantMark)
			}
			for id, want := range tt.wantMark {
				if got[id] != want {
					t.Errorf("override[%q] = %q, want %q", id, got[id], want)
				}
			}
		})
	}
}

func TestMarkAutoUndoes(t *testing.T) {
	s := newMarkSetup(t)
	if _, errOut, code := s.run(t, "mark", "coffee42", "interview"); code != 0 {
		t.Fatalf("mark: exit %d: %s", code, errOut)
	}
	out, errOut, code := s.run(t, "mark", "coffee42", "auto")
	if code != 0 || !strings.Contains(out, "detection decides again") {
		t.Fatalf("mark auto: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := daemon.LoadOverrides(s.state)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("overrides after auto = %v, want none", got)
	}
}
