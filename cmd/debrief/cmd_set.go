package main

import (
	"fmt"
	"strings"

	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/internal/clean"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["set"] = command{
		summary: "correct an interview's company or position; later invitations follow",
		run:     cmdSet,
	}
}

const setUsage = `debrief set ID company|position "VALUE" [--all]`

// maxSetField bounds a corrected company or position, in runes.
const maxSetField = 200

// cmdSet corrects the company or the position of one record, marks it as
// set by the person, and remembers the correction in
// <state.dir>/corrections.json for the event's recurring series and its
// organizer's domain (when that domain can name a company), so that later
// invitations from them are read the same way. With --all, every other
// record filed under the old company is renamed too.
func cmdSet(e *env, args []string) error {
	fs := nbFlags(e, "set", setUsage)
	all := fs.Bool("all", false, "also rename every other record filed under the old company")
	pos, err := nbParse(fs, args, 3, 3, "a record id: run debrief list for the ids",
		"what to set: company or position", `the new value, in quotes: debrief set ID company "Fabrikam Labs"`)
	if err != nil {
		return err
	}
	what := pos[1]
	if what != "company" && what != "position" {
		return usagef("set: %q cannot be set: use company or position (%s)", what, setUsage)
	}
	value := clean.Line(pos[2], maxSetField)
	if value == "" {
		return usagef("set: the new %s is empty: %s", what, setUsage)
	}
	if *all && what != "company" {
		return usagef("set: --all renames a company; it does not apply to %s", what)
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	var old string
	r, err := b.Update(pos[0], func(r *notebook.Record) error {
		old = setField(r, what, value)
		return nil
	})
	if err != nil {
		return err
	}
	if old == value {
		fmt.Fprintf(e.stdout, "%s: the %s was already %q.\n", r.ID, what, value)
	} else {
		fmt.Fprintf(e.stdout, "%s: %s %q → %q.\n", r.ID, what, old, value)
	}

	if *all && old != "" && old != value {
		recs, listErr := b.List()
		n := 0
		for _, o := range recs {
			if o.ID == r.ID || o.Interview.Company != old {
				continue
			}
			if _, err := b.Update(o.ID, func(o *notebook.Record) error {
				setField(o, "company", value)
				return nil
			}); err != nil {
				return fmt.Errorf("rename %s: %w", o.ID, err)
			}
			n++
		}
		fmt.Fprintf(e.stdout, "Renamed %d other record(s) from %q to %q; nothing else in them changed.\n", n, old, value)
		if listErr != nil {
			fmt.Fprintf(e.stderr, "Some records could not be read, so they were not renamed: %v\n", listErr)
		}
	}

	l, why := learnedOf(r, what, old, value, rulesOf(cfg.Detect))
	if why != "" {
		fmt.Fprintf(e.stdout, "Not remembered for later invitations: %s.\n", why)
		return nil
	}
	if err := daemon.AddLearned(cfg.State.Dir, l, e.now()); err != nil {
		return fmt.Errorf("remember the correction: %w", err)
	}
	var targets []string
	if l.Series != "" {
		targets = append(targets, "the other events of this recurring series")
	}
	if l.Domain != "" {
		targets = append(targets, "later invitations from "+l.Domain)
	}
	fmt.Fprintf(e.stdout, "Remembered for %s (%s); the daemon reads it at its next poll.\n",
		strings.Join(targets, " and "), cfg.State.Dir+"/"+daemon.CorrectionsFile)
	return nil
}

// setField sets the company or the position of r, marked as set by the
// person, and returns the old value.
func setField(r *notebook.Record, what, value string) (old string) {
	from := string(daemon.FromPerson)
	if what == "company" {
		old, r.Interview.Company = r.Interview.Company, value
		if r.Source != nil {
			r.Source.CompanyFrom = from
		}
		return old
	}
	old, r.Interview.Position = r.Interview.Position, value
	if r.Source != nil {
		r.Source.PositionFrom = from
	}
	return old
}

// learnedOf is the correction to remember for r, or why there is none.
func learnedOf(r *notebook.Record, what, old, value string, rules daemon.Rules) (daemon.Learned, string) {
	if r.Source == nil {
		return daemon.Learned{}, "the record was made by hand, not from a calendar event"
	}
	l := daemon.Learned{Series: r.Source.Series}
	if daemon.NamesCompany(r.Source.OrganizerDomain, rules) {
		l.Domain = strings.ToLower(r.Source.OrganizerDomain)
	}
	if l.Series == "" && l.Domain == "" {
		d := r.Source.OrganizerDomain
		if d == "" {
			return l, "the event is not recurring and its organizer is not known"
		}
		return l, "the event is not recurring and its organizer's domain " + d + " is free mail, a tool, an agency or your own, which organize for many companies"
	}
	if what == "company" {
		l.Was, l.Company = old, value
	} else {
		l.Position = value
	}
	return l, ""
}
