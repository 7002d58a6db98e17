package insight

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/debrief-dev/debrief/notebook"
)

// Theme is a word or a two-word phrase that recurs in what the person
// wrote about where they struggled, with the number of interviews whose
// notes mention it.
type Theme struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Themes returns the recurring improvement themes of recs, at most limit
// (all when limit <= 0), most frequent first. The text read is the
// record's areas for improvement (Improvement.Areas), where the person
// struggled (Improvement.Struggled), the difficult questions
// (Takeaways.Difficult) and each question marked difficult with its "how
// to improve".
//
// The text is lower-cased and split into words; stop words (English
// function words and the words every reflection uses: "interview",
// "question", "better"…) are dropped. Terms are the remaining words and
// the pairs of words that stand next to each other in a sentence ("system
// design"). A term counts once per interview however often it is written
// there, and only terms of two interviews or more are themes. A word is
// left out when a phrase holding it has the same count: it adds nothing.
// Ties rank phrases first, then alphabetically.
func Themes(recs []*notebook.Record, limit int) []Theme {
	counts := map[string]int{}
	seen := map[string]bool{} // terms of the current record
	var words []string
	for _, r := range recs {
		clear(seen)
		add := func(text string) {
			words = themeWords(text, words[:0])
			for i, w := range words {
				if w == "" {
					continue
				}
				seen[w] = true
				if i > 0 && words[i-1] != "" {
					seen[words[i-1]+" "+w] = true
				}
			}
		}
		add(r.Improvement.Areas)
		add(r.Improvement.Struggled)
		add(r.Takeaways.Difficult)
		for _, q := range r.Takeaways.Questions {
			if q.Difficult {
				add(q.Question)
				add(q.HowToImprove)
			}
		}
		for t := range seen {
			counts[t]++
		}
	}

	phraseCount := map[string]int{} // word → highest count of a phrase holding it
	var out []Theme
	for t, n := range counts {
		if n < 2 {
			continue
		}
		out = append(out, Theme{t, n})
		if a, b, ok := strings.Cut(t, " "); ok {
			phraseCount[a] = max(phraseCount[a], n)
			phraseCount[b] = max(phraseCount[b], n)
		}
	}
	out = slices.DeleteFunc(out, func(th Theme) bool {
		return !strings.Contains(th.Term, " ") && phraseCount[th.Term] == th.Count
	})
	slices.SortFunc(out, func(a, b Theme) int {
		return cmp.Or(
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(strings.Count(b.Term, " "), strings.Count(a.Term, " ")),
			strings.Compare(a.Term, b.Term))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// themeWords appends the words of text to words, lower case, and returns
// the extended slice. A stop word, a number or a one-letter word is
// appended as "", and so is the end of a sentence (punctuation other than
// apostrophes, hyphens and slashes): an "" keeps its neighbours from
// making a phrase.
func themeWords(text string, words []string) []string {
	var w strings.Builder
	flush := func() {
		if w.Len() == 0 {
			return
		}
		s := w.String()
		w.Reset()
		if themeStop[s] || len([]rune(s)) < 2 || strings.Trim(s, "0123456789") == "" {
			s = ""
		}
		words = append(words, s)
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#':
			w.WriteRune(r)
		case r == '\'' || r == '’':
			// inside a word: "didn't" is "didnt"
		case unicode.IsSpace(r) || r == '-' || r == '/':
			flush()
		default:
			flush()
			words = append(words, "")
		}
	}
	flush()
	return words
}

// themeStop holds English function words and the words any reflection is
// full of, which would otherwise top every list.
var themeStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		a about above after again against all almost also am an and any are
		around as at be because been before being below between both but by
		can cannot could did didnt do does doesnt doing dont down during each
		else enough even ever every few for from further had hadnt has have
		having he her here hers him his how however i if im in into is isnt
		it its itself ive just least less let lets like lot lots many may me
		might more most much must my myself need needed needs never no nor not
		of off often on once one only or other our ours out over own quite
		rather really same she should shouldnt so some something still such
		than that thats the their them then there these they thing things
		this those though through thus to too under until up upon us very
		was wasnt way we well were werent what when where whether which while
		who whom why will with within without would wouldnt yet you your
		yours yourself
		again answer answered answering answers better bit couldnt describe
		enough example felt feel feeling get getting give go going good got
		improve improved improvement interview interviewer interviewers
		interviews kind know knew make made maybe next prepare prepared
		preparing question questions said say should sort struggled
		struggling tell think thought time times try tried walk want went work`) {
		themeStop[w] = true
	}
}
