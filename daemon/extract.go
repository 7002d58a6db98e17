package daemon

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/clean"
)

// extract reads the company and the position of an interview, in order of
// trust: a "Company:" line in the description; the title (a parenthesis, "…
// at Company", a segment between separators that is not a round, a role or
// a guest's name); the description ("the X role at Y"); the organizer's
// and guests' domains ("jane@acme.io" is Acme) — unless the title's only
// candidate came after "with", which names a person as often as a company,
// and then a domain wins.
func extract(e calendar.Event, r Rules) (company, position string) {
	title := clip(e.Summary, maxTitle)
	desc := clip(e.Description, maxDescription)
	names := personNames(e)

	descCompany := field(desc, "company")
	position = field(desc, "position")
	if position == "" {
		position = field(desc, "role")
	}

	tc, tp, weak := fromTitle(title, names)
	if low := strings.ToLower(title); firstWord(low, r.Keywords) == "" && kindOf(low, "") == "interview" {
		// A title without a round in it ("Coffee", "Meet the team")
		// rarely names the company.
		weak = true
	}
	if position == "" {
		position = tp
	}
	dc, dp := fromDescription(desc)
	if position == "" {
		position = dp
	}
	domain := fromDomains(e, r)

	switch {
	case descCompany != "":
		company = descCompany
	case tc != "" && !(weak && domain != ""):
		company = tc
	case dc != "":
		company = dc
	case domain != "":
		company = domain
	default:
		company = tc
	}
	return cleanField(company), cleanField(position)
}

// field returns the value of a "Name: value" line of the description.
func field(desc, name string) string {
	for line := range strings.Lines(clip(desc, 16<<10)) {
		line = strings.TrimSpace(stripTags(line))
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return cleanField(v)
		}
	}
	return ""
}

var tagRE = regexp.MustCompile(`<[^>]{0,200}>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, " ") }

var (
	// roleAtRE: "for the Senior Engineer role at Acme", "position at Acme".
	roleAtRE = regexp.MustCompile(`(?i)\bfor (?:the |a |an )?([^\n.,;:]{2,80}?) (?:role|position|opening) (?:at|with) ([^\n.,;:()]{2,80})`)
	atRE     = regexp.MustCompile(`(?i)\b(?:role|position|opening|interview|interviewing) (?:at|with) ([A-Z][^\n.,;:()!?]{1,60})`)
)

func fromDescription(desc string) (company, position string) {
	d := stripTags(clip(desc, 16<<10))
	if m := roleAtRE.FindStringSubmatch(d); m != nil {
		return trimCompany(m[2]), m[1]
	}
	if m := atRE.FindStringSubmatch(d); m != nil {
		return trimCompany(m[1]), ""
	}
	return "", ""
}

// trimCompany cuts a company name read from running text at the first
// lower-case word: "Acme Corp next week" is "Acme Corp".
func trimCompany(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		r := []rune(w)
		if len(r) > 0 && unicode.IsLower(r[0]) {
			ws = ws[:i]
			break
		}
	}
	return strings.Join(ws, " ")
}

var (
	// separators between the parts of a title.
	sepRE        = regexp.MustCompile(`\s+[-–—|/·•]+\s+|\s*[:|]\s+|\s*::\s*|\s+x\s+|\s*[–—|]\s*`)
	bracket      = regexp.MustCompile(`^\s*\[[^\]]{0,40}\]\s*`)
	parenRE      = regexp.MustCompile(`\(([^()]{1,80})\)`)
	atSplit      = regexp.MustCompile(`(?i)\s+(?:at|@)\s+`)
	forSplit     = regexp.MustCompile(`(?i)^(?:for|re|fw|fwd)\s+(?:the\s+|a\s+|an\s+)?`)
	fromSplit    = regexp.MustCompile(`(?i)\s+from\s+`)
	forRoleSplit = regexp.MustCompile(`(?i)\s+for\s+(?:the\s+|a\s+|an\s+)?`)
	withRE       = regexp.MustCompile(`(?i)\b(?:with\s+|w/\s*)`)
)

// phrases are removed from title segments before what remains is taken for
// a company or a role: the rounds and the words around them.
var phrases = []string{
	"hiring manager", "system design", "phone screen", "technical screen",
	"tech screen", "coding screen", "recruiter call", "recruiter screen",
	"final round", "take-home review", "on-site", "video call", "phone call",
	"google meet", "zoom meeting", "next round", "first round", "second round",
	"third round", "invitation", "updated invitation",
}

var phraseRE = regexp.MustCompile(`(?i)(?:^|\b)(?:` + quoteAll(phrases) + `)(?:\b|$)`)

func quoteAll(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(q, "|")
}

var fillers = map[string]bool{
	"interview": true, "interviews": true, "call": true, "screen": true,
	"screening": true, "round": true, "chat": true, "meeting": true,
	"virtual": true, "video": true, "zoom": true, "1st": true, "2nd": true,
	"3rd": true, "4th": true, "first": true, "second": true, "third": true,
	"final": true, "initial": true, "intro": true, "introductory": true,
	"technical": true, "tech": true, "coding": true, "phone": true,
	"onsite": true, "panel": true, "recruiter": true, "behavioral": true,
	"behavioural": true, "loop": true, "conversation": true, "the": true,
	"and": true, "&": true, "+": true, "-": true, "for": true, "re": true,
	"with": true, "a": true, "an": true, "invite": true, "confirmed": true,
	"rescheduled": true, "updated": true, "canceled": true, "cancelled": true,
	"session": true, "sync": true, "debrief": true, "hr": true, "culture": true,
	"fit": true, "pairing": true, "pair": true, "programming": true,
	"architecture": true, "design": true, "review": true, "presentation": true,
	"discussion": true, "greenhouse": true, "lever": true, "ashby": true,
	"goodtime": true, "calendly": true, "of": true, "between": true,
	"confirmation": true, "scheduled": true, "reminder": true, "new": true,
	"event": true, "min": true, "minute": true, "minutes": true, "30": true,
	"45": true, "60": true, "position": true, "role": true, "opening": true,
}

// roleWords make a title segment a position rather than a company.
var roleWords = []string{
	"engineer", "engineering", "developer", "designer", "manager", "scientist",
	"analyst", "architect", "sre", "devops", "lead", "director", "intern",
	"internship", "consultant", "specialist", "administrator", "researcher",
	"programmer", "swe", "sde", "pm", "tpm", "qa", "writer", "marketer",
	"accountant", "associate", "coordinator", "officer", "head", "vp",
	"product manager", "owner", "recruiter", "advocate", "technician",
}

func isRole(s string) bool { return firstWord(strings.ToLower(s), roleWords) != "" }

// fromTitle splits the title into segments and classifies them. weak
// reports that the company came only from "with X".
func fromTitle(title string, names map[string]bool) (company, position string, weak bool) {
	title = bracket.ReplaceAllString(title, "")
	var candidates []string
	var withCandidates []string
	for _, seg := range sepRE.Split(title, 8) {
		for _, m := range parenRE.FindAllStringSubmatch(seg, 2) {
			in := strings.TrimSpace(m[1])
			switch rest := strip(in); {
			case rest == "" || names[strings.ToLower(rest)]:
			case isRole(rest):
				if position == "" {
					position = rest
				}
			default:
				candidates = append(candidates, rest)
			}
		}
		seg = parenRE.ReplaceAllString(seg, " ")
		// "… with Bob from Acme", "… for Senior Engineer".
		if parts := fromSplit.Split(seg, 2); len(parts) == 2 {
			if c := strip(parts[1]); c != "" && !isRole(c) {
				candidates = append([]string{c}, candidates...)
				seg = parts[0]
			}
		}
		if parts := forRoleSplit.Split(seg, 2); len(parts) == 2 {
			if p := strip(parts[1]); p != "" && isRole(p) {
				if position == "" {
					position = p
				}
				seg = parts[0]
			}
		}
		if parts := atSplit.Split(seg, 2); len(parts) == 2 {
			if p := strip(forSplit.ReplaceAllString(parts[0], "")); p != "" && position == "" {
				position = p
			}
			if c := strip(parts[1]); c != "" {
				candidates = append([]string{c}, candidates...)
			}
			continue
		}
		fromWith := false
		if loc := withRE.FindStringIndex(seg); loc != nil {
			fromWith = true
			seg = seg[loc[1]:]
		}
		rest := strip(seg)
		switch {
		case rest == "" || names[strings.ToLower(rest)]:
		case isRole(rest):
			if position == "" {
				position = rest
			}
		case fromWith:
			withCandidates = append(withCandidates, rest)
		default:
			candidates = append(candidates, rest)
		}
	}
	// In a title written with capitals, a lower-case remainder ("from
	// home") is not a name.
	if strings.ToLower(title) != title {
		named := func(c string) bool { return strings.ToLower(c) == c }
		candidates = slices.DeleteFunc(candidates, named)
		withCandidates = slices.DeleteFunc(withCandidates, named)
	}
	switch {
	case len(candidates) > 0:
		return candidates[0], position, false
	case len(withCandidates) > 0:
		return withCandidates[0], position, true
	}
	return "", position, false
}

// strip removes round phrases and filler words from a title segment.
func strip(seg string) string {
	seg = phraseRE.ReplaceAllString(seg, " ")
	var keep []string
	for _, w := range strings.Fields(seg) {
		if fillers[strings.ToLower(strings.Trim(w, ",.;:!?\"'"))] {
			continue
		}
		keep = append(keep, w)
	}
	return strings.Trim(strings.Join(keep, " "), " ,.;:!?-–—|/")
}

// personNames are the guests' and organizer's names and the local parts of
// their emails ("jane doe", "jane.doe"), lower case: a title segment equal
// to one names a person, not a company.
func personNames(e calendar.Event) map[string]bool {
	names := map[string]bool{}
	add := func(name, email string) {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			names[name] = true
		}
		if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok {
			names[strings.NewReplacer(".", " ", "_", " ").Replace(local)] = true
		}
	}
	add(e.Organizer.Name, e.Organizer.Email)
	for _, a := range e.Attendees {
		if !a.Resource {
			add(a.Name, a.Email)
		}
	}
	return names
}

// fromDomains names the company after the first organizer or guest domain
// that is not free mail, the person's own, a scheduling tool or Google's:
// "jane@eng.acme.io" is "Acme", "bob@globex.co.uk" is "Globex".
func fromDomains(e calendar.Event, r Rules) string {
	for _, p := range participants(e) {
		d := domainOf(p)
		if d == "" || isCalendarDomain(d) || inDomains(d, freeMail) || inDomains(d, r.OwnDomains) || isToolDomain(d) {
			continue
		}
		labels := strings.Split(d, ".")
		if len(labels) < 2 {
			continue
		}
		name := labels[len(labels)-2]
		if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 {
			switch name {
			case "co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc":
				name = labels[len(labels)-3]
			}
		}
		return titleCase(strings.ReplaceAll(name, "-", " "))
	}
	return ""
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
