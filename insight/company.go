package insight

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// ErrNoCompany: no record is with a company of that name or prefix.
var ErrNoCompany = errors.New("no such company")

// CompanyAmbiguousError is a company name prefix that more than one company
// in the notebook starts with.
type CompanyAmbiguousError struct {
	Name       string
	Candidates []string // the companies it matches, sorted
}

func (e *CompanyAmbiguousError) Error() string {
	return fmt.Sprintf("%q matches %d companies: %s", e.Name, len(e.Candidates), strings.Join(e.Candidates, ", "))
}

// companyFold is the comparison form of a company name: lower case, runs
// of white space as one space.
func companyFold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// CompanyMatch finds the company that name means among recs: a company
// whose name equals name ignoring case and spacing, else the one company
// whose name starts with it. It returns the name as most recently written;
// ErrNoCompany when none matches, a *CompanyAmbiguousError when several
// do.
func CompanyMatch(recs []*notebook.Record, name string) (string, error) {
	want := companyFold(name)
	if want == "" {
		return "", fmt.Errorf("%w: the name is empty", ErrNoCompany)
	}
	names := map[string]string{} // fold → as last written
	var lastDay = map[string]notebook.Date{}
	for _, r := range recs {
		c := strings.TrimSpace(r.Interview.Company)
		f := companyFold(c)
		if f == "" {
			continue
		}
		if d, ok := lastDay[f]; !ok || !r.Day().Before(d) {
			names[f], lastDay[f] = strings.Join(strings.Fields(c), " "), r.Day()
		}
	}
	if n, ok := names[want]; ok {
		return n, nil
	}
	var cands []string
	for f, n := range names {
		if strings.HasPrefix(f, want) {
			cands = append(cands, n)
		}
	}
	switch len(cands) {
	case 0:
		return "", fmt.Errorf("%w: %q", ErrNoCompany, name)
	case 1:
		return cands[0], nil
	}
	slices.SortFunc(cands, func(a, b string) int {
		return cmp.Or(strings.Compare(companyFold(a), companyFold(b)), strings.Compare(a, b))
	})
	return "", &CompanyAmbiguousError{Name: name, Candidates: cands}
}

// Timeline is every interview with one company, in date order, and how
// long each step took. Its JSON shape is what `debrief company --json`
// prints.
type Timeline struct {
	Company string `json:"company"`
	// Rounds are the interviews, oldest first; undated ones last.
	Rounds []Round `json:"rounds"`
	// People are everyone met: interviewers and others, once each (by
	// e-mail, else name), in the order first met.
	People []notebook.Person `json:"people"`
	// Outcome is the outcome of the latest round that has one, and
	// OutcomeOn its day.
	Outcome   string         `json:"outcome,omitempty"`
	OutcomeOn *notebook.Date `json:"outcome_on,omitempty"`
	// Days is the calendar days from the first round to the last, or to
	// the outcome if that is later.
	Days *int `json:"days,omitempty"`
}

// Round is one interview of a Timeline.
type Round struct {
	RecordID string `json:"record_id"`
	// Upcoming: the interview has not started yet (set by MarkUpcoming).
	Upcoming bool          `json:"upcoming,omitempty"`
	Date     notebook.Date `json:"date,omitzero"`
	// Start is the start in the interview's own time zone, "15:04 MST";
	// "" for a record without a calendar event.
	Start string `json:"start,omitempty"`
	// Round is the record's round ("recruiter screen", "onsite 2/4"), else
	// the calendar event's title.
	Round        string   `json:"round,omitempty"`
	Position     string   `json:"position,omitempty"`
	Format       string   `json:"format,omitempty"`
	Interviewers []string `json:"interviewers,omitempty"`
	Rating       *int     `json:"rating,omitempty"`
	Questions    []string `json:"questions,omitempty"`
	// SincePrevious is the calendar days since the previous round.
	SincePrevious *int `json:"since_previous,omitempty"`

	ThankYouSent *notebook.Date `json:"thank_you_sent,omitempty"`
	// ThankYouDays is the days from the interview to the thank-you note.
	ThankYouDays    *int           `json:"thank_you_days,omitempty"`
	ReplyExpectedBy *notebook.Date `json:"reply_expected_by,omitempty"`
	FollowUpDone    *notebook.Date `json:"follow_up_done,omitempty"`
	Outcome         string         `json:"outcome,omitempty"`
	OutcomeOn       *notebook.Date `json:"outcome_on,omitempty"`
	// OutcomeDays is the days from the interview to the outcome.
	OutcomeDays *int `json:"outcome_days,omitempty"`
}

// CompanyRecords returns the records with company (compared ignoring case
// and spacing), sorted as notebook.Sort does.
func CompanyRecords(recs []*notebook.Record, company string) []*notebook.Record {
	want := companyFold(company)
	var out []*notebook.Record
	for _, r := range recs {
		if want != "" && companyFold(r.Interview.Company) == want {
			out = append(out, r)
		}
	}
	notebook.Sort(out)
	return out
}

// CompanyTimeline is the timeline of the interviews with company among
// recs (company as CompanyMatch returns it; compared ignoring case).
func CompanyTimeline(recs []*notebook.Record, company string) Timeline {
	tl := Timeline{Company: company, Rounds: []Round{}, People: []notebook.Person{}}
	seen := map[string]bool{}
	meet := func(p notebook.Person) {
		k := strings.ToLower(strings.TrimSpace(p.Email))
		if k == "" {
			k = "name:" + companyFold(p.Name)
		}
		if k == "name:" || seen[k] {
			return
		}
		seen[k] = true
		tl.People = append(tl.People, p)
	}
	var prev notebook.Date
	var first, last notebook.Date
	for _, r := range CompanyRecords(recs, company) {
		rd := companyRound(r)
		if !rd.Date.IsZero() {
			if !prev.IsZero() {
				rd.SincePrevious = companyDays(prev, rd.Date)
			}
			prev = rd.Date
			if first.IsZero() {
				first = rd.Date
			}
			last = rd.Date
		}
		if r.FollowUp.Outcome != "" {
			tl.Outcome, tl.OutcomeOn = r.FollowUp.Outcome, r.FollowUp.OutcomeOn
			if o := r.FollowUp.OutcomeOn; o != nil && o.After(last) {
				last = *o
			}
		}
		for _, p := range r.Interview.Interviewers {
			meet(p)
		}
		for _, p := range r.People {
			meet(p)
		}
		tl.Rounds = append(tl.Rounds, rd)
	}
	if !first.IsZero() {
		tl.Days = companyDays(first, last)
	}
	return tl
}

func companyRound(r *notebook.Record) Round {
	rd := Round{
		RecordID: r.ID, Date: r.Day(), Round: strings.TrimSpace(r.Interview.Round),
		Position: r.Interview.Position, Format: r.Interview.Format, Rating: r.Overall.Rating,
		ThankYouSent: r.FollowUp.ThankYouSent, ReplyExpectedBy: r.FollowUp.ReplyExpectedBy,
		FollowUpDone: r.FollowUp.FollowUpDone, Outcome: r.FollowUp.Outcome, OutcomeOn: r.FollowUp.OutcomeOn,
	}
	if s := r.Source; s != nil {
		if !s.Start.IsZero() {
			rd.Start = s.Start.In(r.Location()).Format("15:04 MST")
		}
		if rd.Round == "" {
			rd.Round = notebook.OneLine(s.Title)
		}
	}
	for _, p := range r.Interview.Interviewers {
		if n := cmp.Or(strings.TrimSpace(p.Name), strings.TrimSpace(p.Email)); n != "" {
			rd.Interviewers = append(rd.Interviewers, n)
		}
	}
	for _, q := range r.Takeaways.Questions {
		if t := notebook.OneLine(q.Question); t != "" {
			rd.Questions = append(rd.Questions, t)
		}
	}
	if !rd.Date.IsZero() {
		if rd.ThankYouSent != nil {
			rd.ThankYouDays = companyDays(rd.Date, *rd.ThankYouSent)
		}
		if rd.OutcomeOn != nil {
			rd.OutcomeDays = companyDays(rd.Date, *rd.OutcomeOn)
		}
	}
	return rd
}

// companyDays is the calendar days from a to b.
func companyDays(a, b notebook.Date) *int {
	d := int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
	return &d
}

// CompanySummary is one company of the notebook in an index of
// companies.
type CompanySummary struct {
	// Company is the name as most recently written, as CompanyMatch
	// returns it.
	Company    string `json:"company"`
	Interviews int    `json:"interviews"`
	// First and Last are the days of the first and the latest dated
	// interview; zero when none is dated.
	First notebook.Date `json:"first,omitzero"`
	Last  notebook.Date `json:"last,omitzero"`
	// Outcome is the latest outcome recorded, as in the Timeline.
	Outcome string `json:"outcome,omitempty"`
}

// Companies returns every company named in recs (compared ignoring case
// and spacing) with its interviews, the most recently interviewed with
// first, then by name; records without a company are left out.
func Companies(recs []*notebook.Record) []CompanySummary {
	var out []CompanySummary
	at := map[string]int{} // fold → index in out
	sorted := slices.Clone(recs)
	notebook.Sort(sorted)
	for _, r := range sorted {
		f := companyFold(r.Interview.Company)
		if f == "" {
			continue
		}
		i, ok := at[f]
		if !ok {
			i = len(out)
			at[f] = i
			out = append(out, CompanySummary{})
		}
		c := &out[i]
		c.Interviews++
		if d := r.Day(); !d.IsZero() {
			if c.First.IsZero() || d.Before(c.First) {
				c.First = d
			}
			if !d.Before(c.Last) {
				c.Last = d
				c.Company = strings.Join(strings.Fields(r.Interview.Company), " ")
			}
		}
		if c.Company == "" {
			c.Company = strings.Join(strings.Fields(r.Interview.Company), " ")
		}
		if r.FollowUp.Outcome != "" {
			c.Outcome = r.FollowUp.Outcome
		}
	}
	slices.SortFunc(out, func(a, b CompanySummary) int {
		return cmp.Or(b.Last.Compare(a.Last), strings.Compare(companyFold(a.Company), companyFold(b.Company)))
	})
	return out
}

// MarkUpcoming sets Upcoming on the rounds of tl whose interview, among
// recs, has not started at now.
func (tl *Timeline) MarkUpcoming(recs []*notebook.Record, now time.Time) {
	byID := make(map[string]*notebook.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}
	for i := range tl.Rounds {
		if r := byID[tl.Rounds[i].RecordID]; r != nil {
			tl.Rounds[i].Upcoming = r.Upcoming(now)
		}
	}
}
