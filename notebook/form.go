package notebook

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The reflection form is a Markdown document with every prompt of the
// post-interview reflection tool (seeds/reflection-tool.md, sections 1–10,
// in its wording) and the other fields of a Record, each followed by its
// answer:
//
//	### 2. Overall Impression
//	- **How did the interview go overall?**
//	  - Rate from 1-10: <!-- a whole number from 1 to 10 -->
//	> 7
//
// Text answers are the lines under a prompt that start with "> "; lists are
// "- " items, one per line; the action plan is "- [ ] " / "- [x] " items;
// questions are repeated "#### Question N" blocks. HTML comments are
// guidance and are ignored. RenderForm writes the form and ParseForm reads
// it back; ParseForm(RenderForm(r)) changes nothing in r, and rendering what
// ParseForm read gives the same bytes again.

// kind is what a prompt's answer holds.
type kind int

const (
	kLabel     kind = iota // a prompt that takes no answer of its own
	kText                  // string, any number of lines
	kRating                // *int from 1 to 10
	kRank                  // *int from 1 up
	kYesNo                 // *bool, empty when unanswered
	kFlag                  // bool, empty for no
	kDate                  // Date
	kDatePtr               // *Date
	kFormat                // string, one of Formats
	kList                  // []string, "- " items
	kPeople                // []Person, "- Name | role: … | email: …" items
	kChecklist             // []ActionItem, "- [ ] " items
	kQuestions             // []Question: the "#### Question N" blocks that follow
	kAsked                 // []AskedQuestion: the "#### Your question N" blocks that follow
)

// field is one prompt of the form. ptr returns a pointer to the value it
// edits in its target: a *Record for the fields of a section, the item for
// the fields of a block.
type field struct {
	prompt string // the line as written, without its guidance comment
	hint   string // guidance written as a comment after the prompt
	name   string // the field in error messages
	kind   kind
	ptr    func(target any) any
}

// section is one "### N. Title" section of the form.
type section struct {
	heading string
	fields  []field
}

// blockSpec is a repeated sub-block: a question asked or a question you
// asked.
type blockSpec struct {
	heading string // "Question": the block heading is "#### Question N"
	what    string // "question" in error messages
	kind    kind   // the container's kind: kQuestions or kAsked
	fields  []field
	// min is how many blocks the form shows at least; it always shows one
	// empty block after the filled ones, so there is room for another.
	min int
}

func rec(f func(r *Record) any) func(any) any {
	return func(t any) any { return f(t.(*Record)) }
}

func qf(f func(q *Question) any) func(any) any {
	return func(t any) any { return f(t.(*Question)) }
}

func af(f func(q *AskedQuestion) any) func(any) any {
	return func(t any) any { return f(t.(*AskedQuestion)) }
}

const (
	hintYesNo   = "yes or no"
	hintDate    = "YYYY-MM-DD"
	hintRating  = "a whole number from 1 to 10"
	hintPeople  = "one person per line: - Name | role: … | email: … | phone: … | contact: …"
	hintOnePer  = `one per line, each starting with "- "`
	formTitle   = "Post-Interview Reflection Tool"
	formClosing = "This Post-Interview Reflection Tool will help you assess your performance, learn from each interview, and improve continuously throughout your job search journey."
)

var questionBlock = &blockSpec{
	heading: "Question",
	what:    "question",
	kind:    kQuestions,
	min:     3,
	fields: []field{
		{prompt: "- **Question:**", name: "question", kind: kText, ptr: qf(func(q *Question) any { return &q.Question })},
		{prompt: "- **Your answer:**", name: "your answer", kind: kText, ptr: qf(func(q *Question) any { return &q.Answer })},
		{prompt: "- **How you felt you answered it:**", name: "how you answered it", kind: kText, ptr: qf(func(q *Question) any { return &q.HowItWent })},
		{prompt: "- **Did you find it difficult?**", hint: "yes or no; empty is no", name: "difficult", kind: kFlag, ptr: qf(func(q *Question) any { return &q.Difficult })},
		{prompt: "- **How can you improve your answer?**", name: "how to improve", kind: kText, ptr: qf(func(q *Question) any { return &q.HowToImprove })},
	},
}

var askedBlock = &blockSpec{
	heading: "Your question",
	what:    "question you asked",
	kind:    kAsked,
	min:     1,
	fields: []field{
		{prompt: "- **Your question:**", name: "your question", kind: kText, ptr: af(func(q *AskedQuestion) any { return &q.Question })},
		{prompt: "- **The interviewer's response:**", name: "the interviewer's response", kind: kText, ptr: af(func(q *AskedQuestion) any { return &q.Response })},
		{prompt: "- **Insight it gave you into the company or role:**", name: "insight", kind: kText, ptr: af(func(q *AskedQuestion) any { return &q.Insight })},
	},
}

// form is the whole form, in order. Prompts are unique across the form
// (and its blocks) once bold, bullets and comments are set aside, so a
// prompt is known by its text wherever it appears.
var form = []section{
	{heading: "1. Interview Details", fields: []field{
		{prompt: "- **Company Name:**", name: "company name", kind: kText, ptr: rec(func(r *Record) any { return &r.Interview.Company })},
		{prompt: "- **Position Applied For:**", name: "position", kind: kText, ptr: rec(func(r *Record) any { return &r.Interview.Position })},
		{prompt: "- **Date of Interview:**", hint: hintDate, name: "date of interview", kind: kDate, ptr: rec(func(r *Record) any { return &r.Interview.Date })},
		{prompt: "- **Interviewer's Name(s):**", hint: hintPeople, name: "interviewers", kind: kPeople, ptr: rec(func(r *Record) any { return &r.Interview.Interviewers })},
		{prompt: "- **Interview Format:** (Phone, Video, In-person)", hint: "phone, video or in-person", name: "interview format", kind: kFormat, ptr: rec(func(r *Record) any { return &r.Interview.Format })},
		{prompt: "- **Round:**", hint: "e.g. recruiter screen, onsite 2 of 4", name: "round", kind: kText, ptr: rec(func(r *Record) any { return &r.Interview.Round })},
		{prompt: "- **Other people you met:**", hint: "names and business cards; " + hintPeople, name: "other people you met", kind: kPeople, ptr: rec(func(r *Record) any { return &r.People })},
	}},
	{heading: "2. Overall Impression", fields: []field{
		{prompt: "- **How did the interview go overall?**", kind: kLabel},
		{prompt: "  - Rate from 1-10:", hint: hintRating, name: "overall rating", kind: kRating, ptr: rec(func(r *Record) any { return &r.Overall.Rating })},
		{prompt: "  - What went well?", name: "what went well", kind: kText, ptr: rec(func(r *Record) any { return &r.Overall.WentWell })},
		{prompt: "  - What could have been better?", hint: "what didn't go well: be honest, this is where you learn", name: "what could have been better", kind: kText, ptr: rec(func(r *Record) any { return &r.Overall.CouldBeBetter })},
	}},
	{heading: "3. Key Takeaways", fields: []field{
		{prompt: "- **High-level topics the interviewer covered:**", hint: hintOnePer, name: "topics", kind: kList, ptr: rec(func(r *Record) any { return &r.Takeaways.Topics })},
		{prompt: "- **Questions Asked:**", kind: kLabel},
		{prompt: "  - List 3-5 key questions you were asked and how you felt you answered them.", hint: "one block per question; copy a block for more, leave the spare ones empty", name: "questions asked", kind: kQuestions, ptr: rec(func(r *Record) any { return &r.Takeaways.Questions })},
		{prompt: "  - Were there any questions you found difficult? If yes, how can you improve?", name: "difficult questions", kind: kText, ptr: rec(func(r *Record) any { return &r.Takeaways.Difficult })},
		{prompt: "- **Skills & Experiences Discussed:**", kind: kLabel},
		{prompt: "  - Were there any particular skills or experiences the interviewer focused on?", name: "skills focused on", kind: kText, ptr: rec(func(r *Record) any { return &r.Takeaways.SkillsFocused })},
		{prompt: "  - Did you highlight your key strengths well? How could you improve?", kind: kLabel},
		{prompt: "    - Highlighted them well?", hint: hintYesNo, name: "strengths highlighted", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Takeaways.StrengthsHighlighted })},
		{prompt: "    - How could you improve?", name: "how to highlight strengths better", kind: kText, ptr: rec(func(r *Record) any { return &r.Takeaways.StrengthsImprove })},
		{prompt: "- **Important points discussed:**", name: "important points", kind: kText, ptr: rec(func(r *Record) any { return &r.Takeaways.KeyPoints })},
		{prompt: "- **Important information that was not discussed:**", hint: "crucial skills you did not get to mention: raise them in your thank-you note", name: "not discussed", kind: kText, ptr: rec(func(r *Record) any { return &r.Takeaways.NotDiscussed })},
	}},
	{heading: "4. Your Performance", fields: []field{
		{prompt: "- **How confident did you feel during the interview?** (Rate 1-10)", hint: hintRating, name: "confidence rating", kind: kRating, ptr: rec(func(r *Record) any { return &r.Performance.Confidence })},
		{prompt: "- **Were you able to clearly articulate your skills and experiences?**", hint: hintYesNo, name: "articulated your skills", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Performance.Articulated })},
		{prompt: "  - If not, what held you back?", name: "what held you back", kind: kText, ptr: rec(func(r *Record) any { return &r.Performance.HeldBack })},
		{prompt: "- **How did your body language/communication come across?**", kind: kLabel},
		{prompt: "  - Did you maintain eye contact, speak clearly, and engage confidently?", name: "body language", kind: kText, ptr: rec(func(r *Record) any { return &r.Performance.BodyLanguage })},
		{prompt: "- **Any concerns during the interview?**", hint: "uncomfortable clothes, a question you could not answer, feeling unprepared: plan them away for next time", name: "concerns", kind: kText, ptr: rec(func(r *Record) any { return &r.Performance.Concerns })},
	}},
	{heading: "5. Company Insights", fields: []field{
		{prompt: "- **What did you learn about the company culture?**", name: "company culture", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.Culture })},
		{prompt: "- **What did you find appealing or concerning about the role/company?**", kind: kLabel},
		{prompt: "  - Appealing:", name: "appealing", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.Appealing })},
		{prompt: "  - Concerning:", name: "concerning", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.Concerning })},
		{prompt: "- **Does this role align with your career goals?** Why or why not?", kind: kLabel},
		{prompt: "  - Aligns with your goals?", hint: hintYesNo, name: "aligns with your goals", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.AlignsWithGoals })},
		{prompt: "  - Why or why not?", name: "why or why not", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.AlignmentWhy })},
		{prompt: "- **Your impressions of the interviewer and any details about the company that came up:**", name: "impressions of the interviewer", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.InterviewerImpressions })},
		{prompt: "- **How did being at the company make you feel?**", hint: "if anything made you uncomfortable, try to identify what it is", name: "how it felt", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.HowItFelt })},
		{prompt: "- **Maybe it's not your dream job, but is it a good opportunity?**", hint: hintYesNo, name: "good opportunity", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.Good })},
		{prompt: "  - Do you find the industry or field interesting?", hint: hintYesNo, name: "industry interesting", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.IndustryInteresting })},
		{prompt: "  - Do you like the company culture?", hint: hintYesNo, name: "like the culture", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.LikeCulture })},
		{prompt: "  - Are there opportunities for growth?", hint: hintYesNo, name: "opportunities for growth", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.Growth })},
		{prompt: "  - Will you learn a lot and work with smart people who want to share their knowledge?", hint: hintYesNo, name: "learn a lot", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.LearnALot })},
		{prompt: "  - Are you enthusiastic about the prospect of working for the company?", hint: hintYesNo, name: "enthusiastic", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.Enthusiastic })},
		{prompt: "  - Anything else about the opportunity?", name: "opportunity notes", kind: kText, ptr: rec(func(r *Record) any { return &r.Company.Opportunity.Notes })},
	}},
	{heading: "6. Questions You Asked", fields: []field{
		{prompt: "- **Did you ask relevant questions?**", hint: hintYesNo, name: "asked relevant questions", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.Asked.Relevant })},
		{prompt: "  - What were the interviewer's responses?", kind: kLabel},
		{prompt: "  - Did they give you further insight into the company or role?", hint: "one block per question you asked; copy a block for more", name: "questions you asked", kind: kAsked, ptr: rec(func(r *Record) any { return &r.Asked.Questions })},
	}},
	{heading: "7. Next Steps", fields: []field{
		{prompt: "- **What are the next steps in the hiring process?**", hint: "and where the company is in it", name: "next steps", kind: kText, ptr: rec(func(r *Record) any { return &r.NextSteps.Process })},
		{prompt: "  - When can you expect to hear back?", hint: "as they said it", name: "when to hear back", kind: kText, ptr: rec(func(r *Record) any { return &r.NextSteps.HearBack })},
		{prompt: "  - Expect to hear back by:", hint: hintDate + "; debrief reminds you to follow up after it", name: "hear back by", kind: kDatePtr, ptr: rec(func(r *Record) any { return &r.FollowUp.ReplyExpectedBy })},
		{prompt: "  - May you follow up if you haven't heard by then?", hint: hintYesNo, name: "may follow up", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.NextSteps.MayFollowUp })},
		{prompt: "  - Follow up on:", hint: hintDate + "; empty lets debrief pick a day", name: "follow up on", kind: kDatePtr, ptr: rec(func(r *Record) any { return &r.FollowUp.FollowUpOn })},
		{prompt: "- **Do you need to follow up with a thank-you email?**", hint: hintYesNo + "; send it within 24 hours", name: "thank-you needed", kind: kYesNo, ptr: rec(func(r *Record) any { return &r.NextSteps.ThankYouNeeded })},
		{prompt: "  - Date sent:", hint: hintDate, name: "thank-you date sent", kind: kDatePtr, ptr: rec(func(r *Record) any { return &r.FollowUp.ThankYouSent })},
		{prompt: "  - Key points to mention in your thank-you note:", kind: kLabel},
		{prompt: "    - Refer to a specific part of the conversation that stood out.", name: "what stood out", kind: kText, ptr: rec(func(r *Record) any { return &r.NextSteps.Standout })},
		{prompt: "    - Reiterate your interest in the role.", name: "your interest", kind: kText, ptr: rec(func(r *Record) any { return &r.NextSteps.Interest })},
		{prompt: "    - Other points:", hint: hintOnePer, name: "other thank-you points", kind: kList, ptr: rec(func(r *Record) any { return &r.NextSteps.ThankYouPoints })},
	}},
	{heading: "8. Areas for Improvement", fields: []field{
		{prompt: "- **What specific areas can you improve on for future interviews?**", name: "areas to improve", kind: kText, ptr: rec(func(r *Record) any { return &r.Improvement.Areas })},
		{prompt: "- **Did you struggle with any technical or behavioral questions?**", name: "struggled with", kind: kText, ptr: rec(func(r *Record) any { return &r.Improvement.Struggled })},
		{prompt: "  - How can you prepare better next time?", name: "prepare better", kind: kText, ptr: rec(func(r *Record) any { return &r.Improvement.PrepareBetter })},
		{prompt: "- **Feedback you received:**", hint: "from the interviewer, a friend or a mentor", name: "feedback", kind: kText, ptr: rec(func(r *Record) any { return &r.Improvement.Feedback })},
	}},
	{heading: "9. Emotional Check-in", fields: []field{
		{prompt: "- **How do you feel about the interview overall?**", kind: kLabel},
		{prompt: "  - Excited, neutral, uncertain, etc.", name: "how you feel", kind: kText, ptr: rec(func(r *Record) any { return &r.Feelings.Overall })},
		{prompt: "- **How did you feel during the interview?**", name: "feelings during", kind: kText, ptr: rec(func(r *Record) any { return &r.Feelings.During })},
		{prompt: "- **How does this opportunity compare to others you are pursuing?**", name: "comparison", kind: kText, ptr: rec(func(r *Record) any { return &r.Feelings.Comparison })},
		{prompt: "  - Rank it against other current prospects.", hint: "a whole number, 1 for your best prospect", name: "rank", kind: kRank, ptr: rec(func(r *Record) any { return &r.Feelings.Rank })},
	}},
	{heading: "10. Action Plan", fields: []field{
		{prompt: "- **Based on your reflection, list 2-3 action items for your next interview:**", hint: "- [ ] to do, - [x] done; one per line", name: "action items", kind: kChecklist, ptr: rec(func(r *Record) any { return &r.ActionItems })},
	}},
}

// A ref locates a prompt: its section and field, or its block and field.
type ref struct {
	sec   int
	block *blockSpec
	f     *field
}

var (
	prompts  map[string]ref // promptKey of each prompt
	headings map[string]int // headingKey of each section heading
)

func init() {
	prompts = map[string]ref{}
	headings = map[string]int{}
	add := func(k string, r ref) {
		if _, dup := prompts[k]; dup {
			panic("notebook: form prompt " + k + " twice")
		}
		prompts[k] = r
	}
	for si := range form {
		headings[headingKey(form[si].heading)] = si
		for fi := range form[si].fields {
			f := &form[si].fields[fi]
			add(promptKey(f.prompt), ref{sec: si, f: f})
			for _, b := range []*blockSpec{questionBlock, askedBlock} {
				if f.kind == b.kind {
					for bi := range b.fields {
						add(promptKey(b.fields[bi].prompt), ref{sec: si, block: b, f: &b.fields[bi]})
					}
				}
			}
		}
	}
}

// promptKey is what identifies a prompt line: its text without bullet,
// bold, guidance comment and runs of spaces, so a prompt is recognised
// however the person re-indented or un-bolded it.
func promptKey(line string) string {
	s := strings.TrimSpace(line)
	if i := strings.Index(s, "<!--"); i >= 0 && strings.HasSuffix(s, "-->") {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "**", "")
	s = strings.TrimSpace(s)
	if s == "-" || s == "*" {
		return ""
	}
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		s = s[2:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// headingKey is the text of a heading line ("### **1. Interview Details**")
// as a key: no #, bold or runs of spaces, lower case.
func headingKey(s string) string {
	s = strings.TrimLeft(strings.TrimSpace(s), "#")
	s = strings.ReplaceAll(s, "**", "")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// isHeading reports whether line is an ATX heading: #s, then a space or
// nothing.
func isHeading(line string) bool {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || !strings.HasPrefix(s, "#") {
		return false
	}
	s = strings.TrimLeft(s, "#")
	return s == "" || s[0] == ' ' || s[0] == '\t'
}

// isRule reports whether line is a thematic break, "---".
func isRule(line string) bool {
	s := strings.TrimSpace(line)
	return len(s) >= 3 && strings.Trim(s, "-") == ""
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// FormError is a mistake in a filled form: the line it is on and what to
// write instead. ParseForm returns them joined (errors.Join); errors.As
// finds the first.
type FormError struct {
	Line  int    // 1-based
	Field string // the field's name, "" for the form's structure
	Msg   string // the whole sentence after "line N: "
}

func (e *FormError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// maxFormErrors is how many mistakes ParseForm reports at most.
const maxFormErrors = 20

// RenderForm returns the reflection form of r as Markdown, every prompt
// answered with what r holds. The interview date shows r.Day() when
// Interview.Date is not set, so the calendar's date is prefilled. The last
// line carries the form's Base (see FormBase): saved later with
// Book.Reflect, the form changes only the answers the person changed.
func RenderForm(r *Record) []byte {
	return RenderDraft(r, BaseOf(r))
}

// RenderDraft is the form of r, the answers a person gave, with the base
// of the record they started from: saved later with Book.Reflect, it
// applies their answers as RenderForm's form would have, had they typed
// them in it.
func RenderDraft(r *Record, base Base) []byte {
	r = shown(r)
	var b bytes.Buffer
	b.WriteString("## " + formTitle + "\n")
	if r.ID != "" {
		fmt.Fprintf(&b, "<!-- debrief record %s -->\n", r.ID)
		fmt.Fprintf(&b, "<!-- %s -->\n", comment(Title(r)+", "+When(r)))
		if s := r.Source; s != nil && s.Title != "" {
			fmt.Fprintf(&b, "<!-- %s -->\n", comment(eventLine(r)))
		}
	}
	b.WriteString(`<!--
How to fill in this form:
- Write each answer under its prompt, on lines starting with "> ".
  An answer may take many lines; start each of them with "> ".
- Leave an answer empty to skip it.
- Ratings are whole numbers from 1 to 10, dates YYYY-MM-DD, and yes/no
  answers yes or no.
- Lists take one "- " item per line; the action plan takes "- [ ] " items,
  "- [x] " once done.
- Text between these comment marks is guidance: debrief ignores it.
Save and close the file when you are done.
-->
`)
	b.WriteString("\n")
	for si := range form {
		s := &form[si]
		b.WriteString("---\n\n### " + s.heading + "\n")
		for fi := range s.fields {
			f := &s.fields[fi]
			writePrompt(&b, f)
			if f.kind != kLabel {
				renderValue(&b, f, f.ptr(r))
			}
		}
	}
	b.WriteString("---\n\n<!-- " + formClosing + " -->\n")
	if r.ID != "" {
		b.WriteString(baseLine(base) + "\n")
	}
	return b.Bytes()
}

// eventLine shows the calendar event's own title next to the company, and
// where the company was read, so a wrong reading is seen and corrected.
func eventLine(r *Record) string {
	s := `calendar event: "` + OneLine(r.Source.Title) + `"`
	if from := readFrom(r.Source.CompanyFrom, ""); from != "" && r.Interview.Company != "" {
		s += "; company read from " + from
	}
	return s + `; wrong company? debrief set ` + r.ID + ` company "…"`
}

// comment makes s safe inside an HTML comment on one line.
func comment(s string) string {
	s = OneLine(s)
	s = strings.ReplaceAll(s, "-->", "- ->")
	return strings.ReplaceAll(s, "<!--", "<! --")
}

func writePrompt(b *bytes.Buffer, f *field) {
	if f.kind == kLabel {
		b.WriteString(f.prompt + "\n")
		return
	}
	b.WriteString(f.prompt)
	if f.hint != "" {
		b.WriteString(" <!-- " + f.hint + " -->")
	}
	b.WriteString("\n")
}

// renderValue writes the answer of f, whose value is at p.
func renderValue(b *bytes.Buffer, f *field, p any) {
	switch f.kind {
	case kText, kFormat:
		quote(b, *p.(*string))
	case kRating, kRank:
		if v := *p.(**int); v != nil {
			quote(b, strconv.Itoa(*v))
		} else {
			quote(b, "")
		}
	case kYesNo:
		if v := *p.(**bool); v != nil {
			quote(b, yesNoWord(*v))
		} else {
			quote(b, "")
		}
	case kFlag:
		if *p.(*bool) {
			quote(b, "yes")
		} else {
			quote(b, "")
		}
	case kDate:
		quote(b, p.(*Date).String())
	case kDatePtr:
		if v := *p.(**Date); v != nil {
			quote(b, v.String())
		} else {
			quote(b, "")
		}
	case kList:
		for _, s := range *p.(*[]string) {
			b.WriteString(listLine(s) + "\n")
		}
		b.WriteString("- \n\n")
	case kPeople:
		for _, ps := range *p.(*[]Person) {
			b.WriteString(personLine(ps) + "\n")
		}
		b.WriteString("- \n\n")
	case kChecklist:
		items := *p.(*[]ActionItem)
		for _, a := range items {
			b.WriteString(checkLine(a) + "\n")
		}
		for range max(1, 3-len(items)) {
			b.WriteString("- [ ] \n")
		}
		b.WriteString("\n")
	case kQuestions:
		qs := *p.(*[]Question)
		b.WriteString("\n")
		n := 0
		for i := range qs {
			n++
			renderBlock(b, questionBlock, n, &qs[i])
		}
		for range max(1, questionBlock.min-len(qs)) {
			n++
			renderBlock(b, questionBlock, n, &Question{})
		}
	case kAsked:
		qs := *p.(*[]AskedQuestion)
		b.WriteString("\n")
		n := 0
		for i := range qs {
			n++
			renderBlock(b, askedBlock, n, &qs[i])
		}
		for range max(1, askedBlock.min-len(qs)) {
			n++
			renderBlock(b, askedBlock, n, &AskedQuestion{})
		}
	}
}

func renderBlock(b *bytes.Buffer, bs *blockSpec, n int, item any) {
	fmt.Fprintf(b, "#### %s %d\n", bs.heading, n)
	for fi := range bs.fields {
		f := &bs.fields[fi]
		writePrompt(b, f)
		renderValue(b, f, f.ptr(item))
	}
}

func yesNoWord(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// quote writes s as answer lines, "> " each, and a blank line.
func quote(b *bytes.Buffer, s string) {
	lines := textLines(s)
	if len(lines) == 0 {
		b.WriteString("> \n\n")
		return
	}
	for _, l := range lines {
		if l == "" {
			b.WriteString(">\n")
		} else {
			b.WriteString("> " + l + "\n")
		}
	}
	b.WriteString("\n")
}

// textLines splits s into lines as the form holds them: no trailing white
// space, no blank lines first or last.
func textLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	for len(lines) > 0 && isBlank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && isBlank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// oneLine is s on one line, as list items hold it.
func oneLine(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\n", " ")) }

func listLine(s string) string { return "- " + oneLine(s) }

func checkLine(a ActionItem) string {
	box := "[ ]"
	if a.Done {
		box = "[x]"
	}
	return "- " + box + " " + oneLine(a.Text)
}

// personKeys are the keys of a person's details, in the order written.
var personKeys = []string{"role", "email", "phone", "contact"}

func personField(p *Person, key string) *string {
	switch key {
	case "role":
		return &p.Role
	case "email":
		return &p.Email
	case "phone":
		return &p.Phone
	case "contact":
		return &p.Contact
	}
	return nil
}

// personLine is "- Name | role: … | email: …"; a | in a value is written \|.
func personLine(p Person) string {
	esc := func(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }
	line := "- " + esc(p.Name)
	for _, k := range personKeys {
		if v := *personField(&p, k); oneLine(v) != "" {
			line += " | " + k + ": " + esc(v)
		}
	}
	return line
}

// FormRecordID returns the id of the record a form was rendered for, from
// its "<!-- debrief record ID -->" line, or "" when it names none.
func FormRecordID(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if id, ok := formIDLine(line); ok {
			return id
		}
	}
	return ""
}

func formIDLine(line string) (string, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return "", false
	}
	f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s, "<!--"), "-->"))
	if len(f) != 3 || f[0] != "debrief" || f[1] != "record" {
		return "", false
	}
	return f[2], true
}

// ParseForm reads a filled form into r. It sets the fields whose prompts
// appear in data and leaves the others as they are; a list or a set of
// question blocks replaces the one r holds. Guidance comments, blank lines
// and trailing spaces are ignored. Every mistake is a *FormError naming the
// line and saying what to write; the error joins up to 20 of them, and r is
// changed only when there is none. A form that names another record than
// r.ID is refused.
func ParseForm(data []byte, r *Record) error {
	tmp := cloneRecord(r)
	p := &parser{r: tmp, sec: -1, seen: map[*field]int{}, seenSec: map[int]int{}}
	p.parse(data)
	if p.formID != "" && r.ID != "" && !strings.EqualFold(p.formID, r.ID) {
		p.errf(p.formIDLine, "", "this form is for record %s, not %s: reflect on %s, or print the form of %s with debrief form %s", p.formID, r.ID, p.formID, r.ID, r.ID)
	}
	if len(p.errs) > 0 {
		return errors.Join(p.errs...)
	}
	*r = *tmp
	return nil
}

// cloneRecord copies the parts of r that ParseForm writes through, so a
// failed parse leaves r untouched.
func cloneRecord(r *Record) *Record {
	c := *r
	return &c
}

type srcLine struct {
	n int
	s string
}

// open is the prompt whose answer is being read.
type open struct {
	f      *field
	target any
	line   int
	lines  []srcLine
}

// openBlock is a "#### Question N" block being read.
type openBlock struct {
	spec  *blockSpec
	line  int
	item  any // *Question or *AskedQuestion
	seen  map[*field]int
	owner *field // the container prompt
}

type parser struct {
	r          *Record
	errs       []error
	sec        int
	seen       map[*field]int // prompt → line, outside blocks
	seenSec    map[int]int    // section → line of its heading
	cur        *open
	blk        *openBlock
	container  *field // the kQuestions or kAsked prompt of this section, once seen
	formID     string
	formIDLine int
	title      bool
}

func (p *parser) errf(line int, field, format string, args ...any) {
	if len(p.errs) < maxFormErrors {
		p.errs = append(p.errs, &FormError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *parser) parse(data []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	commentStart := 0 // line of an open multi-line comment
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, " \t\r")
		if commentStart > 0 {
			if j := strings.Index(line, "-->"); j >= 0 {
				commentStart = 0
				if rest := line[j+3:]; !isBlank(rest) {
					p.errf(n, "", "text after the end of a comment (-->): put %q on its own line", strings.TrimSpace(rest))
				}
			}
			continue
		}
		if strings.HasPrefix(line, ">") {
			p.content(n, line, true)
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			if p.cur != nil {
				p.cur.lines = append(p.cur.lines, srcLine{n, ""})
			}
		case strings.HasPrefix(trimmed, "<!--"):
			if id, ok := formIDLine(trimmed); ok && p.formID == "" {
				p.formID, p.formIDLine = id, n
			}
			j := strings.Index(trimmed[4:], "-->")
			if j < 0 {
				commentStart = n
				continue
			}
			if rest := trimmed[4+j+3:]; !isBlank(rest) {
				p.errf(n, "", "text after the end of a comment (-->): put %q on its own line", strings.TrimSpace(rest))
			}
		case isHeading(line):
			p.heading(n, line)
		case isRule(line):
			// "---" between sections
		default:
			if rf, ok := prompts[promptKey(line)]; ok {
				p.prompt(n, rf)
				continue
			}
			p.content(n, line, false)
		}
		if len(p.errs) >= maxFormErrors {
			return
		}
	}
	if commentStart > 0 {
		p.errf(commentStart, "", "this comment is never closed: end it with -->")
	}
	p.closeField()
	p.closeBlock()
}

// content takes a line of the answer being read.
func (p *parser) content(n int, line string, quoted bool) {
	if p.cur == nil || p.cur.f.kind == kLabel || p.cur.f.kind == kQuestions || p.cur.f.kind == kAsked {
		where := "not under a prompt"
		if p.cur != nil {
			where = fmt.Sprintf("under %q, which takes no answer of its own", promptKey(p.cur.f.prompt))
		}
		p.errf(n, "", "%q is %s: write answers under the prompt they answer, on lines starting with \"> \"", clip(strings.TrimSpace(line)), where)
		return
	}
	if quoted {
		line = strings.TrimPrefix(line[1:], " ")
	}
	p.cur.lines = append(p.cur.lines, srcLine{n, line})
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func (p *parser) heading(n int, line string) {
	key := headingKey(line)
	p.closeField()
	switch {
	case key == strings.ToLower(formTitle):
		if p.title || p.sec >= 0 {
			p.errf(n, "", "the title %q comes once, first: delete this heading", formTitle)
		}
		p.title = true
		return
	case p.sec >= 0 && p.blockHeading(key) != nil:
		bs := p.blockHeading(key)
		p.closeBlock()
		if p.container == nil || p.container.kind != bs.kind {
			p.errf(n, "", "%q belongs in section %q, after %q: move it there or delete it", strings.TrimSpace(line), form[secOf(bs)].heading, promptKey(ownerOf(bs).prompt))
			return
		}
		var item any = &Question{}
		if bs == askedBlock {
			item = &AskedQuestion{}
		}
		p.blk = &openBlock{spec: bs, line: n, item: item, seen: map[*field]int{}, owner: p.container}
		return
	}
	si, ok := headings[key]
	if !ok {
		p.errf(n, "", "unknown heading %q: the form's headings are its title, the sections \"### 1. Interview Details\" to \"### 10. Action Plan\" and the question blocks; delete it or make it an answer line starting with \"> \"", clip(strings.TrimSpace(line)))
		return
	}
	p.closeBlock()
	if first, dup := p.seenSec[si]; dup {
		p.errf(n, "", "section %q appears twice (first on line %d): merge the two", form[si].heading, first)
	}
	p.seenSec[si] = n
	p.sec = si
	p.container = nil
}

// blockHeading returns the block a heading key starts ("question 2"), or
// nil.
func (p *parser) blockHeading(key string) *blockSpec {
	for _, bs := range []*blockSpec{askedBlock, questionBlock} {
		h := strings.ToLower(bs.heading)
		if key == h {
			return bs
		}
		if rest, ok := strings.CutPrefix(key, h+" "); ok {
			if _, err := strconv.Atoi(rest); err == nil {
				return bs
			}
		}
	}
	return nil
}

// ownerOf is the prompt whose blocks bs are.
func ownerOf(bs *blockSpec) *field {
	for si := range form {
		for fi := range form[si].fields {
			if form[si].fields[fi].kind == bs.kind {
				return &form[si].fields[fi]
			}
		}
	}
	panic("notebook: block without owner")
}

// secOf is the section of bs's blocks.
func secOf(bs *blockSpec) int {
	owner := ownerOf(bs)
	for si := range form {
		for fi := range form[si].fields {
			if &form[si].fields[fi] == owner {
				return si
			}
		}
	}
	panic("notebook: block without section")
}

func (p *parser) prompt(n int, rf ref) {
	p.closeField()
	if rf.sec != p.sec {
		p.errf(n, "", "%q belongs in section %q: move it under that heading", clip(promptKey(rf.f.prompt)), form[rf.sec].heading)
		return
	}
	if rf.block != nil {
		if p.blk == nil || p.blk.spec != rf.block {
			p.errf(n, "", "%q belongs in a \"#### %s N\" block: put it under one", promptKey(rf.f.prompt), rf.block.heading)
			return
		}
		if first, dup := p.blk.seen[rf.f]; dup {
			p.errf(n, "", "%q appears twice in this %s (first on line %d): keep one", promptKey(rf.f.prompt), rf.block.what, first)
			return
		}
		p.blk.seen[rf.f] = n
		p.cur = &open{f: rf.f, target: p.blk.item, line: n}
		return
	}
	p.closeBlock()
	if first, dup := p.seen[rf.f]; dup {
		p.errf(n, "", "%q appears twice (first on line %d): keep one", clip(promptKey(rf.f.prompt)), first)
		return
	}
	p.seen[rf.f] = n
	switch rf.f.kind {
	case kQuestions:
		*rf.f.ptr(p.r).(*[]Question) = nil
		p.container = rf.f
	case kAsked:
		*rf.f.ptr(p.r).(*[]AskedQuestion) = nil
		p.container = rf.f
	}
	p.cur = &open{f: rf.f, target: p.r, line: n}
}

// closeBlock ends the block being read: an empty block is dropped, one
// without its question is an error.
func (p *parser) closeBlock() {
	p.closeField()
	b := p.blk
	if b == nil {
		return
	}
	p.blk = nil
	switch item := b.item.(type) {
	case *Question:
		if *item == (Question{}) {
			return
		}
		if strings.TrimSpace(item.Question) == "" {
			p.errf(b.line, "question", "this %s has answers but no question: write it under \"Question:\", or delete the block", b.spec.what)
			return
		}
		qs := b.owner.ptr(p.r).(*[]Question)
		*qs = append(*qs, *item)
	case *AskedQuestion:
		if *item == (AskedQuestion{}) {
			return
		}
		if strings.TrimSpace(item.Question) == "" {
			p.errf(b.line, "your question", "this %s has answers but no question: write it under \"Your question:\", or delete the block", b.spec.what)
			return
		}
		qs := b.owner.ptr(p.r).(*[]AskedQuestion)
		*qs = append(*qs, *item)
	}
}

// closeField stores the answer being read into its field.
func (p *parser) closeField() {
	o := p.cur
	if o == nil {
		return
	}
	p.cur = nil
	f := o.f
	if f.kind == kLabel || f.kind == kQuestions || f.kind == kAsked {
		return
	}
	dst := f.ptr(o.target)
	switch f.kind {
	case kText:
		var lines []string
		for _, l := range o.lines {
			lines = append(lines, l.s)
		}
		*dst.(*string) = strings.Join(textLines(strings.Join(lines, "\n")), "\n")
	case kList:
		var items []string
		for _, l := range o.lines {
			if s := itemText(l.s); s != "" {
				if p.itemCheck(l.n, f, listLine(s)) {
					items = append(items, s)
				}
			}
		}
		*dst.(*[]string) = items
	case kChecklist:
		var items []ActionItem
		for _, l := range o.lines {
			s := itemText(l.s)
			done := false
			switch {
			case strings.HasPrefix(s, "[ ]"):
				s = s[3:]
			case strings.HasPrefix(s, "[x]"), strings.HasPrefix(s, "[X]"):
				s, done = s[3:], true
			}
			if s = strings.TrimSpace(s); s != "" {
				a := ActionItem{Text: s, Done: done}
				if p.itemCheck(l.n, f, checkLine(a)) {
					items = append(items, a)
				}
			}
		}
		*dst.(*[]ActionItem) = items
	case kPeople:
		var ps []Person
		for _, l := range o.lines {
			s := itemText(l.s)
			if s == "" {
				continue
			}
			person, ok := p.person(l.n, f, s)
			if ok && person != (Person{}) && p.itemCheck(l.n, f, personLine(person)) {
				ps = append(ps, person)
			}
		}
		*dst.(*[]Person) = ps
	default:
		p.scalar(o, dst)
	}
}

// itemText is a list line without its bullet, trimmed.
func itemText(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "-" || s == "*":
		return ""
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "):
		return strings.TrimSpace(s[2:])
	}
	return s
}

// itemCheck refuses an item that, written back as line, would read as part
// of the form's structure rather than as an item.
func (p *parser) itemCheck(n int, f *field, line string) bool {
	if _, ok := prompts[promptKey(line)]; ok || isRule(line) {
		p.errf(n, f.name, "%s: %q reads like a prompt of the form: reword it", f.name, clip(line))
		return false
	}
	return true
}

// person parses "Name | role: … | email: …".
func (p *parser) person(n int, f *field, s string) (Person, bool) {
	var segs []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			cur.WriteByte('|')
			i++
		case s[i] == '|':
			segs = append(segs, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	segs = append(segs, cur.String())
	person := Person{Name: strings.TrimSpace(segs[0])}
	seen := map[string]bool{}
	for _, seg := range segs[1:] {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		k, v, ok := strings.Cut(seg, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		dst := personField(&person, k)
		if !ok || dst == nil {
			p.errf(n, f.name, "%s: %q is not a detail: write key: value, with key one of %s (a | inside a value is written \\|)", f.name, clip(seg), strings.Join(personKeys, ", "))
			return Person{}, false
		}
		if seen[k] {
			p.errf(n, f.name, "%s: %s is given twice: keep one", f.name, k)
			return Person{}, false
		}
		seen[k] = true
		*dst = strings.TrimSpace(v)
	}
	return person, true
}

// scalar stores a one-line answer: a rating, a rank, yes/no, a date, the
// format.
func (p *parser) scalar(o *open, dst any) {
	f := o.f
	var val string
	line := o.line
	for _, l := range o.lines {
		if isBlank(l.s) {
			continue
		}
		if val != "" {
			p.errf(l.n, f.name, "%s takes one answer on one line: delete this line or the one before it", f.name)
			return
		}
		val, line = strings.TrimSpace(l.s), l.n
	}
	switch f.kind {
	case kRating, kRank:
		lo, hi, fix := 1, 10, "write a whole number from 1 to 10"
		if f.kind == kRank {
			hi, fix = int(^uint(0)>>1), "write a whole number, 1 for your best prospect"
		}
		if val == "" {
			*dst.(**int) = nil
			return
		}
		v, err := strconv.Atoi(strings.TrimSuffix(val, "/10"))
		if err != nil || v < lo || v > hi {
			p.errf(line, f.name, "%s %q: %s, or leave it empty", f.name, clip(val), fix)
			return
		}
		*dst.(**int) = &v
	case kYesNo, kFlag:
		var v, set bool
		switch strings.ToLower(val) {
		case "":
		case "yes", "y", "true":
			v, set = true, true
		case "no", "n", "false":
			set = true
		default:
			p.errf(line, f.name, "%s %q: write yes or no, or leave it empty", f.name, clip(val))
			return
		}
		if f.kind == kFlag {
			*dst.(*bool) = v
		} else if set {
			*dst.(**bool) = &v
		} else {
			*dst.(**bool) = nil
		}
	case kDate, kDatePtr:
		var d Date
		if val != "" {
			var err error
			if d, err = ParseDate(val); err != nil {
				p.errf(line, f.name, "%s %q: write the date as YYYY-MM-DD, such as 2026-03-14, or leave it empty", f.name, clip(val))
				return
			}
		}
		if f.kind == kDate {
			*dst.(*Date) = d
		} else if d.IsZero() {
			*dst.(**Date) = nil
		} else {
			*dst.(**Date) = &d
		}
	case kFormat:
		v, ok := formatOf(val)
		if !ok {
			p.errf(line, f.name, "%s %q: write phone, video or in-person, or leave it empty", f.name, clip(val))
			return
		}
		*dst.(*string) = v
	}
}

// formatOf maps what a person may write for the interview format to one of
// Formats.
func formatOf(s string) (string, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(s)), " ") {
	case "":
		return "", true
	case "phone", "phone call", "call":
		return FormatPhone, true
	case "video", "video call":
		return FormatVideo, true
	case "in-person", "in person", "inperson", "onsite", "on-site", "on site":
		return FormatInPerson, true
	}
	return "", false
}

// setAnswer stores lines as the answer of f in target, as ParseForm would
// read them under f's prompt. It changes nothing and returns the
// *FormError when they do not fit.
func setAnswer(f *field, target any, lines []string) error {
	scratch := &parser{}
	o := &open{f: f, target: newTarget(target)}
	for i, l := range lines {
		o.lines = append(o.lines, srcLine{i + 1, l})
	}
	scratch.cur = o
	scratch.closeField()
	if len(scratch.errs) > 0 {
		return scratch.errs[0]
	}
	p := &parser{cur: &open{f: f, target: target, lines: o.lines}}
	p.closeField()
	return nil
}

// newTarget is a zero value of target's type, to try an answer on.
func newTarget(target any) any {
	switch target.(type) {
	case *Record:
		return &Record{}
	case *Question:
		return &Question{}
	case *AskedQuestion:
		return &AskedQuestion{}
	}
	panic(fmt.Sprintf("notebook: form target %T", target))
}

// answerLines are the lines of f's answer in target as the form shows
// them: "> " stripped, the empty spare items left out.
func answerLines(f *field, target any) []string {
	var b bytes.Buffer
	renderValue(&b, f, f.ptr(target))
	var out []string
	for _, l := range strings.Split(b.String(), "\n") {
		l = strings.TrimRight(l, " ")
		switch {
		case l == "" || l == "-" || l == "- [ ]":
		case strings.HasPrefix(l, ">"):
			out = append(out, strings.TrimPrefix(l[1:], " "))
		default:
			out = append(out, l)
		}
	}
	return textLines(strings.Join(out, "\n"))
}

// asker asks the form's prompts one at a time.
type asker struct {
	in  *bufio.Reader
	out io.Writer
	n   int // answers taken
}

// AskForm asks the prompts of the form one at a time on out, section by
// section, and reads the answers from in, one line each, into r:
//
//   - an empty line keeps what r holds (shown as "now: …"), "-" clears it;
//   - a list takes one item per line, added to the items r holds, until an
//     empty line; people are "Name | role: … | email: …", action items
//     "[x] text" once done;
//   - questions repeat, each with its prompts, until an empty question;
//   - an answer that does not fit, such as a rating of 11, is explained and
//     asked again.
//
// Answers are one line each; multi-line answers need the Markdown form. It
// returns how many answers it took. When in ends first it returns io.EOF,
// with the answers given so far in r; another read error is returned as
// is.
func AskForm(r *Record, in *bufio.Reader, out io.Writer) (int, error) {
	a := &asker{in: in, out: out}
	err := a.form(r)
	return a.n, err
}

func (a *asker) form(r *Record) error {
	for si := range form {
		s := &form[si]
		fmt.Fprintf(a.out, "\n### %s\n", s.heading)
		for fi := range s.fields {
			f := &s.fields[fi]
			var err error
			switch f.kind {
			case kLabel:
				fmt.Fprintln(a.out, promptKey(f.prompt))
			case kQuestions:
				err = a.blocks(f, r, questionBlock)
			case kAsked:
				err = a.blocks(f, r, askedBlock)
			case kList, kPeople, kChecklist:
				err = a.list(f, r)
			default:
				err = a.one(f, r)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// readLine reads one line without its end; io.EOF only when nothing was
// left.
func (a *asker) readLine() (string, error) {
	s, err := a.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

func (a *asker) title(f *field) {
	fmt.Fprint(a.out, promptKey(f.prompt))
	if f.hint != "" {
		fmt.Fprintf(a.out, " (%s)", f.hint)
	}
	fmt.Fprintln(a.out)
}

// retry says why an answer did not fit.
func (a *asker) retry(err error) {
	var fe *FormError
	if errors.As(err, &fe) {
		fmt.Fprintf(a.out, "  %s\n", fe.Msg)
		return
	}
	fmt.Fprintf(a.out, "  %v\n", err)
}

// one asks a prompt with a one-line answer.
func (a *asker) one(f *field, target any) error {
	a.title(f)
	if cur := answerLines(f, target); len(cur) > 0 {
		fmt.Fprintf(a.out, "  now: %s\n", strings.Join(cur, " ⏎ "))
	}
	for {
		fmt.Fprint(a.out, "> ")
		s, err := a.readLine()
		if err != nil {
			return err
		}
		if s == "" {
			return nil
		}
		var lines []string
		if s != "-" {
			lines = []string{s}
		}
		if err := setAnswer(f, target, lines); err != nil {
			a.retry(err)
			continue
		}
		a.n++
		return nil
	}
}

// list asks for items until an empty line, adding them to those noted.
func (a *asker) list(f *field, target any) error {
	a.title(f)
	cur := answerLines(f, target)
	for _, l := range cur {
		fmt.Fprintf(a.out, "  now: %s\n", l)
	}
	fmt.Fprintln(a.out, "  (one per line; an empty line ends)")
	for {
		fmt.Fprint(a.out, "- ")
		s, err := a.readLine()
		if err != nil {
			return err
		}
		if s == "" {
			return nil
		}
		next := append(cur[:len(cur):len(cur)], s)
		if err := setAnswer(f, target, next); err != nil {
			a.retry(err)
			continue
		}
		cur = next
		a.n++
	}
}

// blocks asks for questions, each with its prompts, until an empty one,
// adding them to those noted.
func (a *asker) blocks(f *field, r *Record, bs *blockSpec) error {
	a.title(f)
	n := 0
	switch v := f.ptr(r).(type) {
	case *[]Question:
		n = len(*v)
	case *[]AskedQuestion:
		n = len(*v)
	}
	if n > 0 {
		fmt.Fprintf(a.out, "  (%d noted already; add more)\n", n)
	}
	for {
		n++
		var item any = &Question{}
		if bs == askedBlock {
			item = &AskedQuestion{}
		}
		fmt.Fprintf(a.out, "%s %d (an empty line ends the list)\n", bs.heading, n)
		first := &bs.fields[0]
		fmt.Fprint(a.out, promptKey(first.prompt)+"\n> ")
		s, err := a.readLine()
		if err != nil || s == "" {
			return err
		}
		if err := setAnswer(first, item, []string{s}); err != nil {
			return err // a question's text always fits
		}
		a.n++
		for fi := range bs.fields[1:] {
			if err = a.one(&bs.fields[1+fi], item); err != nil {
				break
			}
		}
		switch v := f.ptr(r).(type) {
		case *[]Question:
			*v = append(*v, *item.(*Question))
		case *[]AskedQuestion:
			*v = append(*v, *item.(*AskedQuestion))
		}
		if err != nil {
			return err
		}
	}
}
