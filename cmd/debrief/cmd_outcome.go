package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["outcome"] = command{
		summary: "record the outcome: " + strings.Join(notebook.Outcomes, ", "),
		run:     cmdOutcome,
	}
}

// cmdOutcome records how an interview ended, on --on DATE or today (local
// time). An outcome closes the expected reply and the follow-up.
func cmdOutcome(e *env, args []string) error {
	statuses := strings.Join(notebook.Outcomes, "|")
	fs := nbFlags(e, "outcome", "debrief outcome ID "+statuses+" [--on YYYY-MM-DD]")
	var on notebook.Date
	fs.Var(dateFlag{&on}, "on", "the day it was decided (default today)")
	pos, err := nbParse(fs, args, 2, 2, "a record id: run debrief list for the ids", "a status: one of "+strings.Join(notebook.Outcomes, ", "))
	if err != nil {
		return err
	}
	status := pos[1]
	if !slices.Contains(notebook.Outcomes, status) {
		return usagef("outcome: %q is not a status: use one of %s", status, strings.Join(notebook.Outcomes, ", "))
	}
	if on.IsZero() {
		on = nbToday(e)
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	r, err := b.SetOutcome(pos[0], status, on)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Outcome %s on %s: %s, %s.\n", status, on, notebook.Title(r), r.Day())
	return nil
}
