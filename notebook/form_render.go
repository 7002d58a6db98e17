package notebook

import (
	"bytes"
	"fmt"
	"strings"
)

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
				renderValue(&b, f, r)
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

// renderValue writes the answer of f in target.
func renderValue(b *bytes.Buffer, f *field, target any) {
	f.v.render(b, target)
}

func renderBlock(b *bytes.Buffer, bs *blockSpec, n int, item any) {
	fmt.Fprintf(b, "#### %s %d\n", bs.heading, n)
	for fi := range bs.fields {
		f := &bs.fields[fi]
		writePrompt(b, f)
		renderValue(b, f, item)
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

// answerLines are the lines of f's answer in target as the form shows
// them: "> " stripped, the empty spare items left out.
func answerLines(f *field, target any) []string {
	var b bytes.Buffer
	renderValue(&b, f, target)
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
