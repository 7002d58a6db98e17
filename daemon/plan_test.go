package daemon

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/google/go-cmp/cmp"
)

func testConfig() Config {
	c, err := Config{
		Calendars: []string{"primary"}, StateDir: "/nonexistent", BlockEnabled: true,
		Ended: true, ReflectReminder: true, ThankYou: []time.Duration{3 * time.Hour, 20 * time.Hour},
		Briefing: time.Hour, Rules: defaultRules(),
		MergeGap: 15 * time.Minute, ShiftWithin: 3 * time.Hour,
	}.withDefaults()
	if err != nil {
		panic(err)
	}
	return c
}

// at is 2026-11-20 hh:mm UTC.
func at(hh, mm int) time.Time { return time.Date(2026, 11, 20, hh, mm, 0, 0, time.UTC) }

func interviewAt(id string, start, end time.Time) calendar.Event {
	e := ev("Interview with Acme", guest("Jane", "jane@acme.io"))
	e.ID, e.ICalUID, e.Start, e.End = id, id+"@google.com", start, end
	return e
}

func meeting(id string, start, end time.Time) calendar.Event {
	return calendar.Event{CalendarID: "primary", ID: id, Status: "confirmed", Summary: "Dentist", Start: start, End: end}
}

// blockEvent is a block as the calendar returns it.
func blockEvent(iv calendar.Event, start, end time.Time) calendar.Event {
	return calendar.Event{
		CalendarID: "primary", ID: calendar.BlockID(iv.CalendarID, iv.ID), Status: "confirmed",
		Summary: "Debrief: Acme interview", Start: start, End: end,
		Private: map[string]string{calendar.PropKind: calendar.PropKindBlock, calendar.PropInterview: iv.ID, calendar.PropCalendar: iv.CalendarID},
	}
}

// stamped is a block that carries the times debrief last wrote into it,
// as blocks written since those properties do.
func stamped(b calendar.Event, written, writtenEnd time.Time) calendar.Event {
	b.Private = maps.Clone(b.Private)
	b.Private[calendar.PropStart] = written.UTC().Format(time.RFC3339)
	b.Private[calendar.PropEnd] = writtenEnd.UTC().Format(time.RFC3339)
	return b
}

type span struct{ Start, End time.Time }

type planSummary struct {
	Inserts, Moves map[string]span
	Deletes        []string
	Gone           []string
	Adopted        []string
	Notes          int
}

func summarize(p BlockPlan) planSummary {
	s := planSummary{Inserts: map[string]span{}, Moves: map[string]span{}, Notes: len(p.Notes)}
	for _, b := range p.Inserts {
		s.Inserts[b.InterviewEventID] = span{b.Start, b.End}
	}
	for _, b := range p.Moves {
		s.Moves[b.InterviewEventID] = span{b.Start, b.End}
	}
	for _, d := range p.Deletes {
		s.Deletes = append(s.Deletes, d.ID)
	}
	s.Gone = p.Gone
	for _, a := range p.Adopt {
		s.Adopted = append(s.Adopted, a.InterviewEventID)
	}
	return s
}

func TestPlanBlocks(t *testing.T) {
	a := interviewAt("a", at(14, 0), at(15, 0))
	b := interviewAt("b", at(15, 10), at(16, 0))
	idA := calendar.BlockID("primary", "a")
	written := func(id string, s, e, anchor time.Time) *Ledger {
		l := newLedger()
		l.Blocks[id] = BlockEntry{CalendarID: "primary", InterviewCalendarID: "primary", InterviewEventID: "a", Start: s, End: e, Anchor: anchor}
		return l
	}
	declined := a
	declined.Attendees = append([]calendar.Attendee{{Email: "me@gmail.com", Self: true, Response: "declined"}}, a.Attendees[1:]...)
	tests := []struct {
		name   string
		events []calendar.Event
		ledger *Ledger
		busy   map[string][]calendar.Interval
		fresh  bool
		cfg    func(*Config)
		want   planSummary
	}{
		{name: "single-interview-insert", events: []calendar.Event{a},
			want: planSummary{Inserts: map[string]span{"a": {at(15, 0), at(15, 30)}}}},
		{name: "back-to-back-one-block-after-last", events: []calendar.Event{a, b},
			want: planSummary{Inserts: map[string]span{"b": {at(16, 0), at(16, 30)}}}},
		{name: "merge-deletes-earlier-block", events: []calendar.Event{a, b, blockEvent(a, at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Inserts: map[string]span{"b": {at(16, 0), at(16, 30)}}, Deletes: []string{idA}}},
		{name: "gap-of-merge-gap-is-separate", events: []calendar.Event{a, interviewAt("c", at(15, 15), at(15, 45))},
			cfg:  func(c *Config) { c.Conflict = ConflictOverlap },
			want: planSummary{Inserts: map[string]span{"a": {at(15, 0), at(15, 30)}, "c": {at(15, 45), at(16, 15)}}, Notes: 1}},
		{name: "shift-past-busy", events: []calendar.Event{a, meeting("m", at(15, 0), at(15, 45))},
			want: planSummary{Inserts: map[string]span{"a": {at(15, 45), at(16, 15)}}, Notes: 1}},
		{name: "shift-uses-free-busy", events: []calendar.Event{a},
			busy: map[string][]calendar.Interval{idA: {{Start: at(14, 0), End: at(15, 20)}}},
			want: planSummary{Inserts: map[string]span{"a": {at(15, 20), at(15, 50)}}, Notes: 1}},
		{name: "shift-nothing-free-within", events: []calendar.Event{a, meeting("m", at(15, 0), at(19, 0))},
			want: planSummary{Inserts: map[string]span{}, Notes: 1}},
		{name: "shorten", events: []calendar.Event{a, meeting("m", at(15, 20), at(16, 0))},
			cfg:  func(c *Config) { c.Conflict = ConflictShorten },
			want: planSummary{Inserts: map[string]span{"a": {at(15, 0), at(15, 20)}}, Notes: 1}},
		{name: "shorten-too-short", events: []calendar.Event{a, meeting("m", at(15, 5), at(16, 0))},
			cfg:  func(c *Config) { c.Conflict = ConflictShorten },
			want: planSummary{Inserts: map[string]span{}, Notes: 1}},
		{name: "overlap", events: []calendar.Event{a, meeting("m", at(15, 0), at(16, 0))},
			cfg:  func(c *Config) { c.Conflict = ConflictOverlap },
			want: planSummary{Inserts: map[string]span{"a": {at(15, 0), at(15, 30)}}, Notes: 1}},
		{name: "skip", events: []calendar.Event{a, meeting("m", at(15, 0), at(16, 0))},
			cfg:  func(c *Config) { c.Conflict = ConflictSkip },
			want: planSummary{Inserts: map[string]span{}, Notes: 1}},
		{name: "transparent-event-is-free", events: []calendar.Event{a, func() calendar.Event {
			m := meeting("m", at(15, 0), at(16, 0))
			m.Transparency = "transparent"
			return m
		}()}, want: planSummary{Inserts: map[string]span{"a": {at(15, 0), at(15, 30)}}}},
		{name: "in-place-nothing", events: []calendar.Event{a, blockEvent(a, at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true},
		{name: "shifted-block-stays", events: []calendar.Event{a, meeting("m", at(15, 0), at(15, 45)), blockEvent(a, at(15, 45), at(16, 15))},
			ledger: written(idA, at(15, 45), at(16, 15), at(15, 0)), fresh: true},
		{name: "interview-moved-block-follows", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)), blockEvent(a, at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Moves: map[string]span{"a": {at(17, 0), at(17, 30)}}}},
		// Blocks written before the properties: the ledger rule.
		{name: "moved-by-person-left", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)), blockEvent(a, at(18, 0), at(18, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true},
		// A crash after debrief moved the block to 17:00 and before the
		// ledger's save; then the interview moved again. The properties
		// say debrief put the block where it is: it follows.
		{name: "stamped-follows-though-ledger-missed-move", events: []calendar.Event{interviewAt("a", at(18, 0), at(19, 0)),
			stamped(blockEvent(a, at(17, 0), at(17, 30)), at(17, 0), at(17, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Moves: map[string]span{"a": {at(19, 0), at(19, 30)}}}},
		// The same crash, the interview where it was moved to: the block
		// is where it belongs; the ledger learns it, nothing is written.
		{name: "stamped-in-place-though-ledger-missed-move", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)),
			stamped(blockEvent(a, at(17, 0), at(17, 30)), at(17, 0), at(17, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Adopted: []string{"a"}}},
		// A crash after the insert, before the ledger's save; then the
		// interview moved.
		{name: "stamped-follows-though-ledger-missed-insert", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)),
			stamped(blockEvent(a, at(15, 0), at(15, 30)), at(15, 0), at(15, 30))}, fresh: true,
			want: planSummary{Moves: map[string]span{"a": {at(17, 0), at(17, 30)}}}},
		{name: "stamped-moved-by-person-left", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)),
			stamped(blockEvent(a, at(18, 0), at(18, 30)), at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true},
		// The properties, not the ledger, tell the person's move.
		{name: "stamped-moved-by-person-where-ledger-says", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)),
			stamped(blockEvent(a, at(18, 0), at(18, 30)), at(15, 0), at(15, 30))},
			ledger: written(idA, at(18, 0), at(18, 30), at(15, 0)), fresh: true},
		{name: "stamped-moved-by-person-ledger-lost", events: []calendar.Event{interviewAt("a", at(16, 0), at(17, 0)),
			stamped(blockEvent(a, at(18, 0), at(18, 30)), at(15, 0), at(15, 30))}, fresh: true,
			want: planSummary{Adopted: []string{"a"}}},
		{name: "deleted-by-person-not-recreated", events: []calendar.Event{a},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Gone: []string{idA}}},
		{name: "missing-while-offline-is-not-deleted", events: []calendar.Event{a},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: false},
		{name: "ledger-says-deleted", events: []calendar.Event{a},
			ledger: func() *Ledger {
				l := written(idA, at(15, 0), at(15, 30), at(15, 0))
				e := l.Blocks[idA]
				e.Deleted = true
				l.Blocks[idA] = e
				return l
			}()},
		{name: "declined-deletes-block", events: []calendar.Event{declined, blockEvent(a, at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Deletes: []string{idA}}},
		{name: "interview-gone-deletes-block", events: []calendar.Event{blockEvent(a, at(15, 0), at(15, 30))},
			ledger: written(idA, at(15, 0), at(15, 30), at(15, 0)), fresh: true,
			want: planSummary{Deletes: []string{idA}}},
		{name: "ledger-lost-adopts", events: []calendar.Event{a, blockEvent(a, at(15, 5), at(15, 35))},
			want: planSummary{Adopted: []string{"a"}}},
		{name: "disabled-no-writes", events: []calendar.Event{a, b, blockEvent(a, at(15, 0), at(15, 30))},
			cfg: func(c *Config) { c.BlockEnabled = false }},
		{name: "past-not-inserted", events: []calendar.Event{interviewAt("old", at(9, 0), at(10, 0))}},
		{name: "past-block-of-cancelled-kept", events: []calendar.Event{blockEvent(interviewAt("old", at(9, 0), at(10, 0)), at(10, 0), at(10, 30))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testConfig()
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			l := tt.ledger
			if l == nil {
				l = newLedger()
			}
			busy := tt.busy
			if busy == nil {
				busy = map[string][]calendar.Interval{}
			}
			in := PlanInput{
				Now: at(13, 0), Interviews: Interviews(tt.events, c.Rules, nil), Events: tt.events,
				Known: map[string]bool{"primary": tt.fresh}, BlocksFresh: tt.fresh, Ledger: l, Busy: busy,
			}
			got := summarize(PlanBlocks(in, c))
			want := tt.want
			if want.Inserts == nil {
				want.Inserts = map[string]span{}
			}
			if want.Moves == nil {
				want.Moves = map[string]span{}
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("PlanBlocks (-got +want):\n%s", diff)
			}
		})
	}
}

func TestPlanBlockContract(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	e := interviewAt("a", time.Date(2026, 11, 20, 14, 0, 0, 0, ny), time.Date(2026, 11, 20, 15, 0, 0, 0, ny))
	e.TimeZone = "America/New_York"
	c := testConfig()
	in := PlanInput{Now: at(12, 0), Interviews: Interviews([]calendar.Event{e}, c.Rules, nil), Ledger: newLedger(), Busy: map[string][]calendar.Interval{}}
	p := PlanBlocks(in, c)
	if len(p.Inserts) != 1 {
		t.Fatalf("PlanBlocks inserts %d blocks, want 1", len(p.Inserts))
	}
	got := p.Inserts[0]
	got.Description = ""
	want := calendar.Block{
		CalendarID: "primary", ID: calendar.BlockID("primary", "a"), InterviewCalendarID: "primary", InterviewEventID: "a",
		Summary: "Debrief: Acme", Start: e.End, End: e.End.Add(30 * time.Minute), TimeZone: "America/New_York",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("block (-got +want):\n%s", diff)
	}
	if cmd := "debrief reflect " + in.Interviews[0].RecordID; !strings.Contains(p.Inserts[0].Description, cmd) {
		t.Errorf("block description %q lacks %q", p.Inserts[0].Description, cmd)
	}
	if len(p.NeedBusy) != 1 || !p.NeedBusy[0].From.Equal(e.End) || !p.NeedBusy[0].To.Equal(e.End.Add(3*time.Hour)) {
		t.Errorf("NeedBusy = %v, want the 3 h after the interview", p.NeedBusy)
	}
}

func TestHuman(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{{30 * time.Minute, "30 minutes"}, {time.Minute, "1 minute"}, {3 * time.Hour, "3 hours"}, {time.Hour, "1 hour"}, {90 * time.Minute, "1 h 30 min"}}
	for _, tt := range tests {
		if got := human(tt.d); got != tt.want {
			t.Errorf("human(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
