package daemon

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/internal/clean"
)

func defaultRules() Rules {
	d := config.Default().Detect
	return Rules{
		Keywords:        d.Keywords,
		ExcludeKeywords: d.ExcludeKeywords,
		Domains:         d.Domains,
		ExcludeDomains:  d.ExcludeDomains,
		SchedulingTools: d.SchedulingTools,
		OwnDomains:      []string{"currentjob.com"},
	}
}

var self = calendar.Attendee{Email: "me@gmail.com", Self: true, Response: "accepted"}

func guest(name, email string) calendar.Attendee {
	return calendar.Attendee{Name: name, Email: email, Response: "accepted"}
}

// ev is an event with the person invited by the first guest, who organizes.
func ev(title string, guests ...calendar.Attendee) calendar.Event {
	start := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	e := calendar.Event{
		CalendarID: "primary", ID: "ev1", Status: "confirmed", Summary: title,
		Start: start, End: start.Add(time.Hour), TimeZone: "UTC",
	}
	if len(guests) > 0 {
		e.Organizer = calendar.Person{Email: guests[0].Email, Name: guests[0].Name}
		e.Attendees = append([]calendar.Attendee{self}, guests...)
	}
	return e
}

func TestDetect(t *testing.T) {
	jane := guest("Jane Doe", "jane@acme.io")
	type want struct {
		interview               bool
		company, position, kind string
		format                  string
		reasonContains          string
		checkFormat             bool
	}
	with := func(e calendar.Event, f func(*calendar.Event)) calendar.Event { f(&e); return e }
	tests := []struct {
		name string
		e    calendar.Event
		ov   Override
		want want
	}{
		{"interview-with-company", ev("Interview with Acme", guest("", "recruiting@acme.io")),
			"", want{interview: true, company: "Acme", kind: "interview"}},
		{"interview-with-person-domain-wins", ev("Interview with Jane Doe", jane),
			"", want{interview: true, company: "Acme", kind: "interview"}},
		{"dash-company-role-round", ev("Acme – Senior Backend Engineer – Technical Screen", jane),
			"", want{interview: true, company: "Acme", position: "Senior Backend Engineer", kind: "technical"}},
		{"phone-screen-paren-company", ev("Phone screen: Jane Doe (Stripe)", guest("Jane Doe", "jane.doe@stripe.com")),
			"", want{interview: true, company: "Stripe", kind: "phone screen"}},
		{"company-onsite", ev("Globex onsite", guest("", "talent@globex.com")),
			"", want{interview: true, company: "Globex", kind: "onsite"}},
		{"recruiter-call-slash", ev("Recruiter call — Initech / Product Designer", guest("Bob", "bob@initech.com")),
			"", want{interview: true, company: "Initech", position: "Product Designer", kind: "recruiter"}},
		{"greenhouse-staff-sre", ev("[Greenhouse] Interview: Staff SRE at Umbrella Corp", guest("", "no-reply@greenhouse.io")),
			"", want{interview: true, company: "Umbrella Corp", position: "Staff SRE", kind: "interview"}},
		{"system-design", ev("System Design Interview - Hooli", guest("", "gavin@hooli.xyz")),
			"", want{interview: true, company: "Hooli", kind: "system design"}},
		{"hiring-manager", ev("Hiring Manager chat | Pied Piper", guest("Richard", "richard@piedpiper.com")),
			"", want{interview: true, company: "Pied Piper", kind: "hiring manager"}},
		{"final-round", ev("Final Round: Wayne Enterprises", guest("", "hr@wayne.co.uk")),
			"", want{interview: true, company: "Wayne Enterprises", kind: "final"}},
		{"panel", ev("Panel interview (Data Engineer)", guest("", "people@soylent.com")),
			"", want{interview: true, company: "Soylent", position: "Data Engineer", kind: "panel"}},
		{"on-site-hyphen", ev("On-site at Cyberdyne", guest("", "t800@cyberdyne.ai")),
			"", want{interview: true, company: "Cyberdyne", kind: "onsite"}},
		{"tech-screen-lowercase", ev("tech screen w/ massive dynamic", guest("", "nina@massivedynamic.com")),
			"", want{interview: true, company: "massive dynamic", kind: "technical"}},
		{"coding-screen-domain-only", ev("Coding screen", guest("Ann", "ann@eng.vandelay.com")),
			"", want{interview: true, company: "Vandelay", kind: "technical"}},
		{"interviews-plural", ev("Interviews at Tyrell", guest("", "rachael@tyrell.com")),
			"", want{interview: true, company: "Tyrell", kind: "interview"}},
		{"take-home-review", ev("Take-home review – Oscorp", guest("", "norman@oscorp.com")),
			"", want{interview: true, company: "Oscorp", kind: "take-home review"}},
		{"lever-by-domain-no-keyword", with(ev("Chat with Sam", guest("Sam Lee", "sam@initrode.com")), func(e *calendar.Event) {
			e.Description = "Scheduled via https://hire.lever.co/interviews/123"
		}), "", want{interview: true, company: "Initrode", kind: "interview"}},
		{"ashby-organizer", ev("Initial conversation", guest("", "scheduling@ashbyhq.com"), guest("Kim", "kim@contoso.com")),
			"", want{interview: true, company: "Contoso", kind: "interview"}},
		{"goodtime-description", with(ev("Meet the team", guest("", "lee@duff.com")), func(e *calendar.Event) {
			e.Description = "This meeting was scheduled with GoodTime."
		}), "", want{interview: true, company: "Duff", kind: "interview"}},
		{"calendly-meeting-is-not-enough", with(ev("30 Minute Meeting between Me and Alex", guest("Alex", "alex@bluthco.com")), func(e *calendar.Event) {
			e.Description = "Event Name: 30 Minute Meeting\nPowered by Calendly.com"
		}), "", want{reasonContains: "no interview signal"}},
		{"calendly-interview", with(ev("30 Minute Interview between Me and Alex", guest("Alex", "alex@bluthco.com")), func(e *calendar.Event) {
			e.Description = "Event Name: 30 Minute Interview\nPowered by Calendly.com"
		}), "", want{interview: true, company: "Bluthco", kind: "interview"}},
		{"description-company-line", with(ev("Zoom call", guest("", "x@staffing-agency.com")), func(e *calendar.Event) {
			e.Description = "Company: Monsters Inc\nPosition: Scare Engineer\nThis is your technical interview."
		}), "", want{interview: true, company: "Monsters Inc", position: "Scare Engineer", kind: "technical"}},
		{"description-role-at", with(ev("Call with Priya", guest("Priya", "priya@gmail.com")), func(e *calendar.Event) {
			e.Description = "Looking forward to our interview for the Senior Data Scientist role at Gringotts next week."
		}), "", want{interview: true, company: "Gringotts", position: "Senior Data Scientist", kind: "interview"}},
		{"configured-domain", ev("Coffee", guest("", "talent@weyland.com")),
			"", want{interview: false, reasonContains: "no interview signal"}},
		{"with-person-from-company", ev("Phone screen with Bob from Initrode", guest("Bob", "bob@gmail.com")),
			"", want{interview: true, company: "Initrode", kind: "phone screen"}},
		{"with-company-for-role", ev("Interview with Acme Corp for Senior Engineer", guest("Bob", "bob@gmail.com")),
			"", want{interview: true, company: "Acme Corp", position: "Senior Engineer", kind: "interview"}},
		{"confirmation-prefix", ev("Interview Confirmation: Spotify", guest("", "no-reply@greenhouse.io")),
			"", want{interview: true, company: "Spotify", kind: "interview"}},
		{"lower-case-remainder-is-no-company", ev("Interview from home", guest("Bob", "bob@gmail.com")),
			"", want{interview: true, company: "", kind: "interview"}},
		{"solo-title-keyword", ev("Interview with Acme"),
			"", want{interview: true, company: "Acme", kind: "interview"}},
		{"video-format", with(ev("Interview with Acme", jane), func(e *calendar.Event) {
			e.ConferenceURL = "https://meet.google.com/abc-defg-hij"
		}), "", want{interview: true, company: "Acme", kind: "interview", format: "video", checkFormat: true}},
		{"phone-format", with(ev("Recruiter screen - Acme", jane), func(e *calendar.Event) {
			e.Location = "+1 (415) 555-0100"
		}), "", want{interview: true, company: "Acme", kind: "recruiter", format: "phone", checkFormat: true}},
		{"in-person-format", with(ev("Onsite interview – Acme", jane), func(e *calendar.Event) {
			e.Location = "1 Infinite Loop, Cupertino"
		}), "", want{interview: true, company: "Acme", kind: "onsite", format: "in-person", checkFormat: true}},
		{"override-yes", ev("Coffee with Dana", guest("Dana", "dana@acme.io")),
			OverrideInterview, want{interview: true, company: "Acme", kind: "interview", reasonContains: "marked"}},

		// Negatives.
		{"all-day-interview-week", with(ev("Interview week"), func(e *calendar.Event) { e.AllDay = true }),
			"", want{reasonContains: "all-day"}},
		{"declined", with(ev("Interview with Acme", jane), func(e *calendar.Event) { e.Attendees[0].Response = "declined" }),
			"", want{reasonContains: "declined"}},
		{"declined-override-cannot-force", with(ev("Interview with Acme", jane), func(e *calendar.Event) { e.Attendees[0].Response = "declined" }),
			OverrideInterview, want{reasonContains: "declined"}},
		{"cancelled", with(ev("Interview with Acme", jane), func(e *calendar.Event) { e.Status = "cancelled" }),
			"", want{reasonContains: "cancelled"}},
		{"own-block", with(ev("Debrief: Acme interview"), func(e *calendar.Event) {
			e.Private = map[string]string{calendar.PropKind: calendar.PropKindBlock, calendar.PropInterview: "x", calendar.PropCalendar: "primary"}
		}), "", want{reasonContains: "block"}},
		{"mock-interview", ev("Mock interview with friend", guest("Pat", "pat@gmail.com")),
			"", want{reasonContains: "mock interview"}},
		{"interview-prep-solo", ev("Interview prep"),
			"", want{reasonContains: "interview prep"}},
		{"team-sync", ev("Team sync", guest("", "boss@currentjob.com")),
			"", want{reasonContains: "internal"}},
		{"one-on-one", ev("1:1 with manager", guest("Boss", "boss@currentjob.com")),
			"", want{reasonContains: "internal"}},
		{"interviewer-side", ev("Interviewing candidates: backend panel", guest("", "recruiting@currentjob.com")),
			"", want{reasonContains: "not the candidate"}},
		{"interviewing-skills-workshop", ev("Interviewing skills workshop", guest("", "events@meetup.com")),
			"", want{reasonContains: "not the candidate"}},
		{"interviewer-training-external", ev("Interviewer training", guest("", "trainer@vendor.com")),
			"", want{reasonContains: "not the candidate"}},
		{"interviewer-invited-by-own-recruiting", ev("Interview: Jane Doe – Backend Engineer", guest("", "recruiting@currentjob.com"), guest("Jane Doe", "jane.doe@gmail.com")),
			"", want{reasonContains: "hiring side"}},
		{"internal-panel-own-domain", ev("Panel: Q3 roadmap", guest("", "cto@currentjob.com")),
			"", want{reasonContains: "internal"}},
		{"override-no", ev("Interview with Acme", jane),
			OverrideNotInterview, want{reasonContains: "marked"}},
		{"description-keyword-internal-only", with(ev("Weekly staff", guest("", "boss@currentjob.com")), func(e *calendar.Event) {
			e.Description = "Agenda: interview pipeline"
		}), "", want{reasonContains: "internal"}},
		{"description-keyword-solo", with(ev("Focus time"), func(e *calendar.Event) {
			e.Description = "prepare for interview"
		}), "", want{reasonContains: "solo event"}},
		{"lunch", ev("Lunch with Sam", guest("Sam", "sam@gmail.com")),
			"", want{reasonContains: "no interview signal"}},
		{"leverage-not-lever", with(ev("Sales call", guest("", "a@b2b.com")), func(e *calendar.Event) {
			e.Description = "How to leverage our product. Pull the lever."
		}), "", want{reasonContains: "no interview signal"}},
		{"excluded-domain", ev("Interview loop sync", guest("", "hr@employer.com")),
			"", want{reasonContains: "excluded"}},
		{"focus-time-for-interview-prep", with(ev("Interview focus"), func(e *calendar.Event) { e.EventType = "focusTime" }),
			"", want{reasonContains: "focusTime"}},
		{"dentist", ev("Dentist"),
			"", want{reasonContains: "solo event"}},
	}
	rules := defaultRules()
	rules.ExcludeDomains = []string{"employer.com"}
	if len(tests) < 40 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.e, rules, tt.ov)
			w := tt.want
			if got.Interview != w.interview {
				t.Fatalf("Detect(%q).Interview = %v (%s), want %v", tt.e.Summary, got.Interview, got.Reason, w.interview)
			}
			if w.reasonContains != "" && !strings.Contains(got.Reason, w.reasonContains) {
				t.Errorf("Detect(%q).Reason = %q, want it to contain %q", tt.e.Summary, got.Reason, w.reasonContains)
			}
			if !w.interview {
				return
			}
			if got.Company != w.company || got.Position != w.position || got.Kind != w.kind {
				t.Errorf("Detect(%q) = company %q position %q kind %q, want %q %q %q",
					tt.e.Summary, got.Company, got.Position, got.Kind, w.company, w.position, w.kind)
			}
			if w.checkFormat && got.Format != w.format {
				t.Errorf("Detect(%q).Format = %q, want %q", tt.e.Summary, got.Format, w.format)
			}
		})
	}
}

func TestDetectConfiguredDomain(t *testing.T) {
	r := defaultRules()
	r.Domains = []string{"weyland.com"}
	got := Detect(ev("Coffee", guest("", "talent@us.weyland.com")), r, "")
	if !got.Interview || got.Company != "Weyland" {
		t.Errorf("Detect(coffee from a configured domain) = %+v, want an interview with Weyland", got)
	}
}

func TestCleanField(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Acme", "Acme"},
		{"newlines", "Acme\nCorp\r\n", "Acme Corp"},
		{"bidi", "Ac\u202eme\u2066", "Acme"},
		{"invalid-utf8", "Ac\xffme", "Acme"},
		{"long", strings.Repeat("a", 200), strings.Repeat("a", maxField-1) + "…"},
		{"trim-punct", " - Acme: ", "Acme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanField(tt.in); got != tt.want {
				t.Errorf("cleanField(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func checkClean(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxField {
		t.Fatalf("%s %q is not valid bounded text", what, s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || clean.IsBidi(r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("%s %q holds %U", what, s, r)
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("Interview with Acme", "Company: Acme", "jane@acme.io")
	f.Add("[Greenhouse] Interview: Staff SRE at Umbrella Corp", "for the SRE role at Umbrella", "x@greenhouse.io")
	f.Add("Phone screen: Jane (\u202eStripe\u202c)", "", "a@b")
	f.Add(strings.Repeat("Interview (", 1000), strings.Repeat("at X ", 1000), "@@@")
	f.Add("Acme \xff\xfe – Engineer", "Position: \x00", "jane@\xffacme.io")
	r := defaultRules()
	r.Agencies = []string{"hirequest.com"}
	r.Learned = []Learned{{Series: "weekly", Company: "Initech"}, {Domain: "acme.io", Was: "Acme", Company: "Acme Labs \u202e"}}
	f.Fuzz(func(t *testing.T, title, desc, email string) {
		e := ev(title, guest(title, email))
		if len(desc)%2 == 1 {
			e.RecurringEventID = "weekly"
		}
		e.Description = desc
		e.Location = desc
		got := Detect(e, r, "")
		checkClean(t, "company", got.Company)
		checkClean(t, "position", got.Position)
	})
}

func TestDetectHugeTitle(t *testing.T) {
	title := "Interview with \u202eAcme\xff" + strings.Repeat("x\n", 1<<19)
	e := ev(title, guest("", "a@acme.io"))
	e.Description = strings.Repeat("interview at Acme ", 1<<16)
	got := Detect(e, defaultRules(), "")
	if !got.Interview {
		t.Errorf("Detect(1 MB title) = %+v, want an interview", got)
	}
	checkClean(t, "company", got.Company)
}

func TestDetectLearned(t *testing.T) {
	series := func(e calendar.Event) calendar.Event { e.RecurringEventID = "weekly"; return e }
	learned := []Learned{
		{Series: "weekly", Company: "Initech", Position: "SRE"},
		{Domain: "hirequest-talent.com", Was: "Hirequest Talent", Company: "Fabrikam Labs"},
	}
	tests := []struct {
		name      string
		e         calendar.Event
		company   string
		from      From
		wantPosit string
	}{
		{"series-wins-over-title", series(ev("Interview with Globex", guest("", "a@globex.com"))), "Initech", FromLearned, "SRE"},
		{"domain-replaces-its-own-reading", ev("Technical interview", guest("Rita", "rita@hirequest-talent.com")), "Fabrikam Labs", FromLearned, ""},
		{"domain-leaves-a-title-company", ev("Interview with Globex", guest("Rita", "rita@hirequest-talent.com")), "Globex", FromTitle, ""},
		{"other-domain-untouched", ev("Technical interview", guest("", "a@umbrella.com")), "Umbrella", FromDomain, ""},
	}
	r := defaultRules()
	r.Learned = learned
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Detect(tt.e, r, OverrideNone)
			if v.Company != tt.company || v.CompanyFrom != tt.from || v.Position != tt.wantPosit {
				t.Errorf("Detect(%q) = company %q from %q, position %q; want %q from %q, %q",
					tt.e.Summary, v.Company, v.CompanyFrom, v.Position, tt.company, tt.from, tt.wantPosit)
			}
		})
	}
}
