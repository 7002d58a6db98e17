package insight

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	_ "image/png" // image.Decode of the PNG charts
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// chartDay is the date of a point's x.
func chartDay(x float64) string { return notebook.DateOf(time.Unix(int64(x), 0).UTC()).String() }

func TestChartOverTime(t *testing.T) {
	recs, now := statsFixture(t)
	s := Trends(recs, now, StatsOptions{Since: statsDate(t, "2026-03-01"), Policy: statsPolicy})
	rating, confidence := chartOverTime(s.Series)
	type pt struct {
		Day string
		Y   float64
	}
	days := func(xys []chartXY) []pt {
		var out []pt
		for _, xy := range xys {
			out = append(out, pt{chartDay(xy.X), xy.Y})
		}
		return out
	}
	// Three weeks; the third has no answer, so no point.
	if diff := cmp.Diff(days(rating), []pt{{"2026-03-02", 5}, {"2026-03-09", 8}}); diff != "" {
		t.Errorf("rating points differ (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(days(confidence), []pt{{"2026-03-02", 4}, {"2026-03-09", 7}}); diff != "" {
		t.Errorf("confidence points differ (-got +want):\n%s", diff)
	}
}

func TestChartByRound(t *testing.T) {
	labels, rating, confidence := chartByRound([]StatsRound{
		{RoundRecruiter, 2, StatsMean{2, 6.5}, StatsMean{1, 5}},
		{RoundOther, 1, StatsMean{}, StatsMean{}},
	})
	if diff := cmp.Diff(labels, []string{"recruiter (2)", "other (1)"}); diff != "" {
		t.Errorf("labels differ (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(rating, []float64{6.5, 0}); diff != "" {
		t.Errorf("rating bars differ (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(confidence, []float64{5, 0}); diff != "" {
		t.Errorf("confidence bars differ (-got +want):\n%s", diff)
	}
}

// chartSVGCounts parses an SVG document and counts its elements by name; it
// fails on XML that does not parse or whose root is not <svg>.
func chartSVGCounts(t *testing.T, data []byte) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	counts := map[string]int{}
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			counts[se.Name.Local]++
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is <%s>, want <svg>", root)
	}
	return counts
}

func TestStatsChartsWrite(t *testing.T) {
	recs, now := statsFixture(t)
	s := Trends(recs, now, StatsOptions{Since: statsDate(t, "2026-03-01"), Policy: statsPolicy})
	charts, err := StatsCharts(s)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff(names, []string{ChartOverTime, ChartByRound, ChartDelay}); diff != "" {
		t.Fatalf("StatsCharts() names differ (-got +want):\n%s", diff)
	}
	dir := t.TempDir()
	for _, c := range charts {
		t.Run(c.Name, func(t *testing.T) {
			var svg, png bytes.Buffer
			if err := c.Write(&svg, "svg"); err != nil {
				t.Fatal(err)
			}
			counts := chartSVGCounts(t, svg.Bytes())
			if counts["path"] == 0 || counts["text"] == 0 {
				t.Errorf("SVG has %d paths and %d texts, want some of each", counts["path"], counts["text"])
			}
			if err := c.Write(&png, "png"); err != nil {
				t.Fatal(err)
			}
			img, format, err := image.Decode(bytes.NewReader(png.Bytes()))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			if b := img.Bounds(); format != "png" || b.Dx() != 768 || b.Dy() != 432 {
				t.Errorf("image is %s %dx%d, want png 768x432", format, b.Dx(), b.Dy())
			}
			// Kept for a look with -v: go test ./insight/ -run StatsChartsWrite -v
			for ext, data := range map[string][]byte{"svg": svg.Bytes(), "png": png.Bytes()} {
				path := filepath.Join(dir, c.Name+"."+ext)
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}
		})
	}
	if err := charts[0].Write(io.Discard, "bmp"); err == nil || !strings.Contains(err.Error(), ChartOverTime) {
		t.Errorf("Write(bmp) = %v, want an error naming the chart", err)
	}
}

func TestStatsChartsEdges(t *testing.T) {
	one := []*notebook.Record{statsIV(t, "a", "UTC", "2026-03-02 10:00", statsRated(7, 0))}
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		recs []*notebook.Record
		want []string
	}{
		{"no-interviews", nil, nil},
		{"unrated-unreflected", []*notebook.Record{statsIV(t, "a", "UTC", "2026-03-02 10:00")}, []string{ChartByRound}},
		{"one-rating", one, []string{ChartOverTime, ChartByRound}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			charts, err := StatsCharts(Trends(tc.recs, now, StatsOptions{}))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range charts {
				names = append(names, c.Name)
				if err := c.Write(io.Discard, "svg"); err != nil {
					t.Errorf("Write(%s) = %v", c.Name, err)
				}
			}
			if diff := cmp.Diff(names, tc.want); diff != "" {
				t.Errorf("StatsCharts() names differ (-got +want):\n%s", diff)
			}
		})
	}
}

func TestChartTimeTicks(t *testing.T) {
	weeks := func(n int) []StatsBucket {
		var bs []StatsBucket
		d := statsDate(t, "2026-01-05")
		for range n {
			bs = append(bs, StatsBucket{Start: d})
			d = d.AddDays(7)
		}
		return bs
	}
	type tick struct{ Day, Label string }
	for _, tc := range []struct {
		name   string
		series []StatsBucket
		period string
		want   []tick
	}{
		{"one-week", weeks(1), "week", []tick{{"2026-01-05", "2026-01-05"}}},
		{"three-weeks-all-labelled", weeks(3), "week", []tick{
			{"2026-01-05", "2026-01-05"}, {"2026-01-12", "2026-01-12"}, {"2026-01-19", "2026-01-19"},
		}},
		{"nine-weeks-every-second", weeks(9), "week", []tick{
			{"2026-01-05", "2026-01-05"}, {"2026-01-12", ""}, {"2026-01-19", "2026-01-19"}, {"2026-01-26", ""},
			{"2026-02-02", "2026-02-02"}, {"2026-02-09", ""}, {"2026-02-16", "2026-02-16"}, {"2026-02-23", ""},
			{"2026-03-02", "2026-03-02"},
		}},
		{"months", []StatsBucket{{Start: statsDate(t, "2025-12-01")}, {Start: statsDate(t, "2026-01-01")}}, "month", []tick{
			{"2025-12-01", "2025-12"}, {"2026-01-01", "2026-01"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []tick
			for _, tk := range chartTimeTicks(tc.series, tc.period) {
				got = append(got, tick{chartDay(tk.Value), tk.Label})
			}
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("chartTimeTicks() differs (-got +want):\n%s", diff)
			}
		})
	}
}
