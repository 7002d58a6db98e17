package reliability

import (
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
)

// FuzzCompany fuzzes company and position extraction through
// daemon.Detect with everything it reads the company from: the title, the
// organizer's and the guests' names and domains, the location and the
// conference name. Whatever the input, the company and the position are
// valid UTF-8 without control, format or bidi characters, at most 80
// runes; the verdict is the same twice; declined, cancelled and all-day
// events are never interviews. (daemon's FuzzDetect covers title,
// description and one guest.)
func FuzzCompany(f *testing.F) {
	f.Add("Interview – Acme Corp – Backend Engineer", "sam@acme.example", "Sam Lee", "Jane \u202eDoe", "jane@mail.acme.example", "Room 1", "Zoom Meeting")
	f.Add("[Greenhouse] Onsite: Staff SRE at Umbrella", "no-reply@greenhouse.io", "", "Bob", "bob@umbrella.co.uk", "", "")
	f.Add("Phone screen \xff\xfe", "x@\xff.example", "\x00", "\u2066\u200f", "@@", "<script>", "\u202d")
	f.Add("Interview with "+string(make([]byte, 600)), "a@b.c", "A", "B", "b@gmail.com", "Meet", "Google Meet")
	f.Add("Recruiter call | Company: Initech | Role: PM", "r@initech.example", "Initech Recruiting", "", "", "https://initech.zoom.us/j/1", "Zoom")
	d := config.Default().Detect
	rules := daemon.Rules{Keywords: d.Keywords, ExcludeKeywords: d.ExcludeKeywords, Domains: d.Domains,
		ExcludeDomains: d.ExcludeDomains, SchedulingTools: d.SchedulingTools, OwnDomains: []string{"currentjob.example"}}
	start := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, orgEmail, orgName, guestName, guestEmail, location, conference string) {
		e := calendar.Event{
			CalendarID: "primary", ID: "ev1", Status: "confirmed", Summary: title, Location: location,
			ConferenceName: conference, Start: start, End: start.Add(time.Hour), TimeZone: "UTC",
			Organizer: calendar.Person{Email: orgEmail, Name: orgName},
			Attendees: []calendar.Attendee{
				{Email: "me@gmail.com", Self: true, Response: "accepted"},
				{Email: orgEmail, Name: orgName, Organizer: true, Response: "accepted"},
				{Email: guestEmail, Name: guestName, Response: "accepted"},
			},
		}
		v := daemon.Detect(e, rules, "")
		for what, s := range map[string]string{"company": v.Company, "position": v.Position} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s %q: invalid UTF-8", what, s)
			}
			if n := utf8.RuneCountInString(s); n > 80 {
				t.Fatalf("%s %q: %d runes, want at most 80", what, s, n)
			}
			for _, r := range s {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
					t.Fatalf("%s %q holds %U", what, s, r)
				}
			}
		}
		if again := daemon.Detect(e, rules, ""); again != v {
			t.Fatalf("Detect is not deterministic: %+v then %+v", v, again)
		}
		for name, mod := range map[string]func(*calendar.Event){
			"declined":  func(e *calendar.Event) { e.Attendees[0].Response = "declined" },
			"cancelled": func(e *calendar.Event) { e.Status = "cancelled" },
			"all-day":   func(e *calendar.Event) { e.AllDay = true },
		} {
			c := e
			c.Attendees = append([]calendar.Attendee(nil), e.Attendees...)
			mod(&c)
			if daemon.Detect(c, rules, "").Interview {
				t.Fatalf("%s event %q taken for an interview", name, title)
			}
		}
	})
}
