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
	if r.Start().IsZero() {
		if d := r.Day(); !d.IsZero() {
			return d.In(time.UTC).Format("Mon 2006-01-02")
		}
		return "undated"
	}
	loc := r.Location()
	s, e := r.Start().In(loc), r.End().In(loc)
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

// WriteMarkdown writes every filled section of r as Markdown under a
// heading of the given level (1 for "#"), then the follow-ups fs: the
// Outline of r, as `debrief show` and the export print it.
func WriteMarkdown(w io.Writer, r *Record, fs []Followup, level int) error {
	h := strings.Repeat("#", level)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\n%s · id %s\n", h, Title(r), When(r), r.ID)
	indent := func(s, by string) string { return strings.ReplaceAll(s, "\n", "\n"+by) }
	for _, sec := range Outline(r, fs) {
		fmt.Fprintf(&b, "\n%s# %s\n\n", h, sec.Heading)
		for i, it := range sec.Items {
			if i > 0 {
				b.WriteString("\n")
			}
			switch {
			case it.Check != nil:
				box := "[ ]"
				if *it.Check {
					box = "[x]"
				}
				fmt.Fprintf(&b, "- %s %s", box, it.Value)
			case it.Entries != nil:
				fmt.Fprintf(&b, "- %s:", it.Label)
				for n, e := range it.Entries {
					note := ""
					if e.Note != "" {
						note = " (" + e.Note + ")"
					}
					fmt.Fprintf(&b, "\n  %d. %s%s", n+1, e.Text, note)
					for _, sub := range e.Items {
						fmt.Fprintf(&b, "\n     - %s: %s", sub.Label, indent(sub.Value, "       "))
					}
				}
			default:
				fmt.Fprintf(&b, "- %s: %s", it.Label, indent(it.Value, "  "))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
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
		if s := r.Start(); !s.IsZero() {
			start = s.In(r.Location()).Format(time.RFC3339)
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
