package daemon

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/insight"
	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/internal/clean"
	"github.com/debrief-dev/debrief/notebook"
)

// Alert kinds.
const (
	KindEnded           = "ended"
	KindReflectReminder = "reflect-reminder"
	KindThankYou        = "thank-you"
	KindFollowUp        = "follow-up"
	KindBriefing        = "briefing"
	KindNote            = "note"
	KindWeeklyReview    = "weekly-review"
)

// How late an alert may still fire; past this it no longer matters and is
// recorded as dropped. A thank-you reminder matters until the note's
// deadline, a briefing until the interview starts.
const (
	endedWindow    = 12 * time.Hour
	reflectWindow  = 24 * time.Hour
	followUpWindow = 7 * 24 * time.Hour
)

// Alert is one nudge: due at Due, keyed in the ledger by Key
// ("calendarID/eventID|occurrence start|kind[|offset]"). Drop means it was
// missed and no longer matters: the loop records it as dropped.
type Alert struct {
	Key         string
	Kind        string
	Due         time.Time
	Title, Body string
	Drop        bool
	// Records are the notebook records the alert is about (the members
	// of a back-to-back group for KindEnded), for its buttons.
	Records []string
}

// DueInput is the data Due decides from.
type DueInput struct {
	Now        time.Time
	Interviews []Interview
	// Slots are the blocks' times by Interview.Key (BlockPlan.Slots).
	Slots map[string]Slot
	// Records are the notebook's records.
	Records []*notebook.Record
	// Corrections are the person's merges and splits of the question
	// bank, for the briefings.
	Corrections questions.Corrections
	Ledger      *Ledger
}

// Due returns the alerts due at in.Now that the ledger has not settled,
// sorted by due time: a pure function of its input and c. An alert whose
// time has come fires however late the daemon looks, within its window
// (ended 12 h, reflect-reminder 24 h, thank-you until the note's deadline,
// follow-up 7 days, briefing until the interview starts); past it, the
// alert comes back with Drop set. Follow-ups come from every record, made
// by hand or from an event, except the records of events that are no
// longer interviews and were never reflected on.
func Due(in DueInput, c Config) []Alert {
	var out []Alert
	every(in, c, func(a Alert, window time.Time) {
		if in.Now.Before(a.Due) || in.Ledger.done(a.Key) {
			return
		}
		a.Drop = !in.Now.Before(window)
		out = append(out, a)
	})
	slices.SortStableFunc(out, func(a, b Alert) int { return cmp.Or(a.Due.Compare(b.Due), strings.Compare(a.Key, b.Key)) })
	return out
}

// nextDeadline returns the earliest instant after in.Now at which an alert
// falls due that the ledger has not settled, or the zero time if none is
// coming: the loop wakes then rather than at its next tick. A pure
// function of its input and c, like Due.
func nextDeadline(in DueInput, c Config) time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if t.After(in.Now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	every(in, c, func(a Alert, _ time.Time) {
		if !in.Ledger.done(a.Key) {
			earliest(a.Due)
		}
	})
	if c.WeeklyReview != "" {
		// every adds the latest notice that is due; the next is a week on.
		if due, err := weeklyDue(in.Now, c); err == nil {
			earliest(due.AddDate(0, 0, 7))
		}
	}
	return next
}

// every calls add with each alert of in, due or not, and the instant past
// which it no longer matters.
func every(in DueInput, c Config, add0 func(Alert, time.Time)) {
	// An alert the person put off ("Later") is due when they asked, and
	// matters as long after that as it did after its own time.
	add := func(a Alert, window time.Time) {
		if e, ok := in.Ledger.Alerts[a.Key]; ok && e.State == StateSnoozed {
			window = window.Add(e.Due.Sub(a.Due))
			a.Due = e.Due
		}
		add0(a, window)
	}
	byID := map[string]*notebook.Record{}
	for _, r := range in.Records {
		byID[r.ID] = r
	}
	ivs := in.Interviews
	if hm := HandMade(in.Records); len(hm) > 0 {
		ivs = slices.Concat(ivs, hm)
		slices.SortStableFunc(ivs, func(a, b Interview) int { return a.Event.Start.Compare(b.Event.Start) })
	}
	for _, g := range Groups(ivs, c.MergeGap) {
		// An interview recorded by hand after it ended needs no news
		// that it is over.
		if r := byID[g.Last.RecordID]; c.Ended && !(r != nil && r.Source == nil && !r.Created.Before(g.End)) {
			a := endedAlert(g, in.Slots[g.Last.Key()], c, byID)
			add(a, a.Due.Add(endedWindow))
		}
		for _, iv := range g.Members {
			r := byID[iv.RecordID]
			slot := in.Slots[iv.Key()]
			if slot.End.IsZero() {
				slot.End = iv.Event.End.Add(c.BlockDuration)
			}
			rk := key(iv, KindReflectReminder, "")
			if (c.ReflectReminder || in.Ledger.snoozed(rk)) && (r == nil || !r.Reflected()) {
				add(Alert{
					Key: rk, Kind: KindReflectReminder, Due: slot.End, Records: []string{iv.RecordID},
					Title: "Reflect on your interview" + with(iv),
					Body:  "Your reflection is still empty. While you remember it, run:\n  debrief reflect " + iv.RecordID,
				}, slot.End.Add(reflectWindow))
			}
			thankYou(iv, r, c, add)
			briefing(iv, in, c, add)
		}
	}
	current := map[string]bool{}
	for _, iv := range in.Interviews {
		current[iv.RecordID] = true
	}
	for _, r := range in.Records {
		// The record of an event that is no longer an interview
		// (cancelled, declined, marked not) gets no follow-up unless the
		// person reflected on it: the interview did happen.
		if r.Source == nil || current[r.ID] || r.Reflected() {
			followUp(r, in.Now, c, add)
		}
	}
	if c.WeeklyReview != "" {
		weeklyReview(in, c, add)
	}
}

// HandMadeCalendar is the calendar id of the interviews HandMade returns;
// their alerts are keyed "notebook/RECORD|start|kind".
const HandMadeCalendar = "notebook"

// HandMade returns, as interviews, the records made by hand (debrief add)
// that have a time: they get the nudges of a detected interview (ended,
// reflect reminder, thank-you, briefing), not a block, since they are not
// on a calendar. The notebook is read at every tick, so a record added
// while the daemon runs is seen at the next one.
func HandMade(recs []*notebook.Record) []Interview {
	var out []Interview
	for _, r := range recs {
		s := r.Scheduled
		if r.Source != nil || s == nil || s.Start.IsZero() {
			continue
		}
		out = append(out, Interview{
			Event: calendar.Event{
				CalendarID: HandMadeCalendar, ID: r.ID, Status: "confirmed",
				Summary: notebook.Title(r), Start: s.Start, End: s.End, TimeZone: s.TimeZone,
			},
			Verdict: Verdict{
				Interview: true, Reason: "recorded by hand",
				Company: r.Interview.Company, Position: r.Interview.Position,
				Kind: r.Interview.Round, Format: r.Interview.Format,
			},
			RecordID: r.ID,
		})
	}
	return out
}

func key(iv Interview, kind, extra string) string {
	k := iv.Key() + "|" + iv.Event.Start.UTC().Format(time.RFC3339) + "|" + kind
	if extra != "" {
		k += "|" + extra
	}
	return k
}

func with(iv Interview) string {
	if iv.Verdict.Company == "" {
		return ""
	}
	return " with " + iv.Verdict.Company
}

// nudgeName is how a nudge names what ended: the company when the title or
// the person named it (a correction, or a record made by hand) (a domain's reading may be wrong, and then the
// person would not recognise their interview), else the event's own
// title, cleaned.
func nudgeName(iv Interview, r *notebook.Record) (name string, company bool) {
	if r != nil && (r.Source == nil || r.Source.CompanyFrom == string(FromPerson)) && r.Interview.Company != "" {
		return clean.Line(r.Interview.Company, maxField), true
	}
	switch iv.Verdict.CompanyFrom {
	case FromTitle, FromLearned, FromPerson:
		if iv.Verdict.Company != "" {
			return iv.Verdict.Company, true
		}
	}
	return clean.Line(clip(iv.Event.Summary, maxTitle), 60), false
}

// endedTitle names what ended: "Interview with Acme over", "\"Technical
// Interview\" over", or for back-to-back interviews each of them once:
// "Interviews with Acme and \"Tech chat\" over".
func endedTitle(g Group, byID map[string]*notebook.Record) string {
	var names []string
	for _, m := range g.Members {
		n, company := nudgeName(m, byID[m.RecordID])
		if !company {
			n = `"` + cmp.Or(n, "Interview") + `"`
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	allCompanies := true
	for _, m := range g.Members {
		if _, company := nudgeName(m, byID[m.RecordID]); !company {
			allCompanies = false
		}
	}
	list := names[0]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	switch {
	case len(g.Members) == 1 && allCompanies:
		return "Interview with " + list + " over"
	case len(g.Members) == 1:
		return list + " over"
	case allCompanies:
		return "Interviews with " + list + " over"
	}
	return fmt.Sprintf("%d interviews over: %s", len(g.Members), list)
}

func endedAlert(g Group, slot Slot, c Config, byID map[string]*notebook.Record) Alert {
	loc := g.Last.Location()
	var b strings.Builder
	// A title naming the company says which event it was read from, so a
	// wrong reading is seen at once.
	if len(g.Members) == 1 {
		if _, company := nudgeName(g.Last, byID[g.Last.RecordID]); company {
			if t := clean.Line(clip(g.Last.Event.Summary, maxTitle), 80); t != "" {
				b.WriteString("Calendar event: \"" + t + "\".\n")
			}
		}
	}
	switch {
	case slot.InCalendar:
		fmt.Fprintf(&b, "Your reflection block: %s–%s.\n", slot.Start.In(loc).Format("15:04"), slot.End.In(loc).Format("15:04 MST"))
	default:
		fmt.Fprintf(&b, "Take %s now to unwind and write down what you remember.\n", human(c.BlockDuration))
	}
	b.WriteString("Note the questions, your answers, the names, the next steps:\n")
	for _, m := range g.Members {
		if len(g.Members) > 1 {
			n, _ := nudgeName(m, byID[m.RecordID])
			fmt.Fprintf(&b, "  %s: debrief reflect %s\n", n, m.RecordID)
			continue
		}
		fmt.Fprintf(&b, "  debrief reflect %s\n", m.RecordID)
	}
	var recs []string
	for _, m := range g.Members {
		recs = append(recs, m.RecordID)
	}
	return Alert{
		Key: key(g.Last, KindEnded, ""), Kind: KindEnded, Due: g.End, Records: recs,
		Title: endedTitle(g, byID),
		Body:  strings.TrimRight(b.String(), "\n"),
	}
}

// thankYou adds the reminders after the interview while no thank-you note
// is recorded as sent, none was said to be unneeded and no outcome is
// known; they matter until the note's deadline.
func thankYou(iv Interview, r *notebook.Record, c Config, add func(Alert, time.Time)) {
	within := cmp.Or(c.Policy.ThankYouWithin, 24*time.Hour)
	deadline := iv.Event.End.Add(within)
	if r != nil {
		if r.FollowUp.ThankYouSent != nil || r.FollowUp.Outcome != "" ||
			(r.NextSteps.ThankYouNeeded != nil && !*r.NextSteps.ThankYouNeeded) {
			return
		}
		if !r.FollowUp.ThankYouDue.IsZero() {
			deadline = r.FollowUp.ThankYouDue
		}
	}
	loc := iv.Location()
	for _, off := range c.ThankYou {
		add(Alert{
			Key: key(iv, KindThankYou, off.String()), Kind: KindThankYou, Due: iv.Event.End.Add(off), Records: []string{iv.RecordID},
			Title: "Thank-you note" + with(iv),
			Body: fmt.Sprintf("Send your thank-you note by %s: mention what stood out and what you did not get to say.\nWhen it is sent: debrief done %s thank-you",
				deadline.In(loc).Format("Mon 2 Jan 15:04 MST"), iv.RecordID),
		}, deadline)
	}
}

// followUp adds the nudge on the record's follow-up day at c.FollowUpTime
// in the interview's zone, until the follow-up is done or an outcome is
// recorded.
func followUp(r *notebook.Record, now time.Time, c Config, add func(Alert, time.Time)) {
	var f notebook.Followup
	for _, x := range notebook.Followups(r, now, c.Policy) {
		if x.Kind == notebook.KindFollowUp {
			f = x
		}
	}
	if f.Kind == "" || f.State == notebook.Done {
		return
	}
	hh, mm, _ := clockTime(c.FollowUpTime) // checked by New
	loc := r.Location()
	due := time.Date(f.Day.Year, f.Day.Month, f.Day.Day, hh, mm, 0, 0, loc)
	k := "record/" + r.ID
	if s := r.Source; s != nil {
		k = s.CalendarID + "/" + s.EventID + "|" + s.Start.UTC().Format(time.RFC3339)
	}
	company := cmp.Or(r.Interview.Company, "the company")
	add(Alert{
		Key: k + "|" + KindFollowUp + "|" + f.Day.String(), Kind: KindFollowUp, Due: due, Records: []string{r.ID},
		Title: "Follow up with " + company,
		Body: fmt.Sprintf("No answer yet about your interview on %s: today is the day to ask where things stand.\nThen: debrief done %s follow-up, or debrief outcome %s STATUS",
			r.Day(), r.ID, r.ID),
	}, due.Add(followUpWindow))
}

// briefing adds, before an interview with a company already in the
// notebook, the briefing of insight.Brief as of the alert's due time,
// shortened for a notification: the earlier rounds with their dates,
// rounds and ratings, the questions they asked, the open action items of
// the last reflections and the top of the practice list (`debrief brief
// ID` prints it in full). Brief reads every record, so the body is built
// only once the alert is due and not yet settled; before that only its due
// time matters (to nextDeadline).
func briefing(iv Interview, in DueInput, c Config, add func(Alert, time.Time)) {
	company := iv.Verdict.Company
	if c.Briefing <= 0 || company == "" {
		return
	}
	// A cheap look for an earlier round first.
	earlier := slices.ContainsFunc(in.Records, func(r *notebook.Record) bool {
		return r.ID != iv.RecordID && strings.EqualFold(strings.TrimSpace(r.Interview.Company), company) &&
			(r.Start().IsZero() || r.Start().Before(iv.Event.Start))
	})
	if !earlier {
		return
	}
	a := Alert{
		Key: key(iv, KindBriefing, ""), Kind: KindBriefing, Due: iv.Event.Start.Add(-c.Briefing),
		Title: "Coming up: " + company,
	}
	if !in.Now.Before(a.Due) && !in.Ledger.done(a.Key) {
		b := insight.Brief(in.Records, insight.Upcoming{
			RecordID: iv.RecordID, Company: company, Start: iv.Event.Start,
			Kind: iv.Verdict.Kind, Location: iv.Location(),
		}, in.Corrections, a.Due)
		if len(b.Earlier) == 0 {
			return
		}
		a.Body = b.Notification(600)
	}
	add(a, iv.Event.Start)
}
