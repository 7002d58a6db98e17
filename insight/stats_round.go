package insight

import (
	"strings"
	"unicode"
)

// RoundKind is an interview round normalised from the free text of
// Details.Round, so that "Tech screen", "coding" and "technical phone
// screen" count together.
type RoundKind string

// Round kinds, in the order a hiring process usually runs.
const (
	RoundRecruiter     RoundKind = "recruiter"
	RoundPhoneScreen   RoundKind = "phone screen"
	RoundTechnical     RoundKind = "technical"
	RoundSystemDesign  RoundKind = "system design"
	RoundOnsite        RoundKind = "onsite"
	RoundHiringManager RoundKind = "hiring manager"
	RoundFinal         RoundKind = "final"
	RoundOther         RoundKind = "other"
)

// RoundKinds lists every RoundKind in process order; tables and charts
// show the kinds in this order.
var RoundKinds = []RoundKind{
	RoundRecruiter, RoundPhoneScreen, RoundTechnical, RoundSystemDesign,
	RoundOnsite, RoundHiringManager, RoundFinal, RoundOther,
}

// roundRules are matched in order on whole words; the first match wins.
// The more specific kinds come first: a "technical phone screen" is a
// technical round, a "hiring manager screen" a hiring manager round, a
// "final onsite" the final round, "onsite: system design" a system design
// round.
var roundRules = []struct {
	kind    RoundKind
	phrases []string
}{
	{RoundSystemDesign, []string{"system design", "systems design", "architecture", "design interview"}},
	{RoundHiringManager, []string{"hiring manager", "hm", "manager"}},
	{RoundTechnical, []string{"technical", "tech", "coding", "code", "algorithms", "algorithm", "leetcode", "pair programming", "pairing", "take home", "takehome", "whiteboard", "live coding"}},
	{RoundRecruiter, []string{"recruiter", "recruiting", "recruitment", "talent", "hr", "sourcer"}},
	{RoundFinal, []string{"final", "last round"}},
	{RoundOnsite, []string{"onsite", "on site", "virtual onsite", "loop", "panel", "superday"}},
	{RoundPhoneScreen, []string{"phone screen", "phone", "screen", "screening", "intro call", "introductory call", "first call"}},
}

// ClassifyRound returns the kind of the round described by round, the free
// text of Details.Round ("Recruiter screen", "onsite 2/4", "HM chat").
// Matching ignores case and punctuation and is on whole words; text that
// names no known kind, and empty text, is RoundOther.
func ClassifyRound(round string) RoundKind {
	words := " " + strings.Join(strings.FieldsFunc(strings.ToLower(round), statsNotWord), " ") + " "
	for _, rule := range roundRules {
		for _, p := range rule.phrases {
			if strings.Contains(words, " "+p+" ") {
				return rule.kind
			}
		}
	}
	return RoundOther
}

// statsNotWord reports whether r separates words.
func statsNotWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
