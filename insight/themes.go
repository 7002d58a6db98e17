package insight

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"

	"github.com/debrief-dev/debrief/notebook"
)

// Theme is a phrase that recurs in what the person wrote about where they
// struggled ("system design", "conflict story", "trade-offs"), with the
// number of interviews whose notes mention it.
type Theme struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// themeMaxWords is the longest phrase a theme can be.
const themeMaxWords = 3

// Themes returns the recurring improvement themes of recs, at most limit
// (all when limit <= 0), most frequent first. The text read is the
// record's areas for improvement (Improvement.Areas), where the person
// struggled (Improvement.Struggled), the difficult questions
// (Takeaways.Difficult) and each question marked difficult with its "how
// to improve".
//
// Themes are phrases as the person wrote them, found without a grammar: a
// sentence is cut at punctuation and at every word that cannot be part of
// the name of a topic (function words, "yes" and "no", verbs of advice
// such as "practise", "ask" or "prepare", judgements such as "better",
// "too" or "again", adverbs in -ly, numbers); what is left are runs of
// words that stood together ("capacity estimates"), and the phrases of up
// to three words in them are the candidates. So no theme joins two words
// the person did not write side by side. Candidates are compared on their
// stems, so "trade-offs" and "tradeoff" are one, and shown as most often
// written (in lower case, unless written in capitals: "STAR"). A theme
// counts once per interview however often it is written there, and only
// themes of two interviews or more are kept. A phrase is left out when a
// longer one holding it has the same count: it adds nothing. Ties rank
// longer phrases first, then alphabetically.
func Themes(recs []*notebook.Record, limit int) []Theme {
	counts := map[string]int{}           // key → interviews
	shown := map[string]map[string]int{} // key → surface form → uses
	seen := map[string]bool{}            // keys of the current record
	var run []themeWord
	for _, r := range recs {
		clear(seen)
		add := func(text string) {
			run = themeRuns(text, run[:0], func(run []themeWord) {
				// Every phrase of the run, up to themeMaxWords words.
				for i := range run {
					for j := i + 1; j <= min(len(run), i+themeMaxWords); j++ {
						themeCount(run[i:j], seen, shown)
					}
				}
			})
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
		for k := range seen {
			counts[k]++
		}
	}
	longer := map[string]int{} // key → highest count of a longer phrase holding it
	var keys []string
	for k, n := range counts {
		if n < 2 {
			continue
		}
		keys = append(keys, k)
		ws := strings.Fields(k)
		for i := range ws {
			for j := i + 1; j <= len(ws); j++ {
				if j-i < len(ws) {
					sub := strings.Join(ws[i:j], " ")
					longer[sub] = max(longer[sub], n)
				}
			}
		}
	}
	var out []Theme
	for _, k := range keys {
		if longer[k] == counts[k] {
			continue
		}
		out = append(out, Theme{themeShown(shown[k]), counts[k]})
	}
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

// themeCount notes the phrase ws in the record's keys seen and its
// surface form in shown.
func themeCount(ws []themeWord, seen map[string]bool, shown map[string]map[string]int) {
	keys, surface := make([]string, len(ws)), make([]string, len(ws))
	for i, w := range ws {
		keys[i], surface[i] = w.key, w.text
	}
	k := strings.Join(keys, " ")
	seen[k] = true
	if shown[k] == nil {
		shown[k] = map[string]int{}
	}
	shown[k][strings.Join(surface, " ")]++
}

// themeShown is the surface form written most often, ties to the first
// in alphabetical order.
func themeShown(forms map[string]int) string {
	best, n := "", 0
	for f, c := range forms {
		if c > n || c == n && f < best {
			best, n = f, c
		}
	}
	return best
}

// themeWord is a word of a theme: as written (lower case) and its key.
type themeWord struct {
	text, key string
}

// themeRuns calls fn with each run of words of text that may name a
// topic, and returns buf (reused for the runs) to be used again. A word
// is shown in lower case unless written in capitals ("STAR").
func themeRuns(text string, buf []themeWord, fn func([]themeWord)) []themeWord {
	run := buf
	end := func() {
		if len(run) > 0 {
			fn(run)
		}
		run = run[:0]
	}
	var w strings.Builder
	flush := func() {
		if w.Len() == 0 {
			return
		}
		s := strings.Trim(w.String(), "-'’")
		w.Reset()
		if s == "" {
			return
		}
		lower := strings.ToLower(s)
		key := themeKey(lower)
		if key == "" {
			end()
			return
		}
		if s != strings.ToUpper(s) || len([]rune(s)) < 2 {
			s = lower
		}
		run = append(run, themeWord{s, key})
	}
	rs := []rune(text)
	for i, r := range rs {
		inWord := i > 0 && i+1 < len(rs) && themeLetter(rs[i-1]) && themeLetter(rs[i+1])
		switch {
		case themeLetter(r) || r == '+' || r == '#':
			w.WriteRune(r)
		case (r == '-' || r == '\'' || r == '’') && inWord:
			w.WriteRune(r)
		case r == '.' && inWord:
			w.WriteRune(r) // levels.fyi, node.js
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			end()
		}
	}
	flush()
	end()
	return run
}

func themeLetter(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// themeKey is the key of a word in a theme: its stem without hyphens,
// apostrophes or a possessive; "" for a word that cannot be part of a
// topic's name (see Themes).
func themeKey(w string) string {
	plain := strings.ReplaceAll(w, "’", "'")
	plain = strings.TrimSuffix(plain, "'s")
	if themeStop[plain] || themeStop[strings.ReplaceAll(plain, "'", "")] {
		return ""
	}
	if len([]rune(plain)) < 2 || strings.Trim(plain, "0123456789") == "" {
		return ""
	}
	if strings.HasSuffix(plain, "ly") && len(plain) > 4 && !themeKeepLy[plain] {
		return "" // an adverb: clearly, quickly, early
	}
	plain = themeJoin.Replace(plain)
	return english.Stem(plain, true)
}

// themeJoin removes hyphens and apostrophes; built once, it is safe for
// concurrent use (a Replacer made per word cost more than the rest of
// Themes).
var themeJoin = strings.NewReplacer("-", "", "'", "")

// themeKeepLy are nouns in -ly.
var themeKeepLy = map[string]bool{"family": true, "assembly": true, "anomaly": true, "supply": true, "monopoly": true, "reply": true, "italy": true, "fly": true}

// themeStop holds the words that cannot be part of the name of a topic:
// English function words, "yes" and "no", verbs of advice and of
// reflection, judgements, and the words any reflection is full of.
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

		yes yeah yep no nope ok okay sure maybe nothing anything everything
		fine good great bad badly poor poorly better best worse worst
		clear clearer clearly concise shorter longer short long faster slower
		slow fast earlier later early late first last next again too
		missing missed wrong right negative positive

		practise practice practised practiced practising practicing ask asked
		asking prepare prepared preparing improve improved improving work
		worked working focus focused remember try tried trying use used using
		make made making keep kept avoid mention mentioned explain explained
		explaining talk talked say said saying speak think thinking thought
		get got getting give gave given giving spend spent learn learned
		learnt review reviewed study studied read rehearse write wrote do
		go went going show showed start started stop name named draw drew
		guess guessed sound sounded sounds felt feel feeling froze freeze
		rambled ramble rambling struggled struggle struggling know knew
		want wanted tell told describe described answer answered answering
		answers research researched look looked prep

		interview interviewer interviewers interviews question questions
		bit kind sort time times day days call round
	`) {
		themeStop[w] = true
	}
}
