package main

import (
	"fmt"
	"strings"

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
	fs := nbFlags(e, "thank-you", "debrief thank-you ID [--mailto]")
	mailto := fs.Bool("mailto", false, "print a mailto: URL with the subject and body")
	_, r, _, err := nbRecord(e, fs, args, 1, 1)
	if err != nil {
		return err
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
