package daemon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
)

// corpusEvent is one invitation of testdata/invitations (see its README).
type corpusEvent struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Desc     string   `json:"desc"`
	Loc      string   `json:"loc"`
	Conf     string   `json:"conf"`
	Org      string   `json:"org"`
	Guests   []string `json:"guests"`
	SelfOrg  bool     `json:"self_org"`
	Rec      string   `json:"rec"`
	Status   string   `json:"status"`
	Declined bool     `json:"declined"`
	Want     struct {
		Interview bool   `json:"interview"`
		Company   string `json:"company"`
		Position  string `json:"position"`
	} `json:"want"`
}

// corpusSelf is the person of the corpus.
var corpusSelf = calendar.Person{Name: "Alex Morgan", Email: "alex.morgan@gmail.com"}

// corpusRules are the default rules with the corpus person's own domain and
// agencies.
func corpusRules() Rules {
	r := defaultRules()
	r.OwnDomains = []string{"contoso.com"}
	r.Agencies = []string{"hirequest.com", "talentbridge.io"}
	return r
}

// person reads "Display Name <email>" or "email".
func person(s string) calendar.Person {
	if name, addr, ok := strings.Cut(s, " <"); ok {
		return calendar.Person{Name: name, Email: strings.TrimSuffix(addr, ">")}
	}
	return calendar.Person{Email: s}
}

func (c corpusEvent) event(i int) calendar.Event {
	start := time.Date(2026, 3, 12, 14, 0, 0, 0, time.UTC)
	e := calendar.Event{
		CalendarID: "primary", ID: fmt.Sprintf("corpus%d", i), RecurringEventID: c.Rec,
		Status: "confirmed", Summary: c.Title, Description: c.Desc, Location: c.Loc,
		ConferenceURL: c.Conf, Start: start, End: start.Add(45 * time.Minute), TimeZone: "UTC",
	}
	if c.Status != "" {
		e.Status = c.Status
	}
	me := calendar.Attendee{Email: corpusSelf.Email, Name: corpusSelf.Name, Self: true, Response: "accepted"}
	if c.Declined {
		me.Response = "declined"
	}
	if c.SelfOrg {
		e.Organizer = calendar.Person{Email: me.Email, Name: me.Name, Self: true}
		e.Creator = e.Organizer
	} else {
		e.Organizer = person(c.Org)
		e.Creator = e.Organizer
		e.Attendees = append(e.Attendees,
			calendar.Attendee{Email: e.Organizer.Email, Name: e.Organizer.Name, Organizer: true, Response: "accepted"}, me)
	}
	for _, g := range c.Guests {
		p := person(g)
		e.Attendees = append(e.Attendees, calendar.Attendee{Email: p.Email, Name: p.Name, Response: "accepted"})
	}
	return e
}

func loadCorpus(t testing.TB) []corpusEvent {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "invitations", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in testdata/invitations: %v", err)
	}
	var all []corpusEvent
	seen := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var group struct {
			Group  string        `json:"group"`
			Events []corpusEvent `json:"events"`
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&group); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range group.Events {
			if prev, ok := seen[c.Name]; ok {
				t.Fatalf("%s: case %q already in %s", f, c.Name, prev)
			}
			seen[c.Name] = f
			if c.Title == "" || (c.Org == "" && !c.SelfOrg) {
				t.Fatalf("%s: case %q needs a title and an organizer (or self_org)", f, c.Name)
			}
			all = append(all, c)
		}
	}
	return all
}

// TestInvitationCorpus runs Detect on every invitation of the corpus and
// reports the precision and recall of the verdict and the exact-match
// accuracy of the company and the position (go test -v -run
// TestInvitationCorpus ./daemon prints them). It fails when an ordinary
// event is taken for an interview, when the verdict is right on fewer than
// 98% of the events, or the company on fewer than 95% of the interviews.
func TestInvitationCorpus(t *testing.T) {
	corpus := loadCorpus(t)
	r := corpusRules()
	var tp, fp, fn, tn, interviews, company, position int
	for i, c := range corpus {
		v := Detect(c.event(i), r, OverrideNone)
		switch {
		case v.Interview && c.Want.Interview:
			tp++
		case v.Interview:
			fp++
			t.Errorf("%s: %q taken for an interview (%s)", c.Name, c.Title, v.Reason)
		case c.Want.Interview:
			fn++
			t.Logf("miss %s: %q not taken for an interview (%s)", c.Name, c.Title, v.Reason)
		default:
			tn++
		}
		if !c.Want.Interview {
			continue
		}
		interviews++
		if v.Company == c.Want.Company {
			company++
		} else {
			t.Logf("company %s: %q: got %q (%s), want %q", c.Name, c.Title, v.Company, v.CompanyFrom, c.Want.Company)
		}
		if v.Position == c.Want.Position {
			position++
		} else {
			t.Logf("position %s: %q: got %q, want %q", c.Name, c.Title, v.Position, c.Want.Position)
		}
	}
	n := len(corpus)
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	verdict := pct(tp+tn, n)
	t.Logf("corpus: %d events, %d interviews, %d ordinary", n, tp+fn, fp+tn)
	t.Logf("verdict: %.1f%% right; precision %.1f%%, recall %.1f%%; %d ordinary events taken for interviews",
		verdict, pct(tp, tp+fp), pct(tp, tp+fn), fp)
	t.Logf("company: %.1f%% exact (%d/%d); position: %.1f%% exact (%d/%d)",
		pct(company, interviews), company, interviews, pct(position, interviews), position, interviews)
	if n < 150 || fp+tn < 40 {
		t.Errorf("corpus has %d events, %d ordinary: want at least 150 and 40", n, fp+tn)
	}
	if verdict < 98 {
		t.Errorf("verdict right on %.1f%% of the events, want at least 98%%", verdict)
	}
	if c := pct(company, interviews); c < 95 {
		t.Errorf("company exact on %.1f%% of the interviews, want at least 95%%", c)
	}
}

// BenchmarkDetectCorpus is Detect over every invitation of the corpus: the
// cost of reading one calendar's worth of events at each poll.
func BenchmarkDetectCorpus(b *testing.B) {
	corpus := loadCorpus(b)
	events := make([]calendar.Event, len(corpus))
	for i, c := range corpus {
		events[i] = c.event(i)
	}
	r := corpusRules()
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range events {
			Detect(e, r, OverrideNone)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}
