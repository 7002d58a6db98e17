package notebook

import (
	"fmt"
	"strconv"
	"strings"
)

// Section is one filled section of a record, in the order and with the
// labels of the seed form: what `debrief show` prints as Markdown and the
// web app shows as a page.
type Section struct {
	// Heading is the section's title, "1. Interview details".
	Heading string
	Items   []Item
}

// Item is one line of a Section: a labelled value; an entry of the action
// plan (Check set); or a labelled numbered list (Entries set).
type Item struct {
	// Label names the field, "Company"; empty for an action-plan entry.
	Label string
	// Value is the field's text, cleaned (Clean) and trimmed; it may hold
	// newlines. Yes/no answers are "yes" or "no", ratings "7/10".
	Value string
	// Check is whether an action-plan entry is done; nil for other items.
	Check *bool
	// Entries are the numbered entries of a list such as "Questions
	// asked"; nil for other items.
	Entries []Entry
}

// Entry is one numbered entry of an Item's list: a question and its
// details.
type Entry struct {
	// Text is the entry on one line.
	Text string
	// Note qualifies it, "difficult", or is empty.
	Note string
	// Items are its labelled details, the filled ones.
	Items []Item
}

// outline collects the filled items of one section at a time.
type outline struct {
	out   []Section
	items []Item
}

// text adds Label: value when value has something to show.
func (o *outline) text(label, value string) {
	if value = strings.TrimSpace(Clean(value)); value != "" {
		o.items = append(o.items, Item{Label: label, Value: value})
	}
}

func (o *outline) yesNo(label string, v *bool) {
	if v != nil {
		o.text(label, map[bool]string{true: "yes", false: "no"}[*v])
	}
}

func (o *outline) rating(label string, v *int) {
	if v != nil {
		o.text(label, fmt.Sprintf("%d/10", *v))
	}
}

func (o *outline) date(label string, d *Date) {
	if d != nil && !d.IsZero() {
		o.text(label, d.String())
	}
}

// list adds the non-empty items, one line each, joined by "; ".
func (o *outline) list(label string, items []string) {
	var clean []string
	for _, s := range items {
		if s = OneLine(s); s != "" {
			clean = append(clean, s)
		}
	}
	o.text(label, strings.Join(clean, "; "))
}

// entries adds a numbered list, when it has entries.
func (o *outline) entries(label string, es []Entry) {
	if len(es) > 0 {
		o.items = append(o.items, Item{Label: label, Entries: es})
	}
}

// section closes the section heading with the items added since the last
// one, if any.
func (o *outline) section(heading string) {
	if len(o.items) > 0 {
		o.out = append(o.out, Section{Heading: heading, Items: o.items})
	}
	o.items = nil
}

// details is the filled details of an entry, as label, value pairs.
func details(pairs ...string) []Item {
	var o outline
	for i := 0; i+1 < len(pairs); i += 2 {
		o.text(pairs[i], pairs[i+1])
	}
	return o.items
}

// readFrom says where the company was read, with the event's own title
// next to it so the person can judge the reading; "" when not known.
func readFrom(from, title string) string {
	title = OneLine(title)
	var s string
	switch from {
	case "title":
		s = "the event's title"
	case "description":
		s = "the event's description"
	case "domain":
		s = "an email domain of the invitation"
	case "learned":
		s = "your earlier correction"
	case "person":
		s = "you"
	default:
		return ""
	}
	if title != "" {
		s += ` (event: "` + title + `")`
	}
	return s
}

// Outline returns every filled section of r, then its follow-ups fs and
// outcome: what a person reads of the record. Empty fields and sections
// are left out.
func Outline(r *Record, fs []Followup) []Section {
	var o outline
	d := r.Interview
	o.text("Company", d.Company)
	if s := r.Source; s != nil && d.Company != "" {
		o.text("Company read from", readFrom(s.CompanyFrom, s.Title))
	}
	o.text("Position", d.Position)
	if !d.Date.IsZero() {
		o.text("Date", d.Date.String())
	}
	o.list("Interviewers", people(d.Interviewers))
	o.text("Format", d.Format)
	o.text("Round", d.Round)
	if s := r.Source; s != nil {
		o.text("Calendar event", s.Title)
		o.text("Location", s.Location)
		o.text("Video call", s.Conference)
		o.text("Event link", s.Link)
	}
	o.section("1. Interview details")

	o.rating("Overall rating", r.Overall.Rating)
	o.text("What went well", r.Overall.WentWell)
	o.text("What could have been better", r.Overall.CouldBeBetter)
	o.section("2. Overall impression")

	t := r.Takeaways
	o.list("Topics covered", t.Topics)
	o.text("Important points discussed", t.KeyPoints)
	var qs []Entry
	for _, q := range t.Questions {
		e := Entry{Text: OneLine(q.Question), Items: details("Answer", q.Answer, "How it went", q.HowItWent, "How to improve", q.HowToImprove)}
		if q.Difficult {
			e.Note = "difficult"
		}
		qs = append(qs, e)
	}
	o.entries("Questions asked", qs)
	o.text("Difficult questions and how to improve", t.Difficult)
	o.text("Skills and experiences focused on", t.SkillsFocused)
	o.yesNo("Highlighted key strengths well", t.StrengthsHighlighted)
	o.text("How to highlight them better", t.StrengthsImprove)
	o.text("Important information not discussed", t.NotDiscussed)
	o.section("3. Key takeaways")

	p := r.Performance
	o.rating("Confidence", p.Confidence)
	o.yesNo("Articulated skills and experiences clearly", p.Articulated)
	o.text("What held me back", p.HeldBack)
	o.text("Body language and communication", p.BodyLanguage)
	o.text("Concerns", p.Concerns)
	o.section("4. Performance")

	c := r.Company
	o.text("Culture", c.Culture)
	o.text("Appealing", c.Appealing)
	o.text("Concerning", c.Concerning)
	o.yesNo("Aligns with my career goals", c.AlignsWithGoals)
	o.text("Why", c.AlignmentWhy)
	o.text("Impressions of the interviewers", c.InterviewerImpressions)
	o.text("How being there felt", c.HowItFelt)
	op := c.Opportunity
	o.yesNo("A good opportunity", op.Good)
	o.yesNo("Industry interesting", op.IndustryInteresting)
	o.yesNo("Like the culture", op.LikeCulture)
	o.yesNo("Room to grow", op.Growth)
	o.yesNo("Would learn a lot", op.LearnALot)
	o.yesNo("Enthusiastic about it", op.Enthusiastic)
	o.text("Opportunity notes", op.Notes)
	o.section("5. Company insights")

	o.yesNo("Asked relevant questions", r.Asked.Relevant)
	var asked []Entry
	for _, q := range r.Asked.Questions {
		asked = append(asked, Entry{Text: OneLine(q.Question), Items: details("Response", q.Response, "Insight", q.Insight)})
	}
	o.entries("Questions I asked", asked)
	o.section("6. Questions I asked")

	n := r.NextSteps
	o.text("Next steps in the process", n.Process)
	o.text("When to hear back", n.HearBack)
	o.date("Reply expected by", r.FollowUp.ReplyExpectedBy)
	o.yesNo("May follow up", n.MayFollowUp)
	o.yesNo("Thank-you note needed", n.ThankYouNeeded)
	o.date("Thank-you note sent", r.FollowUp.ThankYouSent)
	o.text("Moment that stood out", n.Standout)
	o.text("Interest to reiterate", n.Interest)
	o.list("Other points for the thank-you note", n.ThankYouPoints)
	o.section("7. Next steps")

	o.text("Areas to improve", r.Improvement.Areas)
	o.text("Struggled with", r.Improvement.Struggled)
	o.text("How to prepare better", r.Improvement.PrepareBetter)
	o.text("Feedback received", r.Improvement.Feedback)
	o.section("8. Areas for improvement")

	f := r.Feelings
	o.text("Overall feeling", f.Overall)
	o.text("During the interview", f.During)
	o.text("Compared with other prospects", f.Comparison)
	if f.Rank != nil {
		o.text("Rank among current prospects", strconv.Itoa(*f.Rank))
	}
	o.section("9. Emotional check-in")

	for _, a := range r.ActionItems {
		done := a.Done
		o.items = append(o.items, Item{Value: OneLine(a.Text), Check: &done})
	}
	o.section("10. Action plan")

	o.list("People met", people(r.People))
	o.section("People met")

	for _, fu := range fs {
		when := fu.Day.String()
		if fu.Kind == KindThankYou {
			when = fu.Due.In(r.Location()).Format("2006-01-02 15:04 MST")
		}
		state := string(fu.State)
		if !fu.DoneOn.IsZero() {
			state += " " + fu.DoneOn.String()
		}
		o.text(string(fu.Kind), when+" ("+state+")")
	}
	if r.FollowUp.Outcome != "" {
		out := r.FollowUp.Outcome
		if r.FollowUp.OutcomeOn != nil {
			out += " on " + r.FollowUp.OutcomeOn.String()
		}
		o.text("Outcome", out)
	}
	o.text("Note", r.FollowUp.Note)
	o.section("Follow-ups")
	return o.out
}

// person is "Name (role, email, phone, contact)", with what is known.
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
