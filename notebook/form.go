package notebook

import "strings"

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
//
// The form is in five files: this one defines its fields (the form table,
// the prompts), form_codec.go the typed codec of each kind of answer and
// the generic constructors that bind one to a field's value,
// form_render.go writes the form, form_parse.go reads it, form_ask.go asks
// it prompt by prompt; spec.go exports it as data for the web page and
// reflect.go saves a filled one.

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

// field is one prompt of the form. v reaches its value in its target, a
// *Record for the fields of a section, the item for the fields of a block
// (see slot); nil for a label. kind is v's, set by init.
type field struct {
	prompt string // the line as written, without its guidance comment
	hint   string // guidance written as a comment after the prompt
	name   string // the field in error messages
	kind   kind
	v      slot
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
		{prompt: "- **Question:**", name: "question", v: textAnswer(func(q *Question) *string { return &q.Question })},
		{prompt: "- **Your answer:**", name: "your answer", v: textAnswer(func(q *Question) *string { return &q.Answer })},
		{prompt: "- **How you felt you answered it:**", name: "how you answered it", v: textAnswer(func(q *Question) *string { return &q.HowItWent })},
		{prompt: "- **Did you find it difficult?**", hint: "yes or no; empty is no", name: "difficult", v: flagAnswer(func(q *Question) *bool { return &q.Difficult })},
		{prompt: "- **How can you improve your answer?**", name: "how to improve", v: textAnswer(func(q *Question) *string { return &q.HowToImprove })},
	},
}

var askedBlock = &blockSpec{
	heading: "Your question",
	what:    "question you asked",
	kind:    kAsked,
	min:     1,
	fields: []field{
		{prompt: "- **Your question:**", name: "your question", v: textAnswer(func(q *AskedQuestion) *string { return &q.Question })},
		{prompt: "- **The interviewer's response:**", name: "the interviewer's response", v: textAnswer(func(q *AskedQuestion) *string { return &q.Response })},
		{prompt: "- **Insight it gave you into the company or role:**", name: "insight", v: textAnswer(func(q *AskedQuestion) *string { return &q.Insight })},
	},
}

// form is the whole form, in order. Prompts are unique across the form
// (and its blocks) once bold, bullets and comments are set aside, so a
// prompt is known by its text wherever it appears.
var form = []section{
	{heading: "1. Interview Details", fields: []field{
		{prompt: "- **Company Name:**", name: "company name", v: textAnswer(func(r *Record) *string { return &r.Interview.Company })},
		{prompt: "- **Position Applied For:**", name: "position", v: textAnswer(func(r *Record) *string { return &r.Interview.Position })},
		{prompt: "- **Date of Interview:**", hint: hintDate, name: "date of interview", v: dateAnswer(func(r *Record) *Date { return &r.Interview.Date })},
		{prompt: "- **Interviewer's Name(s):**", hint: hintPeople, name: "interviewers", v: peopleAnswer(func(r *Record) *[]Person { return &r.Interview.Interviewers })},
		{prompt: "- **Interview Format:** (Phone, Video, In-person)", hint: "phone, video or in-person", name: "interview format", v: formatAnswer(func(r *Record) *string { return &r.Interview.Format })},
		{prompt: "- **Round:**", hint: "e.g. recruiter screen, onsite 2 of 4", name: "round", v: textAnswer(func(r *Record) *string { return &r.Interview.Round })},
		{prompt: "- **Other people you met:**", hint: "names and business cards; " + hintPeople, name: "other people you met", v: peopleAnswer(func(r *Record) *[]Person { return &r.People })},
	}},
	{heading: "2. Overall Impression", fields: []field{
		{prompt: "- **How did the interview go overall?**", kind: kLabel},
		{prompt: "  - Rate from 1-10:", hint: hintRating, name: "overall rating", v: ratingAnswer(func(r *Record) **int { return &r.Overall.Rating })},
		{prompt: "  - What went well?", name: "what went well", v: textAnswer(func(r *Record) *string { return &r.Overall.WentWell })},
		{prompt: "  - What could have been better?", hint: "what didn't go well: be honest, this is where you learn", name: "what could have been better", v: textAnswer(func(r *Record) *string { return &r.Overall.CouldBeBetter })},
	}},
	{heading: "3. Key Takeaways", fields: []field{
		{prompt: "- **High-level topics the interviewer covered:**", hint: hintOnePer, name: "topics", v: listAnswer(func(r *Record) *[]string { return &r.Takeaways.Topics })},
		{prompt: "- **Questions Asked:**", kind: kLabel},
		{prompt: "  - List 3-5 key questions you were asked and how you felt you answered them.", hint: "one block per question; copy a block for more, leave the spare ones empty", name: "questions asked", v: blocksAnswer(questionBlock, func(r *Record) *[]Question { return &r.Takeaways.Questions })},
		{prompt: "  - Were there any questions you found difficult? If yes, how can you improve?", name: "difficult questions", v: textAnswer(func(r *Record) *string { return &r.Takeaways.Difficult })},
		{prompt: "- **Skills & Experiences Discussed:**", kind: kLabel},
		{prompt: "  - Were there any particular skills or experiences the interviewer focused on?", name: "skills focused on", v: textAnswer(func(r *Record) *string { return &r.Takeaways.SkillsFocused })},
		{prompt: "  - Did you highlight your key strengths well? How could you improve?", kind: kLabel},
		{prompt: "    - Highlighted them well?", hint: hintYesNo, name: "strengths highlighted", v: yesNoAnswer(func(r *Record) **bool { return &r.Takeaways.StrengthsHighlighted })},
		{prompt: "    - How could you improve?", name: "how to highlight strengths better", v: textAnswer(func(r *Record) *string { return &r.Takeaways.StrengthsImprove })},
		{prompt: "- **Important points discussed:**", name: "important points", v: textAnswer(func(r *Record) *string { return &r.Takeaways.KeyPoints })},
		{prompt: "- **Important information that was not discussed:**", hint: "crucial skills you did not get to mention: raise them in your thank-you note", name: "not discussed", v: textAnswer(func(r *Record) *string { return &r.Takeaways.NotDiscussed })},
	}},
	{heading: "4. Your Performance", fields: []field{
		{prompt: "- **How confident did you feel during the interview?** (Rate 1-10)", hint: hintRating, name: "confidence rating", v: ratingAnswer(func(r *Record) **int { return &r.Performance.Confidence })},
		{prompt: "- **Were you able to clearly articulate your skills and experiences?**", hint: hintYesNo, name: "articulated your skills", v: yesNoAnswer(func(r *Record) **bool { return &r.Performance.Articulated })},
		{prompt: "  - If not, what held you back?", name: "what held you back", v: textAnswer(func(r *Record) *string { return &r.Performance.HeldBack })},
		{prompt: "- **How did your body language/communication come across?**", kind: kLabel},
		{prompt: "  - Did you maintain eye contact, speak clearly, and engage confidently?", name: "body language", v: textAnswer(func(r *Record) *string { return &r.Performance.BodyLanguage })},
		{prompt: "- **Any concerns during the interview?**", hint: "uncomfortable clothes, a question you could not answer, feeling unprepared: plan them away for next time", name: "concerns", v: textAnswer(func(r *Record) *string { return &r.Performance.Concerns })},
	}},
	{heading: "5. Company Insights", fields: []field{
		{prompt: "- **What did you learn about the company culture?**", name: "company culture", v: textAnswer(func(r *Record) *string { return &r.Company.Culture })},
		{prompt: "- **What did you find appealing or concerning about the role/company?**", kind: kLabel},
		{prompt: "  - Appealing:", name: "appealing", v: textAnswer(func(r *Record) *string { return &r.Company.Appealing })},
		{prompt: "  - Concerning:", name: "concerning", v: textAnswer(func(r *Record) *string { return &r.Company.Concerning })},
		{prompt: "- **Does this role align with your career goals?** Why or why not?", kind: kLabel},
		{prompt: "  - Aligns with your goals?", hint: hintYesNo, name: "aligns with your goals", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.AlignsWithGoals })},
		{prompt: "  - Why or why not?", name: "why or why not", v: textAnswer(func(r *Record) *string { return &r.Company.AlignmentWhy })},
		{prompt: "- **Your impressions of the interviewer and any details about the company that came up:**", name: "impressions of the interviewer", v: textAnswer(func(r *Record) *string { return &r.Company.InterviewerImpressions })},
		{prompt: "- **How did being at the company make you feel?**", hint: "if anything made you uncomfortable, try to identify what it is", name: "how it felt", v: textAnswer(func(r *Record) *string { return &r.Company.HowItFelt })},
		{prompt: "- **Maybe it's not your dream job, but is it a good opportunity?**", hint: hintYesNo, name: "good opportunity", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.Good })},
		{prompt: "  - Do you find the industry or field interesting?", hint: hintYesNo, name: "industry interesting", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.IndustryInteresting })},
		{prompt: "  - Do you like the company culture?", hint: hintYesNo, name: "like the culture", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.LikeCulture })},
		{prompt: "  - Are there opportunities for growth?", hint: hintYesNo, name: "opportunities for growth", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.Growth })},
		{prompt: "  - Will you learn a lot and work with smart people who want to share their knowledge?", hint: hintYesNo, name: "learn a lot", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.LearnALot })},
		{prompt: "  - Are you enthusiastic about the prospect of working for the company?", hint: hintYesNo, name: "enthusiastic", v: yesNoAnswer(func(r *Record) **bool { return &r.Company.Opportunity.Enthusiastic })},
		{prompt: "  - Anything else about the opportunity?", name: "opportunity notes", v: textAnswer(func(r *Record) *string { return &r.Company.Opportunity.Notes })},
	}},
	{heading: "6. Questions You Asked", fields: []field{
		{prompt: "- **Did you ask relevant questions?**", hint: hintYesNo, name: "asked relevant questions", v: yesNoAnswer(func(r *Record) **bool { return &r.Asked.Relevant })},
		{prompt: "  - What were the interviewer's responses?", kind: kLabel},
		{prompt: "  - Did they give you further insight into the company or role?", hint: "one block per question you asked; copy a block for more", name: "questions you asked", v: blocksAnswer(askedBlock, func(r *Record) *[]AskedQuestion { return &r.Asked.Questions })},
	}},
	{heading: "7. Next Steps", fields: []field{
		{prompt: "- **What are the next steps in the hiring process?**", hint: "and where the company is in it", name: "next steps", v: textAnswer(func(r *Record) *string { return &r.NextSteps.Process })},
		{prompt: "  - When can you expect to hear back?", hint: "as they said it", name: "when to hear back", v: textAnswer(func(r *Record) *string { return &r.NextSteps.HearBack })},
		{prompt: "  - Expect to hear back by:", hint: hintDate + "; debrief reminds you to follow up after it", name: "hear back by", v: datePtrAnswer(func(r *Record) **Date { return &r.FollowUp.ReplyExpectedBy })},
		{prompt: "  - May you follow up if you haven't heard by then?", hint: hintYesNo, name: "may follow up", v: yesNoAnswer(func(r *Record) **bool { return &r.NextSteps.MayFollowUp })},
		{prompt: "  - Follow up on:", hint: hintDate + "; empty lets debrief pick a day", name: "follow up on", v: datePtrAnswer(func(r *Record) **Date { return &r.FollowUp.FollowUpOn })},
		{prompt: "- **Do you need to follow up with a thank-you email?**", hint: hintYesNo + "; send it within 24 hours", name: "thank-you needed", v: yesNoAnswer(func(r *Record) **bool { return &r.NextSteps.ThankYouNeeded })},
		{prompt: "  - Date sent:", hint: hintDate, name: "thank-you date sent", v: datePtrAnswer(func(r *Record) **Date { return &r.FollowUp.ThankYouSent })},
		{prompt: "  - Key points to mention in your thank-you note:", kind: kLabel},
		{prompt: "    - Refer to a specific part of the conversation that stood out.", name: "what stood out", v: textAnswer(func(r *Record) *string { return &r.NextSteps.Standout })},
		{prompt: "    - Reiterate your interest in the role.", name: "your interest", v: textAnswer(func(r *Record) *string { return &r.NextSteps.Interest })},
		{prompt: "    - Other points:", hint: hintOnePer, name: "other thank-you points", v: listAnswer(func(r *Record) *[]string { return &r.NextSteps.ThankYouPoints })},
	}},
	{heading: "8. Areas for Improvement", fields: []field{
		{prompt: "- **What specific areas can you improve on for future interviews?**", name: "areas to improve", v: textAnswer(func(r *Record) *string { return &r.Improvement.Areas })},
		{prompt: "- **Did you struggle with any technical or behavioral questions?**", name: "struggled with", v: textAnswer(func(r *Record) *string { return &r.Improvement.Struggled })},
		{prompt: "  - How can you prepare better next time?", name: "prepare better", v: textAnswer(func(r *Record) *string { return &r.Improvement.PrepareBetter })},
		{prompt: "- **Feedback you received:**", hint: "from the interviewer, a friend or a mentor", name: "feedback", v: textAnswer(func(r *Record) *string { return &r.Improvement.Feedback })},
	}},
	{heading: "9. Emotional Check-in", fields: []field{
		{prompt: "- **How do you feel about the interview overall?**", kind: kLabel},
		{prompt: "  - Excited, neutral, uncertain, etc.", name: "how you feel", v: textAnswer(func(r *Record) *string { return &r.Feelings.Overall })},
		{prompt: "- **How did you feel during the interview?**", name: "feelings during", v: textAnswer(func(r *Record) *string { return &r.Feelings.During })},
		{prompt: "- **How does this opportunity compare to others you are pursuing?**", name: "comparison", v: textAnswer(func(r *Record) *string { return &r.Feelings.Comparison })},
		{prompt: "  - Rank it against other current prospects.", hint: "a whole number, 1 for your best prospect", name: "rank", v: rankAnswer(func(r *Record) **int { return &r.Feelings.Rank })},
	}},
	{heading: "10. Action Plan", fields: []field{
		{prompt: "- **Based on your reflection, list 2-3 action items for your next interview:**", hint: "- [ ] to do, - [x] done; one per line", name: "action items", v: checklistAnswer(func(r *Record) *[]ActionItem { return &r.ActionItems })},
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
	// First of the package's inits (files run in name order): the others
	// read the kinds.
	setKinds := func(fs []field) {
		for i := range fs {
			if fs[i].v != nil {
				fs[i].kind = fs[i].v.kind()
			}
		}
	}
	for si := range form {
		setKinds(form[si].fields)
	}
	setKinds(questionBlock.fields)
	setKinds(askedBlock.fields)
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
