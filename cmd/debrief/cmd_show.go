package main

import (
	"encoding/json"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["show"] = command{
		summary: "show one interview's record",
		run:     cmdShow,
	}
}

// cmdShow prints every filled section of one record, or with --json the
// record as stored.
func cmdShow(e *env, args []string) error {
	fs := nbFlags(e, "show", "debrief show ID [--json]")
	asJSON := fs.Bool("json", false, "print the record as stored")
	_, r, _, err := nbRecord(e, fs, args, 1, 1)
	if err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	if *asJSON {
		data, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(append(data, '\n'))
		return err
	}
	return notebook.WriteMarkdown(e.stdout, r, notebook.Followups(r, e.now(), nbPolicy(cfg.Followup)), 1)
}
