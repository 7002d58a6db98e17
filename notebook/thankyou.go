package notebook

import (
	"fmt"
	"strings"
)

// ThankYou drafts the thank-you note of r from its notes: a greeting with
// the interviewers' first names, thanks for the conversation on the day, a
// specific moment that stood out (NextSteps.Standout, else a question that
// went well), renewed interest in the role and the company
// (NextSteps.Interest, else a plain sentence), and what did not come up in
// the interview (Takeaways.NotDiscussed). NextSteps.ThankYouPoints are
// notes to self ("thank Lee for the tips") and stay out of the text; the
// command shows them beside the draft. It is a draft: the person edits and
// sends it, then runs debrief done ID thank-you.
func ThankYou(r *Record) (subject, body string) {
	company := OneLine(r.Interview.Company)
	position := OneLine(r.Interview.Position)
	role := "the role"
	if position != "" {
		role = "the " + position + " role"
	}
	subject = "Thank you"
	switch {
	case position != "" && company != "":
		subject = "Thank you: " + position + " interview at " + company
	case position != "":
		subject = "Thank you: " + position + " interview"
	case company != "":
		subject = "Thank you: interview at " + company
	}

	var b strings.Builder
	b.WriteString(greeting(r.Interview.Interviewers) + "\n\n")

	thanks := "Thank you for taking the time to speak with me"
	if d := r.Day(); !d.IsZero() {
		thanks += " on " + d.In(r.Location()).Format("Monday, January 2")
	}
	thanks += " about " + role
	if company != "" {
		thanks += " at " + company
	}
	b.WriteString(thanks + ".")
	if moment := standout(r); moment != "" {
		b.WriteString(" " + moment)
	}
	b.WriteString("\n\n")

	if s := sentence(r.NextSteps.Interest); s != "" {
		b.WriteString(s)
	} else {
		interest := "I am very interested in " + role
		if company != "" {
			interest += " and in joining " + company
		}
		b.WriteString(interest + ".")
	}
	b.WriteString("\n\n")

	if s := sentence(r.Takeaways.NotDiscussed); s != "" {
		b.WriteString("One thing we did not get to discuss that I would like to add: " + lowerFirst(s) + "\n\n")
	}

	b.WriteString("Thank you again for your time and for the information you shared. I look forward to hearing about the next steps.\n\nBest regards,\n")
	return subject, b.String()
}

// greeting is "Dear Dana," or "Dear Dana and Lee," or "Dear Ana, Bo and
// Cy,", with the interviewers' first names; "Hello," when none are known.
func greeting(ivs []Person) string {
	var names []string
	for _, p := range ivs {
		if f := strings.Fields(OneLine(p.Name)); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	switch len(names) {
	case 0:
		return "Hello,"
	case 1:
		return "Dear " + names[0] + ","
	}
	return "Dear " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + ","
}

// standout is the sentence about a moment of the conversation.
func standout(r *Record) string {
	if s := strings.TrimRight(OneLine(r.NextSteps.Standout), ".!"); s != "" {
		return "I especially enjoyed " + lowerFirst(s) + "."
	}
	for _, q := range r.Takeaways.Questions {
		if q.Difficult {
			continue
		}
		if s := strings.TrimRight(OneLine(q.Question), ".?!"); s != "" {
			return fmt.Sprintf("I especially enjoyed working through %q with you.", s)
		}
	}
	return ""
}

// sentence is s on one line ending with punctuation; "" if empty.
func sentence(s string) string {
	s = OneLine(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst lowers the first letter unless the first word looks like a
// name or acronym (a second capital letter, or "I").
func lowerFirst(s string) string {
	w, _, _ := strings.Cut(s, " ")
	if len(w) < 2 || strings.ToLower(w[1:]) != w[1:] || w == "I" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// Mailto returns a mailto: URL (RFC 6068) to the addresses with the subject
// and body, percent-encoded as RFC 3986 requires: spaces are %20, never
// "+", and line breaks %0D%0A.
func Mailto(to []string, subject, body string) string {
	addrs := make([]string, 0, len(to))
	for _, a := range to {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, pctEncode(a, "@"))
		}
	}
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return "mailto:" + strings.Join(addrs, ",") + "?subject=" + pctEncode(subject, "") + "&body=" + pctEncode(body, "")
}

// pctEncode percent-encodes every byte of s but the unreserved characters
// of RFC 3986 and those in keep.
func pctEncode(s, keep string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~"+keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Emails are the interviewers' email addresses that are known.
func Emails(r *Record) []string {
	var out []string
	for _, p := range r.Interview.Interviewers {
		if e := OneLine(p.Email); e != "" {
			out = append(out, e)
		}
	}
	return out
}
