package daemon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/google/go-cmp/cmp"
)

// dueKinds runs Due and returns "kind" or "kind(dropped)" per alert.
func dueKinds(now time.Time, evs []calendar.Event, recs []*notebook.Record, l *Ledger, c Config) []string {
	ivs := Interviews(evs, c.Rules, nil)
	p := PlanBlocks(PlanInput{Now: now, Interviews: ivs, Events: evs, Ledger: l, Busy: map[string][]calendar.Interval{}}, c)
	var out []string
	for _, a := range Due(DueInput{Now: now, Interviews: ivs, Slots: p.Slots, Records: recs, Ledger: l}, c) {
		k := a.Kind
		if a.Drop {
			k += "(dropped)"
		}
		out = append(out, k)
	}
	return out
}

func TestDue(t *testing.T) {
	iv := interviewAt("a", at(10, 0), at(11, 0))
	id := notebook.RecordID("primary", "a")
	rec := func(f func(r *notebook.Record)) *notebook.Record {
		r := newRecord(Interview{Event: iv, Verdict: Detect(iv, defaultRules(), ""), RecordID: id})
		if f != nil {
			f(r)
		}
		return r
	}
	earlier := &notebook.Record{ID: "earlier1", Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 2}},
		FollowUp: notebook.FollowUp{Outcome: notebook.OutcomeNextRound}}
	sent := &notebook.Date{Year: 2026, Month: 11, Day: 20}
	yes := true
	fired := func(kinds ...string) *Ledger {
		l := newLedger()
		for _, k := range kinds {
			extra := ""
			if k == KindThankYou {
				extra = (3 * time.Hour).String()
			}
			l.Alerts[key(Interview{Event: iv}, k, extra)] = AlertEntry{State: StateSent}
		}
		return l
	}
	// snoozed: the ended nudge fired and "Later" put the reminder off
	// until until.
	snoozed := func(until time.Time) *Ledger {
		l := fired(KindEnded)
		l.Alerts[key(Interview{Event: iv}, KindReflectReminder, "")] = AlertEntry{State: StateSnoozed, At: at(11, 5), Due: until}
		return l
	}
	tests := []struct {
		name   string
		now    time.Time
		recs   []*notebook.Record
		ledger *Ledger
		want   []string
	}{
		{"nothing-yet", at(8, 0), []*notebook.Record{rec(nil), earlier}, nil, nil},
		{"briefing-due", at(9, 0), []*notebook.Record{rec(nil), earlier}, nil, []string{KindBriefing}},
		{"briefing-unknown-company", at(9, 0), []*notebook.Record{rec(nil)}, nil, nil},
		{"briefing-dropped-once-started", at(10, 0), []*notebook.Record{rec(nil), earlier}, nil, []string{"briefing(dropped)"}},
		{"ended", at(11, 0), []*notebook.Record{rec(nil)}, nil, []string{KindEnded}},
		{"ended-late-still-fires", at(22, 59), []*notebook.Record{rec(nil)}, fired(KindReflectReminder, KindThankYou), []string{KindEnded}},
		{"ended-dropped-after-12h", at(23, 0), []*notebook.Record{rec(nil)}, fired(KindReflectReminder, KindThankYou), []string{"ended(dropped)"}},
		{"reflect-reminder-at-block-end", at(11, 30), []*notebook.Record{rec(nil)}, fired(KindEnded), []string{KindReflectReminder}},
		{"reflect-reminder-not-when-reflected", at(11, 30), []*notebook.Record{rec(func(r *notebook.Record) { r.Overall.WentWell = "rapport" })}, fired(KindEnded), nil},
		{"thank-you-3h", at(14, 0), []*notebook.Record{rec(nil)}, fired(KindEnded, KindReflectReminder), []string{KindThankYou}},
		{"thank-you-not-when-sent", at(14, 0), []*notebook.Record{rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent })}, fired(KindEnded, KindReflectReminder), nil},
		{"thank-you-not-when-unneeded", at(14, 0), []*notebook.Record{rec(func(r *notebook.Record) { no := !yes; r.NextSteps.ThankYouNeeded = &no })}, fired(KindEnded, KindReflectReminder), nil},
		{"thank-you-after-window-dropped", at(35, 0), []*notebook.Record{rec(nil)}, fired(KindEnded, KindReflectReminder, KindThankYou), []string{"thank-you(dropped)"}},
		{"follow-up-on-its-day", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), []*notebook.Record{rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent; r.ReflectedAt = &iv.End })}, fired(KindEnded), []string{KindFollowUp}},
		{"follow-up-not-after-outcome", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), []*notebook.Record{rec(func(r *notebook.Record) {
			r.FollowUp.ThankYouSent = sent
			r.ReflectedAt = &iv.End
			r.FollowUp.Outcome = notebook.OutcomeOffer
		})}, fired(KindEnded), nil},
		{"follow-up-dropped-after-a-week", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), []*notebook.Record{rec(func(r *notebook.Record) { r.FollowUp.ThankYouSent = sent; r.ReflectedAt = &iv.End })}, fired(KindEnded), []string{"follow-up(dropped)"}},
		{"no-follow-up-for-cancelled-unreflected", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), []*notebook.Record{rec(func(r *notebook.Record) {
			r.Source.EventID = "cancelled"
			r.ID = notebook.RecordID("primary", "cancelled")
		})}, fired(KindEnded), []string{"reflect-reminder(dropped)", "thank-you(dropped)", "thank-you(dropped)"}},
		{"snoozed-reminder-not-at-block-end", at(11, 30), []*notebook.Record{rec(nil)}, snoozed(at(12, 5)), nil},
		{"snoozed-reminder-when-asked", at(12, 5), []*notebook.Record{rec(nil)}, snoozed(at(12, 5)), []string{KindReflectReminder}},
		{"snoozed-reminder-not-when-reflected", at(12, 5), []*notebook.Record{rec(func(r *notebook.Record) { r.Overall.WentWell = "rapport" })}, snoozed(at(12, 5)), nil},
		{"snoozed-reminder-keeps-its-window", at(12, 5).Add(reflectWindow - time.Minute), []*notebook.Record{rec(nil)}, snoozed(at(12, 5)), []string{KindReflectReminder, "thank-you(dropped)", "thank-you(dropped)"}},
		{"snoozed-reminder-dropped-after-its-window", at(12, 5).Add(reflectWindow), []*notebook.Record{rec(nil)}, snoozed(at(12, 5)), []string{"reflect-reminder(dropped)", "thank-you(dropped)", "thank-you(dropped)"}},
		{"sending-is-resent", at(11, 1), []*notebook.Record{rec(nil)}, func() *Ledger {
			l := newLedger()
			l.Alerts[key(Interview{Event: iv}, KindEnded, "")] = AlertEntry{State: StateSending}
			return l
		}(), []string{KindEnded}},
	}
	c := testConfig()
	c.Policy = notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 1}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.ledger
			if l == nil {
				l = newLedger()
			}
			got := dueKinds(tt.now, []calendar.Event{iv}, tt.recs, l, c)
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("Due at %v (-got +want):\n%s", tt.now, diff)
			}
		})
	}
}

func TestDueBackToBackOneEnded(t *testing.T) {
	evs := []calendar.Event{interviewAt("a", at(10, 0), at(11, 0)), interviewAt("b", at(11, 0), at(12, 0))}
	c := testConfig()
	ivs := Interviews(evs, c.Rules, nil)
	p := PlanBlocks(PlanInput{Now: at(12, 0), Interviews: ivs, Events: evs, Ledger: newLedger(), Busy: map[string][]calendar.Interval{}}, c)
	var ended []Alert
	for _, a := range Due(DueInput{Now: at(12, 0), Interviews: ivs, Slots: p.Slots, Ledger: newLedger()}, c) {
		if a.Kind == KindEnded {
			ended = append(ended, a)
		}
	}
	if len(ended) != 1 || !ended[0].Due.Equal(at(12, 0)) {
		t.Fatalf("ended alerts = %+v, want one at the end of the last interview", ended)
	}
	for _, iv := range ivs {
		if !strings.Contains(ended[0].Body, "debrief reflect "+iv.RecordID) {
			t.Errorf("ended body %q lacks the command for %s", ended[0].Body, iv.Event.ID)
		}
	}
}

func TestOverrides(t *testing.T) {
	dir := t.TempDir()
	now := at(9, 0)
	for _, step := range []struct {
		id string
		ov Override
	}{{"series1", OverrideInterview}, {"series1_20261120T100000Z", OverrideNotInterview}, {"single", OverrideInterview}, {"single", OverrideNone}} {
		if err := SetOverride(dir, step.id, step.ov, now); err != nil {
			t.Fatal(err)
		}
	}
	o, err := LoadOverrides(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		e    calendar.Event
		want Override
	}{
		{"series-mark-applies-to-instance", calendar.Event{ID: "series1_20261127T100000Z", RecurringEventID: "series1"}, OverrideInterview},
		{"instance-mark-wins", calendar.Event{ID: "series1_20261120T100000Z", RecurringEventID: "series1"}, OverrideNotInterview},
		{"auto-removes", calendar.Event{ID: "single"}, OverrideNone},
		{"unmarked", calendar.Event{ID: "other"}, OverrideNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := o.For(tt.e); got != tt.want {
				t.Errorf("Overrides.For(%q) = %q, want %q", tt.e.ID, got, tt.want)
			}
		})
	}
	fi, err := os.Stat(filepath.Join(dir, OverridesFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("overrides file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestStateFilesBad(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{OverridesFile, LedgerFile} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{not json"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadOverrides(dir); err == nil || !strings.Contains(err.Error(), OverridesFile) {
		t.Errorf("LoadOverrides(corrupt) = %v, want an error naming the file", err)
	}
	if _, err := LoadLedger(dir); err == nil || !strings.Contains(err.Error(), LedgerFile) {
		t.Errorf("LoadLedger(corrupt) = %v, want an error naming the file", err)
	}
	if err := SetOverride(dir, "x", OverrideInterview, at(9, 0)); err == nil {
		t.Errorf("SetOverride over a corrupt file = nil, want an error (the file is not replaced)")
	}
	if err := SetOverride(dir, "x", "maybe", at(9, 0)); err == nil {
		t.Errorf("SetOverride(maybe) = nil, want an error")
	}
}

func TestNextDeadline(t *testing.T) {
	iv := interviewAt("a", at(10, 0), at(11, 0))
	id := notebook.RecordID("primary", "a")
	rec := func(f func(r *notebook.Record)) *notebook.Record {
		r := newRecord(Interview{Event: iv, Verdict: Detect(iv, defaultRules(), ""), RecordID: id})
		if f != nil {
			f(r)
		}
		return r
	}
	earlier := &notebook.Record{ID: "earlier1", Interview: notebook.Details{Company: "Acme", Date: notebook.Date{Year: 2026, Month: 11, Day: 2}},
		FollowUp: notebook.FollowUp{Outcome: notebook.OutcomeNextRound}}
	reflected := rec(func(r *notebook.Record) { r.Overall.WentWell = "rapport" })
	settled := rec(func(r *notebook.Record) {
		r.Overall.WentWell = "rapport"
		r.FollowUp.Outcome = notebook.OutcomeRejected
	})
	weekly := testConfig()
	weekly.WeeklyReview, weekly.Local = "Sun 18:00", time.UTC
	tests := []struct {
		name string
		now  time.Time
		evs  []calendar.Event
		recs []*notebook.Record
		c    Config
		want time.Time
	}{
		{"briefing-first", at(8, 0), []calendar.Event{iv}, []*notebook.Record{rec(nil), earlier}, testConfig(), at(9, 0)},
		{"due-now-is-not-next", at(9, 0), []calendar.Event{iv}, []*notebook.Record{rec(nil), earlier}, testConfig(), at(11, 0)},
		{"during-the-interview", at(10, 30), []calendar.Event{iv}, []*notebook.Record{rec(nil)}, testConfig(), at(11, 0)},
		{"reflect-reminder-at-block-end", at(11, 0), []calendar.Event{iv}, []*notebook.Record{rec(nil)}, testConfig(), at(11, 30)},
		{"reflected-thank-you-next", at(11, 0), []calendar.Event{iv}, []*notebook.Record{reflected}, testConfig(), at(14, 0)},
		{"second-thank-you", at(14, 0), []calendar.Event{iv}, []*notebook.Record{reflected}, testConfig(), at(31, 0)},
		{"nothing-left", at(11, 0), []calendar.Event{iv}, []*notebook.Record{settled}, testConfig(), time.Time{}},
		{"no-interviews", at(11, 0), nil, nil, testConfig(), time.Time{}},
		{"weekly-review-sunday", at(11, 0), nil, nil, weekly, time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)},
		{"weekly-review-a-week-on", time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC), nil, nil, weekly, time.Date(2026, 11, 29, 18, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger()
			ivs := Interviews(tt.evs, tt.c.Rules, nil)
			p := PlanBlocks(PlanInput{Now: tt.now, Interviews: ivs, Events: tt.evs, Ledger: l, Busy: map[string][]calendar.Interval{}}, tt.c)
			got := nextDeadline(DueInput{Now: tt.now, Interviews: ivs, Slots: p.Slots, Records: tt.recs, Ledger: l}, tt.c)
			if !got.Equal(tt.want) {
				t.Errorf("nextDeadline(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func TestWaitFor(t *testing.T) {
	now := at(10, 0)
	tests := []struct {
		name string
		at   []time.Time
		want time.Duration
	}{
		{"nothing-coming-tick", []time.Time{{}, {}}, 30 * time.Second},
		{"deadline-before-tick", []time.Time{{}, now.Add(7 * time.Second)}, 7 * time.Second},
		{"poll-before-deadline", []time.Time{now.Add(3 * time.Second), now.Add(7 * time.Second)}, 3 * time.Second},
		{"far-deadline-capped", []time.Time{now.Add(time.Hour)}, 30 * time.Second},
		{"past-deadline-at-once", []time.Time{now.Add(-time.Minute)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := waitFor(now, 30*time.Second, tt.at...); got != tt.want {
				t.Errorf("waitFor(%v) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

// "Later" brings the reflection reminder back even when reflect_reminder is
// off: the person asked for it; the next deadline is the snooze's end.
func TestSnoozeWithoutReminders(t *testing.T) {
	iv := interviewAt("a", at(10, 0), at(11, 0))
	c := testConfig()
	c.ReflectReminder = false
	c.ThankYou = nil
	l := newLedger()
	l.Alerts[key(Interview{Event: iv}, KindEnded, "")] = AlertEntry{State: StateSent}
	if got := dueKinds(at(12, 5), []calendar.Event{iv}, nil, l, c); len(got) != 0 {
		t.Errorf("Due without a snooze = %v, want nothing", got)
	}
	l.Alerts[key(Interview{Event: iv}, KindReflectReminder, "")] = AlertEntry{State: StateSnoozed, Due: at(12, 5)}
	if got, want := dueKinds(at(12, 5), []calendar.Event{iv}, nil, l, c), []string{KindReflectReminder}; !cmp.Equal(got, want) {
		t.Errorf("Due with a snooze = %v, want %v", got, want)
	}
	ivs := Interviews([]calendar.Event{iv}, c.Rules, nil)
	if got := nextDeadline(DueInput{Now: at(11, 30), Interviews: ivs, Ledger: l}, c); !got.Equal(at(12, 5)) {
		t.Errorf("nextDeadline = %v, want the snooze's end %v", got, at(12, 5))
	}
}

func TestEndedTitle(t *testing.T) {
	start := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	iv := func(id, title, company string, from From) Interview {
		return Interview{
			Event:    calendar.Event{ID: id, Summary: title, Start: start, End: start.Add(time.Hour)},
			Verdict:  Verdict{Interview: true, Company: company, CompanyFrom: from},
			RecordID: "rec" + id,
		}
	}
	byPerson := map[string]*notebook.Record{"recb": {ID: "recb", Source: &notebook.Source{CompanyFrom: "person"}, Interview: notebook.Details{Company: "Fabrikam Labs"}}}
	tests := []struct {
		name    string
		members []Interview
		recs    map[string]*notebook.Record
		want    string
	}{
		{"company-from-title", []Interview{iv("a", "Interview with Acme", "Acme", FromTitle)}, nil, "Interview with Acme over"},
		{"company-from-domain-uses-the-title", []Interview{iv("a", "Technical Interview", "Hirequest", FromDomain)}, nil, `"Technical Interview" over`},
		{"company-set-by-the-person", []Interview{iv("b", "Technical Interview", "Hirequest", FromDomain)}, byPerson, "Interview with Fabrikam Labs over"},
		{"title-cleaned", []Interview{iv("a", "Tech\u202e chat\n", "", FromNone)}, nil, `"Tech chat" over`},
		{"back-to-back-one-company", []Interview{iv("a", "Acme onsite 1", "Acme", FromTitle), iv("c", "Acme onsite 2", "Acme", FromTitle)}, nil, "Interviews with Acme over"},
		{"back-to-back-each-named", []Interview{iv("a", "Acme onsite", "Acme", FromTitle), iv("c", "Tech chat", "Tech", FromDomain), iv("d", "Globex panel", "Globex", FromTitle)}, nil, `3 interviews over: Acme, "Tech chat" and Globex`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Group{Members: tt.members, Last: tt.members[len(tt.members)-1]}
			if got := endedTitle(g, tt.recs); got != tt.want {
				t.Errorf("endedTitle() = %q, want %q", got, tt.want)
			}
		})
	}
	// The body of a nudge that names a company shows the event's own
	// title, so a wrong reading is seen at once.
	g := Group{Members: []Interview{iv("a", "Interview with Acme \u202e", "Acme", FromTitle)}}
	g.Last = g.Members[0]
	if a := endedAlert(g, Slot{}, Config{BlockDuration: 30 * time.Minute}, nil); !strings.HasPrefix(a.Body, `Calendar event: "Interview with Acme".`) {
		t.Errorf("ended body = %q, want it to start with the event's title", a.Body)
	}
}
