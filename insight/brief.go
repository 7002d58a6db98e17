package insight

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

// Upcoming is the interview a briefing prepares for.
type Upcoming struct {
	// RecordID is its record, left out of what came before; "" when none.
	RecordID string
	Company  string
	// Start is when it starts; zero when not known (then Day counts).
	Start time.Time
	Day   notebook.Date
	// Kind is the round: "phone screen", "onsite"…
	Kind string
	// Location is its time zone, for display; nil is UTC.
	Location *time.Location
}

// UpcomingOf is the interview of record r.
func UpcomingOf(r *notebook.Record) Upcoming {
	return Upcoming{
		RecordID: r.ID, Company: strings.TrimSpace(r.Interview.Company), Start: r.Start(), Day: r.Day(),
		Kind: strings.TrimSpace(r.Interview.Round), Location: r.Location(),
	}
}

// Briefing is what to look at before an interview: the earlier rounds with
// the company, the questions they asked, the open action items of the last
// reflections and the top of the practice list. Its JSON shape is what
// `debrief brief --json` prints.
type Briefing struct {
	Company string         `json:"company"`
	Start   *time.Time     `json:"start,omitempty"`
	Day     *notebook.Date `json:"day,omitempty"`
	Kind    string         `json:"kind,omitempty"`
	// Earlier are the earlier rounds with the company, oldest first.
	Earlier []Round `json:"earlier"`
	// Asked are the questions the company asked in them, grouped.
	Asked []questions.Group `json:"asked"`
	// Actions are the open action items of the reflections before, most
	// recent first, across all companies, at most BriefActions.
	Actions []BriefAction `json:"actions"`
	// Practice is the top of the practice list of the whole notebook
	// before, at most BriefPractice.
	Practice []questions.Group `json:"practice"`

	loc *time.Location
}

// BriefAction is one open action item and the interview it came from.
type BriefAction struct {
	Text     string        `json:"text"`
	RecordID string        `json:"record_id"`
	Company  string        `json:"company,omitempty"`
	Date     notebook.Date `json:"date,omitzero"`
}

// How many action items and practice questions a briefing keeps.
const (
	BriefActions  = 5
	BriefPractice = 3
)

// Brief is the briefing for interview up at now. Only interviews before
// both up and now count: a later round already in the calendar has
// nothing to teach yet. The questions are grouped as `debrief questions`
// groups them: over all of recs, with the person's merges and splits c
// (questions.Load).
func Brief(recs []*notebook.Record, up Upcoming, c questions.Corrections, now time.Time) Briefing {
	b := Briefing{Company: up.Company, Kind: up.Kind, Earlier: []Round{}, Asked: []questions.Group{}, Actions: []BriefAction{}, Practice: []questions.Group{}, loc: cmp.Or(up.Location, time.UTC)}
	if !up.Start.IsZero() {
		s := up.Start
		b.Start = &s
	}
	if day := cmp.Or(up.Day, briefDayOf(up)); !day.IsZero() {
		b.Day = &day
	}
	var before []*notebook.Record
	for _, r := range recs {
		if r.ID != up.RecordID && briefBefore(r, up, now) {
			before = append(before, r)
		}
	}
	notebook.Sort(before)

	// The questions are grouped over the whole notebook, as `debrief
	// questions` groups them, and counted over the records before.
	if up.Company != "" {
		tl := CompanyTimeline(before, up.Company)
		b.Earlier = tl.Rounds
		b.Asked = questions.Build(recs, questions.Options{Corrections: c, Only: memberOf(CompanyRecords(before, up.Company))}).Groups
	}
	seen := map[string]bool{}
	for i := len(before) - 1; i >= 0 && len(b.Actions) < BriefActions; i-- {
		r := before[i]
		if !r.Reflected() {
			continue
		}
		for _, a := range r.ActionItems {
			text := notebook.OneLine(a.Text)
			k := strings.ToLower(text)
			if a.Done || text == "" || seen[k] || len(b.Actions) == BriefActions {
				continue
			}
			seen[k] = true
			b.Actions = append(b.Actions, BriefAction{Text: text, RecordID: r.ID, Company: r.Interview.Company, Date: r.Day()})
		}
	}
	b.Practice = questions.Build(recs, questions.Options{Top: BriefPractice, Corrections: c, Only: memberOf(before)}).Practice
	return b
}

// memberOf reports whether a record is one of recs.
func memberOf(recs []*notebook.Record) func(*notebook.Record) bool {
	set := make(map[*notebook.Record]bool, len(recs))
	for _, r := range recs {
		set[r] = true
	}
	return func(r *notebook.Record) bool { return set[r] }
}

func briefDayOf(up Upcoming) notebook.Date {
	if up.Start.IsZero() {
		return notebook.Date{}
	}
	return notebook.DateOf(up.Start.In(cmp.Or(up.Location, time.UTC)))
}

// briefBefore reports whether r took place before up and not after now:
// by start when both have one, else by day.
func briefBefore(r *notebook.Record, up Upcoming, now time.Time) bool {
	if s := r.Start(); !s.IsZero() {
		if s.After(now) {
			return false
		}
		if !up.Start.IsZero() {
			return s.Before(up.Start)
		}
	}
	day := r.Day()
	if day.IsZero() {
		return false
	}
	if day.After(notebook.DateOf(now.In(r.Location()))) {
		return false
	}
	upDay := cmp.Or(up.Day, briefDayOf(up))
	return upDay.IsZero() || day.Before(upDay)
}

// Text is the briefing in full, for `debrief brief`.
func (b Briefing) Text() string {
	var w strings.Builder
	w.WriteString(b.heading() + "\n")
	if b.Company != "" && len(b.Earlier) == 0 {
		fmt.Fprintf(&w, "\nFirst interview with %s in the notebook.\n", b.Company)
	}
	if len(b.Earlier) > 0 {
		fmt.Fprintf(&w, "\nEarlier rounds with %s:\n", b.Company)
		for _, r := range b.Earlier {
			w.WriteString("  " + briefRoundLine(r) + "\n")
			if len(r.Interviewers) > 0 {
				w.WriteString("      with " + strings.Join(r.Interviewers, ", ") + "\n")
			}
		}
	}
	if len(b.Asked) > 0 {
		fmt.Fprintf(&w, "\nThey asked:\n")
		for _, g := range b.Asked {
			w.WriteString("  - " + briefGroupLine(g) + "\n")
			if last := g.Asks[len(g.Asks)-1]; last.Answer != "" || last.HowToImprove != "" {
				if last.Answer != "" {
					w.WriteString("      you answered: " + notebook.OneLine(last.Answer) + "\n")
				}
				if last.HowToImprove != "" {
					w.WriteString("      to improve: " + notebook.OneLine(last.HowToImprove) + "\n")
				}
			}
		}
	}
	if len(b.Actions) > 0 {
		w.WriteString("\nOpen action items:\n")
		for _, a := range b.Actions {
			fmt.Fprintf(&w, "  - %s (%s)\n", a.Text, strings.TrimSpace(a.Date.String()+" "+notebook.OneLine(a.Company)))
		}
	}
	if len(b.Practice) > 0 {
		w.WriteString("\nPractise:\n")
		for i, g := range b.Practice {
			fmt.Fprintf(&w, "  %d. %s\n", i+1, briefGroupLine(g))
		}
	}
	return w.String()
}

// Notification is the briefing in at most limit runes, for the daemon's
// notification: the earlier rounds, then up to three questions, action
// items and practice questions, each on one short line; lines that do not
// fit are left out, whole.
func (b Briefing) Notification(limit int) string {
	var lines []string
	lines = append(lines, b.heading())
	if len(b.Earlier) > 0 {
		lines[0] += " Before:"
	}
	for _, r := range b.Earlier {
		lines = append(lines, "- "+briefRoundLine(r))
	}
	section := func(head string, items []string) {
		if len(items) == 0 {
			return
		}
		lines = append(lines, head)
		for _, it := range items[:min(len(items), 3)] {
			lines = append(lines, "- "+briefTrunc(it, 80))
		}
	}
	var asked, actions, practice []string
	for _, g := range b.Asked {
		asked = append(asked, g.Label)
	}
	for _, a := range b.Actions {
		actions = append(actions, a.Text)
	}
	for _, g := range b.Practice {
		practice = append(practice, g.Label)
	}
	section("They asked:", asked)
	section("Open action items:", actions)
	section("Practise:", practice)
	var out strings.Builder
	n := 0
	for _, l := range lines {
		l = briefTrunc(l, 120)
		m := len([]rune(l)) + 1
		if n+m > limit+1 {
			break
		}
		if n > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(l)
		n += m
	}
	return out.String()
}

func (b Briefing) heading() string {
	kind := []rune(cmp.Or(notebook.OneLine(b.Kind), "Interview"))
	kind[0] = unicode.ToUpper(kind[0])
	h := string(kind)
	if b.Company != "" {
		h += " with " + notebook.OneLine(b.Company)
	}
	switch {
	case b.Start != nil:
		h += " at " + b.Start.In(b.loc).Format("15:04 MST")
		if b.Day != nil {
			h += " on " + b.Day.String()
		}
	case b.Day != nil:
		h += " on " + b.Day.String()
	}
	return h + "."
}

// briefRoundLine is "2026-03-13 technical screen (you rated it 7/10)".
func briefRoundLine(r Round) string {
	s := cmp.Or(r.Date.String(), "undated") + " " + cmp.Or(notebook.OneLine(r.Round), "interview")
	if r.Rating != nil {
		s += fmt.Sprintf(" (you rated it %d/10)", *r.Rating)
	}
	if r.Outcome != "" {
		s += ": " + r.Outcome
	}
	return s
}

// briefGroupLine is a question with how often it came and how it went.
func briefGroupLine(g questions.Group) string {
	s := g.Label
	var notes []string
	if g.Count > 1 {
		notes = append(notes, fmt.Sprintf("%d×", g.Count))
	}
	if g.Difficult > 0 {
		notes = append(notes, "difficult")
	}
	if last := g.Asks[len(g.Asks)-1]; last.HowItWent != "" {
		notes = append(notes, "last: "+briefTrunc(notebook.OneLine(last.HowItWent), 60))
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, ", ") + ")"
	}
	return s
}

// briefTrunc shortens s to n runes with an ellipsis.
func briefTrunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
