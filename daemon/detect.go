package daemon

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-dev/debrief/calendar"
)

// Rules are the detection rules of the [detect] table. Matching is
// case-insensitive and on word boundaries: "interview" matches
// "Interview with Acme" and "Interviews", not "interviewer".
type Rules struct {
	// Keywords mark an interview when found in the title, or in the
	// description of an event with at least one outside guest.
	Keywords []string
	// ExcludeKeywords in the title make an event never an interview
	// ("mock interview", "interview prep").
	ExcludeKeywords []string
	// Domains: an organizer or guest from one of these domains (or a
	// subdomain) marks an interview.
	Domains []string
	// ExcludeDomains: an organizer from one of these is never an
	// interview (the person's employer).
	ExcludeDomains []string
	// SchedulingTools are invitation signatures (greenhouse, lever, …)
	// looked for in the description and in participants' email domains.
	SchedulingTools []string
	// OwnDomains are the person's own domains: never taken for the
	// company, and an event whose every participant is from one of them
	// is an internal meeting, not the person's interview.
	OwnDomains []string
	// Agencies are recruiting agencies' domains: they organize interviews
	// for other companies, so their domain never names the company.
	Agencies []string
	// Learned are the person's corrections (`debrief set`), oldest first;
	// the daemon fills them in from the state directory.
	Learned []Learned
}

// Override is the person's decision about one event, kept by `debrief mark`.
type Override string

// The values of an Override; the zero value means "let detection decide".
const (
	OverrideNone         Override = ""
	OverrideInterview    Override = "interview"
	OverrideNotInterview Override = "not-interview"
)

// Verdict is what Detect decided about one event and what it read from it.
// Company and Position are clean single-line text of at most maxField runes.
type Verdict struct {
	Interview bool
	// Reason says why, in a few words, for `debrief plan` and logs.
	Reason   string
	Company  string
	Position string
	// CompanyFrom and PositionFrom say where Company and Position were
	// read: one of the From values.
	CompanyFrom  From
	PositionFrom From
	// Kind is the round: "phone screen", "technical", "system design",
	// "onsite", "final", "recruiter", "hiring manager", "panel",
	// "take-home review", "behavioral" or "interview".
	Kind string
	// Format is "video", "phone", "in-person" or "" (not known), the
	// values of notebook's Details.Format.
	Format string
}

// From says where a company or a position was read. It is kept in the
// record so that the person can see, and correct, how detection read the
// invitation.
type From string

// The values of From; the zero value means nothing was read.
const (
	FromNone        From = ""
	FromTitle       From = "title"
	FromDescription From = "description"
	FromDomain      From = "domain"
	FromPerson      From = "person"  // the person set it (debrief set, the form)
	FromLearned     From = "learned" // a correction the person made earlier
)

// Input bounds: hostile titles and descriptions are cut before parsing so
// that detection stays linear and cheap. An interview's keyword is in the
// first few kilobytes of a real invitation.
const (
	maxTitle       = 512
	maxDescription = 64 << 10
	maxField       = 80
)

// interviewerWords in a title say the person is on the hiring side, or
// that the event is about interviewing rather than an interview: the
// default keywords would otherwise take "Interviewing candidates: backend
// panel" or "Interviewer training" for the person's own interview.
var interviewerWords = []string{
	"interviewing", "interviewer", "interviewers", "candidate", "candidates",
	"hiring committee", "hiring debrief", "scorecard", "scorecards",
}

// notCandidateInDescription are built-in exclusions on top of
// ExcludeKeywords: an event whose description says it is a podcast is an
// interview of another kind.
var notCandidateInDescription = []string{"podcast"}

// Detect decides whether e is one of the person's interviews, and reads its
// company and position (see extract). It is a pure function of the event,
// the rules and the person's override for it.
//
// Never interviews, whatever the override: debrief's own blocks, cancelled
// events, events the person declined and all-day events (there is no end to
// put a block after). Then the override decides; then exclusions
// (ExcludeKeywords, interviewer-side titles unless the title names the
// person, a podcast, an organizer in ExcludeDomains, an organizer other
// than the person from OwnDomains — their employer does not organize their
// job interviews elsewhere, it has them interview candidates — and an event
// whose every participant is in OwnDomains); then the signals: a keyword in
// the title, a role "at" a company in the title, an applicant tracking
// system's or scheduler's signature (a generic booking tool such as
// Calendly is not one by itself), a participant from Domains, a keyword in
// the description of an event with an outside guest. A solo event counts
// only on a keyword in its title, and on a round word ("onsite", "final
// round") only when the title names the company too: people copy
// interviews into their own calendar by hand, and write who it is with.
//
// The cheap rejections come before any regular expression, and the company
// is read only for an interview.
func Detect(e calendar.Event, r Rules, ov Override) Verdict {
	no := func(reason string) Verdict { return Verdict{Reason: reason} }
	switch {
	case e.IsBlock():
		return no("debrief's own reflection block")
	case e.Status == "cancelled":
		return no("cancelled")
	case e.SelfResponse() == "declined":
		return no("declined")
	case e.AllDay:
		return no("all-day event")
	case e.EventType == "outOfOffice" || e.EventType == "focusTime" || e.EventType == "workingLocation":
		return no(e.EventType + " event")
	case ov == OverrideNotInterview:
		return no("marked not an interview")
	}
	title := lowerClip(e.Summary, maxTitle)
	read := func(reason string) Verdict {
		desc := lowerClip(e.Description, maxDescription)
		x := extract(e, r)
		return Verdict{
			Interview: true, Reason: reason,
			Company: x.company, Position: x.position,
			CompanyFrom: x.companyFrom, PositionFrom: x.positionFrom,
			Kind: kindOf(title, desc), Format: formatOf(e, title),
		}
	}
	if ov == OverrideInterview {
		return read("marked an interview")
	}
	if k := firstWord(title, r.ExcludeKeywords); k != "" {
		return no("excluded keyword " + quote(k) + " in title")
	}
	if k := firstWord(title, interviewerWords); k != "" && !namesSelf(e, title) {
		return no(quote(k) + " in title: the person is not the candidate")
	}
	org := domainOf(e.Organizer.Email)
	if org != "" && inDomains(org, r.ExcludeDomains) {
		return no("organizer domain " + org + " is excluded")
	}
	outside := outsiders(e, r)
	if len(r.OwnDomains) > 0 && len(outside) == 0 && hasGuests(e) {
		return no("internal meeting: every participant is from an own domain")
	}
	if !e.Organizer.Self && org != "" && inDomains(org, r.OwnDomains) {
		return no("organized from own domain " + org + ": the person is on the hiring side")
	}
	desc := lowerClip(e.Description, maxDescription)
	if k := firstWord(desc, notCandidateInDescription); k != "" {
		return no(quote(k) + " in description: not a job interview")
	}
	solo := !hasGuests(e)
	if k := firstWord(title, r.Keywords); k != "" {
		if solo && kindOf(title, "") != "interview" && !hasWord(title, "interview") {
			if x := extract(e, r); x.companyFrom != FromTitle {
				return no("round " + quote(k) + " in the title of a solo event that names no company")
			}
		}
		return read("keyword " + quote(k) + " in title")
	}
	if solo {
		return no("no interview keyword in the title of a solo event")
	}
	if roleAtTitle(e.Summary) {
		return read("a role at a company in title")
	}
	if t := toolOf(e, desc, r); t != "" {
		return read("scheduling tool " + t)
	}
	for _, p := range participants(e) {
		if d := domainOf(p); d != "" && inDomains(d, r.Domains) {
			return read("participant domain " + d)
		}
	}
	if len(outside) > 0 {
		if k := firstWord(desc, r.Keywords); k != "" {
			return read("keyword " + quote(k) + " in description")
		}
	}
	return no("no interview signal")
}

// namesSelf reports whether the lower-case title names the person (their
// display name or email local part): "Candidate Interview - Alex Morgan"
// is their own interview, whatever "candidate" suggests.
func namesSelf(e calendar.Event, title string) bool {
	var ps []calendar.Person
	if e.Organizer.Self {
		ps = append(ps, e.Organizer)
	}
	for _, a := range e.Attendees {
		if a.Self {
			ps = append(ps, calendar.Person{Name: a.Name, Email: a.Email})
		}
	}
	for _, p := range ps {
		if n := strings.ToLower(strings.TrimSpace(p.Name)); len(n) > 2 && strings.Contains(title, n) {
			return true
		}
		if local, _, _ := strings.Cut(strings.ToLower(p.Email), "@"); len(local) > 2 &&
			strings.Contains(title, strings.NewReplacer(".", " ", "_", " ").Replace(local)) {
			return true
		}
	}
	return false
}

// roleAtTitleRE: "Chat about the Mobile Engineer role at Driftwood",
// "re: Staff Engineer at Corallium".
var roleAtTitleRE = regexp.MustCompile(`(?i)\b(?:role|position|opening|engineer|developer|designer|manager|analyst|scientist)\b[^@]{0,20}\s(?:at|@)\s+\S`)

func roleAtTitle(title string) bool {
	return roleAtTitleRE.MatchString(clip(title, maxTitle))
}

func quote(s string) string { return `"` + s + `"` }

// lowerClip returns s cut to at most n bytes, made valid UTF-8, lower case.
func lowerClip(s string, n int) string {
	return strings.ToLower(clip(s, n))
}

// clip cuts s to at most n bytes on a rune boundary and drops invalid UTF-8.
func clip(s string, n int) string {
	if len(s) > n {
		i := n
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i]
	}
	return strings.ToValidUTF8(s, "")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// hasWord reports whether the lower-case text holds the lower-case phrase
// w on word boundaries; a plural "s" after it still matches.
func hasWord(text, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i <= len(text)-len(w); {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:j])
		after, size := utf8.DecodeRuneInString(text[end:])
		if after == 's' {
			after, _ = utf8.DecodeRuneInString(text[end+size:])
		}
		if (j == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		_, size = utf8.DecodeRuneInString(text[j:])
		i = j + size
	}
	return false
}

// firstWord returns the first of words found in text, lower case.
func firstWord(text string, words []string) string {
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if hasWord(text, w) {
			return w
		}
	}
	return ""
}

// kinds maps title phrases to the round they name, most specific first.
var kinds = []struct{ phrase, kind string }{
	{"phone screen", "phone screen"},
	{"system design", "system design"},
	{"technical screen", "technical"},
	{"tech screen", "technical"},
	{"coding screen", "technical"},
	{"coding", "technical"},
	{"technical", "technical"},
	{"take-home review", "take-home review"},
	{"hiring manager", "hiring manager"},
	{"recruiter", "recruiter"},
	{"final round", "final"},
	{"final", "final"},
	{"onsite", "onsite"},
	{"on-site", "onsite"},
	{"panel", "panel"},
	{"behavioral", "behavioral"},
	{"behavioural", "behavioral"},
	{"phone", "phone screen"},
}

func kindOf(title, desc string) string {
	for _, text := range []string{title, clip(desc, 4096)} {
		for _, k := range kinds {
			if hasWord(text, k.phrase) {
				return k.kind
			}
		}
	}
	return "interview"
}

var (
	phoneRE = regexp.MustCompile(`(?:\+|\b)\d[\d ().-]{7,}\d`)
	videoRE = regexp.MustCompile(`zoom\.us|meet\.google\.com|teams\.microsoft\.com|webex\.com|whereby\.com|chime\.aws|bluejeans\.com`)
)

// formatOf reads how the interview happens: conference data or a video
// link means video, a phone number or a phone round means phone, any other
// location means in person.
func formatOf(e calendar.Event, title string) string {
	loc := lowerClip(e.Location, 1024)
	switch {
	case e.ConferenceURL != "" || e.ConferenceName != "" || videoRE.MatchString(loc):
		return "video"
	case phoneRE.MatchString(loc) || hasWord(title, "phone") || strings.HasPrefix(loc, "tel:"):
		return "phone"
	case strings.TrimSpace(loc) != "" && !strings.Contains(loc, "://"):
		return "in-person"
	}
	return ""
}

// participants lists the organizer's and the guests' emails, lower case,
// without the person and rooms.
func participants(e calendar.Event) []string {
	var ps []string
	if !e.Organizer.Self && e.Organizer.Email != "" {
		ps = append(ps, strings.ToLower(e.Organizer.Email))
	}
	for _, a := range e.Attendees {
		if a.Self || a.Resource || a.Email == "" {
			continue
		}
		ps = append(ps, strings.ToLower(a.Email))
	}
	return ps
}

func hasGuests(e calendar.Event) bool { return len(participants(e)) > 0 }

// outsiders are the participants whose domain is not one of the person's.
func outsiders(e calendar.Event, r Rules) []string {
	var out []string
	for _, p := range participants(e) {
		d := domainOf(p)
		if d == "" || isCalendarDomain(d) || inDomains(d, r.OwnDomains) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func domainOf(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[i+1:]))
}

// inDomains reports whether d is one of list or a subdomain of one.
func inDomains(d string, list []string) bool {
	for _, x := range list {
		x = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(x), "@"))
		if x != "" && (d == x || strings.HasSuffix(d, "."+x)) {
			return true
		}
	}
	return false
}

func isCalendarDomain(d string) bool {
	return strings.HasSuffix(d, "calendar.google.com")
}

// toolDomains are the email and link domains of the scheduling tools named
// in [detect] scheduling_tools; a tool not listed here is matched by name.
var toolDomains = map[string][]string{
	"greenhouse":      {"greenhouse.io"},
	"lever":           {"lever.co"},
	"ashby":           {"ashbyhq.com"},
	"goodtime":        {"goodtime.io"},
	"calendly":        {"calendly.com"},
	"workday":         {"myworkday.com", "workday.com"},
	"smartrecruiters": {"smartrecruiters.com"},
	"icims":           {"icims.com"},
	"jobvite":         {"jobvite.com"},
	"modernloop":      {"modernloop.io"},
	"prelude":         {"prelude.co"},
	"gem.com":         {"gem.com"},
	"rippling ats":    {"rippling.com"},
	"personio":        {"personio.de", "personio.com"},
	"teamtailor":      {"teamtailor.com", "teamtailor-mail.com"},
	"recruitee":       {"recruitee.com"},
	"zoom":            {"zoom.us"},
	"teams":           {"teams.microsoft.com"},
	"webex":           {"webex.com"},
	"linkedin":        {"linkedin.com"},
}

// genericTools book haircuts and sales demos as well as interviews: their
// signature alone is no interview signal, but their domains still never
// name the company.
var genericTools = map[string]bool{"calendly": true}

// weakToolNames are tools whose bare name in a description is an ordinary
// word ("lever", "prelude", "workday"): only their domains count.
var weakToolNames = map[string]bool{"lever": true, "prelude": true, "workday": true, "gem.com": true}

// toolOf returns the scheduling tool whose signature the event carries: a
// participant from its domain, its domain in the description, or its name
// in the description.
func toolOf(e calendar.Event, desc string, r Rules) string {
	ps := participants(e)
	if c := strings.ToLower(e.Creator.Email); c != "" {
		ps = append(ps, c)
	}
	for _, t := range r.SchedulingTools {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || genericTools[t] {
			continue
		}
		for _, d := range toolDomains[t] {
			for _, p := range ps {
				if inDomains(domainOf(p), []string{d}) {
					return t
				}
			}
			if hasWord(desc, d) {
				return t
			}
		}
		if !weakToolNames[t] && hasWord(desc, t) {
			return t
		}
	}
	return ""
}

func isToolDomain(d string) bool {
	for _, ds := range toolDomains {
		if inDomains(d, ds) {
			return true
		}
	}
	return false
}

// freeMail are mail providers: a guest from one of them says nothing about
// the company.
var freeMail = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
	"msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com",
	"aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de",
	"gmx.net", "web.de", "fastmail.com", "hey.com", "yandex.com", "yandex.ru",
	"mail.ru", "zoho.com", "qq.com", "163.com", "126.com", "tutanota.com",
	"mail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "orange.fr",
	"free.fr", "t-online.de",
}
