package insight

import (
	"math"
	"testing"
)

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		vals []float64
		want string
	}{
		{"empty", nil, ""},
		{"one-value", []float64{7}, "▄"},
		{"flat", []float64{3, 3, 3}, "▄▄▄"},
		{"ramp-of-eight", []float64{0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
		{"two-extremes", []float64{-5, 5}, "▁█"},
		{"rounds-to-nearest", []float64{0, 3.49, 3.51, 7}, "▁▄▅█"},
		{"gap", []float64{1, nan, 2}, "▁ █"},
		{"all-gaps", []float64{nan, nan}, "  "},
		{"gap-and-one-value", []float64{nan, 4}, " ▄"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sparkline(tc.vals); got != tc.want {
				t.Errorf("Sparkline(%v) = %q, want %q", tc.vals, got, tc.want)
			}
		})
	}
}

func TestSparklineRange(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		vals   []float64
		lo, hi float64
		want   string
	}{
		{"ratings-flat-high", []float64{9, 9, 9}, 1, 10, "▇▇▇"},
		{"ratings-bounds", []float64{1, 10}, 1, 10, "▁█"},
		{"ratings-mid", []float64{5.5}, 1, 10, "▅"},
		{"clamped", []float64{-3, 42}, 1, 10, "▁█"},
		{"empty-scale", []float64{1, 2}, 3, 3, "▄▄"},
		{"inverted-scale", []float64{1}, 10, 1, "▄"},
		{"gap", []float64{nan, 10}, 1, 10, " █"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SparklineRange(tc.vals, tc.lo, tc.hi); got != tc.want {
				t.Errorf("SparklineRange(%v, %v, %v) = %q, want %q", tc.vals, tc.lo, tc.hi, got, tc.want)
			}
		})
	}
}
