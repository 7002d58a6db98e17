package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["add"] = command{
		summary: "record an interview that is not on the calendar (a phone call, an in-person chat)",
		run:     cmdAdd,
	}
}

const addUsage = `debrief add [--company C] [--at WHEN] [--duration 30m] [--round R] [--position P] [--interviewer "Name <email>"]... [--format phone|video|in-person] [--ask] [--force]`

// addForm is what debrief add asks or reads from its flags.
type addForm struct {
	company, at, round, position, format string
	duration                             time.Duration
	interviewers                         []string
}

// cmdAdd records an interview that is not on any watched calendar: on a
// terminal without --company it asks a few short questions, each with a
// default taken with Enter; otherwise it reads the flags. The record gets
// the follow-ups of a detected interview, and the running daemon sends its
// nudges (ended, reflect, thank-you, briefing) from the next tick, since it
// reads the notebook at every one.
func cmdAdd(e *env, args []string) error {
	fs := nbFlags(e, "add", addUsage)
	var f addForm
	fs.StringVar(&f.company, "company", "", "the company (required without questions)")
	fs.StringVar(&f.at, "at", "", "when it started: `WHEN` is now, HH:MM (today), yesterday HH:MM, tomorrow HH:MM, YYYY-MM-DD HH:MM, or YYYY-MM-DD for a day without a time (default: now minus the duration)")
	fs.DurationVar(&f.duration, "duration", 30*time.Minute, "how long it lasted")
	fs.StringVar(&f.round, "round", "phone screen", "the round: phone screen, technical, onsite 2/4…")
	fs.StringVar(&f.position, "position", "", "the position, if known")
	fs.Func("interviewer", "an interviewer, as `Name` or \"Name <email>\"; repeat for each", func(s string) error {
		f.interviewers = append(f.interviewers, s)
		return nil
	})
	fs.StringVar(&f.format, "format", "", "phone, video or in-person (default phone when the round says phone)")
	ask := fs.Bool("ask", false, "ask the questions on stdin even when not on a terminal")
	force := fs.Bool("force", false, "add it even when the notebook has an interview with that company at that time")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	if f.duration <= 0 || f.duration > 24*time.Hour {
		return usagef("add: --duration %s is not a length of an interview: give e.g. 30m or 1h30m", f.duration)
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return err
	}
	interactive := *ask || (f.company == "" && onTerminal(e))
	var in *bufio.Reader
	if interactive {
		in = bufio.NewReader(e.stdin)
		if err := askAdd(e, in, &f); err != nil {
			return err
		}
	}
	r, err := addRecord(f, e.now(), addZone(e))
	if err != nil {
		return err
	}
	if same := addSame(b, r); same != nil && !*force {
		msg := fmt.Sprintf("the notebook already has %s on %s (record %s)", notebook.Title(same), notebook.When(same), same.ID)
		if !interactive {
			return fmt.Errorf("add: %s: if this is another interview, add it with --force", msg)
		}
		yes, err := askLine(e, in, msg+". Add this one as well? [y/N]", "n")
		if err != nil {
			return err
		}
		if !strings.HasPrefix(strings.ToLower(yes), "y") {
			fmt.Fprintf(e.stdout, "Nothing added. The interview is %s: debrief show %s\n", same.ID, same.ID)
			return nil
		}
	}
	if err := b.Create(r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Added %s, %s, %s (record %s).\n", notebook.Title(r), r.Interview.Round, notebook.When(r), r.ID)
	cfg, _ := e.config() // loaded by nbOpen
	now := e.now()
	fus := notebook.Followups(r, now, nbPolicy(cfg.Followup))
	switch end := r.End(); {
	case end.IsZero() || !now.Before(end):
		fmt.Fprintf(e.stdout, "While you remember it: debrief reflect %s\n", r.ID)
		if next := nbNext(r, fus); next != "-" {
			fmt.Fprintf(e.stdout, "Next: %s (debrief followups lists them all).\n", next)
		}
	default:
		fmt.Fprintf(e.stdout, "The daemon nudges you when it ends, %s, if it is running (systemctl --user status debrief).\n", end.In(r.Location()).Format("Mon 2 Jan 15:04"))
		fmt.Fprintf(e.stdout, "To prepare: debrief brief %s\n", r.ID)
	}
	return nil
}

// addZone is the zone times are read in, by its IANA name so the record
// can keep it: $TZ when it names one, else the machine's (the target of
// /etc/localtime), else UTC.
func addZone(e *env) *time.Location {
	name := strings.TrimPrefix(e.getenv("TZ"), ":")
	if name == "" {
		if target, err := os.Readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(target, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}

// askAdd asks for what the flags did not give, each with its default.
func askAdd(e *env, in *bufio.Reader, f *addForm) error {
	fmt.Fprintln(e.stdout, "Recording an interview that is not on your calendar. Press Enter to take the [default].")
	for f.company == "" {
		s, err := askLine(e, in, "Company?", "")
		if err != nil {
			return err
		}
		if f.company = s; s == "" {
			fmt.Fprintln(e.stdout, "  The company is the one thing needed: type its name.")
		}
	}
	now := e.now().In(addZone(e))
	def := f.at
	if def == "" {
		def = "today " + roundDown(now.Add(-f.duration), 5*time.Minute).Format("15:04")
	}
	for {
		s, err := askLine(e, in, "When did it start (HH:MM, yesterday 15:00, 2026-03-14 15:00)?", def)
		if err != nil {
			return err
		}
		if _, _, err := parseWhen(s, now); err != nil {
			fmt.Fprintf(e.stdout, "  %v\n", err)
			continue
		}
		f.at = s
		break
	}
	for {
		s, err := askLine(e, in, "How long did it last?", strings.TrimSuffix(f.duration.String(), "0s"))
		if err != nil {
			return err
		}
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > 24*time.Hour {
			fmt.Fprintln(e.stdout, "  Give a length such as 30m, 45m or 1h30m.")
			continue
		}
		f.duration = d
		break
	}
	var err error
	if f.round, err = askLine(e, in, "Which round?", f.round); err != nil {
		return err
	}
	if f.position, err = askLine(e, in, "Position (Enter to skip)?", f.position); err != nil {
		return err
	}
	if len(f.interviewers) == 0 {
		s, err := askLine(e, in, "Interviewers, comma-separated (Enter to skip)?", "")
		if err != nil {
			return err
		}
		for p := range strings.SplitSeq(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				f.interviewers = append(f.interviewers, p)
			}
		}
	}
	return nil
}

// askLine prints the question with its default and reads one line; an
// empty answer is the default. The end of the input after a partial line
// takes that line; at once it is an error, so nothing is saved half-asked.
func askLine(e *env, in *bufio.Reader, question, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(e.stdout, "%s [%s] ", question, def)
	} else {
		fmt.Fprintf(e.stdout, "%s ", question)
	}
	line, err := in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || line == "") {
		fmt.Fprintln(e.stdout)
		return "", fmt.Errorf("add: the input ended before the answers did; nothing was added")
	}
	return cmp.Or(strings.TrimSpace(line), def), nil
}

func roundDown(t time.Time, d time.Duration) time.Time {
	return t.Add(-time.Duration(t.Sub(t.Truncate(time.Hour)) % d))
}

// addRecord builds the record of f at now, reading times in loc.
func addRecord(f addForm, now time.Time, loc *time.Location) (*notebook.Record, error) {
	company := strings.Join(strings.Fields(f.company), " ")
	if company == "" {
		return nil, usagef("add needs the company: --company NAME (or run it on a terminal to be asked)")
	}
	now = now.In(loc)
	at := f.at
	if at == "" {
		at = roundDown(now.Add(-f.duration), 5*time.Minute).Format("2006-01-02 15:04")
	}
	start, dateOnly, err := parseWhen(at, now)
	if err != nil {
		return nil, usageError{fmt.Errorf("add --at: %w", err)}
	}
	format := f.format
	if format == "" && strings.Contains(strings.ToLower(f.round), "phone") {
		format = notebook.FormatPhone
	}
	if format != "" && !slices.Contains(notebook.Formats, format) {
		return nil, usagef("add: --format %q is not one of %s", format, strings.Join(notebook.Formats, ", "))
	}
	r := &notebook.Record{Interview: notebook.Details{
		Company:  company,
		Position: strings.TrimSpace(f.position),
		Date:     notebook.DateOf(start),
		Format:   format,
		Round:    strings.TrimSpace(f.round),
	}}
	if !dateOnly {
		zone := loc.String()
		if zone == "UTC" {
			zone = "" // the record's "" zone is UTC
		}
		r.Scheduled = &notebook.Scheduled{Start: start.UTC(), End: start.Add(f.duration).UTC(), TimeZone: zone}
	}
	for _, s := range f.interviewers {
		p := notebook.Person{Name: strings.TrimSpace(s)}
		if a, err := mail.ParseAddress(s); err == nil {
			p = notebook.Person{Name: a.Name, Email: a.Address}
		}
		if p != (notebook.Person{}) {
			r.Interview.Interviewers = append(r.Interview.Interviewers, p)
		}
	}
	return r, nil
}

// parseWhen reads a start time in now's zone: "now", "HH:MM" (today),
// "today|yesterday|tomorrow HH:MM", "YYYY-MM-DD HH:MM" (or with a T), or
// "YYYY-MM-DD" alone, which is a day without a time (dateOnly).
func parseWhen(s string, now time.Time) (t time.Time, dateOnly bool, err error) {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	bad := fmt.Errorf("%q is not a time: use HH:MM (today), yesterday 15:00, tomorrow 9:30, 2026-03-14 15:00, or 2026-03-14 for a day without a time", s)
	if s == "now" {
		return now.Truncate(time.Minute), false, nil
	}
	if len(s) > 10 && s[10] == 't' { // 2026-03-14T15:00
		s = s[:10] + " " + s[11:]
	}
	day, clock, hasClock := strings.Cut(s, " ")
	if s == "today" || s == "yesterday" || s == "tomorrow" {
		day, hasClock = s, false
	} else if !hasClock && strings.Contains(day, ":") {
		day, clock, hasClock = "today", day, true
	}
	var d notebook.Date
	switch day {
	case "today":
		d = notebook.DateOf(now)
	case "yesterday":
		d = notebook.DateOf(now).AddDays(-1)
	case "tomorrow":
		d = notebook.DateOf(now).AddDays(1)
	default:
		if d, err = notebook.ParseDate(day); err != nil {
			if strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "month is") {
				return time.Time{}, false, err
			}
			return time.Time{}, false, bad
		}
	}
	if !hasClock {
		return d.In(now.Location()), true, nil
	}
	hh, mm, ok := strings.Cut(clock, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(mm) != 2 {
		return time.Time{}, false, bad
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return time.Time{}, false, fmt.Errorf("%q is not a time of day: hours go from 0 to 23, minutes from 00 to 59", clock)
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, now.Location()), false, nil
}

// addSame is a record in b with the same company (any case) whose
// interview overlaps r's, or on the same day when either has no time.
func addSame(b *notebook.Book, r *notebook.Record) *notebook.Record {
	recs, _ := b.List()
	for _, o := range recs {
		if !strings.EqualFold(strings.TrimSpace(o.Interview.Company), r.Interview.Company) || o.Day() != r.Day() {
			continue
		}
		if o.Start().IsZero() || r.Start().IsZero() || (o.Start().Before(r.End()) && r.Start().Before(o.End())) {
			return o
		}
	}
	return nil
}
