package daemon

import (
	"bufio"
	_ "embed"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/clean"
)

// Learned is a correction the person made (`debrief set`), remembered so
// that later invitations of the same recurring series, or from the same
// organizer's domain, are read the same way.
type Learned struct {
	// Series is the recurring event id the correction was made on, if any.
	Series string `json:"series,omitempty"`
	// Domain is the organizer's email domain, if it may name companies
	// (not free mail, a tool, an agency or one of the person's own).
	Domain string `json:"domain,omitempty"`
	// Was is the company detection had read, which the person corrected.
	Was string `json:"was,omitempty"`
	// Company and Position are what the person set; "" leaves one alone.
	Company  string `json:"company,omitempty"`
	Position string `json:"position,omitempty"`
}

// reading is what extract read from an event.
type reading struct {
	company, position         string
	companyFrom, positionFrom From
}

// extract reads the company and the position of an interview the way the
// person reads the invitation, in this order:
//
//  1. a correction the person made for the event's recurring series;
//  2. the title, which the person wrote or accepted: a company named in it
//     wins ("Interview with Fabrikam Labs", "Acme onsite", "Alex <> Ramp |
//     Onsite", "[Pelican Pay] Interview");
//  3. the description: a "Company:" (or "Client:", "Firma:", "Empresa:",
//     "Entreprise:") line, then "the X role at Y", "your application to Y";
//  4. a correction the person made for the organizer's domain;
//  5. the organizer's, then the guests', email domain — never one of an
//     applicant tracking system, scheduler or video tool, free mail, the
//     person's own domains, reserved example domains or a configured agency.
//
// Title segments that name a person (a guest's display name or email local
// part, or a common given name followed by at most one capitalised word)
// are never the company. When the company comes from a domain that the
// title spells out ("tailwindtraders.com", "Tailwind Traders"), the title's
// spelling is used.
func extract(e calendar.Event, r Rules) reading {
	title := clip(e.Summary, maxTitle)
	desc := stripTags(clip(e.Description, 16<<10))
	names := personNames(e)
	var out reading

	setPos := func(p string, from From) {
		if p = cleanField(p); p != "" && out.position == "" {
			out.position, out.positionFrom = p, from
		}
	}
	setCompany := func(c string, from From) {
		if c = cleanField(c); c != "" && out.company == "" {
			out.company, out.companyFrom = c, from
		}
	}

	series := learnedFor(r.Learned, func(l Learned) bool { return l.Series != "" && l.Series == e.RecurringEventID })
	if series != nil {
		setCompany(series.Company, FromLearned)
		setPos(series.Position, FromLearned)
	}

	tc, tp := fromTitle(title, names)
	setCompany(tc, FromTitle)
	setPos(tp, FromTitle)

	dc, dp := fromDescription(desc)
	setCompany(dc, FromDescription)
	setPos(dp, FromDescription)

	org := domainOf(e.Organizer.Email)
	domain := learnedFor(r.Learned, func(l Learned) bool { return l.Domain != "" && l.Domain == org })
	if domain != nil {
		switch {
		case domain.Company != "" && (out.company == "" || fold(out.company) == fold(domain.Was)):
			out.company, out.companyFrom = "", FromNone
			setCompany(domain.Company, FromLearned)
		}
		setPos(domain.Position, FromLearned)
	}

	if out.company == "" {
		if d := companyDomain(e, r); d != "" {
			label := domainLabel(d)
			if s := spelledIn(title, label); s != "" {
				setCompany(s, FromTitle)
			} else {
				setCompany(titleCase(strings.ReplaceAll(label, "-", " ")), FromDomain)
			}
		}
	}
	return out
}

// learnedFor returns the last correction that matches, or nil.
func learnedFor(ls []Learned, match func(Learned) bool) *Learned {
	for i := len(ls) - 1; i >= 0; i-- {
		if match(ls[i]) {
			return &ls[i]
		}
	}
	return nil
}

// fold is s lower case without spaces and punctuation: "Tailwind Traders",
// "tailwind-traders" and "TailwindTraders" fold alike.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// spelledIn returns the run of title words that folds to label ("Tailwind
// Traders" for "tailwindtraders"), or "".
func spelledIn(title, label string) string {
	want := fold(label)
	if len(want) < 3 {
		return ""
	}
	words := strings.FieldsFunc(title, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|/:()[]<>·•,", r)
	})
	for i := range words {
		acc := ""
		for j := i; j < len(words) && j < i+4; j++ {
			acc += fold(words[j])
			if acc == want {
				return strings.Join(words[i:j+1], " ")
			}
			if !strings.HasPrefix(want, acc) {
				break
			}
		}
	}
	return ""
}

// fieldNames are description lines that name the company, in several
// languages; positionNames name the position.
var (
	fieldNames    = []string{"company", "client", "employer", "firma", "unternehmen", "empresa", "entreprise", "société"}
	positionNames = []string{"position", "role", "job", "job title", "stelle", "poste", "puesto"}
)

// field returns the value of the first "Name: value" line of the
// description whose name is one of names.
func field(desc string, names []string) string {
	for line := range strings.Lines(desc) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && slices.Contains(names, strings.ToLower(strings.TrimSpace(k))) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

var tagRE = regexp.MustCompile(`<[^>]{0,200}>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, " ") }

var (
	// roleAtRE: "for the Senior Engineer role at Acme", "position at Acme".
	roleAtRE = regexp.MustCompile(`(?i)\bfor (?:the |a |an )?(?:position of )?([^\n.,;:]{2,80}?) (?:role|position|opening) (?:at|with) ([^\n.,;:()]{2,80})`)
	atRE     = regexp.MustCompile(`(?i)\b(?:role|position|opening|interview|interviewing|application|applied|applying) (?:at|with|to|for) ([A-Z][^\n.,;:()!?]{1,60})`)
	// roleOfRE: "the position of X", "für die Position X", "pour le poste
	// de X", "para el puesto de X"; roleRE: "for the Growth Marketing
	// Manager role".
	roleOfRE = regexp.MustCompile(`(?i)\b(?:the position of|für die Position|pour le poste de|para el puesto de) ([^\n.,;]{2,80}?)(?: einzuladen)?[\n.,;]`)
	roleRE   = regexp.MustCompile(`(?i)\bfor (?:the |a |an )?([^\n.,;:]{2,60}?) (?:role|position|opening)\b`)
	reqIDRE  = regexp.MustCompile(`\s*\(?\b[A-Z]{1,4}-?\d{3,}\b\)?`)
)

func fromDescription(desc string) (company, position string) {
	company = field(desc, fieldNames)
	position = field(desc, positionNames)
	if c, p, ok := splitAt(position); ok {
		position = p
		if company == "" {
			company = c
		}
	}
	if m := roleAtRE.FindStringSubmatch(desc); m != nil {
		if company == "" {
			company = trimCompany(m[2])
		}
		if position == "" {
			position = m[1]
		}
	}
	if m := atRE.FindStringSubmatch(desc); m != nil && company == "" {
		company = trimCompany(m[1])
	}
	if m := roleOfRE.FindStringSubmatch(desc); m != nil && position == "" {
		position = m[1]
	}
	if m := roleRE.FindStringSubmatch(desc); m != nil && position == "" {
		position = m[1]
	}
	return company, reqIDRE.ReplaceAllString(position, "")
}

// splitAt splits "Backend Developer at Cinder Cloud" into the company and
// the position.
func splitAt(s string) (company, position string, ok bool) {
	if parts := atSplit.Split(s, 2); len(parts) == 2 && isRole(parts[0]) {
		return strings.TrimSpace(parts[1]), strings.TrimSpace(parts[0]), true
	}
	return "", s, false
}

// trimCompany cuts a company name read from running text at the first
// lower-case word: "Acme Corp next week" is "Acme Corp"; "&" and "de"
// inside a name stay.
func trimCompany(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		r := []rune(w)
		if len(r) > 0 && unicode.IsLower(r[0]) && w != "de" && w != "and" {
			ws = ws[:i]
			break
		}
	}
	return strings.Join(ws, " ")
}

var (
	// sepRE splits a title into its parts.
	sepRE = regexp.MustCompile(`\s+[-–—|/·•]+\s+|\s*[:|]\s+|\s*::\s*|\s+x\s+|\s*<>\s*|\s*[–—|]\s*`)
	// prefixRE is what calendars and tools put before a title.
	prefixRE  = regexp.MustCompile(`(?i)^\s*(?:(?:updated |new )?invitation|invite|rescheduled|updated|accepted|tentatively accepted|re|fw|fwd|reminder)\s*:\s*`)
	bracketRE = regexp.MustCompile(`\[([^\]]{1,60})\]`)
	parenRE   = regexp.MustCompile(`\(([^()]{1,80})\)`)
	// betweenRE is Calendly's "… between Host and Invitee".
	betweenRE    = regexp.MustCompile(`(?i)\s+between\s+.+\s+and\s+.+$`)
	atSplit      = regexp.MustCompile(`(?i)\s+(?:at|bei|chez)\s+|\s*@\s*`)
	forSplit     = regexp.MustCompile(`(?i)^(?:for|re|fw|fwd)\s+(?:the\s+|a\s+|an\s+)?`)
	fromSplit    = regexp.MustCompile(`(?i)\s+(?:from|von|de la|de chez)\s+`)
	forRoleSplit = regexp.MustCompile(`(?i)\s+(?:for|für|pour|para)\s+(?:the\s+|a\s+|an\s+|die\s+|le\s+|el\s+)?`)
	withRE       = regexp.MustCompile(`(?i)(?:^|\s)(?:with|w/|mit|avec|con)\s*(?:(?:the|der|die|dem|den|la|le|el)\s+)?`)
	// numberRE: "2", "2pm", "10:30", "R-20871".
	numberRE = regexp.MustCompile(`^(?:\d+(?:st|nd|rd|th)?|\d{1,2}(?::\d\d)?(?:am|pm)|[A-Z]{1,4}-?\d{3,})$`)
)

// phrases are removed from title segments before what remains is taken for
// a company or a role: the rounds and the words around them.
var phrases = []string{
	"hiring manager", "system design", "phone screen", "technical screen",
	"tech screen", "coding screen", "recruiter call", "recruiter screen",
	"final round", "take-home review", "on-site", "video call", "phone call",
	"google meet", "zoom meeting", "microsoft teams", "next round", "first round",
	"second round", "third round", "invitation", "updated invitation",
	"entretien d'embauche", "entrevista de trabajo", "pair programming",
}

var phraseRE = regexp.MustCompile(`(?i)(?:^|\b)(?:` + quoteAll(phrases) + `)(?:\b|$)`)

func quoteAll(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(q, "|")
}

// fillers are title words that say what kind of meeting it is, never who
// it is with.
var fillers = map[string]bool{
	"interview": true, "interviews": true, "call": true, "screen": true,
	"screening": true, "round": true, "chat": true, "meeting": true,
	"virtual": true, "video": true, "zoom": true, "first": true, "second": true,
	"third": true, "final": true, "initial": true, "intro": true, "introductory": true,
	"technical": true, "coding": true, "phone": true,
	"onsite": true, "panel": true, "recruiter": true, "recruiting": true, "behavioral": true,
	"behavioural": true, "loop": true, "conversation": true, "the": true,
	"and": true, "-": true, "for": true, "re": true,
	"with": true, "a": true, "an": true, "invite": true, "confirmed": true,
	"rescheduled": true, "updated": true, "canceled": true, "cancelled": true,
	"session": true, "sync": true, "debrief": true, "hr": true, "culture": true,
	"fit": true, "pairing": true, "pair": true, "programming": true,
	"architecture": true, "design": true, "review": true, "presentation": true,
	"discussion": true, "greenhouse": true, "lever": true, "ashby": true,
	"goodtime": true, "calendly": true, "workday": true, "modernloop": true,
	"gem": true, "linkedin": true, "teams": true, "webex": true, "meet": true,
	"google": true, "microsoft": true, "of": true, "between": true,
	"confirmation": true, "scheduled": true, "reminder": true, "new": true,
	"event": true, "min": true, "mins": true, "minute": true, "minutes": true,
	"position": true, "role": true, "opening": true, "coffee": true,
	"client": true, "candidate": true, "values": true, "step": true, "part": true,
	"hm": true, "slots": true, "about": true, "stage": true, "assessment": true,
	"vorstellungsgespräch": true, "bewerbungsgespräch": true, "kennenlerngespräch": true,
	"gespräch": true, "zweites": true, "erstes": true, "drittes": true, "mit": true,
	"entretien": true, "technique": true, "avec": true, "entrevista": true,
	"técnica": true, "tecnica": true, "con": true, "de": true, "trabajo": true,
	"w/": true, "rh": true, "rrhh": true,
}

// leadFillers are fillers only before any other word: "Tech interview –
// BlueOcean", but "Cometa Tech".
var leadFillers = map[string]bool{"tech": true}

// roleWords make a title segment a position rather than a company.
var roleWords = []string{
	"engineer", "engineering", "developer", "designer", "manager", "scientist",
	"analyst", "architect", "sre", "devops", "lead", "director", "intern",
	"internship", "consultant", "specialist", "administrator", "researcher",
	"programmer", "swe", "sde", "pm", "tpm", "qa", "writer", "marketer",
	"accountant", "associate", "coordinator", "officer", "head", "vp",
	"product manager", "owner", "advocate", "technician", "eng", "programme", "chef",
	"program", "graduate", "strategist", "executive", "chef de projet",
	"développeur", "desarrollador", "ingeniero", "ingénieur", "analista",
	"gerente", "entwickler", "softwareentwickler", "berater", "leiter",
	"datenanalyst",
}

// roleSuffixes make a compound word a role: "Datenanalyst", "Softwareentwickler".
var roleSuffixes = []string{"analyst", "entwickler", "ingenieur", "berater", "leiter", "manager"}

func isRole(s string) bool {
	low := strings.ToLower(s)
	if firstWord(low, roleWords) != "" {
		return true
	}
	for _, w := range strings.Fields(low) {
		for _, suf := range roleSuffixes {
			if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
				return true
			}
		}
	}
	return false
}

// candidate is a company name read from the title; strong ones come after
// "at", "from", in brackets or parentheses.
type candidate struct {
	text   string
	strong bool
}

// fromTitle splits the title into segments and classifies each as a round,
// a person, a position or a company.
func fromTitle(title string, names map[string]bool) (company, position string) {
	title = prefixRE.ReplaceAllString(title, "")
	title = betweenRE.ReplaceAllString(title, "")
	var cands []candidate
	var parenRole *[3]string // role, "(…)", what is inside
	classify := func(s string, strong bool) {
		rest := strip(s)
		switch {
		case rest == "" || isPerson(rest, names):
		case isRole(rest):
			if position == "" {
				position = rest
			}
		default:
			cands = append(cands, candidate{rest, strong})
		}
	}
	for _, m := range bracketRE.FindAllStringSubmatch(title, 2) {
		classify(m[1], true)
	}
	title = bracketRE.ReplaceAllString(title, " | ")
	for _, seg := range sepRE.Split(title, 8) {
		// "Developer (iOS) - Beacon Health", "Product Manager (Oakfield)":
		// a parenthesis right after a role is the company unless another
		// part of the title names one; then it belongs to the position.
		if loc := parenRE.FindStringIndex(seg); loc != nil && loc[0] > 0 && parenRole == nil {
			before, inner := strip(seg[:loc[0]]), strip(seg[loc[0]+1:loc[1]-1])
			if before != "" && isRole(before) && !atSplit.MatchString(seg[:loc[0]]) && strings.TrimSpace(seg[loc[1]:]) == "" &&
				inner != "" && !isPerson(inner, names) && !isRole(inner) {
				parenRole = &[3]string{before, seg[loc[0]:loc[1]], inner}
				continue
			}
		}
		for _, m := range parenRE.FindAllStringSubmatch(seg, 2) {
			classify(m[1], true)
		}
		seg = parenRE.ReplaceAllString(seg, " ")
		// "… with Bob from Acme".
		if parts := fromSplit.Split(seg, 2); len(parts) == 2 {
			if c := strip(parts[1]); c != "" && !isRole(c) && !isPerson(c, names) {
				cands = append(cands, candidate{c, true})
				seg = parts[0]
			}
		}
		// "… for Senior Engineer".
		if parts := forRoleSplit.Split(seg, 2); len(parts) == 2 {
			if p := strip(parts[1]); p != "" && isRole(p) {
				// "… for Backend Engineer at Ember".
				if c, r, ok := splitAt(p); ok {
					cands = append(cands, candidate{strip(c), true})
					p = strip(r)
				}
				if position == "" {
					position = p
				}
				seg = parts[0]
			}
		}
		// "Data Analyst interview at Sunpeak".
		if parts := atSplit.Split(seg, 2); len(parts) == 2 {
			if p := strip(forSplit.ReplaceAllString(parts[0], "")); p != "" && position == "" && isRole(p) {
				position = p
			}
			if c := strip(parts[1]); c != "" && !isPerson(c, names) {
				cands = append(cands, candidate{c, true})
			}
			continue
		}
		if loc := withRE.FindStringIndex(seg); loc != nil {
			seg = seg[loc[1]:]
		}
		classify(seg, false)
	}
	// In a title written with capitals, a lower-case remainder ("from
	// home", "recruiting") is not a name.
	if strings.ToLower(title) != title {
		cands = slices.DeleteFunc(cands, func(c candidate) bool { return strings.ToLower(c.text) == c.text })
	}
	if parenRole != nil {
		switch {
		case len(cands) > 0 && position == "":
			position = parenRole[0] + " " + parenRole[1]
		case len(cands) == 0:
			cands = append(cands, candidate{parenRole[2], true})
			if position == "" {
				position = parenRole[0]
			}
		}
	}
	for _, c := range cands {
		if c.strong {
			return c.text, position
		}
	}
	if len(cands) > 0 {
		return cands[0].text, position
	}
	return "", position
}

// strip removes round phrases, and filler words and numbers at either end,
// from a title segment: "Hooli round 2 interview" is "Hooli", and "Chef
// de projet" keeps its "de".
func strip(seg string) string {
	ws := strings.Fields(phraseRE.ReplaceAllString(seg, " "))
	drop := func(w string, lead bool) bool {
		t := strings.Trim(w, ",.;:!?\"'-–—|/&+")
		low := strings.ToLower(t)
		return t == "" || fillers[low] || (lead && leadFillers[low]) || numberRE.MatchString(t)
	}
	for len(ws) > 0 && drop(ws[0], true) {
		ws = ws[1:]
	}
	for len(ws) > 0 && drop(ws[len(ws)-1], false) {
		ws = ws[:len(ws)-1]
	}
	return strings.Trim(strings.Join(ws, " "), " ,.;:!?-–—|/&+")
}

// companyWords in a name make it a company even when it starts with a
// given name ("Grace Labs", "Jordan Health").
var companyWords = map[string]bool{
	"labs": true, "lab": true, "group": true, "health": true, "systems": true,
	"inc": true, "ltd": true, "llc": true, "llp": true, "gmbh": true, "ag": true,
	"sas": true, "sa": true, "co": true, "corp": true, "company": true,
	"technologies": true, "tech": true, "software": true, "studio": true,
	"partners": true, "capital": true, "bank": true, "media": true, "ai": true,
	"industries": true, "consulting": true, "solutions": true, "games": true,
	"data": true, "cloud": true, "energy": true, "bio": true, "pay": true,
	"enterprises": true, "holdings": true, "ventures": true, "partner": true,
	"robotics": true, "analytics": true, "logistics": true, "foods": true,
}

// isPerson reports whether s names a person: a guest's name or email local
// part (the person's own included), or one or two capitalised words the
// first of which is a common given name, none a company word.
func isPerson(s string, names map[string]bool) bool {
	low := strings.ToLower(strings.TrimSpace(s))
	if names[low] {
		return true
	}
	if names[domainPrefix+fold(s)] || names[domainPrefix+fold(strings.Fields(s + " x")[0])] {
		return false // a participant's domain spells it: "Wayne" of wayne.co.uk
	}
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 2 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || companyWords[strings.ToLower(strings.Trim(w, ".,"))] {
			return false
		}
	}
	return givenNames()[strings.ToLower(ws[0])]
}

//go:embed names/given-names.txt
var givenNamesTxt string

// givenNames is the embedded list of common given names (see
// names/README.md for its source and licence).
var givenNames = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 9000)
	sc := bufio.NewScanner(strings.NewReader(givenNamesTxt))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[w] = true
		}
	}
	return m
})

// personNames are the guests' and organizer's names, their first names and
// the local parts of their emails ("jane doe", "jane", "jane.doe" as "jane
// doe"), lower case: a title segment equal to one names a person, not a
// company.
func personNames(e calendar.Event) map[string]bool {
	names := map[string]bool{}
	add := func(name, email string) {
		if name = strings.ToLower(clean.Line(name, 200)); name != "" {
			names[name] = true
			if f := strings.Fields(name); len(f) > 1 {
				names[f[0]] = true
			}
		}
		if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok && local != "" {
			names[strings.NewReplacer(".", " ", "_", " ").Replace(local)] = true
		}
	}
	add(e.Organizer.Name, e.Organizer.Email)
	for _, a := range e.Attendees {
		if !a.Resource {
			add(a.Name, a.Email)
		}
	}
	for _, p := range participants(e) {
		if d := domainOf(p); strings.Contains(d, ".") {
			names[domainPrefix+fold(domainLabel(d))] = true
		}
	}
	return names
}

// domainPrefix marks the participants' domain labels in personNames: they
// are companies, not people.
const domainPrefix = "\x00domain:"

// companyDomain returns the first organizer or guest domain that may name
// the company: not free mail, the person's own, a tool's, an agency's, a
// reserved example domain or Google's.
func companyDomain(e calendar.Event, r Rules) string {
	for _, p := range participants(e) {
		if d := domainOf(p); NamesCompany(d, r) {
			return d
		}
	}
	return ""
}

// NamesCompany reports whether the email domain d can name the company of
// an interview: it is not free mail, one of the person's own domains, an
// applicant tracking system's, scheduler's or video tool's, an agency's, a
// reserved example domain or Google Calendar's.
func NamesCompany(d string, r Rules) bool {
	d = strings.ToLower(strings.TrimSpace(d))
	return d != "" && strings.Contains(d, ".") && !isCalendarDomain(d) && !inDomains(d, freeMail) &&
		!inDomains(d, r.OwnDomains) && !isToolDomain(d) && !inDomains(d, r.Agencies) && !isReserved(d)
}

// isReserved reports the domains RFC 2606 and RFC 6761 keep for examples
// and tests: they name no company.
func isReserved(d string) bool {
	if inDomains(d, []string{"example.com", "example.org", "example.net"}) {
		return true
	}
	i := strings.LastIndexByte(d, '.')
	switch d[i+1:] {
	case "example", "test", "invalid", "localhost", "local":
		return true
	}
	return false
}

// domainLabel is the name part of a domain: "eng.acme.io" is "acme",
// "globex.co.uk" is "globex", "riverstone.onmicrosoft.com" is "riverstone".
func domainLabel(d string) string {
	labels := strings.Split(d, ".")
	if len(labels) >= 3 && labels[len(labels)-2] == "onmicrosoft" {
		return labels[len(labels)-3]
	}
	name := labels[len(labels)-2]
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 {
		switch name {
		case "co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc":
			name = labels[len(labels)-3]
		}
	}
	return name
}

func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		ws[i] = string(r)
	}
	return strings.Join(ws, " ")
}

// cleanField makes s safe to show and store with the rules of package
// internal/clean, on one line, without the punctuation a title puts around
// a name, at most maxField runes.
func cleanField(s string) string {
	s = clean.Line(clip(s, 4*4*maxField), 4*maxField)
	s = strings.Trim(s, " ,.;:!?-–—|/\"'")
	return clean.Line(s, maxField)
}
