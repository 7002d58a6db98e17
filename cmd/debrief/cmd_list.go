package main

import (
	"bufio"
	"fmt"
	"text/tabwriter"

	"github.com/debrief-dev/debrief/internal/clean"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["list"] = command{
		summary: "list the interviews in the notebook",
		run:     cmdList,
	}
}

// cmdList prints the notebook as a table (date in the interview's zone,
// company, position, round, reflected, next follow-up, id prefix) or, with
// --json, as a JSON array of the records as stored. Files that cannot be
// read are reported after the good records, and the exit code is 1.
func cmdList(e *env, args []string) error {
	fs := nbFlags(e, "list", "debrief list [--json] [--company NAME] [--since YYYY-MM-DD] [--pending]")
	asJSON := fs.Bool("json", false, "print the records as stored, as a JSON array")
	var filter nbFilter
	filter.register(fs.FlagSet, true)
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	all, listErr := b.List()
	if all == nil && listErr != nil {
		return listErr
	}
	now := e.now()
	short := nbShortIDs(all)
	recs := filter.apply(all, now, p)
	if *asJSON {
		if err := notebook.WriteJSON(e.stdout, recs); err != nil {
			return err
		}
		return nbListErr(listErr)
	}
	if len(recs) == 0 {
		if len(all) == 0 {
			fmt.Fprintf(e.stdout, "The notebook in %s is empty: debrief adds an interview when the daemon sees one.\n", b.Dir())
		} else {
			fmt.Fprintf(e.stdout, "No interview matches (%d in the notebook).\n", len(all))
		}
		return nbListErr(listErr)
	}
	out := bufio.NewWriter(e.stdout) // 10,000 rows: one write, not one per cell
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tCOMPANY\tPOSITION\tROUND\tREFLECTED\tNEXT\tID")
	for _, r := range recs {
		reflected := "no"
		if r.Reflected() {
			reflected = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			notebook.When(r),
			nbCell(r.Interview.Company, 24),
			nbCell(r.Interview.Position, 28),
			nbCell(r.Interview.Round, 18),
			reflected,
			nbNext(r, notebook.Followups(r, now, p)),
			short[r.ID])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	return nbListErr(listErr)
}

// nbCell is s on one line, at most n runes, "-" when empty.
func nbCell(s string, n int) string {
	s = clean.Line(s, n)
	if s == "" {
		return "-"
	}
	return s
}
