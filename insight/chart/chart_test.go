package chart

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

	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/notebook"
)

func mustDate(t testing.TB, s string) notebook.Date {
	t.Helper()
	d, err := notebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// chartDay is the date of a point's x.
func chartDay(x float64) string { return notebook.DateOf(time.Unix(int64(x), 0).UTC()).String() }

// fixture is the trends of three weeks of interviews: two weeks with
// answers, a third without, four round kinds, four reflections.
func fixture(t testing.TB) insight.Stats {
	return insight.Stats{
		Interviews: 5,
		Reflected:  4,
		Period:     "week",
		Series: []insight.StatsBucket{
			{Start: mustDate(t, "2026-03-02"), Interviews: 2, Rating: insight.StatsMean{N: 2, Mean: 5}, Confidence: insight.StatsMean{N: 2, Mean: 4}},
			{Start: mustDate(t, "2026-03-09"), Interviews: 2, Rating: insight.StatsMean{N: 1, Mean: 8}, Confidence: insight.StatsMean{N: 1, Mean: 7}},
			{Start: mustDate(t, "2026-03-16"), Interviews: 1},
		},
		Rounds: []insight.StatsRound{
			{Kind: insight.RoundRecruiter, Interviews: 1, Rating: insight.StatsMean{N: 1, Mean: 6}, Confidence: insight.StatsMean{N: 1, Mean: 5}},
			{Kind: insight.RoundTechnical, Interviews: 1, Rating: insight.StatsMean{N: 1, Mean: 4}, Confidence: insight.StatsMean{N: 1, Mean: 3}},
			{Kind: insight.RoundOnsite, Interviews: 1, Rating: insight.StatsMean{N: 1, Mean: 8}},
			{Kind: insight.RoundOther, Interviews: 2},
		},
		Delay: insight.StatsDelay{
			N: 4, Median: 30 * time.Minute, P90: 47 * time.Hour, Block: 30 * time.Minute, WithinBlock: 2, SameDay: 3,
			Histogram: []int{0, 2, 0, 0, 0, 0, 1, 1, 0},
		},
	}
}

func TestChartOverTime(t *testing.T) {
	rating, confidence := chartOverTime(fixture(t).Series)
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
	labels, rating, confidence := chartByRound([]insight.StatsRound{
		{Kind: insight.RoundRecruiter, Interviews: 2, Rating: insight.StatsMean{N: 2, Mean: 6.5}, Confidence: insight.StatsMean{N: 1, Mean: 5}},
		{Kind: insight.RoundOther, Interviews: 1},
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

// svgElements parses an SVG document or element and returns its root
// element and its elements counted by name; it fails on XML that does not
// parse.
func svgElements(t *testing.T, data []byte) (root xml.StartElement, counts map[string]int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	counts = map[string]int{}
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root.Name.Local == "" {
				root = se
			}
			counts[se.Name.Local]++
		}
	}
	if root.Name.Local != "svg" {
		t.Fatalf("SVG root element is <%s>, want <svg>", root.Name.Local)
	}
	return root, counts
}

func TestDrawWrite(t *testing.T) {
	charts := Draw(fixture(t))
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff(names, []string{OverTime, ByRound, Delay}); diff != "" {
		t.Fatalf("Draw() names differ (-got +want):\n%s", diff)
	}
	dir := t.TempDir()
	for _, c := range charts {
		t.Run(c.Name, func(t *testing.T) {
			var svg, png bytes.Buffer
			if err := c.Write(&svg, "svg"); err != nil {
				t.Fatal(err)
			}
			if _, counts := svgElements(t, svg.Bytes()); counts["path"] == 0 || counts["text"] == 0 {
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
			// Kept for a look with -v: go test ./insight/chart/ -run DrawWrite -v
			for ext, data := range map[string][]byte{"svg": svg.Bytes(), "png": png.Bytes()} {
				path := filepath.Join(dir, c.Name+"."+ext)
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}
		})
	}
	if err := charts[0].Write(io.Discard, "bmp"); err == nil || !strings.Contains(err.Error(), OverTime) {
		t.Errorf("Write(bmp) = %v, want an error naming the chart", err)
	}
}

func TestDrawEdges(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stats insight.Stats
		want  []string
	}{
		{"no-interviews", insight.Stats{}, nil},
		{"unrated-unreflected", insight.Stats{
			Interviews: 1, Period: "week",
			Series: []insight.StatsBucket{{Start: mustDate(t, "2026-03-02"), Interviews: 1}},
			Rounds: []insight.StatsRound{{Kind: insight.RoundOther, Interviews: 1}},
		}, []string{ByRound}},
		{"one-rating", insight.Stats{
			Interviews: 1, Period: "week",
			Series: []insight.StatsBucket{{Start: mustDate(t, "2026-03-02"), Interviews: 1, Rating: insight.StatsMean{N: 1, Mean: 7}}},
			Rounds: []insight.StatsRound{{Kind: insight.RoundOther, Interviews: 1, Rating: insight.StatsMean{N: 1, Mean: 7}}},
		}, []string{OverTime, ByRound}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var names []string
			for _, c := range Draw(tc.stats) {
				names = append(names, c.Name)
				if err := c.Write(io.Discard, "svg"); err != nil {
					t.Errorf("Write(%s) = %v", c.Name, err)
				}
				if err := c.WriteInline(io.Discard); err != nil {
					t.Errorf("WriteInline(%s) = %v", c.Name, err)
				}
			}
			if diff := cmp.Diff(names, tc.want); diff != "" {
				t.Errorf("Draw() names differ (-got +want):\n%s", diff)
			}
		})
	}
}

func TestWriteInline(t *testing.T) {
	for _, c := range Draw(fixture(t)) {
		t.Run(c.Name, func(t *testing.T) {
			var file, el bytes.Buffer
			if err := c.Write(&file, "svg"); err != nil {
				t.Fatal(err)
			}
			if err := c.WriteInline(&el); err != nil {
				t.Fatal(err)
			}
			got := el.String()
			if !strings.HasPrefix(got, "<svg ") {
				t.Errorf("WriteInline() starts %.40q, want the <svg> element and no prolog", got)
			}
			for _, bad := range []string{"<?xml", "<!--", " style=", " width=", " height="} {
				if strings.Contains(got, bad) {
					t.Errorf("WriteInline() holds %q, want none", bad)
				}
			}
			root, counts := svgElements(t, el.Bytes())
			_, fileCounts := svgElements(t, file.Bytes())
			fileCounts["title"]++ // the accessible name
			if diff := cmp.Diff(counts, fileCounts); diff != "" {
				t.Errorf("elements of the inline SVG differ from the file's (-got +want):\n%s", diff)
			}
			attrs := map[string]string{}
			for _, a := range root.Attr {
				attrs[xmlName(a.Name)] = a.Value
			}
			for k, want := range map[string]string{"role": "img", "aria-label": c.Title, "viewBox": "0 0 576 324"} {
				if attrs[k] != want {
					t.Errorf("<svg %s=%q>, want %q", k, attrs[k], want)
				}
			}
			// The colours survive as presentation attributes.
			if lower := strings.ToLower(got); !strings.Contains(lower, `fill="#1f77b4"`) && !strings.Contains(lower, `fill="#2ca02c"`) {
				t.Errorf("WriteInline() has no series fill attribute:\n%.2000s", got)
			}
		})
	}
}

func TestInlineEscapes(t *testing.T) {
	doc := `<?xml version="1.0"?>
<!-- a comment -->
<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<text style="font-size:9px;fill:#000000">a &lt;b&gt; &amp; "c"</text>
</svg>`
	var out bytes.Buffer
	if err := inline(&out, strings.NewReader(doc), `</title><script>alert(1)</script>`); err != nil {
		t.Fatal(err)
	}
	want := `<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" role="img"` +
		` aria-label="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>` +
		"\n" + `<text font-size="9px" fill="#000000">a &lt;b&gt; &amp; &#34;c&#34;</text>` + "\n</svg>\n"
	if diff := cmp.Diff(out.String(), want); diff != "" {
		t.Errorf("inline() differs (-got +want):\n%s", diff)
	}
	for _, bad := range []string{"<svg><g></svg>", "<svg><g>", ""} {
		if err := inline(io.Discard, strings.NewReader(bad), "x"); err == nil {
			t.Errorf("inline(%q) = nil, want an error", bad)
		}
	}
}

func TestChartTimeTicks(t *testing.T) {
	weeks := func(n int) []insight.StatsBucket {
		var bs []insight.StatsBucket
		d := mustDate(t, "2026-01-05")
		for range n {
			bs = append(bs, insight.StatsBucket{Start: d})
			d = d.AddDays(7)
		}
		return bs
	}
	type tick struct{ Day, Label string }
	for _, tc := range []struct {
		name   string
		series []insight.StatsBucket
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
		{"months", []insight.StatsBucket{{Start: mustDate(t, "2025-12-01")}, {Start: mustDate(t, "2026-01-01")}}, "month", []tick{
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
