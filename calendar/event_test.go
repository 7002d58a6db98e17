package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMergeIntervals(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	iv := func(h1, m1, h2, m2 int) Interval { return Interval{Start: at(h1, m1), End: at(h2, m2)} }
	tests := []struct {
		name string
		in   []Interval
		want []Interval
	}{
		{"none", nil, nil},
		{"unsorted-disjoint", []Interval{iv(11, 0, 12, 0), iv(9, 0, 10, 0)}, []Interval{iv(9, 0, 10, 0), iv(11, 0, 12, 0)}},
		{"touching-join", []Interval{iv(9, 0, 10, 0), iv(10, 0, 10, 30)}, []Interval{iv(9, 0, 10, 30)}},
		{"contained", []Interval{iv(9, 0, 12, 0), iv(10, 0, 11, 0)}, []Interval{iv(9, 0, 12, 0)}},
		{"empty-and-reversed-dropped", []Interval{iv(9, 0, 9, 0), iv(10, 0, 9, 30), iv(13, 0, 14, 0)}, []Interval{iv(13, 0, 14, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]Interval(nil), tt.in...)
			got := MergeIntervals(in)
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("MergeIntervals() mismatch (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(in, tt.in); diff != "" {
				t.Errorf("MergeIntervals modified its input (-got +want):\n%s", diff)
			}
		})
	}
}
