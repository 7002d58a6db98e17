package insight

import (
	"math"
	"strings"
)

// sparkBars are the eight block heights of a sparkline, lowest first.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws vals as one line of block characters, one per value,
// scaled from the smallest value (▁) to the largest (█). A NaN is a gap,
// drawn as a space. When every value is the same the line is drawn at
// half height (▄), so a flat series does not read as all-low or all-high.
func Sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	return SparklineRange(vals, lo, hi)
}

// SparklineRange draws vals like Sparkline on the fixed scale lo..hi, so
// ratings from 1 to 10 keep their meaning whatever the data holds: lo is
// ▁, hi is █, and values outside are clamped. A NaN is a space. When lo
// is not below hi every value is drawn at half height (▄).
func SparklineRange(vals []float64, lo, hi float64) string {
	var b strings.Builder
	b.Grow(len(vals) * 3)
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			b.WriteByte(' ')
		case !(lo < hi):
			b.WriteRune(sparkBars[3])
		default:
			f := (min(max(v, lo), hi) - lo) / (hi - lo) // 0..1
			b.WriteRune(sparkBars[int(math.Round(f*float64(len(sparkBars)-1)))])
		}
	}
	return b.String()
}
