package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/debrief-dev/debrief/daemon"
)

func init() {
	commands["set"] = command{
		summary: "correct an interview's company or position; later invitations follow",
		run:     cmdSet,
	}
}

const setUsage = `debrief set ID company|position "VALUE" [--all]`

// cmdSet corrects the company or the position of one record through
// daemon.Correct, which remembers the correction for later invitations;
// with --all, every other record filed under the old company is renamed
// too.
func cmdSet(e *env, args []string) error {
	fs := nbFlags(e, "set", setUsage)
	all := fs.Bool("all", false, "also rename every other record filed under the old company")
	pos, err := nbParse(fs, args, 3, 3, "a record id: run debrief list for the ids",
		"what to set: company or position", `the new value, in quotes: debrief set ID company "Fabrikam Labs"`)
	if err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	c, err := daemon.Correct(b, cfg.State.Dir, rulesOf(cfg.Detect), pos[0], pos[1], pos[2], *all, e.now())
	if errors.Is(err, daemon.ErrBadCorrection) {
		return usagef("set: %s (%s)", strings.TrimPrefix(err.Error(), daemon.ErrBadCorrection.Error()+": "), setUsage)
	}
	if c.Record == nil && err != nil {
		return err
	}
	for _, line := range c.Summary() {
		fmt.Fprintln(e.stdout, line)
	}
	return err
}
