package main

import (
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["form"] = command{
		summary: "print the prefilled reflection form of an interview",
		run:     cmdForm,
	}
}

// cmdForm prints the Markdown reflection form of one record, prefilled with
// what the record holds; `debrief reflect --file` reads it back.
func cmdForm(e *env, args []string) error {
	fs := nbFlags(e, "form", "debrief form ID")
	pos, err := nbParse(fs, args, 1, 1)
	if err != nil {
		return nbDone(err)
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	r, err := b.Get(pos[0])
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(notebook.RenderForm(r))
	return err
}
