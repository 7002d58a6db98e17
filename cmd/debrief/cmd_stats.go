package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/chart"
	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["stats"] = command{
		summary: "trends across interviews: ratings, rounds, recurring themes, reflection delay, follow-ups on time",
		run:     cmdStats,
	}
}

// cmdStats prints the trends of the notebook (insight.Trends): sparklines
// of rating and confidence over time, a table by round kind, the recurring
// improvement themes, the delay to the saved reflection and the follow-ups
// done on time; with --json the same figures as JSON; with --chart DIR it
// also writes three charts there.
func cmdStats(e *env, args []string) error {
	fs := nbFlags(e, "stats", "debrief stats [--since YYYY-MM-DD] [--chart DIR] [--chart-format png|svg] [--json]")
	var since notebook.Date
	fs.Var(dateFlag{&since}, "since", "only interviews on or after this date (YYYY-MM-DD)")
	chartDir := fs.String("chart", "", "also write the charts to this directory (created if missing)")
	format := fs.String("chart-format", "png", "file format of the charts: png or svg")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	if !slices.Contains(chart.Formats, *format) {
		return usagef("unknown chart format %q: use %s", *format, strings.Join(chart.Formats, " or "))
	}
	b, p, err := nbOpen(e)
	if err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	recs, listErr := b.List()
	if recs == nil && listErr != nil {
		return listErr
	}
	s := insight.Trends(recs, e.now(), insight.StatsOptions{Since: since, Block: cfg.Block.Duration.Duration, Policy: p})
	if *asJSON {
		data, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return err
		}
		if _, err := e.stdout.Write(append(data, '\n')); err != nil {
			return err
		}
	} else if err := insight.WriteStats(e.stdout, s); err != nil {
		return err
	}
	if *chartDir != "" {
		// With --json, stdout holds only the JSON: the files are named on
		// stderr.
		out := e.stdout
		if *asJSON {
			out = e.stderr
		}
		paths, err := writeCharts(*chartDir, *format, s)
		if err != nil {
			return err
		}
		if len(paths) == 0 {
			fmt.Fprintln(out, "\nNo chart written: no interview to draw yet.")
		} else {
			fmt.Fprintf(out, "\nCharts: %s\n", strings.Join(paths, ", "))
		}
	}
	return nbListErr(listErr)
}

// writeCharts writes the charts of s to dir as format, each through a
// temporary file renamed into place, mode 0600 in a directory made 0700
// if missing (ratings are personal). It returns the paths written.
func writeCharts(dir, format string, s insight.Stats) ([]string, error) {
	charts := chart.Draw(s)
	if len(charts) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("chart directory: %w", err)
	}
	var paths []string
	for _, c := range charts {
		path := filepath.Join(dir, c.Name+"."+format)
		if err := writeChart(path, format, c); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeChart(path, format string, c chart.Chart) error {
	var buf bytes.Buffer
	if err := c.Write(&buf, format); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write chart: %w", err)
	}
	return nil
}
