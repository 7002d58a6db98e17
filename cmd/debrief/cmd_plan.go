package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["plan"] = command{
		summary: "dry run: the interviews found, the blocks and alerts the daemon would write; writes nothing",
		run:     cmdPlan,
	}
}

// cmdPlan syncs the calendars and prints what the daemon would do now,
// writing nothing: no calendar writes, no notebook records, no ledger
// entries, no notifications, and not even the sync cache or a lock file.
// The calendar sources, the notebook and the daemon are opened read-only
// on the person's own state and notebook directories, so the incremental
// sync starts from the person's cache and costs what a poll costs; what it
// learns is kept in memory and dropped at the end.
func cmdPlan(e *env, args []string) error {
	fs := nbFlags(e, "plan", "debrief plan [--all]")
	all := fs.Bool("all", false, "also list the events that are not interviews, with the reason")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	w := wire(cfg)
	w.Calendar.ReadOnly, w.Daemon.ReadOnly = true, true

	// The plan prints each problem once, itself: the daemon's and the
	// adapter's warnings stay out unless DEBRIEF_LOG asks for them.
	lg := e.lg
	if e.getenv("DEBRIEF_LOG") == "" {
		lg = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	}
	cal, err := w.calendar(e.ctx, lg)
	if err != nil {
		return err
	}
	book, err := notebook.OpenReadOnly(lg, w.NotebookDir)
	if err != nil {
		return err
	}
	d, err := daemon.New(lg, w.Daemon, cal, silent{}, book)
	if err != nil {
		return err
	}
	rep, err := d.Plan(e.ctx)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	printPlan(e.stdout, rep, *all)
	if note := readOnlyBlocks(cfg); note != "" {
		fmt.Fprintf(e.stdout, "\n%s\n", note)
	}
	if len(rep.SyncErrors) > 0 {
		return fmt.Errorf("the plan above used the last known events of %s that could not be synced (why is said above); debrief doctor checks the connection", plural(len(rep.SyncErrors), "calendar", "calendars"))
	}
	return nil
}

// silent is the notifier of a dry run: Plan never notifies; if it did,
// this would say so rather than show anything.
type silent struct{}

func (silent) Notify(context.Context, string, string) error {
	return errors.New("a dry run sends no notifications")
}

// fromText says where a company or a position was read, for a person.
func fromText(value string, from daemon.From) string {
	if value == "" {
		return "not found"
	}
	switch from {
	case daemon.FromTitle:
		return "from the title"
	case daemon.FromDescription:
		return "from the description"
	case daemon.FromDomain:
		return "from the organizer's or a guest's email domain"
	case daemon.FromLearned:
		return "from your earlier correction"
	case daemon.FromPerson:
		return "set by you"
	}
	return "from " + string(from)
}

// printPlan writes the report for a person.
func printPlan(w io.Writer, rep *daemon.Report, all bool) {
	loc := func(iv daemon.Interview) *time.Location { return iv.Location() }
	when := func(s, e time.Time, l *time.Location) string {
		return s.In(l).Format("Mon 2 Jan 15:04") + "–" + e.In(l).Format("15:04 MST")
	}
	fmt.Fprintf(w, "Plan at %s (a dry run: nothing was written).\n", rep.Now.Local().Format("Mon 2 Jan 2006 15:04 MST"))
	for _, err := range rep.SyncErrors {
		fmt.Fprintf(w, "Sync failed, using the last known events: %s\n", plainErr(err))
	}

	fmt.Fprintf(w, "\nInterviews found: %d\n", len(rep.Interviews))
	for _, iv := range rep.Interviews {
		v := iv.Verdict
		fmt.Fprintf(w, "  %s  %s — %s  (interview: %s)\n", when(iv.Event.Start, iv.Event.End, loc(iv)),
			cmp.Or(v.Company, "company unknown"), cmp.Or(v.Position, "position unknown"), v.Reason)
		fmt.Fprintf(w, "      company %s, position %s\n", fromText(v.Company, v.CompanyFrom), fromText(v.Position, v.PositionFrom))
		fmt.Fprintf(w, "      %q on %s, record %s (not one? debrief mark %s not-interview; wrong company? debrief set %s company \"…\")\n",
			notebook.OneLine(iv.Event.Summary), iv.Event.CalendarID, iv.RecordID, iv.Event.ID, iv.RecordID)
	}
	others := 0
	for _, dc := range rep.Decisions {
		if dc.Verdict.Interview {
			continue
		}
		others++
		if all {
			l := time.UTC
			if z, err := time.LoadLocation(dc.Event.TimeZone); err == nil {
				l = z
			}
			fmt.Fprintf(w, "  not an interview: %s  %q  (%s)\n", when(dc.Event.Start, dc.Event.End, l), notebook.OneLine(dc.Event.Summary), dc.Verdict.Reason)
			fmt.Fprintf(w, "      it is one? debrief mark %s interview\n", dc.Event.ID)
		}
	}
	if !all && others > 0 {
		verb := "are not interviews"
		if others == 1 {
			verb = "is not an interview"
		}
		fmt.Fprintf(w, "  (%s %s: debrief plan --all lists them with the reason)\n", plural(others, "other event", "other events"), verb)
	}

	p := rep.Blocks
	blockLine := func(b calendar.Block) string {
		l := time.UTC
		if z, err := time.LoadLocation(b.TimeZone); err == nil {
			l = z
		}
		return fmt.Sprintf("  %s  %q on %s", when(b.Start, b.End, l), b.Summary, b.CalendarID)
	}
	fmt.Fprintf(w, "\nBlocks to insert: %d\n", len(p.Inserts))
	for _, b := range p.Inserts {
		fmt.Fprintln(w, blockLine(b))
	}
	fmt.Fprintf(w, "Blocks to move: %d\n", len(p.Moves))
	for _, b := range p.Moves {
		fmt.Fprintln(w, blockLine(b))
	}
	fmt.Fprintf(w, "Blocks to delete: %d\n", len(p.Deletes))
	for _, r := range p.Deletes {
		fmt.Fprintf(w, "  block %s on %s (its interview is gone, cancelled or declined)\n", r.ID, r.CalendarID)
	}
	if len(p.Notes) > 0 {
		fmt.Fprintf(w, "Conflicts and notes: %d\n", len(p.Notes))
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  %s\n", n.Text)
		}
	}

	fmt.Fprintf(w, "\nAlerts due now: %d\n", len(rep.Alerts))
	for _, a := range rep.Alerts {
		what := "would be sent"
		if a.Drop {
			what = "would be dropped: too late to matter"
		}
		fmt.Fprintf(w, "  %s  due %s  %q  (%s)\n", a.Kind, a.Due.Local().Format("Mon 2 Jan 15:04"), a.Title, what)
	}
}

// plural is "1 calendar", "2 calendars".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// plainErr is err's message without the request URL of a failed HTTP
// call, which is long, says nothing to a person and may carry a secret
// (an ICS address): "dial tcp 127.0.0.1:1: connect: connection refused".
func plainErr(err error) string {
	s := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		s = strings.Replace(s, ue.Error(), ue.Err.Error(), 1)
	}
	return s
}
