package notebook

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/internal/clean"
)

// maxText bounds one text of a record as shown or exported, in runes; far
// beyond anything a person types into one field.
const maxText = 1 << 20

// Clean makes text read from a record safe to show with the rules of
// package internal/clean: control and bidi characters go (a tab becomes a
// space), line breaks become "\n", so a hostile calendar title cannot drive
// the terminal or reorder what is shown.
func Clean(s string) string {
	return clean.Text(s, maxText)
}

// OneLine is Clean with runs of white space, newlines included, turned into
// one space: for table cells.
func OneLine(s string) string {
	return clean.Line(s, maxText)
}

// WriteJSON writes recs as a JSON array of records as stored.
func WriteJSON(w io.Writer, recs []*Record) error {
	if recs == nil {
		recs = []*Record{}
	}
	data, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// When is the interview's date and time in its own zone, "Fri 2026-03-13
// 14:00–15:00 PDT", or only the date for a record without times.
func When(r *Record) string {
	if r.Source == nil || r.Source.Start.IsZero() {
		if d := r.Day(); !d.IsZero() {
			return d.In(time.UTC).Format("Mon 2006-01-02")
		}
		return "undated"
	}
	loc := r.Location()
	s, e := r.Source.Start.In(loc), r.Source.End.In(loc)
	out := s.Format("Mon 2006-01-02 15:04")
	if !e.IsZero() && e.After(s) {
		out += "–" + e.Format("15:04")
	}
	return out + " " + s.Format("MST")
}

// Title is "Company — Position", with what is known.
func Title(r *Record) string {
	c, p := OneLine(r.Interview.Company), OneLine(r.Interview.Position)
	switch {
	case c == "" && p == "":
		if r.Source != nil && r.Source.Title != "" {
			return OneLine(r.Source.Title)
		}
		return "Interview " + r.ID
	case p == "":
		return c
	case c == "":
		return p
	}
	return c + " — " + p
}

// md writes the Markdown of one record's filled fields.
type md struct {
	w   io.Writer
	err error
	buf []string // lines of the current section
}

func (m *md) line(format string, args ...any) {
	m.buf = append(m.buf, fmt.Sprintf(format, args...))
}

// text adds "- Label: value", continuation lines indented; nothing when
// value is empty.
func (m *md) text(label, value string) {
	value = strings.TrimSpace(Clean(value))
	if value == "" {
		return
	}
	m.line("- %s: %s", label, strings.ReplaceAll(value, "\n", "\n  "))
}

// sub adds "     - Label: value" under a numbered item of a list.
func (m *md) sub(label, value string) {
	value = strings.TrimSpace(Clean(value))
	if value == "" {
		return
	}
	m.line("     - %s: %s", label, strings.ReplaceAll(value, "\n", "\n       "))
}

func (m *md) yesNo(label string, v *bool) {
	if v == nil {
		return
	}
	m.text(label, map[bool]string{true: "yes", false: "no"}[*v])
}

func (m *md) rating(label string, v *int) {
	if v != nil {
		m.text(label, fmt.Sprintf("%d/10", *v))
	}
}

func (m *md) date(label string, d *Date) {
	if d != nil && !d.IsZero() {
		m.text(label, d.String())
	}
}

func (m *md) list(label string, items []string) {
	var clean []string
	for _, s := range items {
		if s = OneLine(s); s != "" {
			clean = append(clean, s)
		}
	}
	m.text(label, strings.Join(clean, "; "))
}

// section writes the heading and the buffered lines, if any.
func (m *md) section(heading string) {
	if len(m.buf) > 0 && m.err == nil {
		_, m.err = fmt.Fprintf(m.w, "\n%s\n\n%s\n", heading, strings.Join(m.buf, "\n"))
	}
	m.buf = m.buf[:0]
}

func person(p Person) string {
	var details []string
	for _, s := range []string{p.Role, p.Email, p.Phone, p.Contact} {
		if s = OneLine(s); s != "" {
			details = append(details, s)
		}
	}
	name := OneLine(p.Name)
	if name == "" {
		name = "(no name)"
	}
	if len(details) == 0 {
		return name
	}
	return name + " (" + strings.Join(details, ", ") + ")"
}

func people(ps []Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = person(p)
	}
	return out
}

// WriteMarkdown writes every filled section of r as Markdown under a
// heading of the given level (1 for "#"), then the follow-ups fs.
func WriteMarkdown(w io.Writer, r *Record, fs []Followup, level int) error {
	h := strings.Repeat("#", level)
	m := &md{w: w}
	if _, err := fmt.Fprintf(w, "%s %s\n\n%s · id %s\n", h, Title(r), When(r), r.ID); err != nil {
		return err
	}
	sub := h + "#"

	d := r.Interview
	m.text("Company", d.Company)
	m.text("Position", d.Position)
	if !d.Date.IsZero() {
		m.text("Date", d.Date.String())
	}
	m.list("Interviewers", people(d.Interviewers))
	m.text("Format", d.Format)
	m.text("Round", d.Round)
	if s := r.Source; s != nil {
		m.text("Calendar event", s.Title)
		m.text("Location", s.Location)
		m.text("Video call", s.Conference)
		m.text("Event link", s.Link)
	}
	m.section(sub + " 1. Interview details")

	m.rating("Overall rating", r.Overall.Rating)
	m.text("What went well", r.Overall.WentWell)
	m.text("What could have been better", r.Overall.CouldBeBetter)
	m.section(sub + " 2. Overall impression")

	t := r.Takeaways
	m.list("Topics covered", t.Topics)
	m.text("Important points discussed", t.KeyPoints)
	if len(t.Questions) > 0 {
		m.line("- Questions asked:")
	}
	for i, q := range t.Questions {
		mark := ""
		if q.Difficult {
			mark = " (difficult)"
		}
		m.line("  %d. %s%s", i+1, OneLine(q.Question), mark)
		m.sub("Answer", q.Answer)
		m.sub("How it went", q.HowItWent)
		m.sub("How to improve", q.HowToImprove)
	}
	m.text("Difficult questions and how to improve", t.Difficult)
	m.text("Skills and experiences focused on", t.SkillsFocused)
	m.yesNo("Highlighted key strengths well", t.StrengthsHighlighted)
	m.text("How to highlight them better", t.StrengthsImprove)
	m.text("Important information not discussed", t.NotDiscussed)
	m.section(sub + " 3. Key takeaways")

	p := r.Performance
	m.rating("Confidence", p.Confidence)
	m.yesNo("Articulated skills and experiences clearly", p.Articulated)
	m.text("What held me back", p.HeldBack)
	m.text("Body language and communication", p.BodyLanguage)
	m.text("Concerns", p.Concerns)
	m.section(sub + " 4. Performance")

	c := r.Company
	m.text("Culture", c.Culture)
	m.text("Appealing", c.Appealing)
	m.text("Concerning", c.Concerning)
	m.yesNo("Aligns with my career goals", c.AlignsWithGoals)
	m.text("Why", c.AlignmentWhy)
	m.text("Impressions of the interviewers", c.InterviewerImpressions)
	m.text("How being there felt", c.HowItFelt)
	o := c.Opportunity
	m.yesNo("A good opportunity", o.Good)
	m.yesNo("Industry interesting", o.IndustryInteresting)
	m.yesNo("Like the culture", o.LikeCulture)
	m.yesNo("Room to grow", o.Growth)
	m.yesNo("Would learn a lot", o.LearnALot)
	m.yesNo("Enthusiastic about it", o.Enthusiastic)
	m.text("Opportunity notes", o.Notes)
	m.section(sub + " 5. Company insights")

	m.yesNo("Asked relevant questions", r.Asked.Relevant)
	if len(r.Asked.Questions) > 0 {
		m.line("- Questions I asked:")
	}
	for i, q := range r.Asked.Questions {
		m.line("  %d. %s", i+1, OneLine(q.Question))
		m.sub("Response", q.Response)
		m.sub("Insight", q.Insight)
	}
	m.section(sub + " 6. Questions I asked")

	n := r.NextSteps
	m.text("Next steps in the process", n.Process)
	m.text("When to hear back", n.HearBack)
	m.date("Reply expected by", r.FollowUp.ReplyExpectedBy)
	m.yesNo("May follow up", n.MayFollowUp)
	m.yesNo("Thank-you note needed", n.ThankYouNeeded)
	m.date("Thank-you note sent", r.FollowUp.ThankYouSent)
	m.text("Moment that stood out", n.Standout)
	m.text("Interest to reiterate", n.Interest)
	m.list("Other points for the thank-you note", n.ThankYouPoints)
	m.section(sub + " 7. Next steps")

	m.text("Areas to improve", r.Improvement.Areas)
	m.text("Struggled with", r.Improvement.Struggled)
	m.text("How to prepare better", r.Improvement.PrepareBetter)
	m.text("Feedback received", r.Improvement.Feedback)
	m.section(sub + " 8. Areas for improvement")

	f := r.Feelings
	m.text("Overall feeling", f.Overall)
	m.text("During the interview", f.During)
	m.text("Compared with other prospects", f.Comparison)
	if f.Rank != nil {
		m.text("Rank among current prospects", strconv.Itoa(*f.Rank))
	}
	m.section(sub + " 9. Emotional check-in")

	for _, a := range r.ActionItems {
		box := "[ ]"
		if a.Done {
			box = "[x]"
		}
		m.line("- %s %s", box, OneLine(a.Text))
	}
	m.section(sub + " 10. Action plan")

	m.list("People met", people(r.People))
	m.section(sub + " People met")

	for _, fu := range fs {
		when := fu.Day.String()
		if fu.Kind == KindThankYou {
			when = fu.Due.In(r.Location()).Format("2006-01-02 15:04 MST")
		}
		state := string(fu.State)
		if !fu.DoneOn.IsZero() {
			state += " " + fu.DoneOn.String()
		}
		m.line("- %s: %s (%s)", fu.Kind, when, state)
	}
	if r.FollowUp.Outcome != "" {
		out := r.FollowUp.Outcome
		if r.FollowUp.OutcomeOn != nil {
			out += " on " + r.FollowUp.OutcomeOn.String()
		}
		m.text("Outcome", out)
	}
	m.text("Note", r.FollowUp.Note)
	m.section(sub + " Follow-ups")
	return m.err
}

// WriteNotebookMarkdown writes a readable notebook of recs, for a mentor:
// a title, an index, then every filled section of each record.
func WriteNotebookMarkdown(w io.Writer, recs []*Record, now time.Time, p Policy) error {
	if _, err := fmt.Fprintf(w, "# Recruiting notebook\n\n%d interviews.\n\n", len(recs)); err != nil {
		return err
	}
	for _, r := range recs {
		if _, err := fmt.Fprintf(w, "- %s: %s\n", r.Day(), Title(r)); err != nil {
			return err
		}
	}
	for _, r := range recs {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := WriteMarkdown(w, r, Followups(r, now, p), 2); err != nil {
			return err
		}
	}
	return nil
}

// cell makes free text safe for a spreadsheet: one line, and a leading
// quote before =, +, -, @ so it is not taken for a formula.
func cell(s string) string {
	s = OneLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func optInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func optDate(d *Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{
	"id", "date", "start", "time_zone", "company", "position", "round", "format",
	"interviewers", "rating", "confidence", "reflected", "questions",
	"thank_you_due", "thank_you_sent", "reply_expected_by", "follow_up_on",
	"follow_up_done", "outcome", "outcome_on", "feeling", "rank", "open_action_items",
}

// WriteCSV writes one RFC 4180 row per record with the main columns
// (CSVHeader). Dates are YYYY-MM-DD, the start RFC 3339 in the interview's
// zone; reply_expected_by and follow_up_on are the dates in effect (said,
// or derived by p). Free-text cells are one line and guarded against
// spreadsheet formulas.
func WriteCSV(w io.Writer, recs []*Record, now time.Time, p Policy) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range recs {
		start, zone := "", ""
		if r.Source != nil && !r.Source.Start.IsZero() {
			start = r.Source.Start.In(r.Location()).Format(time.RFC3339)
			zone = r.Location().String()
		}
		var names []string
		for _, iv := range r.Interview.Interviewers {
			names = append(names, OneLine(iv.Name))
		}
		due := map[Kind]Followup{}
		for _, f := range Followups(r, now, p) {
			due[f.Kind] = f
		}
		thankDue := ""
		if f, ok := due[KindThankYou]; ok {
			thankDue = f.Due.In(r.Location()).Format(time.RFC3339)
		}
		open := 0
		for _, a := range r.ActionItems {
			if !a.Done {
				open++
			}
		}
		err := cw.Write([]string{
			r.ID, r.Day().String(), start, zone,
			cell(r.Interview.Company), cell(r.Interview.Position), cell(r.Interview.Round), r.Interview.Format,
			cell(strings.Join(names, "; ")), optInt(r.Overall.Rating), optInt(r.Performance.Confidence),
			yesNo(r.Reflected()), strconv.Itoa(len(r.Takeaways.Questions)),
			thankDue, optDate(r.FollowUp.ThankYouSent), due[KindReply].Day.String(), due[KindFollowUp].Day.String(),
			optDate(r.FollowUp.FollowUpDone), r.FollowUp.Outcome, optDate(r.FollowUp.OutcomeOn),
			cell(r.Feelings.Overall), optInt(r.Feelings.Rank), strconv.Itoa(open),
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// QuestionsCSVHeader is the header row of WriteQuestionsCSV.
var QuestionsCSVHeader = []string{"id", "date", "company", "position", "round", "question", "answer", "how_it_went", "difficult", "how_to_improve"}

// WriteQuestionsCSV writes one RFC 4180 row per question asked in any
// interview of recs, to study the questions that come back.
func WriteQuestionsCSV(w io.Writer, recs []*Record) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(QuestionsCSVHeader); err != nil {
		return err
	}
	for _, r := range recs {
		for _, q := range r.Takeaways.Questions {
			err := cw.Write([]string{
				r.ID, r.Day().String(), cell(r.Interview.Company), cell(r.Interview.Position), cell(r.Interview.Round),
				cell(q.Question), cell(q.Answer), cell(q.HowItWent), yesNo(q.Difficult), cell(q.HowToImprove),
			})
			if err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
