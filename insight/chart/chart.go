package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"image/color"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/debrief-dev/debrief/insight"
)

// Chart names, the base names of the files `debrief stats --chart` writes.
const (
	OverTime = "rating-over-time"
	ByRound  = "rating-by-round"
	Delay    = "reflection-delay"
)

// Formats are the file formats a Chart can be written in.
var Formats = []string{"png", "svg"}

// chartWidth and chartHeight are the size of every chart: 768×432 pixels
// in PNG (96 dpi), readable on a laptop screen and in a document.
const (
	chartWidth  = 8 * vg.Inch
	chartHeight = 4.5 * vg.Inch
)

var (
	chartRatingColor     = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // blue
	chartConfidenceColor = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff} // orange
	chartDelayColor      = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff} // green
	chartGridColor       = color.Gray{Y: 0xdd}
)

// chartFonts is the Liberation fonts, parsed on the first chart drawn.
var chartFonts = sync.OnceValue(func() *font.Cache { return font.NewCache(liberation.Collection()) })

// chartText is the style of a text of size pt, anchored by xa and ya.
func chartText(pt vg.Length, xa text.XAlignment, ya text.YAlignment) draw.TextStyle {
	fonts := chartFonts()
	return draw.TextStyle{
		Color:   color.Black,
		Font:    font.Font{Typeface: "Liberation", Variant: "Sans", Size: pt},
		XAlign:  xa,
		YAlign:  ya,
		Handler: text.Plain{Fonts: fonts},
	}
}

// Chart is one chart of the trends, ready to be written.
type Chart struct {
	// Name is the file's base name, one of the chart name constants.
	Name string
	// Title is the chart's title as drawn, for a caption or a
	// screen reader.
	Title string
	frame chartFrame
}

// Draw prepares the charts of s: rating and confidence over time (the
// means of Series, one point per period with answers), the mean rating
// and confidence by round kind, and the histogram of the reflection delay.
// A chart with nothing to show is left out, so Stats of no interview has
// no chart.
func Draw(s insight.Stats) []Chart {
	var out []Chart
	add := func(name string, f chartFrame) { out = append(out, Chart{Name: name, Title: f.title, frame: f}) }
	rating, confidence := chartOverTime(s.Series)
	if len(rating)+len(confidence) > 0 {
		add(OverTime, chartOverTimeFrame(s.Period, s.Series, rating, confidence))
	}
	if labels, r, c := chartByRound(s.Rounds); len(labels) > 0 {
		add(ByRound, chartByRoundFrame(labels, r, c))
	}
	if s.Delay.N > 0 {
		add(Delay, chartDelayFrame(s.Delay))
	}
	return out
}

// Write writes the chart to w as a file of format, "png" or "svg".
func (c Chart) Write(w io.Writer, format string) error {
	var wt io.WriterTo
	switch format {
	case "png":
		cv := vgimg.New(chartWidth, chartHeight)
		c.frame.draw(draw.New(cv))
		wt = vgimg.PngCanvas{Canvas: cv}
	case "svg":
		wt = c.svg()
	default:
		return fmt.Errorf("chart %s: unsupported format %q", c.Name, format)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("write chart %s: %w", c.Name, err)
	}
	return nil
}

func (c Chart) svg() *vgsvg.Canvas {
	cv := vgsvg.New(chartWidth, chartHeight)
	c.frame.draw(draw.New(cv))
	return cv
}

// WriteInline writes the chart to w as an <svg> element to place inside
// an HTML page: no XML prolog or comment; every style attribute turned
// into presentation attributes (fill="#1f77b4"), since a strict
// Content-Security-Policy drops inline styles but not those; no fixed
// size, so it scales to the width given by the page's style sheet; and
// role="img" with the title as its accessible name. All text is escaped
// for HTML and XML alike.
func (c Chart) WriteInline(w io.Writer) error {
	var doc bytes.Buffer
	if _, err := c.svg().WriteTo(&doc); err != nil {
		return fmt.Errorf("draw chart %s: %w", c.Name, err)
	}
	if err := inline(w, &doc, c.Title); err != nil {
		return fmt.Errorf("write chart %s: %w", c.Name, err)
	}
	return nil
}

// inline copies the SVG document r to w as WriteInline describes.
func inline(w io.Writer, r io.Reader, title string) error {
	var out bytes.Buffer
	dec := xml.NewDecoder(r)
	root := true
	var open []string // RawToken leaves the nesting to check to us
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read the drawn SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, xmlName(t.Name))
			out.WriteString("<" + xmlName(t.Name))
			for _, a := range t.Attr {
				name := xmlName(a.Name)
				switch {
				case root && (name == "width" || name == "height" || name == "xmlns:xlink"):
				case name == "style":
					for _, decl := range strings.Split(a.Value, ";") {
						k, v, ok := strings.Cut(decl, ":")
						if k, v = strings.TrimSpace(k), strings.TrimSpace(v); ok && k != "" {
							writeAttr(&out, k, v)
						}
					}
				default:
					writeAttr(&out, name, a.Value)
				}
			}
			if root {
				writeAttr(&out, "role", "img")
				writeAttr(&out, "aria-label", title)
				out.WriteString("><title>" + html.EscapeString(title) + "</title>")
				root = false
				continue
			}
			out.WriteString(">")
		case xml.EndElement:
			name := xmlName(t.Name)
			if len(open) == 0 || open[len(open)-1] != name {
				return fmt.Errorf("read the drawn SVG: unexpected </%s>", name)
			}
			open = open[:len(open)-1]
			out.WriteString("</" + name + ">")
		case xml.CharData:
			if !root {
				out.WriteString(html.EscapeString(string(t)))
			}
		}
	}
	if root || len(open) > 0 {
		return errors.New("read the drawn SVG: it ends early")
	}
	out.WriteString("\n")
	_, err := out.WriteTo(w)
	return err
}

func xmlName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func writeAttr(b *bytes.Buffer, name, value string) {
	b.WriteString(" " + name + `="` + html.EscapeString(value) + `"`)
}

// chartXY is a point in data coordinates.
type chartXY struct{ X, Y float64 }

// chartTick is a mark on an axis, labelled unless Label is empty.
type chartTick struct {
	Value float64
	Label string
}

// chartSeries is a line with points, or bars centred on the points' X
// shifted by Offset, in data units of x, Width wide.
type chartSeries struct {
	name          string
	color         color.Color
	xys           []chartXY
	bars          bool
	width, offset float64 // bars only
	square        bool    // square points rather than round
}

// chartFrame is one chart: a title, two labelled axes with ticks, a grid,
// the series and, when some series is named, a legend at the top left.
type chartFrame struct {
	title, xLabel, yLabel  string
	xMin, xMax, yMin, yMax float64
	xTicks, yTicks         []chartTick
	series                 []chartSeries
}

func (f chartFrame) draw(c draw.Canvas) {
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	// The plot area, inside room for the title, the labels and the ticks.
	area := vg.Rectangle{
		Min: vg.Point{X: c.Min.X + 58, Y: c.Min.Y + 48},
		Max: vg.Point{X: c.Max.X - 18, Y: c.Max.Y - 32},
	}
	x := func(v float64) vg.Length {
		return area.Min.X + vg.Length((v-f.xMin)/(f.xMax-f.xMin))*(area.Max.X-area.Min.X)
	}
	y := func(v float64) vg.Length {
		return area.Min.Y + vg.Length((v-f.yMin)/(f.yMax-f.yMin))*(area.Max.Y-area.Min.Y)
	}
	mid := vg.Point{X: (area.Min.X + area.Max.X) / 2, Y: (area.Min.Y + area.Max.Y) / 2}
	c.FillText(chartText(13, text.XCenter, text.YTop), vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - 8}, f.title)
	c.FillText(chartText(11, text.XCenter, text.YBottom), vg.Point{X: mid.X, Y: c.Min.Y + 6}, f.xLabel)
	yl := chartText(11, text.XCenter, text.YTop)
	yl.Rotation = math.Pi / 2
	c.FillText(yl, vg.Point{X: c.Min.X + 6, Y: mid.Y}, f.yLabel)

	grid := draw.LineStyle{Color: chartGridColor, Width: vg.Points(0.5)}
	axis := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
	tickText := chartText(9, text.XCenter, text.YTop)
	for _, t := range f.xTicks {
		px := x(t.Value)
		c.StrokeLines(grid, []vg.Point{{X: px, Y: area.Min.Y}, {X: px, Y: area.Max.Y}})
		c.StrokeLines(axis, []vg.Point{{X: px, Y: area.Min.Y}, {X: px, Y: area.Min.Y - 4}})
		if t.Label != "" {
			c.FillText(tickText, vg.Point{X: px, Y: area.Min.Y - 7}, t.Label)
		}
	}
	yTickText := chartText(9, text.XRight, text.YCenter)
	for _, t := range f.yTicks {
		py := y(t.Value)
		c.StrokeLines(grid, []vg.Point{{X: area.Min.X, Y: py}, {X: area.Max.X, Y: py}})
		c.StrokeLines(axis, []vg.Point{{X: area.Min.X, Y: py}, {X: area.Min.X - 4, Y: py}})
		c.FillText(yTickText, vg.Point{X: area.Min.X - 7, Y: py}, t.Label)
	}

	for _, s := range f.series {
		if s.bars {
			for _, p := range s.xys {
				x0, x1 := x(p.X+s.offset-s.width/2), x(p.X+s.offset+s.width/2)
				y0, y1 := y(f.yMin), y(p.Y)
				c.FillPolygon(s.color, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			}
			continue
		}
		line := make([]vg.Point, len(s.xys))
		for i, p := range s.xys {
			line[i] = vg.Point{X: x(p.X), Y: y(p.Y)}
		}
		c.StrokeLines(draw.LineStyle{Color: s.color, Width: vg.Points(2)}, line)
		for _, p := range line {
			chartMarker(c, s, p)
		}
	}
	c.StrokeLines(axis, []vg.Point{{X: area.Min.X, Y: area.Max.Y}, area.Min, {X: area.Max.X, Y: area.Min.Y}})

	// The legend, top left inside the area, where the 0–12 scale leaves
	// room above 10.
	at := vg.Point{X: area.Min.X + 10, Y: area.Max.Y - 10}
	legend := chartText(10, text.XLeft, text.YCenter)
	for _, s := range f.series {
		if s.name == "" {
			continue
		}
		if s.bars {
			c.FillPolygon(s.color, []vg.Point{{X: at.X, Y: at.Y - 5}, {X: at.X + 16, Y: at.Y - 5}, {X: at.X + 16, Y: at.Y + 5}, {X: at.X, Y: at.Y + 5}})
		} else {
			c.StrokeLines(draw.LineStyle{Color: s.color, Width: vg.Points(2)}, []vg.Point{at, {X: at.X + 16, Y: at.Y}})
			chartMarker(c, s, vg.Point{X: at.X + 8, Y: at.Y})
		}
		c.FillText(legend, vg.Point{X: at.X + 22, Y: at.Y}, s.name)
		face := chartFonts().Lookup(legend.Font, legend.Font.Size)
		at.X += 22 + face.Width(s.name) + 16
	}
}

// chartMarker draws a point of a line series at p.
func chartMarker(c draw.Canvas, s chartSeries, p vg.Point) {
	r := vg.Points(3)
	if s.square {
		c.FillPolygon(s.color, []vg.Point{{X: p.X - r, Y: p.Y - r}, {X: p.X + r, Y: p.Y - r}, {X: p.X + r, Y: p.Y + r}, {X: p.X - r, Y: p.Y + r}})
		return
	}
	var circle vg.Path
	circle.Move(vg.Point{X: p.X + r, Y: p.Y})
	circle.Arc(p, r, 0, 2*math.Pi)
	circle.Close()
	c.SetColor(s.color)
	c.Fill(circle)
}

// chartOverTime is the points of the two lines over time: x is the start
// of the period (Unix seconds of its midnight UTC), y the mean; periods
// without an answer have no point.
func chartOverTime(series []insight.StatsBucket) (rating, confidence []chartXY) {
	for _, b := range series {
		x := float64(b.Start.In(time.UTC).Unix())
		if b.Rating.N > 0 {
			rating = append(rating, chartXY{X: x, Y: b.Rating.Mean})
		}
		if b.Confidence.N > 0 {
			confidence = append(confidence, chartXY{X: x, Y: b.Confidence.Mean})
		}
	}
	return rating, confidence
}

func chartOverTimeFrame(period string, series []insight.StatsBucket, rating, confidence []chartXY) chartFrame {
	// Half a period of room either side, so the first and last points
	// are not on the frame and a single period still has a width.
	half := 3.5 * 86400.0
	if period == "month" {
		half = 15 * 86400
	}
	f := chartFrame{
		title:  fmt.Sprintf("Rating and confidence over time (mean per %s)", period),
		xLabel: fmt.Sprintf("%s starting", period),
		yLabel: "score (1–10)",
		xMin:   float64(series[0].Start.In(time.UTC).Unix()) - half,
		xMax:   float64(series[len(series)-1].Start.In(time.UTC).Unix()) + half,
		xTicks: chartTimeTicks(series, period),
	}
	chartScale(&f)
	if len(rating) > 0 {
		f.series = append(f.series, chartSeries{name: "overall rating", color: chartRatingColor, xys: rating})
	}
	if len(confidence) > 0 {
		f.series = append(f.series, chartSeries{name: "confidence", color: chartConfidenceColor, xys: confidence, square: true})
	}
	return f
}

// chartTimeTicks marks the start of every period of series, labelled
// ("2026-03-02" for a week, "2026-03" for a month) on at most 8 of them,
// evenly spaced from the first.
func chartTimeTicks(series []insight.StatsBucket, period string) []chartTick {
	layout := "2006-01-02"
	if period == "month" {
		layout = "2006-01"
	}
	every := (len(series) + 7) / 8
	ticks := make([]chartTick, len(series))
	for i, b := range series {
		t := b.Start.In(time.UTC)
		ticks[i].Value = float64(t.Unix())
		if i%every == 0 {
			ticks[i].Label = t.Format(layout)
		}
	}
	return ticks
}

// chartScale sets the y axis to the 1–10 scale with room above 10 for
// the legend, so it never covers a point.
func chartScale(f *chartFrame) {
	f.yMin, f.yMax = 0, 12
	f.yTicks = chartScaleTicks()
}

// chartScaleTicks labels 0 to 10 every 2, the rating scale.
func chartScaleTicks() []chartTick {
	var ts []chartTick
	for v := 0; v <= 10; v += 2 {
		ts = append(ts, chartTick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return ts
}

// chartByRound is the bars of the round chart: one label per round kind
// with interviews ("technical (12)"), the mean rating and confidence (0
// where nobody answered).
func chartByRound(rounds []insight.StatsRound) (labels []string, rating, confidence []float64) {
	for _, r := range rounds {
		labels = append(labels, fmt.Sprintf("%s (%d)", r.Kind, r.Interviews))
		rating = append(rating, r.Rating.Mean)
		confidence = append(confidence, r.Confidence.Mean)
	}
	return labels, rating, confidence
}

// chartNominal is the points of values at x = 0, 1, …, and the ticks
// labelling them.
func chartNominal(values []float64, labels []string) ([]chartXY, []chartTick) {
	xys := make([]chartXY, len(values))
	for i, v := range values {
		xys[i] = chartXY{X: float64(i), Y: v}
	}
	ticks := make([]chartTick, len(labels))
	for i, l := range labels {
		ticks[i] = chartTick{Value: float64(i), Label: l}
	}
	return xys, ticks
}

func chartByRoundFrame(labels []string, rating, confidence []float64) chartFrame {
	r, ticks := chartNominal(rating, labels)
	c, _ := chartNominal(confidence, labels)
	f := chartFrame{
		title:  "Mean rating and confidence by round",
		xLabel: "round (interviews)",
		yLabel: "score (1–10)",
		xMin:   -0.7, xMax: float64(len(labels)) - 0.3,
		xTicks: ticks,
	}
	chartScale(&f)
	w := 0.3 // of the 1 between two rounds
	f.series = []chartSeries{
		{name: "overall rating", color: chartRatingColor, xys: r, bars: true, width: w, offset: -w / 2},
		{name: "confidence", color: chartConfidenceColor, xys: c, bars: true, width: w, offset: w / 2},
	}
	return f
}

func chartDelayFrame(d insight.StatsDelay) chartFrame {
	vals := make([]float64, len(d.Histogram))
	top := 0.0
	for i, n := range d.Histogram {
		vals[i] = float64(n)
		top = max(top, vals[i])
	}
	labels := make([]string, len(insight.StatsDelayBuckets))
	for i, b := range insight.StatsDelayBuckets {
		labels[i] = b.Label
	}
	xys, ticks := chartNominal(vals, labels)
	f := chartFrame{
		title: fmt.Sprintf("From the interview's end to the saved reflection (%s, median %s)",
			insight.Plural(d.N, "reflection"), insight.StatsFormatDuration(d.Median)),
		xLabel: fmt.Sprintf("delay (the block is %s)", insight.StatsFormatDuration(d.Block)),
		yLabel: "reflections",
		xMin:   -0.7, xMax: float64(len(labels)) - 0.3, // room for the end labels
		xTicks: ticks,
		series: []chartSeries{{color: chartDelayColor, xys: xys, bars: true, width: 0.55}},
	}
	// A y axis to a round count a little above the highest bar, with
	// about five labelled ticks.
	step := math.Max(1, math.Ceil(top/5))
	f.yMax = math.Max(step, math.Ceil(top*1.05/step)*step)
	for v := 0.0; v <= f.yMax; v += step {
		f.yTicks = append(f.yTicks, chartTick{Value: v, Label: fmt.Sprint(v)})
	}
	return f
}
