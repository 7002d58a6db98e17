package insight

import (
	"fmt"
	"image/color"
	"io"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart names, the base names of the files `debrief stats --chart` writes.
const (
	ChartOverTime = "rating-over-time"
	ChartByRound  = "rating-by-round"
	ChartDelay    = "reflection-delay"
)

// ChartFormats are the file formats a StatsChart can be written in.
var ChartFormats = []string{"png", "svg"}

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
)

// StatsChart is one chart of the trends, ready to be written.
type StatsChart struct {
	// Name is the file's base name, one of the Chart constants.
	Name string
	Plot *plot.Plot
}

// StatsCharts draws the charts of s: rating and confidence over time (the
// means of Series, one point per period with answers), the mean rating
// and confidence by round kind, and the histogram of the reflection delay.
// A chart with nothing to show is left out, so Stats of no interview has
// no chart. The error is gonum/plot's refusal of the data, which the
// preparation here rules out.
func StatsCharts(s Stats) ([]StatsChart, error) {
	var out []StatsChart
	rating, confidence := chartOverTime(s.Series)
	if len(rating)+len(confidence) > 0 {
		p, err := chartOverTimePlot(s.Period, s.Series, rating, confidence)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", ChartOverTime, err)
		}
		out = append(out, StatsChart{ChartOverTime, p})
	}
	if labels, r, c := chartByRound(s.Rounds); len(labels) > 0 {
		p, err := chartByRoundPlot(labels, r, c)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", ChartByRound, err)
		}
		out = append(out, StatsChart{ChartByRound, p})
	}
	if s.Delay.N > 0 {
		p, err := chartDelayPlot(s.Delay)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", ChartDelay, err)
		}
		out = append(out, StatsChart{ChartDelay, p})
	}
	return out, nil
}

// Write writes the chart to w as format, "png" or "svg".
func (c StatsChart) Write(w io.Writer, format string) error {
	wt, err := c.Plot.WriterTo(chartWidth, chartHeight, format)
	if err != nil {
		return fmt.Errorf("chart %s: %w", c.Name, err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("write chart %s: %w", c.Name, err)
	}
	return nil
}

// chartOverTime is the points of the two lines over time: x is the start
// of the period (Unix seconds of its midnight UTC), y the mean; periods
// without an answer have no point.
func chartOverTime(series []StatsBucket) (rating, confidence plotter.XYs) {
	for _, b := range series {
		x := float64(b.Start.In(time.UTC).Unix())
		if b.Rating.N > 0 {
			rating = append(rating, plotter.XY{X: x, Y: b.Rating.Mean})
		}
		if b.Confidence.N > 0 {
			confidence = append(confidence, plotter.XY{X: x, Y: b.Confidence.Mean})
		}
	}
	return rating, confidence
}

func chartOverTimePlot(period string, series []StatsBucket, rating, confidence plotter.XYs) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Rating and confidence over time (mean per %s)", period)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = fmt.Sprintf("%s starting", period)
	p.Y.Label.Text = "score (1–10)"
	p.X.Tick.Marker = plot.ConstantTicks(chartTimeTicks(series, period))
	// Half a period of room either side, so the first and last points
	// are not on the frame and a single period still has a width.
	half := 3.5 * 86400.0
	if period == "month" {
		half = 15 * 86400
	}
	p.X.Min = float64(series[0].Start.In(time.UTC).Unix()) - half
	p.X.Max = float64(series[len(series)-1].Start.In(time.UTC).Unix()) + half
	chartScale(p)
	p.Add(plotter.NewGrid())
	for _, l := range []struct {
		name string
		xys  plotter.XYs
		c    color.Color
		g    draw.GlyphDrawer
	}{
		{"overall rating", rating, chartRatingColor, draw.CircleGlyph{}},
		{"confidence", confidence, chartConfidenceColor, draw.SquareGlyph{}},
	} {
		if len(l.xys) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(l.xys)
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = l.c, vg.Points(2)
		points.Color, points.Shape, points.Radius = l.c, l.g, vg.Points(3)
		p.Add(line, points)
		p.Legend.Add(l.name, line, points)
	}
	return p, nil
}

// chartTimeTicks marks the start of every period of series, labelled
// ("2026-03-02" for a week, "2026-03" for a month) on at most 8 of them,
// evenly spaced from the first.
func chartTimeTicks(series []StatsBucket, period string) []plot.Tick {
	layout := "2006-01-02"
	if period == "month" {
		layout = "2006-01"
	}
	every := (len(series) + 7) / 8
	ticks := make([]plot.Tick, len(series))
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
func chartScale(p *plot.Plot) {
	p.Y.Min, p.Y.Max = 0, 12
	p.Y.Tick.Marker = plot.ConstantTicks(chartScaleTicks())
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
}

// chartScaleTicks labels 0 to 10 every 2, the rating scale.
func chartScaleTicks() []plot.Tick {
	var ts []plot.Tick
	for v := 0; v <= 10; v += 2 {
		ts = append(ts, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return ts
}

// chartByRound is the bars of the round chart: one label per round kind
// with interviews ("technical (12)"), the mean rating and confidence (0
// where nobody answered).
func chartByRound(rounds []StatsRound) (labels []string, rating, confidence plotter.Values) {
	for _, r := range rounds {
		labels = append(labels, fmt.Sprintf("%s (%d)", r.Kind, r.Interviews))
		rating = append(rating, r.Rating.Mean)
		confidence = append(confidence, r.Confidence.Mean)
	}
	return labels, rating, confidence
}

func chartByRoundPlot(labels []string, rating, confidence plotter.Values) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Mean rating and confidence by round"
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = "round (interviews)"
	p.Y.Label.Text = "score (1–10)"
	chartScale(p)
	p.Add(plotter.NewGrid())
	w := vg.Points(18)
	for i, b := range []struct {
		name string
		v    plotter.Values
		c    color.Color
	}{
		{"overall rating", rating, chartRatingColor},
		{"confidence", confidence, chartConfidenceColor},
	} {
		bars, err := plotter.NewBarChart(b.v, w)
		if err != nil {
			return nil, err
		}
		bars.Color, bars.LineStyle.Width = b.c, 0
		bars.Offset = vg.Length(2*i-1) * w / 2
		p.Add(bars)
		p.Legend.Add(b.name, bars)
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.7, float64(len(labels))-0.3
	return p, nil
}

func chartDelayPlot(d StatsDelay) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("From the interview's end to the saved reflection (%s, median %s)",
		statsPlural(d.N, "reflection"), StatsFormatDuration(d.Median))
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = fmt.Sprintf("delay (the block is %s)", StatsFormatDuration(d.Block))
	p.Y.Label.Text = "reflections"
	p.Add(plotter.NewGrid())
	vals := make(plotter.Values, len(d.Histogram))
	for i, n := range d.Histogram {
		vals[i] = float64(n)
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(30))
	if err != nil {
		return nil, err
	}
	bars.Color, bars.LineStyle.Width = chartDelayColor, 0
	p.Add(bars)
	labels := make([]string, len(StatsDelayBuckets))
	for i, b := range StatsDelayBuckets {
		labels[i] = b.Label
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.7, float64(len(labels))-0.3 // room for the end labels
	p.Y.Min = 0
	return p, nil
}
