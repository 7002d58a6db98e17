package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["thank-you"] = command{
		summary: "draft the thank-you note of an interview",
		run:     cmdThankYou,
	}
}

// cmdThankYou prints a draft thank-you note built from the record, or with
// --mailto a mailto: URL that opens it in a mail program, addressed to the
// interviewers whose emails are known.
func cmdThankYou(e *env, args []string) error {
	fs := nbFlags(e, "thank-you", "debrief thank-you ID [--mailto] [--force]")
	mailto := fs.Bool("mailto", false, "print a mailto: URL with the subject and body")
	force := fs.Bool("force", false, "draft it even though the interview has not happened yet")
	_, r, _, err := nbRecord(e, fs, args, 1, 1)
	if err != nil {
		return err
	}
	if !*force && notHappened(r, e.now()) {
		return fmt.Errorf("thank-you: the interview (%s, %s) has not happened yet: the note comes after it, and debrief reminds you then; to draft it now anyway: debrief thank-you %s --force", notebook.Title(r), notebook.When(r), r.ID)
	}
	subject, body := notebook.ThankYou(r)
	if *mailto {
		fmt.Fprintln(e.stdout, notebook.Mailto(notebook.Emails(r), subject, body))
		return nil
	}
	fmt.Fprintf(e.stdout, "Subject: %s\n\n%s", subject, body)
	for _, p := range r.NextSteps.ThankYouPoints {
		if p = notebook.OneLine(p); p != "" {
			fmt.Fprintf(e.stderr, "\nYou noted to mention: %s", p)
		}
	}
	if to := notebook.Emails(r); len(to) > 0 {
		fmt.Fprintf(e.stderr, "\nTo: %s. When it is sent: debrief done %s thank-you\n", strings.Join(to, ", "), r.ID)
	} else {
		fmt.Fprintf(e.stderr, "\nWhen it is sent: debrief done %s thank-you\n", r.ID)
	}
	return nil
}

// notHappened reports whether r's interview is still to come at now: it
// has not ended, or, without a time, its day is after today.
func notHappened(r *notebook.Record, now time.Time) bool {
	if end := r.End(); !end.IsZero() {
		return now.Before(end)
	}
	d := r.Day()
	return !d.IsZero() && d.After(notebook.DateOf(now.In(r.Location())))
}
