package daemon

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/notebook"
)

// Interview is an event Detect took for an interview, with its record id.
type Interview struct {
	Event    calendar.Event
	Verdict  Verdict
	RecordID string // notebook.RecordID(Event.CalendarID, Event.ID)
}

// Key identifies the interview across calendars: "calendarID/eventID".
func (iv Interview) Key() string { return iv.Event.CalendarID + "/" + iv.Event.ID }

// Location is the interview's time zone, UTC when unknown.
func (iv Interview) Location() *time.Location { return zone(iv.Event.TimeZone) }

func zone(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.UTC
}

// Decide runs Detect once on each event, in order.
func Decide(events []calendar.Event, r Rules, ov Overrides) []Decision {
	ds := make([]Decision, len(events))
	for i, e := range events {
		ds[i] = Decision{Event: e, Verdict: Detect(e, r, ov.For(e))}
	}
	return ds
}

// Interviews runs Detect over events and returns the interviews sorted by
// start. The same meeting seen on two watched calendars (same iCalUID and
// start) counts once, from the calendar listed first.
func Interviews(events []calendar.Event, r Rules, ov Overrides) []Interview {
	return InterviewsOf(Decide(events, r, ov))
}

// InterviewsOf returns the interviews among the decisions, sorted by start,
// each meeting once (see Interviews).
func InterviewsOf(ds []Decision) []Interview {
	var out []Interview
	seen := map[string]bool{}
	for _, d := range ds {
		e, v := d.Event, d.Verdict
		if !v.Interview {
			continue
		}
		uid := cmp.Or(e.ICalUID, e.ID) + "@" + e.Start.UTC().Format(time.RFC3339)
		if seen[uid] {
			continue
		}
		seen[uid] = true
		out = append(out, Interview{Event: e, Verdict: v, RecordID: notebook.RecordID(e.CalendarID, e.ID)})
	}
	slices.SortStableFunc(out, func(a, b Interview) int { return a.Event.Start.Compare(b.Event.Start) })
	return out
}

// Group is interviews back to back (each starts less than MergeGap after
// the previous ones end) that share one block, after the last to end.
type Group struct {
	Members []Interview // by start
	Last    Interview   // the member that ends last: the block is keyed by it
	End     time.Time   // Last's end: the block's anchor
}

// Groups splits interviews (sorted by start) into back-to-back groups.
func Groups(ivs []Interview, mergeGap time.Duration) []Group {
	var gs []Group
	for _, iv := range ivs {
		if n := len(gs); n > 0 && iv.Event.Start.Sub(gs[n-1].End) < mergeGap {
			g := &gs[n-1]
			g.Members = append(g.Members, iv)
			if !iv.Event.End.Before(g.End) {
				g.Last, g.End = iv, iv.Event.End
			}
			continue
		}
		gs = append(gs, Group{Members: []Interview{iv}, Last: iv, End: iv.Event.End})
	}
	return gs
}

// Slot is where an interview's block is, or would be.
type Slot struct {
	BlockID    string
	Start, End time.Time
	// InCalendar: the block is (or is being) written in the calendar.
	// False when blocks are disabled, skipped, or deleted by the person.
	InCalendar bool
}

// BlockRef names a block to delete.
type BlockRef struct {
	CalendarID, ID string
}

// Note is something the person is told once: a block that could not go
// where it belongs. Key dedups it in the ledger.
type Note struct {
	Key, Text string
}

// BusyQuery asks free/busy for the window a block may be placed in.
type BusyQuery struct {
	BlockID  string
	From, To time.Time
}

// BlockPlan is what PlanBlocks decided: the calendar writes, the ledger
// changes they imply, and where every interview's block is.
type BlockPlan struct {
	Inserts []calendar.Block
	Moves   []calendar.Block
	Deletes []BlockRef
	// Adopt are debrief's blocks found in the calendar that the ledger
	// does not record where they are (the state directory was lost, or a
	// crash came between a block write and the ledger's save): recorded
	// where they are, for the interview's current end.
	Adopt []BlockEntry
	// Gone are blocks debrief wrote that vanished from a fresh sync: the
	// person deleted them; they are not recreated.
	Gone []string
	// Anchors are the interview ends of Inserts and Moves, by block id,
	// for the ledger.
	Anchors map[string]time.Time
	Notes   []Note
	// NeedBusy are the windows to ask free/busy about before placing
	// Inserts and Moves; the loop asks and plans again with the answers.
	NeedBusy []BusyQuery
	// Slots is every interview's block, by Interview.Key.
	Slots map[string]Slot
}

// PlanInput is the data PlanBlocks decides from.
type PlanInput struct {
	Now        time.Time
	Interviews []Interview
	// Events are the live events of every synced calendar (watched and
	// the block calendar), blocks included.
	Events []calendar.Event
	// Known are the calendars synced successfully at least once: an
	// interview missing from them is gone.
	Known map[string]bool
	// BlocksFresh: the block calendar synced successfully in this tick,
	// so a block missing from Events was deleted by the person.
	BlocksFresh bool
	Ledger      *Ledger
	// Busy are free/busy answers by block id (see BlockPlan.NeedBusy);
	// where missing, only the synced events are taken as busy.
	Busy map[string][]calendar.Interval
}

// PlanBlocks decides the block writes: a pure function of its input and
// c. Blocks follow DESIGN.md's contract: one per group of back-to-back
// interviews, after the last; moved when the interview moves; deleted when
// it is cancelled, declined or no longer an interview; never recreated
// after the person deleted one; left where the person moved one; none at
// all when c.BlockEnabled is false. Blocks that already ended are history
// and never touched, and no block is inserted whose slot has passed.
func PlanBlocks(in PlanInput, c Config) BlockPlan {
	p := BlockPlan{Slots: map[string]Slot{}, Anchors: map[string]time.Time{}}
	seen := map[string]calendar.Event{}
	for _, e := range in.Events {
		if e.IsBlock() && e.CalendarID == c.BlockCalendar && e.Private[calendar.PropInterview] != "" {
			seen[e.ID] = e
		}
	}
	desired := map[string]bool{}
	for _, g := range Groups(in.Interviews, c.MergeGap) {
		last := g.Last.Event
		id := calendar.BlockID(last.CalendarID, last.ID)
		desired[id] = true
		slot := Slot{BlockID: id, Start: g.End, End: g.End.Add(c.BlockDuration)}
		if c.BlockEnabled {
			slot = planGroup(&p, in, c, g, id, seen)
		}
		for _, m := range g.Members {
			p.Slots[m.Key()] = slot
		}
	}
	if !c.BlockEnabled {
		return p
	}
	byKey := map[string]calendar.Event{}
	for _, e := range in.Events {
		byKey[e.CalendarID+"/"+e.ID] = e
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b := seen[id]
		if desired[id] || !b.End.After(in.Now) {
			continue
		}
		ical := b.Private[calendar.PropCalendar]
		if _, ok := byKey[ical+"/"+b.Private[calendar.PropInterview]]; !ok && !in.Known[ical] {
			continue // the interview may only be unknown yet: keep its block
		}
		p.Deletes = append(p.Deletes, BlockRef{CalendarID: b.CalendarID, ID: id})
	}
	return p
}

// planGroup decides one group's block and returns its slot.
func planGroup(p *BlockPlan, in PlanInput, c Config, g Group, id string, seen map[string]calendar.Event) Slot {
	anchor := g.End
	ideal := Slot{BlockID: id, Start: anchor, End: anchor.Add(c.BlockDuration), InCalendar: true}
	led, hasLed := in.Ledger.Blocks[id]
	b, isSeen := seen[id]
	adopt := func(s Slot) Slot {
		p.Adopt = append(p.Adopt, BlockEntry{
			CalendarID: b.CalendarID, InterviewCalendarID: g.Last.Event.CalendarID,
			InterviewEventID: g.Last.Event.ID, Start: b.Start, End: b.End, Anchor: anchor,
		})
		return s
	}
	place := func(move bool) Slot {
		s, ok := placeBlock(p, in, c, g, id)
		if !ok {
			if move {
				p.Deletes = append(p.Deletes, BlockRef{CalendarID: c.BlockCalendar, ID: id})
			}
			return Slot{BlockID: id, Start: ideal.Start, End: ideal.End}
		}
		if move && s.Start.Equal(b.Start) && s.End.Equal(b.End) {
			// Already where it belongs (debrief's last write, which the
			// ledger missed): recorded, not written again.
			return adopt(s)
		}
		blk := block(c, g, id, s.Start, s.End)
		if move {
			p.Moves = append(p.Moves, blk)
		} else {
			p.Inserts = append(p.Inserts, blk)
		}
		p.Anchors[id] = anchor
		return s
	}
	switch {
	case hasLed && led.Deleted:
		ideal.InCalendar = false
		return ideal
	case isSeen:
		here := Slot{BlockID: id, Start: b.Start, End: b.End, InCalendar: true}
		ws, we, stamped := b.Written()
		switch {
		case stamped && (!b.Start.Equal(ws) || !b.End.Equal(we)):
			// The person moved it: its times are not the ones debrief
			// wrote into it.
			if !hasLed {
				return adopt(here)
			}
			return here
		case !stamped && !hasLed:
			return adopt(here) // the state directory was lost
		case !stamped && (!b.Start.Equal(led.Start) || !b.End.Equal(led.End)):
			// Written before the blocks carried their times: the ledger
			// says where debrief put it.
			return here
		case !b.End.After(in.Now):
			if !hasLed {
				return adopt(here)
			}
			return here
		case hasLed && b.Start.Equal(led.Start) && b.End.Equal(led.End) && led.Anchor.Equal(anchor):
			return here
		}
		// debrief's own block, where debrief last put it, and either its
		// interview moved, or the ledger missed that last write (a crash
		// between the write and the ledger's save) and so the anchor it
		// was placed for: placed again.
		return place(true)
	case hasLed:
		if in.BlocksFresh {
			p.Gone = append(p.Gone, id)
			ideal.InCalendar = false
			return ideal
		}
		return Slot{BlockID: id, Start: led.Start, End: led.End, InCalendar: true}
	case !ideal.End.After(in.Now):
		ideal.InCalendar = false
		return ideal
	}
	return place(false)
}

// placeBlock applies the conflict policy to the group's block, asking for
// free/busy first if the input has no answer for it.
func placeBlock(p *BlockPlan, in PlanInput, c Config, g Group, id string) (Slot, bool) {
	anchor := g.End
	busy, asked := in.Busy[id]
	if !asked {
		p.NeedBusy = append(p.NeedBusy, BusyQuery{BlockID: id, From: anchor, To: anchor.Add(max(c.ShiftWithin, c.BlockDuration))})
	}
	busy = busyAround(busy, in.Events, g, c)
	s, e, ok, why := place(anchor, c.BlockDuration, busy, c)
	if why != "" {
		loc := g.Last.Location()
		text := fmt.Sprintf("The reflection block after %s %s", describe(g.Last), why)
		if ok {
			text += fmt.Sprintf(": %s–%s", s.In(loc).Format("Mon 2 Jan 15:04"), e.In(loc).Format("15:04 MST"))
		}
		p.Notes = append(p.Notes, Note{Key: "note/" + id + "/" + anchor.UTC().Format(time.RFC3339), Text: text + "."})
	}
	return Slot{BlockID: id, Start: s, End: e, InCalendar: ok}, ok
}

func describe(iv Interview) string {
	loc := iv.Location()
	what := "your interview"
	if iv.Verdict.Company != "" {
		what += " with " + iv.Verdict.Company
	}
	return what + " (ending " + iv.Event.End.In(loc).Format("Mon 2 Jan 15:04 MST") + ")"
}

// busyAround is what stands in the way of the group's block: the free/busy
// answer without the group's interviews and debrief's own blocks (which
// free/busy cannot tell apart), plus the synced events that make the
// person busy — free/busy merges adjacent spans, so subtracting may have
// cut away a real meeting that the events put back.
func busyAround(fb []calendar.Interval, events []calendar.Event, g Group, c Config) []calendar.Interval {
	var own []calendar.Interval
	members := map[string]bool{}
	for _, m := range g.Members {
		own = append(own, calendar.Interval{Start: m.Event.Start, End: m.Event.End})
		members[m.Key()] = true
	}
	for _, e := range events {
		if e.IsBlock() {
			own = append(own, calendar.Interval{Start: e.Start, End: e.End})
		}
	}
	out := subtract(fb, own)
	for _, e := range events {
		if e.IsBlock() || members[e.CalendarID+"/"+e.ID] || e.AllDay || e.Status == "cancelled" ||
			e.Transparency == "transparent" || e.SelfResponse() == "declined" {
			continue
		}
		out = append(out, calendar.Interval{Start: e.Start, End: e.End})
	}
	return calendar.MergeIntervals(out)
}

// subtract removes the spans of cut from every interval of in.
func subtract(in, cut []calendar.Interval) []calendar.Interval {
	out := slices.Clone(in)
	for _, x := range cut {
		var next []calendar.Interval
		for _, b := range out {
			if !x.Start.Before(b.End) || !b.Start.Before(x.End) {
				next = append(next, b)
				continue
			}
			if b.Start.Before(x.Start) {
				next = append(next, calendar.Interval{Start: b.Start, End: x.Start})
			}
			if x.End.Before(b.End) {
				next = append(next, calendar.Interval{Start: x.End, End: b.End})
			}
		}
		out = next
	}
	return out
}

func overlaps(busy []calendar.Interval, s, e time.Time) bool {
	for _, b := range busy {
		if b.Start.Before(e) && s.Before(b.End) {
			return true
		}
	}
	return false
}

// place applies c.Conflict to a block of duration d after anchor, with
// busy sorted and merged. why is "" when the block goes where it belongs,
// else what happened, for the person.
func place(anchor time.Time, d time.Duration, busy []calendar.Interval, c Config) (s, e time.Time, ok bool, why string) {
	s, e = anchor, anchor.Add(d)
	if !overlaps(busy, s, e) {
		return s, e, true, ""
	}
	switch c.Conflict {
	case ConflictOverlap:
		return s, e, true, "overlaps another event"
	case ConflictShorten:
		free := e
		for _, b := range busy {
			if b.Start.Before(free) && anchor.Before(b.End) {
				free = maxTime(b.Start, anchor)
				break
			}
		}
		if free.Sub(anchor) >= c.MinDuration {
			return anchor, free, true, fmt.Sprintf("was shortened to %s because the time after it is busy", human(free.Sub(anchor)))
		}
		return s, e, false, fmt.Sprintf("was not written: less than %s is free after it", human(c.MinDuration))
	case ConflictShift:
		limit := anchor.Add(c.ShiftWithin)
		for _, b := range busy {
			if b.End.Before(anchor) {
				continue
			}
			cs := b.End
			if ce := cs.Add(d); !ce.After(limit) && !overlaps(busy, cs, ce) {
				return cs, ce, true, "was moved to the next free time because the time right after it is busy"
			}
		}
		return s, e, false, fmt.Sprintf("was not written: no free %s in the %s after it", human(d), human(c.ShiftWithin))
	}
	return s, e, false, "was not written because the time after it is busy"
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// block builds the calendar block of a group.
func block(c Config, g Group, id string, s, e time.Time) calendar.Block {
	var companies, positions []string
	for _, m := range g.Members {
		if co := m.Verdict.Company; co != "" && !slices.Contains(companies, co) {
			companies = append(companies, co)
		}
		if po := m.Verdict.Position; po != "" && !slices.Contains(positions, po) {
			positions = append(positions, po)
		}
	}
	company := cmp.Or(strings.Join(companies, " + "), "interview")
	title := strings.NewReplacer("{company}", company, "{position}", strings.Join(positions, " + ")).Replace(c.BlockTitle)
	title = strings.TrimRight(strings.TrimSpace(title), " -–—:|/")
	last := g.Last.Event
	return calendar.Block{
		CalendarID:          c.BlockCalendar,
		ID:                  id,
		InterviewCalendarID: last.CalendarID,
		InterviewEventID:    last.ID,
		Summary:             title,
		Description:         blockDescription(g),
		Start:               s,
		End:                 e,
		TimeZone:            last.TimeZone,
	}
}

// blockDescription is the reflection prompts and the command to write the
// reflection down, one per interview of the group.
func blockDescription(g Group) string {
	var b strings.Builder
	b.WriteString("Time to unwind and reflect while it is fresh.\n\n")
	b.WriteString("Write down:\n")
	for _, q := range []string{
		"the questions you were asked, and how you answered them",
		"what went well, and what could have gone better",
		"anything important you did not get to say (for the thank-you note)",
		"the interviewers' names and roles",
		"the next steps, and when you can expect to hear back",
	} {
		b.WriteString("- " + q + "\n")
	}
	b.WriteString("\nThen record it:\n")
	for _, m := range g.Members {
		fmt.Fprintf(&b, "  debrief reflect %s", m.RecordID)
		if m.Verdict.Company != "" && len(g.Members) > 1 {
			fmt.Fprintf(&b, "   (%s)", m.Verdict.Company)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nWritten by debrief. Delete this event and debrief will not bring it back.\n")
	return b.String()
}

// human writes a duration for people: "30 minutes", "3 hours", "1 h 30 min".
func human(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
