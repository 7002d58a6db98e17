package main

import (
	"encoding/json"
	"io"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/questions"
)

func init() {
	commands["brief"] = command{
		summary: "before an interview: earlier rounds, their questions, open action items, what to practise",
		run:     cmdBrief,
	}
}

// cmdBrief prints the briefing for one interview: the earlier rounds with
// its company and the questions they asked, the open action items of the
// last reflections and the top of the practice list, the questions
// grouped with the person's merges and splits; with --json the
// insight.Briefing. The daemon's briefing notification is the same
// briefing, shortened.
func cmdBrief(e *env, args []string) error {
	fs := nbFlags(e, "brief", "debrief brief ID [--json]")
	asJSON := fs.Bool("json", false, "print the briefing as JSON")
	b, r, _, err := nbRecord(e, fs, args, 1, 1)
	if err != nil {
		return err
	}
	all, listErr := b.List()
	if all == nil && listErr != nil {
		return listErr
	}
	corr, err := questions.Load(b.Dir())
	if err != nil {
		return err
	}
	br := insight.Brief(all, insight.UpcomingOf(r), corr, e.now())
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(br); err != nil {
			return err
		}
	} else if _, err := io.WriteString(e.stdout, br.Text()); err != nil {
		return err
	}
	return nbListErr(listErr)
}
