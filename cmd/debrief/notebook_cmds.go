package main

// Helpers shared by the notebook commands: list, show, followups, done,
// outcome, export, thank-you.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/notebook"
)

// nbOpen loads the configuration and opens the notebook it names.
func nbOpen(e *env) (*notebook.Book, notebook.Policy, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, notebook.Policy{}, err
	}
	b, err := notebook.Open(e.lg, cfg.Notebook.Dir)
	if err != nil {
		return nil, notebook.Policy{}, err
	}
	return b, nbPolicy(cfg.Followup), nil
}

// nbPolicy is the [followup] table as the notebook's Policy.
func nbPolicy(f config.Followup) notebook.Policy {
	return notebook.Policy{
		ThankYouWithin: f.ThankYouWithin.Duration,
		ReplyAfterDays: f.ReplyAfterDays,
		FollowUpDays:   f.FollowUpDays,
	}
}

// flagSet is a command's FlagSet with its usage line. Parsing prints
// nothing: a flag error is returned and printed once, by main; -h or
// --help is returned as a helpError, which run answers with the usage on
// stdout.
type flagSet struct {
	*flag.FlagSet
	usage string
}

// nbFlags is a flagSet for command name whose usage line is usage.
func nbFlags(e *env, name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, usage: usage}
}

// printUsage writes the usage line and the flags with their defaults.
func (fs *flagSet) printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: "+fs.usage)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// helpError ends a command whose usage was asked for with -h or --help:
// run prints the usage to stdout and exits 0.
type helpError struct{ fs *flagSet }

func (h helpError) Error() string { return h.fs.Name() + ": help requested" }

// flagError is a mistake in a command's flags or arguments: run prints the
// command's usage to stderr, then main prints the error once; exit 2.
type flagError struct {
	fs  *flagSet
	err error
}

func (f flagError) Error() string { return f.err.Error() }
func (f flagError) Unwrap() error { return usageError{f.err} }

// nbParse parses args with flags before or after the positional
// arguments, which it returns. The command takes min to max positional
// arguments; names describe them for the error when some are missing
// (default: the first is a record id).
func nbParse(fs *flagSet, args []string, min, max int, names ...string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpError{fs}
			}
			return nil, flagError{fs, fmt.Errorf("%s: %w", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < min || len(pos) > max {
		bad := func(format string, args ...any) error { return flagError{fs, fmt.Errorf(format, args...)} }
		switch {
		case len(pos) > max && max == 0:
			return nil, bad("%s takes no arguments, got %q", fs.Name(), pos)
		case len(pos) > max:
			return nil, bad("%s: too many arguments: %q", fs.Name(), pos[max:])
		}
		if len(pos) < len(names) {
			return nil, bad("%s needs %s", fs.Name(), names[len(pos)])
		}
		if len(pos) == 0 {
			return nil, bad("%s needs a record id: run debrief list for the ids", fs.Name())
		}
		return nil, bad("%s: missing arguments: see the usage above", fs.Name())
	}
	return pos, nil
}

// nbRecord is how a command on one record starts: parse the flags and
// arguments (the first is the record id or a prefix of it), then open the
// notebook, then find the record.
func nbRecord(e *env, fs *flagSet, args []string, min, max int, names ...string) (*notebook.Book, *notebook.Record, []string, error) {
	pos, err := nbParse(fs, args, min, max, names...)
	if err != nil {
		return nil, nil, nil, err
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := b.Get(pos[0])
	if err != nil {
		return nil, nil, nil, err
	}
	return b, r, pos, nil
}

// dateFlag is a --on or --since flag holding a notebook.Date.
type dateFlag struct{ d *notebook.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := notebook.ParseDate(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// nbToday is today's date in the local time zone.
func nbToday(e *env) notebook.Date { return notebook.DateOf(e.now().Local()) }

// nbShortIDs maps each id to its shortest prefix of at least 4 characters
// that no other id shares.
func nbShortIDs(recs []*notebook.Record) map[string]string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	slices.Sort(ids)
	short := make(map[string]string, len(ids))
	common := func(a, b string) int {
		n := 0
		for n < len(a) && n < len(b) && a[n] == b[n] {
			n++
		}
		return n
	}
	for i, id := range ids {
		n := 4
		if i > 0 {
			n = max(n, common(id, ids[i-1])+1)
		}
		if i+1 < len(ids) {
			n = max(n, common(id, ids[i+1])+1)
		}
		short[id] = id[:min(n, len(id))]
	}
	return short
}

// nbListErr reports files that could not be read after the good records
// were shown: exit 1, naming each file.
func nbListErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("some notebook files could not be read; fix or move them (debrief never overwrites them):\n%w", err)
}

// nbFilter is the selection flags of list and export.
type nbFilter struct {
	company string
	since   notebook.Date
	pending bool
}

func (f *nbFilter) register(fs *flag.FlagSet, pending bool) {
	fs.StringVar(&f.company, "company", "", "only interviews at companies whose name contains this (any case)")
	fs.Var(dateFlag{&f.since}, "since", "only interviews on or after this date (YYYY-MM-DD)")
	if pending {
		fs.BoolVar(&f.pending, "pending", false, "only interviews with the reflection not saved, or a thank-you note or follow-up not done")
	}
}

func (f *nbFilter) apply(recs []*notebook.Record, now time.Time, p notebook.Policy) []*notebook.Record {
	nf := notebook.Filter{Company: f.company, From: f.since}
	if f.pending {
		nf.Status = notebook.StatusPending
	}
	return nf.Apply(recs, now, p)
}

// nbNext describes a record's next open follow-up: "thank-you overdue
// 03-14 15:00", "follow-up 2026-03-23"; "-" when none.
func nbNext(r *notebook.Record, fs []notebook.Followup) string {
	f, ok := notebook.Next(fs)
	if !ok {
		return "-"
	}
	when := f.Day.String()
	if f.Kind == notebook.KindThankYou {
		when = f.Due.In(r.Location()).Format("2006-01-02 15:04")
	}
	if f.State == notebook.Upcoming {
		return fmt.Sprintf("%s %s", f.Kind, when)
	}
	return fmt.Sprintf("%s %s %s", f.Kind, f.State, when)
}
