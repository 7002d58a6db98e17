package main

import (
	"encoding/json"

	"github.com/debrief-dev/debrief/insight/questions"
)

func init() {
	commands["questions"] = command{
		summary: "the questions you were asked, alike ones grouped, and what to practise next",
		run:     cmdQuestions,
	}
}

// cmdQuestions prints the question bank of the notebook (or of the
// interviews --company and --since select): every question asked, similar
// wordings grouped, how often, by whom, the last answer and how it went,
// and the practice list; with --json the questions.Bank.
func cmdQuestions(e *env, args []string) error {
	fs := nbFlags(e, "questions", "debrief questions [--json] [--company NAME] [--since YYYY-MM-DD] [--top N]")
	asJSON := fs.Bool("json", false, "print the question bank as one line of JSON")
	top := fs.Int("top", 5, "how many questions the practice list keeps")
	var filter nbFilter
	filter.register(fs.FlagSet, false)
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	if *top < 1 {
		return usagef("--top must be at least 1, got %d", *top)
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	all, listErr := b.List()
	if all == nil && listErr != nil {
		return listErr
	}
	bank := questions.Build(filter.apply(all, e.now(), p), questions.Options{Top: *top})
	if *asJSON {
		// Not indented: the bank of a large notebook is megabytes, and
		// indenting it took 40% of the encoding.
		if err := json.NewEncoder(e.stdout).Encode(bank); err != nil {
			return err
		}
	} else if err := questions.Write(e.stdout, bank); err != nil {
		return err
	}
	return nbListErr(listErr)
}
