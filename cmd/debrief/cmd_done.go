package main

import (
	"fmt"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["done"] = command{
		summary: "mark a thank-you note or follow-up done",
		run:     cmdDone,
	}
}

// cmdDone records that the thank-you note was sent or the follow-up done,
// on --on DATE or today (local time).
func cmdDone(e *env, args []string) error {
	fs := nbFlags(e, "done", "debrief done ID thank-you|follow-up [--on YYYY-MM-DD]")
	var on notebook.Date
	fs.Var(dateFlag{&on}, "on", "the day it was done (default today)")
	pos, err := nbParse(fs, args, 2, 2, "a record id: run debrief list for the ids", "what is done: thank-you or follow-up")
	if err != nil {
		return err
	}
	what := pos[1]
	if what != string(notebook.KindThankYou) && what != string(notebook.KindFollowUp) {
		return usagef("done: %q is not something to mark done: use thank-you or follow-up", what)
	}
	if on.IsZero() {
		on = nbToday(e)
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	r, err := b.Done(pos[0], notebook.Kind(what), on)
	if err != nil {
		return err
	}
	noun := "Thank-you note sent"
	if what == string(notebook.KindFollowUp) {
		noun = "Follow-up done"
	}
	fmt.Fprintf(e.stdout, "%s on %s: %s, %s.\n", noun, on, notebook.Title(r), r.Day())
	return nil
}
