package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["mark"] = command{
		summary: "force one calendar event to be, or not be, an interview",
		run:     cmdMark,
	}
}

const markUsage = "debrief mark EVENT interview|not-interview|auto"

// cmdMark records the person's decision about one event in
// <state.dir>/overrides.json, which the daemon reads at every poll. EVENT
// is a calendar event id, or a notebook record id (or unique prefix), which
// stands for the event the record was made from.
func cmdMark(e *env, args []string) error {
	fs := nbFlags(e, "mark", markUsage)
	pos, err := nbParse(fs, args, 2, 2)
	if err != nil {
		if len(args) < 2 && !errors.As(err, new(helpError)) {
			return flagError{fs, fmt.Errorf("mark needs an event and a decision: %s", markUsage)}
		}
		return err
	}
	ref, what := strings.TrimSpace(pos[0]), pos[1]
	var ov daemon.Override
	switch what {
	case "interview":
		ov = daemon.OverrideInterview
	case "not-interview", "not", "no":
		ov = daemon.OverrideNotInterview
	case "auto":
		ov = daemon.OverrideNone
	default:
		return usagef("mark: %q is not a decision: use interview, not-interview or auto", what)
	}
	if ref == "" {
		return usagef("mark: empty event id: %s", markUsage)
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	eventID, about, err := markTarget(e, ref)
	if err != nil {
		return err
	}
	if err := daemon.SetOverride(cfg.State.Dir, eventID, ov, e.now()); err != nil {
		return err
	}
	poll := cfg.Calendar.PollInterval.Duration
	switch ov {
	case daemon.OverrideInterview:
		fmt.Fprintf(e.stdout, "Marked event %s%s as an interview.\n", eventID, about)
		fmt.Fprintf(e.stdout, "At the next poll (within %s) the daemon treats it as one: a record in the notebook, a reflection block after it, and the nudges.\n", poll)
		fmt.Fprintln(e.stdout, "Declined, cancelled and all-day events stay out whatever the mark.")
	case daemon.OverrideNotInterview:
		fmt.Fprintf(e.stdout, "Marked event %s%s as not an interview.\n", eventID, about)
		fmt.Fprintf(e.stdout, "At the next poll (within %s) the daemon deletes its reflection block, if it wrote one, and sends no more nudges for it. Its notebook record, if any, is kept.\n", poll)
	default:
		fmt.Fprintf(e.stdout, "Removed the mark of event %s%s.\n", eventID, about)
		fmt.Fprintf(e.stdout, "At the next poll (within %s) detection decides again.\n", poll)
	}
	if base, _, ok := strings.Cut(eventID, "_"); ok && base != "" {
		fmt.Fprintf(e.stdout, "This mark applies to this occurrence only; to mark every occurrence of the series, run: debrief mark %s %s\n", base, what)
	}
	if ov != daemon.OverrideNone {
		fmt.Fprintf(e.stdout, "Undo with: debrief mark %s auto\n", eventID)
	}
	return nil
}

// markTarget maps ref to an event id: a notebook record id or unique
// prefix stands for its source event; anything else is taken for an event
// id. about describes the record, for the message.
func markTarget(e *env, ref string) (eventID, about string, err error) {
	b, _, err := nbOpen(e)
	if err != nil {
		return ref, "", nil // no notebook: ref can only be an event id
	}
	r, err := b.Get(ref)
	switch {
	case errors.Is(err, notebook.ErrNotFound):
		return ref, "", nil
	case err != nil:
		return "", "", err
	case r.Source == nil || r.Source.EventID == "":
		return "", "", usagef("mark: record %s was made by hand: it has no calendar event to mark", r.ID)
	}
	return r.Source.EventID, fmt.Sprintf(" (record %s, %s)", r.ID, notebook.Title(r)), nil
}
