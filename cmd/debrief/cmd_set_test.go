package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
)

// A wrong company is corrected once: the record says so, another record
// filed under the same wrong name follows with --all (nothing else in it
// changes), and the next invitation from the same organizer is read the
// corrected way.
func TestSetCompanyRemembersAndRenames(t *testing.T) {
	s := newNBSetup(t)
	state := filepath.Join(s.home, "state")
	f, err := os.OpenFile(s.config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n[state]\ndir = %q\n", state)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{s.globex, s.hooli} {
		if _, err := s.book.Update(id, func(r *notebook.Record) error {
			r.Interview.Company = "Hirequest"
			r.Source.OrganizerDomain = "hirequest-talent.com"
			r.Source.CompanyFrom = string(daemon.FromDomain)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := s.book.Get(s.hooli)
	if err != nil {
		t.Fatal(err)
	}

	setAt := time.Now().UTC().Truncate(time.Second)
	stdout, stderr, code := s.run(t, "set", s.globex[:6], "company", "Fabrikam Labs", "--all")
	if code != 0 {
		t.Fatalf("set: exit %d: %s", code, stderr)
	}
	for _, want := range []string{`company "Hirequest" → "Fabrikam Labs"`, "Renamed 1 other record", "later invitations from hirequest-talent.com"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("set printed:\n%s\nwant it to say %q", stdout, want)
		}
	}
	g, err := s.book.Get(s.globex)
	if err != nil {
		t.Fatal(err)
	}
	if g.Interview.Company != "Fabrikam Labs" || g.Source.CompanyFrom != "person" {
		t.Errorf("corrected record: company %q from %q, want \"Fabrikam Labs\" from person", g.Interview.Company, g.Source.CompanyFrom)
	}
	h, err := s.book.Get(s.hooli)
	if err != nil {
		t.Fatal(err)
	}
	if h.Interview.Company != "Fabrikam Labs" {
		t.Errorf("renamed record: company %q, want Fabrikam Labs", h.Interview.Company)
	}
	h.Interview.Company, before.Interview.Company = "", ""
	h.Source.CompanyFrom, before.Source.CompanyFrom = "", ""
	h.Revision, before.Revision = 0, 0 // a rename is one more revision
	// A rename is a change: the record says when it was made (in whole
	// seconds, so it may equal the last one's).
	if h.Updated.Before(setAt) {
		t.Errorf("renamed record: updated %s, want the time of the rename, %s or later", h.Updated, setAt)
	}
	h.Updated, before.Updated = time.Time{}, time.Time{}
	if diff := cmp.Diff(h, before); diff != "" {
		t.Errorf("renaming changed more than the company (-got +want):\n%s", diff)
	}

	learned, err := daemon.LoadLearned(state)
	if err != nil {
		t.Fatal(err)
	}
	r := daemon.Rules{Keywords: []string{"interview"}, Learned: learned}
	start := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	next := calendar.Event{
		ID: "next", Status: "confirmed", Summary: "Technical interview", Start: start, End: start.Add(time.Hour),
		Organizer: calendar.Person{Email: "rita@hirequest-talent.com"},
		Attendees: []calendar.Attendee{{Email: "me@gmail.com", Self: true, Response: "accepted"}, {Email: "rita@hirequest-talent.com"}},
	}
	if v := daemon.Detect(next, r, daemon.OverrideNone); v.Company != "Fabrikam Labs" || v.CompanyFrom != daemon.FromLearned {
		t.Errorf("next invitation from the same organizer: company %q from %q, want Fabrikam Labs from learned", v.Company, v.CompanyFrom)
	}
}

func TestSetUsage(t *testing.T) {
	s := newNBSetup(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"set", s.globex, "salary", "x"}, `"salary" cannot be set`},
		{[]string{"set", s.globex, "company", " \u202e "}, "empty"},
		{[]string{"set", s.globex, "position", "SRE", "--all"}, "applies to a company"},
		{[]string{"set", s.globex}, "what to set"},
	} {
		_, stderr, code := s.run(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// A record made by hand has no event: it is corrected, and the command
// says why nothing is remembered.
func TestSetManualRecord(t *testing.T) {
	s := newNBSetup(t)
	stdout, stderr, code := s.run(t, "set", s.initech, "position", "TPS Report Analyst")
	if code != 0 || !strings.Contains(stdout, "made by hand") {
		t.Fatalf("set on a manual record: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// debrief show says where the company was read, next to the event's own
// title, cleaned.
func TestShowSaysWhereTheCompanyCameFrom(t *testing.T) {
	s := newNBSetup(t)
	if _, err := s.book.Update(s.hooli, func(r *notebook.Record) error {
		r.Source.CompanyFrom = string(daemon.FromTitle)
		r.Source.Title = "Hooli \u202ephone\u202c screen"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := s.run(t, "show", s.hooli)
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, stderr)
	}
	if want := `Company read from: the event's title (event: "Hooli phone screen")`; !strings.Contains(stdout, want) {
		t.Errorf("show printed:\n%s\nwant a line %q", stdout, want)
	}
}
