package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func TestLastSnapshot(t *testing.T) {
	h := newHarness(t, at(8, 0), interviewAt("a", at(10, 0), at(11, 0)), meeting("m", at(12, 0), at(13, 0)))
	d, err := New(quietLogger(), h.cfg, h.cal, h.n, h.nb)
	if err != nil {
		t.Fatal(err)
	}
	if d.Last() != nil {
		t.Fatal("Last() before any pass is not nil")
	}
	if err := SetOverride(h.cfg.StateDir, "m", OverrideNotInterview, at(8, 0)); err != nil {
		t.Fatal(err)
	}
	if err := d.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := d.Last()
	if s == nil {
		t.Fatal("Last() after a pass is nil")
	}
	if s.At.Before(at(8, 0)) || s.At.After(at(8, 1)) {
		t.Errorf("At = %v, want the pass's instant, about %v", s.At, at(8, 0))
	}
	verdicts := map[string]bool{}
	for _, dc := range s.Decisions {
		verdicts[dc.Event.ID] = dc.Verdict.Interview
	}
	if !verdicts["a"] || verdicts["m"] || len(verdicts) != 2 {
		t.Errorf("verdicts = %v, want a an interview and m not", verdicts)
	}
	if len(s.Interviews) != 1 || s.Interviews[0].RecordID != notebook.RecordID("primary", "a") {
		t.Fatalf("Interviews = %+v, want the one of event a", s.Interviews)
	}
	slot, ok := s.Slots[s.Interviews[0].Key()]
	if !ok || !slot.Start.Equal(at(11, 0)) || slot.End.Sub(slot.Start) != 30*time.Minute {
		t.Errorf("slot = %+v, %v; want 11:00 for 30 min", slot, ok)
	}
	if s.Overrides["m"] != OverrideNotInterview {
		t.Errorf("Overrides = %v, want m marked not an interview", s.Overrides)
	}
}
