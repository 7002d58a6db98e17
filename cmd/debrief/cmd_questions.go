package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/debrief-dev/debrief/insight/questions"
)

func init() {
	commands["questions"] = command{
		summary: "the questions you were asked, alike ones grouped, and what to practise next; merge and split groups",
		run:     cmdQuestions,
	}
}

// cmdQuestions prints the question bank of the notebook (or of the
// interviews --company and --since select): every question asked, similar
// wordings grouped, how often, by whom, the last answer and how it went,
// and the practice list; with --json the questions.Bank. `questions merge
// A B` and `questions split A` correct the grouping.
func cmdQuestions(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return cmdQuestionsEdit(e, "merge", args[1:])
		case "split":
			return cmdQuestionsEdit(e, "split", args[1:])
		}
	}
	fs := nbFlags(e, "questions", "debrief questions [--json] [--company NAME] [--since YYYY-MM-DD] [--top N]\n       debrief questions merge A B | split A   (A, B: a #number below or a question's text)")
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
	corr, err := questions.Load(b.Dir())
	if err != nil {
		return err
	}
	bank := questions.Build(filter.apply(all, e.now(), p), questions.Options{Top: *top, Corrections: corr, Now: e.now()})
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

// cmdQuestionsEdit is `questions merge A B` and `questions split A`: the
// numbers are those `debrief questions` prints with the same --company and
// --since; the change is kept in the notebook folder.
func cmdQuestionsEdit(e *env, what string, args []string) error {
	usage, n, names := "debrief questions merge A B [--company NAME] [--since YYYY-MM-DD]", 2, []string{"two questions: their #numbers in `debrief questions` or their text", "a second question: its #number in `debrief questions` or its text"}
	if what == "split" {
		usage, n, names = "debrief questions split A [--company NAME] [--since YYYY-MM-DD]", 1, []string{"a question: its #number in `debrief questions` (all its wordings part) or one wording's text (that wording parts)"}
	}
	fs := nbFlags(e, "questions "+what, usage)
	var filter nbFilter
	filter.register(fs.FlagSet, false)
	pos, err := nbParse(fs, args, n, n, names...)
	if err != nil {
		return err
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	all, listErr := b.List()
	if listErr != nil {
		// Numbers depend on every record: do not guess with some missing.
		return nbListErr(listErr)
	}
	recs := filter.apply(all, e.now(), p)
	var msg string
	if what == "merge" {
		msg, err = questions.Merge(b.Dir(), recs, pos[0], pos[1])
	} else {
		msg, err = questions.Split(b.Dir(), recs, pos[0])
	}
	if errors.Is(err, questions.ErrRef) {
		return usagef("%w", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg)
	return nil
}
