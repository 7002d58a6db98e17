package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

const markUsage = "debrief mark EVENT interview|not-interview|auto [--force]"

// cmdMark records the person's decision about one event in
// <state.dir>/overrides.json, which the daemon reads at every poll. EVENT
// is a calendar event id, or a notebook record id (or unique prefix), which
// stands for the event the record was made from.
func cmdMark(e *env, args []string) error {
	fs := nbFlags(e, "mark", markUsage)
	force := fs.Bool("force", false, "mark an event debrief has not seen yet (one created since the last sync)")
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
	if about == "" && !*force && ov != daemon.OverrideNone {
		seen, err := eventSeen(cfg.State.Dir, eventID)
		if err != nil {
			return err
		}
		if !seen {
			return fmt.Errorf("mark: debrief has never seen an event %q in your calendars nor a record with that id: check it (debrief plan --all lists the events with their ids, debrief list the records); for an event added since the last sync, run it again with --force", eventID)
		}
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

// eventSeen reports whether id appears, as a whole word, in a file of
// the state directory: the calendars' synced events (Google's caches, the
// ICS and CalDAV bodies), the alert ledger, the marks. An instance of a
// recurring event ("base_20261120T150000Z") counts when its series does.
func eventSeen(stateDir, id string) (bool, error) {
	ids := []string{id}
	if base, _, ok := strings.Cut(id, "_"); ok && base != "" {
		ids = append(ids, base)
	}
	found := false
	err := filepath.WalkDir(stateDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if found || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("mark: read %s to check the event id (fix its permissions, or add --force): %w", path, err)
		}
		for _, id := range ids {
			if containsWord(data, id) {
				found = true
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found, err
}

// containsWord reports whether w occurs in data with no id character
// (letter, digit, _ - @ .) right before or after it.
func containsWord(data []byte, w string) bool {
	idChar := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-@.", c) >= 0
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(w))
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(w)
		if (at == 0 || !idChar(data[at-1])) && (end == len(data) || !idChar(data[end])) {
			return true
		}
		i = at + 1
	}
}
