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

func TestBusySpans(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ev := func(from, to time.Duration, mod func(*Event)) *Event {
		e := &Event{Start: t0.Add(from), End: t0.Add(to)}
		if mod != nil {
			mod(e)
		}
		return e
	}
	for _, tc := range []struct {
		name string
		evs  []*Event
		want []Interval
	}{
		{"none", nil, nil},
		{"clipped to the range", []*Event{ev(-time.Hour, time.Hour, nil), ev(7*time.Hour, 9*time.Hour, nil)},
			[]Interval{{t0, t0.Add(time.Hour)}, {t0.Add(7 * time.Hour), t0.Add(8 * time.Hour)}}},
		{"touching ones merged", []*Event{ev(2*time.Hour, 3*time.Hour, nil), ev(time.Hour, 2*time.Hour, nil)},
			[]Interval{{t0.Add(time.Hour), t0.Add(3 * time.Hour)}}},
		{"outside the range", []*Event{ev(-2*time.Hour, 0, nil), ev(8*time.Hour, 9*time.Hour, nil)}, nil},
		{"transparent and declined are free", []*Event{
			ev(time.Hour, 2*time.Hour, func(e *Event) { e.Transparency = "transparent" }),
			ev(3*time.Hour, 4*time.Hour, func(e *Event) { e.Attendees = []Attendee{{Self: true, Response: "declined"}} }),
			ev(5*time.Hour, 6*time.Hour, func(e *Event) { e.Attendees = []Attendee{{Self: true, Response: "tentative"}} }),
		}, []Interval{{t0.Add(5 * time.Hour), t0.Add(6 * time.Hour)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := BusySpans(tc.evs, t0, t0.Add(8*time.Hour))
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("BusySpans (-got +want):\n%s", diff)
			}
		})
	}
}
