package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/debrief-dev/debrief/insight"
)

func init() {
	commands["company"] = command{
		summary: "every round with one company: dates, people, questions, follow-ups, outcome",
		run:     cmdCompany,
	}
}

// cmdCompany prints the timeline of the interviews with one company, named
// in any case or by a unique prefix; with --json the insight.Timeline. A
// prefix that several companies share is a usage error listing them (exit
// 2); a name no interview has is exit 1, as an unknown record id is.
func cmdCompany(e *env, args []string) error {
	fs := nbFlags(e, "company", "debrief company NAME [--json]")
	asJSON := fs.Bool("json", false, "print the timeline as JSON")
	pos, err := nbParse(fs, args, 1, 64, "a company name (or the start of one): run debrief list for the companies")
	if err != nil {
		return err
	}
	name := strings.Join(pos, " ")
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	all, listErr := b.List()
	if all == nil && listErr != nil {
		return listErr
	}
	company, err := insight.CompanyMatch(all, name)
	var amb *insight.CompanyAmbiguousError
	switch {
	case errors.As(err, &amb):
		return usagef("%q matches several companies: %s; give more of the name", name, strings.Join(amb.Candidates, ", "))
	case errors.Is(err, insight.ErrNoCompany):
		return errors.Join(fmt.Errorf("no interview with a company named %q: run debrief list for the companies", name), nbListErr(listErr))
	case err != nil:
		return err
	}
	tl := insight.CompanyTimeline(all, company)
	tl.MarkUpcoming(all, e.now())
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(tl); err != nil {
			return err
		}
	} else if err := insight.WriteTimeline(e.stdout, tl); err != nil {
		return err
	}
	return nbListErr(listErr)
}
