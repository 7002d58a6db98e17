package main

import (
	"bytes"
	"fmt"

	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["export"] = command{
		summary: "export the notebook as Markdown, JSON or CSV",
		run:     cmdExport,
	}
}

// cmdExport writes the notebook, or the interviews the filters select, as
// a readable Markdown notebook (for a mentor), a JSON array of the records
// as stored, or CSV: one row per interview, or with --questions one row per
// question asked. --out writes a file (mode 0600, replaced atomically)
// instead of stdout.
func cmdExport(e *env, args []string) error {
	fs := nbFlags(e, "export", "debrief export [--format md|json|csv] [--questions] [--out FILE] [--company NAME] [--since YYYY-MM-DD]")
	format := fs.String("format", "md", "md, json or csv")
	questions := fs.Bool("questions", false, "csv: one row per question asked instead of one per interview")
	out := fs.String("out", "", "write to this file instead of standard output")
	var filter nbFilter
	filter.register(fs.FlagSet, false)
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	switch *format {
	case "md", "json", "csv":
	default:
		return usagef("export: unknown format %q: use md, json or csv", *format)
	}
	if *questions && *format != "csv" {
		return usagef("export: --questions goes with --format csv")
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	recs, listErr := b.List()
	if recs == nil && listErr != nil {
		return listErr
	}
	now := e.now()
	recs = filter.apply(recs, now, p)
	var buf bytes.Buffer
	switch {
	case *format == "json":
		err = notebook.WriteJSON(&buf, recs)
	case *format == "csv" && *questions:
		err = notebook.WriteQuestionsCSV(&buf, recs)
	case *format == "csv":
		err = notebook.WriteCSV(&buf, recs, now, p)
	default:
		err = notebook.WriteNotebookMarkdown(&buf, recs, now, p)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return err
		}
		return nbListErr(listErr)
	}
	if err := nbWriteFile(*out, buf.Bytes()); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(e.stderr, "Exported %d interviews to %s.\n", len(recs), *out)
	return nbListErr(listErr)
}

// nbWriteFile replaces path with data atomically, mode 0600: the export
// holds personal notes.
func nbWriteFile(path string, data []byte) error {
	return atomicfile.WriteFile(path, data, 0o600)
}
