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
	_, r, _, err := nbRecord(e, fs, args, 1, 1)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(notebook.RenderForm(r))
	return err
}
