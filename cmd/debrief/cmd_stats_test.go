package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"image"
	_ "image/png" // decode the PNG charts
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatsCommand(t *testing.T) {
	s := newNBSetup(t)
	stdout, stderr, code := s.run(t, "stats")
	if code != 0 {
		t.Fatalf("stats: exit %d, stderr %q", code, stderr)
	}
	nbGolden(t, "stats.txt", stdout)

	stdout, stderr, code = s.run(t, "stats", "--since", "2026-01-01")
	if code != 0 {
		t.Fatalf("stats --since: exit %d, stderr %q", code, stderr)
	}
	nbGolden(t, "stats-since.txt", stdout)
}

func TestStatsJSON(t *testing.T) {
	s := newNBSetup(t)
	stdout, stderr, code := s.run(t, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats --json: exit %d, stderr %q", code, stderr)
	}
	var got struct {
		Interviews int `json:"interviews"`
		Reflected  int `json:"reflected"`
		Rounds     []struct {
			Kind       string `json:"kind"`
			Interviews int    `json:"interviews"`
		} `json:"rounds"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stats --json is not JSON: %v\n%s", err, stdout)
	}
	// Hooli (2099) has not happened: Acme, Globex and Initech count.
	if got.Interviews != 3 || got.Reflected != 2 || len(got.Rounds) == 0 {
		t.Errorf("stats --json = %d interviews, %d reflected, %d round kinds; want 3, 2, some", got.Interviews, got.Reflected, len(got.Rounds))
	}
}

func TestStatsCharts(t *testing.T) {
	s := newNBSetup(t)
	for _, format := range []string{"png", "svg"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "charts")
			stdout, stderr, code := s.run(t, "stats", "--json", "--chart", dir, "--chart-format", format)
			if code != 0 {
				t.Fatalf("stats --chart: exit %d, stderr %q", code, stderr)
			}
			if !json.Valid([]byte(stdout)) {
				t.Errorf("stats --json --chart: stdout is not JSON alone:\n%s", stdout)
			}
			names := []string{"rating-over-time", "rating-by-round", "reflection-delay"}
			for _, n := range names {
				path := filepath.Join(dir, n+"."+format)
				if !strings.Contains(stderr, path) {
					t.Errorf("stderr %q does not name %s", stderr, path)
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if fi, err := f.Stat(); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode %v (%v), want 0600", path, fi.Mode().Perm(), err)
				}
				if format == "png" {
					if _, _, err := image.Decode(f); err != nil {
						t.Errorf("%s does not decode: %v", path, err)
					}
					continue
				}
				dec := xml.NewDecoder(f)
				for {
					_, err := dec.Token()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatalf("%s is not XML: %v", path, err)
					}
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) != len(names) {
				t.Errorf("chart directory holds %d files (%v), want %d: no temporary file left", len(entries), err, len(names))
			}
		})
	}
}

func TestStatsEmptyAndUsage(t *testing.T) {
	s := newNBSetup(t)
	dir := filepath.Join(t.TempDir(), "charts")
	stdout, stderr, code := s.run(t, "stats", "--since", "2099-06-01", "--chart", dir)
	want := "No past interviews in the notebook since 2099-06-01 yet: the trends start with the first one.\n\nNo chart written: no interview to draw yet.\n"
	if code != 0 || stdout != want {
		t.Errorf("stats --since 2099-06-01 = %q (exit %d, stderr %q), want %q", stdout, code, stderr, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stats with nothing to draw made %s (%v)", dir, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"stats", "--chart-format", "gif"}, `unknown chart format "gif": use png or svg`},
		{[]string{"stats", "--since", "soon"}, `"soon" is not a date in the form YYYY-MM-DD`},
		{[]string{"stats", "extra"}, "stats takes no arguments"},
	} {
		_, stderr, code := s.run(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
