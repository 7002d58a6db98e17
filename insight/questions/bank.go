package questions

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// Bank is every question asked in a set of records, similar
// wordings grouped (see Threshold), with what to practise next. Its
// JSON shape is what `debrief questions --json` prints.
type Bank struct {
	// Records is the number of records read, Asked the questions in them
	// (every instance), Distinct the distinct normalised wordings.
	Records int `json:"records"`
	// Upcoming is how many of the records are interviews still to come
	// at Options.Now (they hold no questions yet); 0 without a Now.
	Upcoming int `json:"upcoming"`
	Asked    int `json:"asked"`
	Distinct int `json:"distinct"`
	// Groups are the questions, most asked first, then most recently
	// asked, then by label.
	Groups []Group `json:"groups"`
	// Practice is the top of the practice list: groups by PracticeScore,
	// highest first; only groups with a score above 1 (asked more than
	// once, or once with a sign of weakness) enter it.
	Practice []Group `json:"practice"`
}

// Group is one question however it was worded.
type Group struct {
	// Number is the group's place in Bank.Groups, from 1: what `debrief
	// questions` prints and Merge, Split and Bank.Find accept.
	Number int `json:"number"`
	// Label is the wording asked most often, ties going to the most recent.
	Label string `json:"label"`
	// Wordings are the distinct wordings, most asked first; Label is the
	// first.
	Wordings []string `json:"wordings"`
	// Count is how many times it was asked; Difficult how many of those
	// were marked difficult; Poor how many went poorly (Poor).
	Count     int `json:"count"`
	Difficult int `json:"difficult"`
	Poor      int `json:"poor"`
	// LowRating is how many times it was asked in an interview rated
	// LowRating or less overall.
	LowRating int `json:"low_rating"`
	// Score is PracticeScore of the group.
	Score float64 `json:"score"`
	// Companies are who asked it, with the dates, most recent first.
	Companies []Company `json:"companies"`
	// Asks are every time it was asked, oldest first; the last is the
	// last answer given.
	Asks []Ask `json:"asks"`

	first, last int32 // the oldest and most recent asks, to order groups
}

// Company is one company that asked a question and on which days.
type Company struct {
	Company string          `json:"company"`
	Dates   []notebook.Date `json:"dates"`
}

// Ask is one time a question was asked: the record it is in and
// the notes on it.
type Ask struct {
	RecordID     string        `json:"record_id"`
	Company      string        `json:"company"`
	Date         notebook.Date `json:"date,omitzero"`
	Round        string        `json:"round,omitempty"`
	Question     string        `json:"question"`
	Answer       string        `json:"answer,omitempty"`
	HowItWent    string        `json:"how_it_went,omitempty"`
	Difficult    bool          `json:"difficult,omitempty"`
	HowToImprove string        `json:"how_to_improve,omitempty"`
	// Rating is the record's overall rating, 1–10, nil when not given.
	Rating *int `json:"rating,omitempty"`
	// Poor reports whether HowItWent says it went poorly.
	Poor bool `json:"poor,omitempty"`
}

// LowRating is the overall rating (1–10) at or under which an interview
// counts against the questions asked in it.
const LowRating = 4

// PracticeScore is how much a question needs practice:
//
//	score = Σ over the times it was asked of (1 + 2·difficult + 2·went poorly + 1·rated ≤ LowRating)
//
// and halved when the last time it was asked it went well (HowItWent says
// so and it was not marked difficult): asked often counts, each sign of
// weakness counts double, and a question recently answered well can wait.
func PracticeScore(g Group) float64 {
	s := float64(g.Count + 2*g.Difficult + 2*g.Poor + g.LowRating)
	if n := len(g.Asks); n > 0 {
		if last := g.Asks[n-1]; !last.Difficult && WentWell(last.HowItWent) {
			s /= 2
		}
	}
	return s
}

var (
	poorWords = set(`poor poorly bad badly struggled struggle struggling weak weakly blanked blank froze frozen rambled rambling
stumbled stumble failed fail bombed messy awkward wrong incomplete unprepared forgot confused lost vague nervous terrible awful
rough meh mediocre shaky unclear slow long rushed`)
	wellWords = set(`good great well fine nailed strong solid confident excellent smooth smoothly clear liked loved perfect
perfectly ok okay decent`)
	negations = set("not didnt wasnt no never hardly barely couldnt nt")
)

// Poor reports whether a how-it-went note says the answer went
// poorly: a word such as poor, bad, struggled, weak, blanked, rambled, too
// long, or "not good" (a negated good word). "Not bad" is not poor.
func Poor(howItWent string) bool {
	poor, _ := judge(howItWent)
	return poor
}

// WentWell reports whether a how-it-went note says it went well
// and nothing says it went poorly.
func WentWell(howItWent string) bool {
	poor, well := judge(howItWent)
	return well && !poor
}

func judge(s string) (poor, well bool) {
	words := words(s, nil)
	for i, w := range words {
		negated := i > 0 && negations[words[i-1]] || i > 1 && negations[words[i-2]] && !poorWords[words[i-1]] && !wellWords[words[i-1]]
		switch {
		case w == "too" && i+1 < len(words):
			poor = true // too long, too vague, too fast
		case poorWords[w] && !negated:
			poor = true
		case wellWords[w] && negated:
			poor = true
		case wellWords[w]:
			well = true
		}
	}
	return poor, well
}

// Options select and shape a question bank.
type Options struct {
	// Top is how many groups the practice list keeps (default 5).
	Top int
	// Corrections are the person's merges and splits (see Load).
	Corrections Corrections
	// Now, when set, tells the interviews to come from the past ones:
	// Bank.Upcoming counts them.
	Now time.Time
	// Only, when not nil, keeps the asks of the records it accepts. The
	// groups are still made from all the records, as `debrief questions`
	// makes them, so a merge holds even when the wording that joined two
	// questions is in a record left out; Records, Upcoming, Asked,
	// Distinct, the groups and the practice list are of the records kept.
	Only func(*notebook.Record) bool
}

// instance is one question asked: where it is and its distinct form.
type instance struct {
	r     *notebook.Record
	index int // in r.Takeaways.Questions
	text  string
	form  int
	day   notebook.Date
	rank  int // of the record in date order
}

// text is what one exact question text normalises to.
type text struct {
	text string // on one line, cleaned
	form int
}

// Questions builds the question bank of recs: every question of every
// record, similar wordings grouped by average-link clustering at
// Threshold, and the practice list. Identical normalised wordings
// are one form before any comparison, and only forms that share a token or
// a token's five-letter prefix are compared, so the work grows with the
// number of distinct wordings that could be alike, not with the square of
// the questions asked. The result depends only on recs and opt, not on
// their order.
func Build(recs []*notebook.Record, opt Options) Bank {
	if opt.Top <= 0 {
		opt.Top = 5
	}
	bank := Bank{Records: len(recs), Groups: []Group{}, Practice: []Group{}}
	// kept are the records whose asks count, with Only.
	var kept map[*notebook.Record]bool
	if opt.Only != nil {
		kept = make(map[*notebook.Record]bool, len(recs))
		bank.Records = 0
		for _, r := range recs {
			if opt.Only(r) {
				kept[r] = true
				bank.Records++
			}
		}
	}
	if !opt.Now.IsZero() {
		for _, r := range recs {
			if (kept == nil || kept[r]) && r.Upcoming(opt.Now) {
				bank.Upcoming++
			}
		}
	}
	formOf := map[string]int{}
	var formTokens [][]string
	var formKeys []string
	var insts []instance
	// Wordings repeat: normalise each exact text once.
	texts := map[string]text{}
	// The companies of recs read as one placeholder (normaliser).
	seenName := map[string]bool{}
	var names []string
	for _, r := range recs {
		if name := r.Interview.Company; !seenName[name] {
			seenName[name] = true
			names = append(names, name)
		}
	}
	norm := newNormaliser(names)
	// Records in order (date, start, id): questions are then collected
	// oldest first, and each group's asks come out sorted.
	type dated struct {
		r     *notebook.Record
		day   notebook.Date
		start int64
	}
	ordered := make([]dated, len(recs))
	for i, r := range recs {
		ordered[i] = dated{r, r.Day(), r.Start().UnixNano()}
	}
	slices.SortFunc(ordered, func(a, b dated) int {
		return cmp.Or(a.day.Compare(b.day), cmp.Compare(a.start, b.start), strings.Compare(a.r.ID, b.r.ID))
	})
	for rank, o := range ordered {
		r, day := o.r, o.day
		for qi, q := range r.Takeaways.Questions {
			t, ok := texts[q.Question]
			if !ok {
				t = text{text: notebook.OneLine(q.Question), form: -1}
				if t.text != "" {
					toks := norm.tokens(t.text)
					key := strings.Join(toks, " ")
					if t.form, ok = formOf[key]; !ok {
						t.form = len(formKeys)
						formOf[key] = t.form
						formKeys = append(formKeys, key)
						formTokens = append(formTokens, toks)
					}
				}
				texts[q.Question] = t
			}
			if t.form >= 0 {
				insts = append(insts, instance{r: r, index: qi, text: t.text, form: t.form, day: day, rank: rank})
			}
		}
	}
	bank.Asked, bank.Distinct = len(insts), len(formKeys)
	if len(insts) == 0 {
		return bank
	}
	ix := newIndex(formTokens)
	forms := make([]*form, len(formKeys))
	for i := range formKeys {
		forms[i] = ix.form(formKeys[i], formTokens[i])
	}
	cons := opt.Corrections.constraints(func(w string) int {
		if t, ok := texts[w]; ok {
			return t.form
		}
		if f, ok := formOf[strings.Join(norm.tokens(notebook.OneLine(w)), " ")]; ok {
			return f
		}
		return -1
	})
	cons.family, cons.close = families(ix, forms)
	cluster := cluster(forms, cons)

	members := map[int][]int32{}
	keptForms := map[int]bool{}
	for i, in := range insts {
		if opt.Only != nil {
			if !kept[in.r] {
				continue
			}
			keptForms[in.form] = true
		}
		c := cluster[in.form]
		members[c] = append(members[c], int32(i))
	}
	if opt.Only != nil {
		bank.Asked, bank.Distinct = 0, len(keptForms)
		for _, idx := range members {
			bank.Asked += len(idx)
		}
	}
	poor := map[string]bool{}
	for _, idx := range members {
		// idx is in ascending order: the asks oldest first.
		asks := make([]Ask, len(idx))
		for k, i := range idx {
			in := &insts[i]
			q := &in.r.Takeaways.Questions[in.index]
			p, ok := poor[q.HowItWent]
			if !ok {
				p = Poor(q.HowItWent)
				poor[q.HowItWent] = p
			}
			asks[k] = Ask{
				RecordID: in.r.ID, Company: in.r.Interview.Company, Date: in.day, Round: in.r.Interview.Round,
				Question: in.text, Answer: q.Answer, HowItWent: q.HowItWent, Difficult: q.Difficult,
				HowToImprove: q.HowToImprove, Rating: in.r.Overall.Rating, Poor: p,
			}
		}
		g := summarise(asks)
		g.first, g.last = idx[0], idx[len(idx)-1]
		bank.Groups = append(bank.Groups, g)
	}
	// Most asked first, then most recently asked, then (questions last
	// asked in one interview) in the order first asked.
	slices.SortFunc(bank.Groups, func(a, b Group) int {
		return cmp.Or(b.Count-a.Count, insts[b.last].rank-insts[a.last].rank, int(a.first-b.first))
	})
	for i := range bank.Groups {
		bank.Groups[i].Number = i + 1
	}
	for _, g := range bank.Groups {
		if g.Score > 1 {
			bank.Practice = append(bank.Practice, g)
		}
	}
	slices.SortStableFunc(bank.Practice, func(a, b Group) int { return cmp.Compare(b.Score, a.Score) })
	bank.Practice = bank.Practice[:min(len(bank.Practice), opt.Top)]
	return bank
}

// summarise summarises the asks of one cluster, sorted oldest first.
func summarise(asks []Ask) Group {
	g := Group{Count: len(asks), Asks: asks}
	type wording struct {
		text  string
		n     int
		order int // index of its last ask: later is more recent
	}
	ws := map[string]*wording{}
	type company struct {
		Company Company
		last    int // index of its last ask
	}
	byCompany := map[string]*company{}
	var companies []*company
	for i, a := range asks {
		w := ws[a.Question]
		if w == nil {
			w = &wording{text: a.Question}
			ws[a.Question] = w
		}
		w.n++
		w.order = i
		if a.Difficult {
			g.Difficult++
		}
		if a.Poor {
			g.Poor++
		}
		if a.Rating != nil && *a.Rating <= LowRating {
			g.LowRating++
		}
		name := strings.TrimSpace(a.Company)
		k := strings.ToLower(name)
		c := byCompany[k]
		if c == nil {
			c = &company{}
			byCompany[k] = c
			companies = append(companies, c)
		}
		c.Company.Company, c.last = name, i // as last written
		if !a.Date.IsZero() && (len(c.Company.Dates) == 0 || c.Company.Dates[len(c.Company.Dates)-1] != a.Date) {
			c.Company.Dates = append(c.Company.Dates, a.Date)
		}
	}
	list := make([]*wording, 0, len(ws))
	for _, w := range ws {
		list = append(list, w)
	}
	slices.SortFunc(list, func(a, b *wording) int { return cmp.Or(b.n-a.n, b.order-a.order) })
	for _, w := range list {
		g.Wordings = append(g.Wordings, w.text)
	}
	g.Label = g.Wordings[0]
	// Most recent first, companies and their dates.
	slices.SortFunc(companies, func(a, b *company) int { return b.last - a.last })
	for _, c := range companies {
		slices.Reverse(c.Company.Dates)
		if c.Company.Dates == nil {
			c.Company.Dates = []notebook.Date{}
		}
		g.Companies = append(g.Companies, c.Company)
	}
	g.Score = PracticeScore(g)
	return g
}
