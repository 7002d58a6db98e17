package daemon

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/internal/clean"
	"github.com/debrief-dev/debrief/notebook"
)

// MaxCorrection bounds a corrected company or position, in runes.
const MaxCorrection = 200

// ErrBadCorrection is returned by Correct for a field other than company
// or position, an empty value, or all on a position.
var ErrBadCorrection = errors.New("bad correction")

// Correction is what Correct changed and remembered.
type Correction struct {
	Record   *notebook.Record // the corrected record, as saved
	What     string           // "company" or "position"
	Old, New string
	// Renamed counts the other records renamed from Old (all); RenameErr
	// says which could not be read or written.
	Renamed   int
	RenameErr error
	// Learned is the correction remembered for later invitations; Why
	// says why none was, when Learned is empty.
	Learned Learned
	Why     string
	File    string // corrections.json
}

// Correct sets the company or the position of the record ref (an id or a
// unique prefix), marked as set by the person, and remembers the
// correction in <stateDir>/corrections.json for the event's recurring
// series and its organizer's domain when that domain can name a company
// (see NamesCompany), so that Detect reads later invitations from them the
// same way. With all, every other record filed under the old company is
// renamed too: one atomic update each, nothing else in it changed.
// `debrief set` and the web form's correction share it.
func Correct(b *notebook.Book, stateDir string, r Rules, ref, what, value string, all bool, now time.Time) (Correction, error) {
	c := Correction{What: what, New: clean.Line(value, MaxCorrection), File: filepath.Join(stateDir, CorrectionsFile)}
	switch {
	case what != "company" && what != "position":
		return c, fmt.Errorf("%w: %q cannot be set: use company or position", ErrBadCorrection, what)
	case c.New == "":
		return c, fmt.Errorf("%w: the new %s is empty", ErrBadCorrection, what)
	case all && what != "company":
		return c, fmt.Errorf("%w: renaming every record applies to a company, not to a %s", ErrBadCorrection, what)
	}
	rec, err := b.Update(ref, func(rec *notebook.Record) error {
		c.Old = setField(rec, what, c.New)
		return nil
	})
	if err != nil {
		return c, err
	}
	c.Record = rec
	if all && c.Old != "" && c.Old != c.New {
		recs, listErr := b.List()
		errs := []error{listErr}
		for _, o := range recs {
			if o.ID == rec.ID || o.Interview.Company != c.Old {
				continue
			}
			if _, err := b.Update(o.ID, func(o *notebook.Record) error {
				setField(o, "company", c.New)
				return nil
			}); err != nil {
				errs = append(errs, fmt.Errorf("rename %s: %w", o.ID, err))
				continue
			}
			c.Renamed++
		}
		c.RenameErr = errors.Join(errs...)
	}
	c.Learned, c.Why = learnedOf(rec, what, c.Old, c.New, r)
	if c.Why == "" {
		if err := AddLearned(stateDir, c.Learned, now); err != nil {
			return c, fmt.Errorf("remember the correction: %w", err)
		}
	}
	return c, nil
}

// Summary says what the correction did, in sentences for a person.
func (c Correction) Summary() []string {
	var out []string
	if c.Old == c.New {
		out = append(out, fmt.Sprintf("The %s of %s was already %q.", c.What, c.Record.ID, c.New))
	} else {
		out = append(out, fmt.Sprintf("%s: %s %q → %q.", c.Record.ID, c.What, c.Old, c.New))
	}
	if c.Renamed > 0 || c.RenameErr != nil {
		out = append(out, fmt.Sprintf("Renamed %d other record(s) from %q to %q; nothing else in them changed.", c.Renamed, c.Old, c.New))
	}
	if c.RenameErr != nil {
		out = append(out, fmt.Sprintf("Some records were not renamed: %v", c.RenameErr))
	}
	if c.Why != "" {
		return append(out, "Not remembered for later invitations: "+c.Why+".")
	}
	var targets []string
	if c.Learned.Series != "" {
		targets = append(targets, "the other events of this recurring series")
	}
	if c.Learned.Domain != "" {
		targets = append(targets, "later invitations from "+c.Learned.Domain)
	}
	return append(out, fmt.Sprintf("Remembered for %s (%s); the daemon applies it at its next poll.", strings.Join(targets, " and "), c.File))
}

// setField sets the company or the position of r, marked as set by the
// person, and returns the old value.
func setField(r *notebook.Record, what, value string) (old string) {
	if what == "company" {
		old, r.Interview.Company = r.Interview.Company, value
		if r.Source != nil {
			r.Source.CompanyFrom = string(FromPerson)
		}
		return old
	}
	old, r.Interview.Position = r.Interview.Position, value
	if r.Source != nil {
		r.Source.PositionFrom = string(FromPerson)
	}
	return old
}

// learnedOf is the correction to remember for r, or why there is none.
func learnedOf(r *notebook.Record, what, old, value string, rules Rules) (Learned, string) {
	if r.Source == nil {
		return Learned{}, "the record was made by hand, not from a calendar event"
	}
	l := Learned{Series: r.Source.Series}
	if NamesCompany(r.Source.OrganizerDomain, rules) {
		l.Domain = strings.ToLower(r.Source.OrganizerDomain)
	}
	if l.Series == "" && l.Domain == "" {
		if r.Source.OrganizerDomain == "" {
			return l, "the event is not recurring and its organizer is not known"
		}
		return l, "the event is not recurring and its organizer's domain " + r.Source.OrganizerDomain +
			" is free mail, a tool, an agency or your own, which organize for many companies"
	}
	if what == "company" {
		l.Was, l.Company = old, value
	} else {
		l.Position = value
	}
	return l, ""
}
