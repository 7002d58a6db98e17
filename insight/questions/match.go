package questions

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// How two wordings are compared.
//
// A wording is first normalised into tokens (normaliser.tokens):
//
//  1. lower case; words are runs of letters and digits; a hyphen, a slash
//     or a dot separates words; an apostrophe joins ("didn't" is
//     "didnt") and a final "'s" goes ("Fabrikam's" is "fabrikam");
//  2. the name of every company the notebook knows, and "here", "this
//     company", "our company", "your company"…, become one placeholder,
//     "~company": "Why Fabrikam?" and "Why here?" are one question;
//  3. every word is stemmed with the Snowball English stemmer
//     ("shortening" and "shortener" are "shorten");
//  4. synonyms (synonyms.txt) are read as their word, longest wording
//     first and whole words only ("co-worker" and "teammate" are
//     "colleague");
//  5. stop words and the framing of interview questions ("tell me about a
//     time", "describe", "how would you") go;
//  6. a word of six letters or more that the data files do not know, one
//     typing slip inside it away from one they know, is read as that one
//     ("youself" is "yourself").
//
// Two normalised wordings a and b are then compared by
//
//	lexical = max(0.7 × cosine + 0.3 × trigrams, 0.9 × containment)
//
// where cosine is that of their TF-IDF vectors (the IDF comes from the
// wordings being grouped plus the curated families' wordings, so that
// words every question shares weigh little even in a small notebook; the
// light words such as "work", "design" and "system" weigh half),
// trigrams the Jaccard index of their character trigrams (which catches
// typos and what the stemmer misses), and containment the share of the
// smaller one's weight that the other holds too ("Tell me about yourself"
// inside "Tell me about yourself and what you do today"), squared, and
// counted only when the smaller one has two tokens or more and one of
// them is neither light nor the company. When one says a word of a
// line of contrasts.txt and the other another word of it ("strength" and
// "weakness"), lexical is halved.
//
// A wording belongs to a curated family (families.txt) when its lexical
// similarity to one of the family's wordings is at least FamilyThreshold.
// Two wordings of one family are as similar as the lesser of those two
// closenesses, however few words they share; two wordings of different
// families are different questions. Wordings whose similarity is at least
// Threshold are the same question; TestSimilarPairs and
// TestParaphraseCorpus hold the evidence.
const (
	// Threshold is the similarity from which two wordings are one
	// question.
	Threshold = 0.5
	// FamilyThreshold is the lexical similarity to one of a curated
	// family's wordings from which a wording belongs to the family.
	FamilyThreshold = 0.6

	cosWeight     = 0.7
	containWeight = 0.9
	contrastScale = 0.5
)

// stop words are dropped from the tokens: function words, question words
// and the framing of interview questions.
var stop = set(`a about above after again all also am an and any are as at be been before being below between both but by
can could did do does doing done down during each few for from further had has have having he her hers him his how i if in into is it its
itself just let lets me more most my myself no nor not of off on once only or other our ours out over own please same she should so some such
than that the their them then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourselves whats whys hows dont didnt doesnt youre youve youd ive im id weve wed isnt arent wasnt
tell describe explain walk give share talk example examples time times situation instance moment question questions us
thing things something kind sort ever recently past say said honestly really actually quick little bit briefly start
typical like look looks get got go went make made one way ways well want wanted think feel`)

//go:embed synonyms.txt
var synonymsData []byte

//go:embed families.txt
var familiesData []byte

//go:embed contrasts.txt
var contrastsData []byte

// generic are the words for "the company" in any question.
var generic = []string{
	"here", "this company", "our company", "your company", "the company", "this organisation", "this organization",
	"our organisation", "our organization", "this firm", "our firm", "about us", "join us",
}

// phrase is one wording of a synonym: its stems, and the token it becomes.
type phrase struct {
	stems []string
	to    string
}

// family is one curated family: its name and its wordings, normalised.
type family struct {
	name     string
	wordings [][]string
}

// tables are synonyms.txt, families.txt and contrasts.txt, read once.
type tables struct {
	synonyms map[string][]phrase // first stem → phrases, longest first
	contrast map[string][]int    // token → the lines of contrasts.txt that name it
	families []family
	// vocab are the stems the three files know; deletes maps each of
	// their one-letter deletions to them, for spelling.
	vocab   map[string]bool
	deletes map[string][]string
}

var loaded = sync.OnceValue(func() *tables {
	t, err := parseTables(synonymsData, familiesData, contrastsData)
	if err != nil {
		panic(err) // embedded data: TestTables fails first
	}
	return t
})

// parseTables reads the three data files; an error names the file and
// line.
func parseTables(synonyms, families, contrasts []byte) (*tables, error) {
	t := &tables{synonyms: map[string][]phrase{}, contrast: map[string][]int{}}
	err := eachLine(synonyms, func(n int, line string) error {
		to, from, ok := strings.Cut(line, ":")
		if !ok || len(words(to, nil)) != 1 {
			return fmt.Errorf("synonyms.txt:%d: want \"word: other, other wording\", got %q", n, line)
		}
		target := stemWord(words(to, nil)[0])
		for _, w := range strings.Split(from, ",") {
			ws := words(w, nil)
			if len(ws) == 0 {
				return fmt.Errorf("synonyms.txt:%d: an empty wording in %q", n, line)
			}
			st := make([]string, len(ws))
			for i, w := range ws {
				st[i] = stemWord(w)
			}
			t.synonyms[st[0]] = append(t.synonyms[st[0]], phrase{st, target})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ps := range t.synonyms {
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.stems) - len(a.stems) })
	}
	plain := &normaliser{t: t, companies: companyWords(nil)}
	line := 0
	err = eachLine(contrasts, func(n int, s string) error {
		ws := strings.Split(s, ",")
		if len(ws) < 2 {
			return fmt.Errorf("contrasts.txt:%d: want two words or more, separated by commas, got %q", n, s)
		}
		line++
		for _, w := range ws {
			toks := plain.tokens(w)
			if len(toks) != 1 {
				return fmt.Errorf("contrasts.txt:%d: %q is not one word after synonyms", n, w)
			}
			t.contrast[toks[0]] = append(t.contrast[toks[0]], line)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine(families, func(n int, s string) error {
		if name, ok := strings.CutPrefix(s, "=="); ok {
			t.families = append(t.families, family{name: strings.TrimSpace(name)})
			return nil
		}
		if len(t.families) == 0 {
			return fmt.Errorf("families.txt:%d: a wording before the first \"== name\" line", n)
		}
		f := &t.families[len(t.families)-1]
		f.wordings = append(f.wordings, plain.tokens(s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.vocab, t.deletes = map[string]bool{}, map[string][]string{}
	addVocab := func(w string) {
		if t.vocab[w] || w == company {
			return
		}
		t.vocab[w] = true
		for _, d := range deletions(w) {
			t.deletes[d] = append(t.deletes[d], w)
		}
	}
	for _, f := range t.families {
		if len(f.wordings) == 0 {
			return nil, fmt.Errorf("families.txt: family %q has no wording", f.name)
		}
		for _, w := range f.wordings {
			for _, tok := range w {
				addVocab(tok)
			}
		}
	}
	for _, ps := range t.synonyms {
		for _, p := range ps {
			addVocab(p.to)
			for _, st := range p.stems {
				addVocab(st)
			}
		}
	}
	for _, ds := range t.deletes {
		slices.Sort(ds)
	}
	return t, nil
}

// deletions are w with one letter left out.
func deletions(w string) []string {
	r := []rune(w)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}

// minSpell is the length from which an unknown word is read as the known
// word one typing slip away; maxSpell the length past which it is no word
// (a hostile file's run of letters is not spelled out letter by letter).
const (
	minSpell = 6
	maxSpell = 30
)

// spell returns the known stem one letter left out, one too many, one
// changed or two swapped away from st ("youself" is "yourself"), or st.
// Short words, known ones, and a slip at the end (where stems differ:
// "trader" is not "trade") are kept.
func (t *tables) spell(st string) string {
	if n := utf8.RuneCountInString(st); t.vocab[st] || n < minSpell || n > maxSpell {
		return st
	}
	ok := func(w string) bool {
		// The same first and last letters: a slip inside the word.
		return utf8.RuneCountInString(w) >= minSpell && w[0] == st[0] && w[len(w)-1] == st[len(st)-1]
	}
	for _, w := range t.deletes[st] {
		if ok(w) {
			return w // a letter left out
		}
	}
	ds := deletions(st)
	for _, d := range ds {
		if t.vocab[d] && ok(d) {
			return d // a letter too many
		}
	}
	for _, d := range ds {
		for _, w := range t.deletes[d] {
			if ok(w) {
				return w // a letter changed, or two swapped
			}
		}
	}
	return st
}

// eachLine calls fn with each line of data that is not blank or a
// comment, trimmed, and its number.
func eachLine(data []byte, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// maxRunes bounds the text normalised: a question is a sentence or two,
// and a hostile file must not make grouping slow.
const maxRunes = 2000

// words appends the lower-case words of s to dst: runs of letters and
// digits; an apostrophe inside a word joins its two sides, and a final
// "'s" is dropped.
func words(s string, dst []string) []string {
	if len(s) > maxRunes*utf8.UTFMax {
		s = s[:maxRunes*utf8.UTFMax]
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
		if n++; n > maxRunes {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			// "didn't" → "didnt"; possessive drops a final "'s" later
		default:
			flush()
		}
	}
	flush()
	return dst
}

// stemWord is the Snowball English stem of a lower-case word; words with
// anything but letters of the Latin alphabet are kept as they are.
func stemWord(w string) string {
	for _, r := range w {
		if r > unicode.MaxLatin1 || !unicode.IsLetter(r) {
			return w
		}
	}
	return english.Stem(w, true)
}

// normaliser turns a wording into tokens; companies are the names the
// notebook knows, as word sequences keyed by their first word.
type normaliser struct {
	t         *tables
	companies map[string][][]string
}

// newNormaliser knows the company names given, and the generic words for
// a company.
func newNormaliser(companies []string) *normaliser {
	return &normaliser{t: loaded(), companies: companyWords(companies)}
}

// companyWords are the names given and the generic words for a company,
// as word sequences keyed by their first word, longest first.
func companyWords(companies []string) map[string][][]string {
	m := map[string][][]string{}
	add := func(ws []string) {
		if len(ws) == 0 || len(ws) == 1 && stop[ws[0]] && ws[0] != "here" {
			return
		}
		for _, seq := range m[ws[0]] {
			if slices.Equal(seq, ws) {
				return
			}
		}
		m[ws[0]] = append(m[ws[0]], ws)
	}
	for _, g := range generic {
		add(words(g, nil))
	}
	for _, c := range companies {
		ws := words(c, nil)
		add(ws)
		// "Acme Corp" is also asked as "Acme".
		if len(ws) == 2 && corporate[ws[1]] {
			add(ws[:1])
		}
	}
	for _, seqs := range m {
		slices.SortStableFunc(seqs, func(a, b []string) int { return len(b) - len(a) })
	}
	return m
}

// corporate are the words after a company's name that people leave out.
var corporate = set("corp corporation inc ltd llc gmbh ag sa co plc limited group labs")

// company is the placeholder every company name becomes.
const company = "~company"

// tokens returns the tokens of wording s, in order, each once. A wording
// of nothing but stop words ("Why?") keeps all its words.
func (n *normaliser) tokens(s string) []string {
	ws := possessive(s, words(s, nil))
	// Company names, then stems.
	var stems, raw []string
	for i := 0; i < len(ws); {
		if k := n.company(ws, i); k > 0 {
			stems, raw = append(stems, company), append(raw, company)
			i += k
			continue
		}
		stems, raw = append(stems, stemWord(ws[i])), append(raw, ws[i])
		i++
	}
	var toks []string
	seen := map[string]bool{}
	add := func(tok string) {
		if !seen[tok] {
			seen[tok] = true
			toks = append(toks, tok)
		}
	}
	for i := 0; i < len(stems); {
		if k, to := n.synonym(stems, i); k > 0 {
			add(to)
			i += k
			continue
		}
		if !stop[raw[i]] && !stop[stems[i]] {
			st := n.t.spell(stems[i])
			if st != stems[i] {
				if k, to := n.synonym([]string{st}, 0); k > 0 {
					st = to
				}
			}
			add(st)
		}
		i++
	}
	if len(toks) == 0 {
		for _, w := range raw {
			add(w)
		}
	}
	return toks
}

// possessive drops the "s" that words left of a final "'s": "Fabrikam's"
// is "fabrikam", "Twitter's" "twitter", but "what's" stays "whats", a stop
// word.
func possessive(s string, ws []string) []string {
	if !strings.Contains(s, "'s") && !strings.Contains(s, "’s") {
		return ws
	}
	lower := strings.ToLower(s)
	for i, w := range ws {
		base := w[:len(w)-1]
		if len(w) > 2 && w[len(w)-1] == 's' && !stop[w] &&
			(strings.Contains(lower, base+"'s") || strings.Contains(lower, base+"’s")) {
			ws[i] = base
		}
	}
	return ws
}

// company is the number of words from ws[i] that name a company, 0 when
// none.
func (n *normaliser) company(ws []string, i int) int {
	for _, seq := range n.companies[ws[i]] {
		if i+len(seq) <= len(ws) && slices.Equal(ws[i:i+len(seq)], seq) {
			return len(seq)
		}
	}
	return 0
}

// synonym is the number of stems from stems[i] that a synonym's wording
// spans, and its token; 0 when none starts there.
func (n *normaliser) synonym(stems []string, i int) (int, string) {
	for _, p := range n.t.synonyms[stems[i]] {
		if i+len(p.stems) <= len(stems) && slices.Equal(stems[i:i+len(p.stems)], p.stems) {
			return len(p.stems), p.to
		}
	}
	return 0, ""
}

// form is one distinct normalised wording, weighed.
type form struct {
	key    string
	tokens []string
	grams  []uint32 // sorted, distinct character trigrams (hashed)
	vec    []weight // by token
	norm   float64  // Euclidean norm of vec
	norm2  float64  // norm squared
	heavy  int      // tokens that are neither light nor the company
}

// light tokens are words that many different questions share ("work",
// "design", "system"): they weigh lightScale of their IDF, and a
// question of nothing but light tokens and the company is never
// "contained" in another.
var light = func() map[string]bool {
	m := map[string]bool{}
	for w := range set(`work job team project current new design system find given return write use handle deal
		manage people someone way approach problem day ask much long`) {
		m[stemWord(w)] = true
	}
	return m
}()

const lightScale = 0.5

type weight struct {
	tok string
	w   float64
}

// index holds the IDF of a set of forms plus the curated families'
// wordings.
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
	for _, f := range loaded().families {
		for _, w := range f.wordings {
			add(w)
		}
	}
	for _, f := range forms {
		add(f)
	}
	return ix
}

// idf is the smoothed inverse document frequency, ln((1+n)/(1+df)) + 1.
func (ix *index) idf(tok string) float64 {
	return math.Log(float64(1+ix.n)/float64(1+ix.df[tok])) + 1
}

func (ix *index) form(key string, toks []string) *form {
	f := &form{key: key, tokens: toks, grams: trigrams(key)}
	for _, t := range toks {
		w := ix.idf(t)
		if light[t] {
			w *= lightScale
		} else if t != company {
			f.heavy++
		}
		f.vec = append(f.vec, weight{t, w})
		f.norm2 += w * w
	}
	slices.SortFunc(f.vec, func(a, b weight) int { return strings.Compare(a.tok, b.tok) })
	f.norm = math.Sqrt(f.norm2)
	return f
}

// trigrams returns the distinct character trigrams of " key ", hashed
// (FNV-1a) and sorted.
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

// score is the lexical similarity of two forms, from 0 to 1.
func score(a, b *form) float64 { return scoreWith(a, b, false) }

// scoreWith is score; with contained, a one-token form may be contained
// in the other (a curated family's wording in a question).
func scoreWith(a, b *form, contained bool) float64 {
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
	s := cosWeight*cos + (1-cosWeight)*jac
	if small := a; min(len(a.vec), len(b.vec)) >= 2 || contained {
		if b.norm2 < a.norm2 {
			small = b
		}
		if small.heavy > 0 && small.norm2 > 0 {
			c := dot / small.norm2
			s = max(s, containWeight*c*c)
		}
	}
	if contrasting(a, b) {
		s *= contrastScale
	}
	return min(s, 1)
}

// contrasting reports whether a says a word of a line of contrasts.txt
// and b another word of it, neither saying both.
func contrasting(a, b *form) bool {
	c := loaded().contrast
	if len(c) == 0 {
		return false
	}
	has := func(f *form, tok string) bool {
		_, ok := slices.BinarySearchFunc(f.vec, tok, func(w weight, t string) int { return strings.Compare(w.tok, t) })
		return ok
	}
	for _, wa := range a.vec {
		for _, line := range c[wa.tok] {
			if has(b, wa.tok) {
				continue
			}
			for _, wb := range b.vec {
				if wb.tok != wa.tok && slices.Contains(c[wb.tok], line) && !has(a, wb.tok) {
					return true
				}
			}
		}
	}
	return false
}

// noFamilies turns the curated families off: the corpus test measures the
// lexical matcher alone with it.
var noFamilies bool

// families finds the curated family of each form: the family one of whose
// wordings is lexically closest to it, when that closeness is at least
// FamilyThreshold; -1 when none. closeness is that similarity.
func families(ix *index, forms []*form) (fam []int, closeness []float64) {
	t := loaded()
	type exemplar struct {
		f   *form
		fam int
	}
	var ex []exemplar
	post := map[string][]int{}
	for fi, f := range t.families {
		for _, w := range f.wordings {
			e := exemplar{ix.form(strings.Join(w, " "), w), fi}
			for _, tok := range w {
				post[tok] = append(post[tok], len(ex))
			}
			ex = append(ex, e)
		}
	}
	fam, closeness = make([]int, len(forms)), make([]float64, len(forms))
	if noFamilies {
		for i := range fam {
			fam[i] = -1
		}
		return fam, closeness
	}
	seen := map[int]bool{}
	for i, f := range forms {
		fam[i] = -1
		clear(seen)
		specific := 0 // tokens of the closest wording: on a tie, the more specific wins
		for _, tok := range f.tokens {
			for _, e := range post[tok] {
				if seen[e] {
					continue
				}
				seen[e] = true
				s, n := scoreWith(f, ex[e].f, len(ex[e].f.vec) == 1), len(ex[e].f.vec)
				if s >= FamilyThreshold && (s > closeness[i] || s == closeness[i] && n > specific) {
					fam[i], closeness[i], specific = ex[e].fam, s, n
				}
			}
		}
	}
	return fam, closeness
}

// Similarity is the similarity, from 0 to 1, of two questions on their
// own (the IDF of the curated families and the two, no company names but
// the generic ones): see Threshold. Grouping a notebook uses the
// notebook's own IDF and company names.
func Similarity(a, b string) float64 {
	ta, tb := plain().tokens(a), plain().tokens(b)
	ix := newIndex([][]string{ta, tb})
	fa, fb := ix.form(strings.Join(ta, " "), ta), ix.form(strings.Join(tb, " "), tb)
	fam, close := families(ix, []*form{fa, fb})
	return similarity(score(fa, fb), fam[0], fam[1], close[0], close[1])
}

// similarity is a lexical score s corrected by the curated families of
// the two forms (-1: none) and how close each is to its family.
func similarity(s float64, famA, famB int, closeA, closeB float64) float64 {
	switch {
	case famA >= 0 && famA == famB:
		return max(s, min(closeA, closeB))
	case famA >= 0 && famB >= 0:
		return min(s, Threshold*contrastScale)
	}
	return s
}

// Key is the normalised form of a question: its tokens joined by spaces,
// "here" and the like read as "~company". Wordings with the same key are
// always one question.
func Key(q string) string { return strings.Join(plain().tokens(q), " ") }

// plain is the normaliser that knows no company name.
var plain = sync.OnceValue(func() *normaliser { return newNormaliser(nil) })
