package main

import (
	"bufio"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["followups"] = command{
		summary: "thank-you notes and follow-ups that are due or overdue",
		run:     cmdFollowups,
	}
}

// cmdFollowups prints the thank-you notes, expected replies and follow-ups
// that are due or overdue (with --all: upcoming and done ones too), oldest
// first, each with the command that settles it.
func cmdFollowups(e *env, args []string) error {
	fs := nbFlags(e, "followups", "debrief followups [--all]")
	all := fs.Bool("all", false, "also list upcoming and done follow-ups")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	recs, listErr := b.List()
	if recs == nil && listErr != nil {
		return listErr
	}
	now := e.now()
	short := nbShortIDs(recs)
	type row struct {
		r *notebook.Record
		f notebook.Followup
	}
	var rows []row
	upcoming := 0
	for _, r := range recs {
		for _, f := range notebook.Followups(r, now, p) {
			switch {
			case f.State == notebook.Due || f.State == notebook.Overdue || *all:
				rows = append(rows, row{r, f})
			case f.State == notebook.Upcoming:
				upcoming++
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.f.Due.Compare(b.f.Due) })
	if len(rows) == 0 {
		fmt.Fprintf(e.stdout, "Nothing is due. %d upcoming: debrief followups --all lists them.\n", upcoming)
		return nbListErr(listErr)
	}
	out := bufio.NewWriter(e.stdout) // 10,000 rows: one write, not one per cell
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tSTATE\tWHAT\tINTERVIEW\tTO SETTLE IT")
	for _, x := range rows {
		r, f := x.r, x.f
		when := f.Day.String()
		if f.Kind == notebook.KindThankYou {
			when = f.Due.In(r.Location()).Format("2006-01-02 15:04 MST")
		}
		state := string(f.State)
		if !f.DoneOn.IsZero() {
			state += " " + f.DoneOn.String()
		}
		id := short[r.ID]
		var what, settle string
		switch f.Kind {
		case notebook.KindThankYou:
			what = "send the thank-you note"
			settle = fmt.Sprintf("debrief thank-you %s; debrief done %s thank-you", id, id)
		case notebook.KindReply:
			what = "reply expected"
			settle = fmt.Sprintf("debrief outcome %s STATUS", id)
		case notebook.KindFollowUp:
			what = "follow up if no reply"
			settle = fmt.Sprintf("debrief done %s follow-up", id)
		}
		if f.State == notebook.Done || f.State == notebook.Upcoming {
			settle = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s, %s\t%s\n", when, state, what,
			nbCell(r.Interview.Company, 24), r.Day(), settle)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	return nbListErr(listErr)
}
