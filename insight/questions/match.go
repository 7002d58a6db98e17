package questions

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// How two questions are compared.
//
// A question is first normalised into a sequence of tokens (normalise):
//
//  1. lower case; words are runs of letters and digits, apostrophes dropped
//     ("what's" is "whats");
//  2. canonical phrases of the classic interview questions are recognised
//     on the stemmed words and replaced by one concept token such as
//     "~intro" ("tell me about yourself", "walk me through your
//     background", "your resume"…), skipping filler words ("a little",
//     "briefly") inside a phrase;
//  3. stop words and interview framing words ("tell me about a time",
//     "describe", "explain") are dropped;
//  4. every remaining word is stemmed (stem, Porter-like suffix
//     stripping) and mapped through a synonym table ("disagreed" and
//     "conflict" are "conflict", "teammate" and "coworker" "colleagu");
//  5. a concept token absorbs the cue words that only restate it ("why do
//     you want to work here" leaves "~whycompany", not "~whycompany want").
//
// Two normalised questions are then compared by
//
//	similarity = 0.7 × cosine(TF-IDF of their tokens) + 0.3 × Jaccard(character trigrams)
//
// where the IDF comes from the questions being grouped (each distinct
// normalised wording once) plus a built-in reference list of common
// interview questions, so that words every question shares ("design",
// "system") weigh little even in a small notebook; the trigrams are those
// of the tokens joined by spaces, which catches the morphology the stemmer
// misses. Questions whose similarity is at least Threshold are the
// same question asked in other words; TestSimilarPairs holds the evidence.
const (
	// Threshold is the similarity from which two wordings are one
	// question.
	Threshold        = 0.5
	similarCosWeight = 0.7
)

// similarFiller words may sit inside a canonical phrase without breaking it.
var similarFiller = set("a an the little bit more some please briefly quickly just really so")

// similarStop are dropped from the tokens: function words, question words
// and the framing of interview questions.
var similarStop = set(`a about above after again all also am an and any are as at be been before being below between both but by
can could did do does doing done down during each few for from further had has have having he her here hers him his how i if in into is it its
itself just let lets me more most my myself no nor not of off on once only or other our ours out over own please same she should so some such
than that the their them then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourselves whats whys hows dont didnt doesnt youre youve youd ive im id weve wed isnt arent wasnt
tell describe explain walk give share talk example examples time times situation instance moment question questions us
thing things something kind sort ever recently past`)

// similarConcept is one classic question: the phrases that name it and
// the cue words it absorbs.
type similarConcept struct {
	token   string
	phrases []string // alternatives in parentheses: "walk (me|us) through"
	absorbs string
}

var similarConcepts = []similarConcept{
	{"~intro", []string{
		"tell (me|us) about yourself", "introduce yourself", "describe yourself", "yourself in (a few|three|two) words",
		"walk (me|us) through your (background|resume|cv|career|experience|profile|journey)",
		"your (background|resume|cv|career so far|career path|career journey)",
		"(who|what) are you", "about you",
	}, "background resume cv career yourself introduce journey profile"},
	{"~whycompany", []string{
		"want to work (here|for us|with us|at this company|at our company|for this company|for our company)",
		"want to join (us|this company|our company|our team|the team)",
		"(interests|interested|excites|excited|attracts|attracted|appeals|drew|draws) you (about|to) (our|this|the) (company|team|organisation|organization)",
		"(interests|interested|excites|excited|attracts|attracted|appeals|drew|draws) you (about|to) us",
		"why (this|our) company", "why us", "why here", "why do you want to work here", "why should we hire you",
		"what do you know about (our|this|the) company",
	}, "want work join interest excit attract appeal drew draw compani here us hire organis organiz know"},
	{"~whyleave", []string{
		"(leave|leaving|left|quit|quitting) your (current|last|previous) (job|role|company|position|employer)",
		"why are you (leaving|looking)", "why do you want to leave", "why did you leave",
	}, "leav left quit current last previou job role compani posit employ look want"},
	{"~future", []string{
		"see yourself in (five|5|ten|10|three|3) years", "where do you see yourself",
		"(five|5|ten|10) year plan", "career goals", "long term goals",
	}, "see yourself five 5 ten 10 three 3 year plan career goal long term"},
	{"~weakness", []string{
		"(greatest|biggest|main|worst) weakness", "(greatest|biggest|main|worst) weaknesses", "weaknesses", "weakness",
		"area (for|of) improvement", "areas (for|of) improvement", "areas (to|you need to) improve",
	}, "greatest biggest main worst area improv need"},
	{"~strength", []string{
		"(greatest|biggest|main|key) strengths", "(greatest|biggest|main|key) strength", "strengths", "strength",
		"what are you (good|best) at",
	}, "greatest biggest main key good best"},
	{"~salary", []string{
		"salary (expectations|expectation|range|requirements)", "expected salary", "compensation (expectations|expectation|range)",
		"how much do you (want|expect) to (make|earn)",
	}, "salari expect rang requir compens earn make much want"},
	{"~questionsforus", []string{
		"(do|does) you have (any|some) questions (for us|for me|)", "any questions (for us|for me|)", "anything you want to ask",
	}, "ask anyth"},
	{"~failure", []string{
		"(a time|time) you failed", "(a|your) (failure|mistake)", "(biggest|greatest) (failure|mistake)", "you made a mistake",
	}, "fail mistak biggest greatest made"},
}

// similarSynonyms maps a word to its canonical word; both are written
// plainly and stemmed at init.
var similarSynonyms = map[string]string{
	"disagreed": "conflict", "disagreement": "conflict", "disagree": "conflict", "argument": "conflict", "clash": "conflict",
	"dispute": "conflict", "conflicts": "conflict", "friction": "conflict",
	"coworker": "colleague", "co-worker": "colleague", "teammate": "colleague", "peer": "colleague", "colleagues": "colleague",
	"workmate": "colleague",
	"boss":     "manager", "supervisor": "manager", "lead": "manager",
	"failed": "fail", "failure": "fail", "mistake": "fail",
	"hardest": "difficult", "toughest": "difficult", "challenging": "difficult", "challenge": "difficult", "hard": "difficult", "tough": "difficult",
	"biggest": "greatest", "largest": "greatest",
	"proudest": "proud", "accomplishment": "achievement", "accomplished": "achievement",
	"deadline": "deadline", "deadlines": "deadline", "pressure": "stress", "stressful": "stress",
	"shortener": "shorten", "shortening": "shorten",
	"url": "link", "urls": "link",
	"customer": "client", "clients": "client", "user": "client",
	"prioritize": "priority", "prioritise": "priority", "prioritization": "priority", "prioritisation": "priority",
	"tradeoff": "tradeoff", "trade-off": "tradeoff",
}

// similarTables are the tables above, stemmed: built once.
type similarTables struct {
	phrases  map[string][][]string // first stem → patterns, longest first
	concept  map[string]string     // pattern key → concept token
	absorbs  map[string]map[string]bool
	synonyms map[string]string
}

var similarOnce = sync.OnceValue(func() *similarTables {
	t := &similarTables{
		phrases:  map[string][][]string{},
		concept:  map[string]string{},
		absorbs:  map[string]map[string]bool{},
		synonyms: map[string]string{},
	}
	for _, c := range similarConcepts {
		for _, p := range c.phrases {
			for _, alt := range expand(p) {
				words := words(alt, nil)
				var pat []string
				for _, w := range words {
					if !similarFiller[w] {
						pat = append(pat, stem(w))
					}
				}
				if len(pat) == 0 {
					continue
				}
				k := strings.Join(pat, " ")
				if _, dup := t.concept[k]; dup {
					continue
				}
				t.concept[k] = c.token
				t.phrases[pat[0]] = append(t.phrases[pat[0]], pat)
			}
		}
		ab := map[string]bool{}
		for _, w := range strings.Fields(c.absorbs) {
			ab[stem(w)] = true
		}
		t.absorbs[c.token] = ab
	}
	for _, ps := range t.phrases {
		slices.SortStableFunc(ps, func(a, b []string) int { return len(b) - len(a) })
	}
	for from, to := range similarSynonyms {
		for _, w := range words(from, nil) {
			t.synonyms[stem(w)] = stem(to)
		}
	}
	return t
})

// expand expands "(a|b) c (d e|)" into its alternatives.
func expand(p string) []string {
	i := strings.IndexByte(p, '(')
	if i < 0 {
		return []string{strings.Join(strings.Fields(p), " ")}
	}
	j := strings.IndexByte(p[i:], ')')
	if j < 0 {
		return []string{strings.Join(strings.Fields(p), " ")}
	}
	j += i
	var out []string
	for _, alt := range strings.Split(p[i+1:j], "|") {
		out = append(out, expand(p[:i]+alt+p[j+1:])...)
	}
	return out
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// similarMaxRunes bounds the text normalised: a question is a sentence or
// two, and a hostile file must not make grouping slow.
const similarMaxRunes = 2000

// words appends the lower-case words of s to dst: runs of letters and
// digits; apostrophes inside a word are dropped.
func words(s string, dst []string) []string {
	if len(s) > similarMaxRunes*utf8.UTFMax {
		s = s[:similarMaxRunes*utf8.UTFMax]
	}
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			dst = append(dst, b.String())
			b.Reset()
		}
	}
	n := 0
	for _, r := range s {
		if n++; n > similarMaxRunes {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			// "what's" → "whats"
		default:
			flush()
		}
	}
	flush()
	return dst
}

// normalise returns the tokens of question s, in order, each once.
// A question of nothing but stop words ("Why?") keeps all its words.
func normalise(s string) []string {
	t := similarOnce()
	words := words(s, nil)
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = stem(w)
	}
	var toks []string
	seen := map[string]bool{}
	add := func(tok string) {
		if !seen[tok] {
			seen[tok] = true
			toks = append(toks, tok)
		}
	}
	var concepts []string
	for i := 0; i < len(stems); {
		if n, c := t.match(words, stems, i); n > 0 {
			concepts = append(concepts, c)
			add(c)
			i += n
			continue
		}
		w := words[i]
		st := stems[i]
		i++
		if similarStop[w] || similarStop[st] {
			continue
		}
		if syn, ok := t.synonyms[st]; ok {
			st = syn
		}
		add(st)
	}
	if len(concepts) > 0 {
		toks = slices.DeleteFunc(toks, func(tok string) bool {
			for _, c := range concepts {
				if t.absorbs[c][tok] {
					return true
				}
			}
			return false
		})
	}
	if len(toks) == 0 {
		for _, st := range stems {
			add(st)
		}
	}
	return toks
}

// match reports the length of the canonical phrase starting at stems[i],
// fillers included, and its concept; 0 when none starts there.
func (t *similarTables) match(words, stems []string, i int) (int, string) {
	for _, pat := range t.phrases[stems[i]] {
		j, k := i, 0
		for k < len(pat) && j < len(stems) {
			switch {
			case stems[j] == pat[k]:
				j, k = j+1, k+1
			case similarFiller[words[j]] && j > i:
				j++
			default:
				k = len(pat) + 1 // mismatch
			}
		}
		if k == len(pat) {
			return j - i, t.concept[strings.Join(pat, " ")]
		}
	}
	return 0, ""
}

// stem strips common English suffixes, after Porter: plurals,
// -ing, -ed (-eed keeps its ee), -ment, -ness, -ation, -ly, -er, then a doubled final
// consonant and a final e. Words with anything but ASCII letters are kept
// as they are.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	stripped := false
	for _, sf := range [...]struct{ from, to string }{
		{"ational", "ate"}, {"ization", "ize"}, {"isation", "ize"}, {"fulness", "ful"}, {"iveness", "ive"},
		{"ment", ""}, {"ness", ""}, {"ation", "ate"}, {"ing", ""}, {"eed", "ee"}, {"ed", ""}, {"ly", ""}, {"er", ""},
	} {
		if !strings.HasSuffix(w, sf.from) {
			continue
		}
		stem := w[:len(w)-len(sf.from)]
		if len(stem) < 3 || !strings.ContainsAny(stem, "aeiouy") {
			break
		}
		w, stripped = stem+sf.to, sf.to == ""
		break
	}
	if n := len(w); stripped && n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		w = w[:n-1]
	}
	if n := len(w); n > 3 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

// similarReference is the background corpus of the IDF: common interview
// questions, so that weights are sensible in a small notebook.
var similarReference = []string{
	"Tell me about yourself", "Why do you want to work here?", "Why are you leaving your current job?",
	"What is your greatest weakness?", "What is your greatest strength?", "Where do you see yourself in five years?",
	"What are your salary expectations?", "Do you have any questions for us?", "Tell me about a time you failed",
	"Describe a conflict with a coworker", "Tell me about a difficult project", "How do you handle stress and pressure?",
	"How do you prioritize your work?", "Tell me about a time you showed leadership", "What is your proudest achievement?",
	"Design a URL shortener", "Design a rate limiter", "Design a chat system", "Design a news feed", "Design a key-value store",
	"Design a distributed cache", "Design a parking lot", "Design a web crawler", "Design a notification system",
	"Design a file storage system", "Design a search autocomplete system", "Design a payment system",
	"Reverse a linked list", "Find the longest palindromic substring", "Merge k sorted lists", "Implement an LRU cache",
	"Two sum", "Detect a cycle in a linked list", "Serialize and deserialize a binary tree", "Find the median of two sorted arrays",
	"What happens when you type a URL into a browser?", "Explain how a hash map works", "What is the CAP theorem?",
	"How does garbage collection work?", "Explain the difference between a process and a thread",
	"How would you debug a slow database query?", "How do you scale a web application?",
	"Tell me about a time you disagreed with your manager", "How do you handle feedback?",
	"Describe a time you had to meet a tight deadline", "Tell me about a project you are proud of",
	"How do you keep your skills up to date?", "What motivates you?", "How would your colleagues describe you?",
	"Tell me about a time you went above and beyond", "Describe your ideal work environment",
}

// form is one distinct normalised wording.
type form struct {
	key    string
	tokens []string
	grams  []uint32 // sorted, distinct character trigrams (hashed)
	vec    []weight
	norm   float64
}

type weight struct {
	tok string
	w   float64
}

// index holds the IDF of a set of forms plus the reference list.
type index struct {
	df map[string]int
	n  int
}

func newIndex(forms [][]string) *index {
	ix := &index{df: map[string]int{}}
	add := func(toks []string) {
		ix.n++
		for _, t := range toks {
			ix.df[t]++
		}
	}
	for _, q := range similarReferenceForms() {
		add(q)
	}
	for _, f := range forms {
		add(f)
	}
	return ix
}

var similarReferenceForms = sync.OnceValue(func() [][]string {
	out := make([][]string, len(similarReference))
	for i, q := range similarReference {
		out[i] = normalise(q)
	}
	return out
})

// idf is the smoothed inverse document frequency, ln((1+n)/(1+df)) + 1.
func (ix *index) idf(tok string) float64 {
	return math.Log(float64(1+ix.n)/float64(1+ix.df[tok])) + 1
}

func (ix *index) form(key string, toks []string) *form {
	f := &form{key: key, tokens: toks, grams: trigrams(key)}
	for _, t := range toks {
		w := ix.idf(t)
		f.vec = append(f.vec, weight{t, w})
		f.norm += w * w
	}
	slices.SortFunc(f.vec, func(a, b weight) int { return strings.Compare(a.tok, b.tok) })
	f.norm = math.Sqrt(f.norm)
	return f
}

// trigrams returns the distinct character trigrams of " key ",
// hashed (FNV-1a) and sorted.
func trigrams(key string) []uint32 {
	r := []rune(" " + key + " ")
	if len(r) < 3 {
		return nil
	}
	g := make([]uint32, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		h := uint32(2166136261)
		for _, c := range r[i : i+3] {
			h = (h ^ uint32(c)) * 16777619
		}
		g = append(g, h)
	}
	slices.Sort(g)
	return slices.Compact(g)
}

// score is the similarity of two forms, from 0 to 1.
func score(a, b *form) float64 {
	if a.key == b.key {
		return 1
	}
	var dot float64
	i, j := 0, 0
	for i < len(a.vec) && j < len(b.vec) {
		switch c := strings.Compare(a.vec[i].tok, b.vec[j].tok); {
		case c == 0:
			dot += a.vec[i].w * b.vec[j].w
			i, j = i+1, j+1
		case c < 0:
			i++
		default:
			j++
		}
	}
	cos := 0.0
	if a.norm > 0 && b.norm > 0 {
		cos = dot / (a.norm * b.norm)
	}
	var inter int
	i, j = 0, 0
	for i < len(a.grams) && j < len(b.grams) {
		switch {
		case a.grams[i] == b.grams[j]:
			inter, i, j = inter+1, i+1, j+1
		case a.grams[i] < b.grams[j]:
			i++
		default:
			j++
		}
	}
	jac := 0.0
	if union := len(a.grams) + len(b.grams) - inter; union > 0 {
		jac = float64(inter) / float64(union)
	}
	return similarCosWeight*cos + (1-similarCosWeight)*jac
}

// Similarity is the similarity, from 0 to 1, of two questions on
// their own (the IDF of the reference list and the two): see
// Threshold. Grouping a notebook uses the notebook's own IDF.
func Similarity(a, b string) float64 {
	ta, tb := normalise(a), normalise(b)
	ix := newIndex([][]string{ta, tb})
	return score(ix.form(strings.Join(ta, " "), ta), ix.form(strings.Join(tb, " "), tb))
}

// Key is the normalised form of a question: its canonical tokens
// joined by spaces. Wordings with the same key are always one question.
func Key(q string) string { return strings.Join(normalise(q), " ") }
