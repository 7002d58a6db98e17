package daemon

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// TestPlanRecords: which records a pass creates and which follow their
// moved interview, decided without touching the notebook.
func TestPlanRecords(t *testing.T) {
	iv := func(id string, start time.Time) Interview {
		e := interviewAt(id, start, start.Add(time.Hour))
		return Interview{Event: e, RecordID: notebook.RecordID(e.CalendarID, e.ID)}
	}
	rec := func(i Interview) *notebook.Record { return newRecord(i) }
	a, b := iv("a", at(9, 0)), iv("b", at(11, 0))
	movedA := iv("a", at(10, 0))
	sourceless := rec(b)
	sourceless.Source = nil
	for _, tc := range []struct {
		name       string
		ivs        []Interview
		recs       []*notebook.Record
		wantCreate []string // record ids
		wantMove   []int    // indexes into recs
	}{
		{name: "new-interview", ivs: []Interview{a}, wantCreate: []string{a.RecordID}},
		{name: "known-unchanged", ivs: []Interview{a}, recs: []*notebook.Record{rec(a)}},
		{name: "moved", ivs: []Interview{movedA, b}, recs: []*notebook.Record{rec(b), rec(a)}, wantMove: []int{1}},
		{name: "twice-in-one-pass", ivs: []Interview{a, a}, wantCreate: []string{a.RecordID}},
		{name: "record-without-source-left-alone", ivs: []Interview{b}, recs: []*notebook.Record{sourceless}},
		{name: "record-of-a-gone-interview-kept", recs: []*notebook.Record{rec(a)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := planRecords(tc.ivs, tc.recs)
			var create []string
			for _, iv := range p.create {
				create = append(create, iv.RecordID)
			}
			var move []int
			for _, m := range p.move {
				move = append(move, m.at)
			}
			if diff := cmp.Diff(create, tc.wantCreate); diff != "" {
				t.Errorf("planRecords creates (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(move, tc.wantMove); diff != "" {
				t.Errorf("planRecords moves (-got +want):\n%s", diff)
			}
		})
	}
}
