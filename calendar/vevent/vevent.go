package vevent

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/clean"
)

// Caps on the text kept from an event, as for Google's events.
const (
	maxSummary     = 1 << 10
	maxDescription = 64 << 10
	maxShortText   = 2 << 10
	// maxOccurrences bounds the occurrences of one recurring event, and
	// maxSteps the rule iterations of one Expand: a hostile calendar of
	// FREQ=SECONDLY rules from 1990 costs at most about half a second.
	maxOccurrences = 5000
	maxSteps       = 2_000_000
)

// Window is the span of time whose events are returned, and what else
// Expand needs to know.
type Window struct {
	From, To time.Time
	// Local is the zone of floating times and dates when the calendar
	// names none (X-WR-TIMEZONE); nil means time.Local.
	Local *time.Location
	// Self lists the person's addresses, lower case: their ATTENDEE entry
	// carries their reply. The calendar's X-WR-CALNAME is added when it is
	// an address (Google names a primary calendar after its owner).
	Self []string
}

// Expand returns the events of cal that overlap w, recurring ones
// expanded, each with CalendarID calID, sorted by start. Cancelled events
// and occurrences are left out. An occurrence's ID is its UID, "_" and its
// original start in UTC (20060102T150405Z, or 20060102 for a date), as
// Google names instances; RecurringEventID is the UID. Components that
// cannot be read (no start, an unknown zone is taken as UTC) are skipped
// and counted in skipped.
func Expand(cal *ical.Calendar, calID string, w Window) (evs []*calendar.Event, skipped int) {
	if w.Local == nil {
		w.Local = time.Local
	}
	zs := newZones(cal, w.Local)
	self := map[string]bool{}
	for _, s := range w.Self {
		self[strings.ToLower(s)] = true
	}
	if p := cal.Props.Get("X-WR-CALNAME"); p != nil {
		if a, err := mail.ParseAddress(p.Value); err == nil {
			self[strings.ToLower(a.Address)] = true
		}
	}
	type series struct {
		master    *ical.Component
		overrides []*ical.Component
	}
	byUID := map[string]*series{}
	var order []string
	for _, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		uid := ""
		if p := c.Props.Get(ical.PropUID); p != nil {
			uid = p.Value
		}
		if uid == "" {
			skipped++
			continue
		}
		s, ok := byUID[uid]
		if !ok {
			s = &series{}
			byUID[uid] = s
			order = append(order, uid)
		}
		if c.Props.Get(ical.PropRecurrenceID) != nil {
			s.overrides = append(s.overrides, c)
		} else if s.master == nil {
			s.master = c
		} else {
			skipped++ // a second master with the same UID
		}
	}
	steps := maxSteps
	r := reader{zs: zs, self: self, calID: calID, steps: &steps}
	for _, uid := range order {
		s := byUID[uid]
		// The overrides, by the original start they replace.
		replaced := map[time.Time]bool{}
		for _, o := range s.overrides {
			rid, _, err := r.time(o.Props.Get(ical.PropRecurrenceID))
			if err != nil {
				skipped++
				continue
			}
			replaced[rid.UTC()] = true
			e, err := r.event(o, uid, rid, true)
			if err != nil {
				skipped++
				continue
			}
			if e.Status != "cancelled" && overlaps(e, w) {
				evs = append(evs, e)
			}
		}
		if s.master == nil {
			continue
		}
		starts, err := r.occurrences(s.master, w)
		if err != nil {
			skipped++
			continue
		}
		recurring := len(starts) != 1 || s.master.Props.Get(ical.PropRecurrenceRule) != nil || s.master.Props.Get(ical.PropRecurrenceDates) != nil
		for _, st := range starts {
			if replaced[st.UTC()] {
				continue
			}
			e, err := r.event(s.master, uid, st, recurring)
			if err != nil {
				skipped++
				break
			}
			if e.Status != "cancelled" && overlaps(e, w) {
				evs = append(evs, e)
			}
		}
	}
	slices.SortStableFunc(evs, func(a, b *calendar.Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return evs, skipped
}

func overlaps(e *calendar.Event, w Window) bool {
	return e.End.After(w.From) && e.Start.Before(w.To) || e.Start.Equal(e.End) && !e.Start.Before(w.From) && e.Start.Before(w.To)
}

// reader reads the components of one calendar.
type reader struct {
	zs    *zones
	self  map[string]bool
	calID string
	steps *int // rule iterations left for this Expand
}

var errNoStart = errors.New("no usable DTSTART")

// time reads a DATE or DATE-TIME property: its instant, whether it is a
// date, and the zone it was written in.
func (r reader) time(p *ical.Prop) (time.Time, zone, error) {
	if p == nil {
		return time.Time{}, zone{}, errNoStart
	}
	v := strings.TrimSpace(p.Value)
	if p.ValueType() == ical.ValueDate || len(v) == 8 {
		d, err := time.Parse("20060102", v)
		if err != nil {
			return time.Time{}, zone{}, err
		}
		z := r.zs.def
		return z.instant(d), z, nil
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse("20060102T150405Z", v)
		return t, zone{loc: time.UTC, name: "UTC"}, err
	}
	w, err := time.Parse("20060102T150405", v)
	if err != nil {
		return time.Time{}, zone{}, err
	}
	z, _ := r.zs.get(p.Params.Get(ical.ParamTimezoneID))
	return z.instant(w), z, nil
}

func isDate(p *ical.Prop) bool {
	return p != nil && (p.ValueType() == ical.ValueDate || len(strings.TrimSpace(p.Value)) == 8)
}

// occurrences returns the starts of c's occurrences that may overlap w
// (from DTSTART, RRULE, RDATE, less EXDATE), expanded on the wall clock of
// DTSTART's zone.
func (r reader) occurrences(c *ical.Component, w Window) ([]time.Time, error) {
	dp := c.Props.Get(ical.PropDateTimeStart)
	start, z, err := r.time(dp)
	if err != nil {
		return nil, err
	}
	rp := c.Props.Get(ical.PropRecurrenceRule)
	rdates := c.Props.Values(ical.PropRecurrenceDates)
	if rp == nil && len(rdates) == 0 {
		return []time.Time{start}, nil
	}
	dur := r.duration(c, start)
	excluded := map[time.Time]bool{}
	for _, p := range c.Props.Values(ical.PropExceptionDates) {
		for _, t := range r.times(&p) {
			excluded[t.UTC()] = true
		}
	}
	var out []time.Time
	add := func(t time.Time) {
		if excluded[t.UTC()] || t.Add(dur).Before(w.From) || !t.Before(w.To) {
			return
		}
		out = append(out, t)
	}
	wallStart := z.wall(start)
	if rp != nil {
		opt, err := rrule.StrToROptionInLocation(rp.Value, time.UTC)
		if err != nil {
			return nil, fmt.Errorf("RRULE: %w", err)
		}
		opt.Dtstart = wallStart
		if !opt.Until.IsZero() && strings.Contains(strings.ToUpper(rp.Value), "Z") {
			opt.Until = z.wall(opt.Until) // UNTIL in UTC: compare on the wall clock
		}
		rule, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, fmt.Errorf("RRULE: %w", err)
		}
		next := rule.Iterator()
		// Start the window early by the event's length (and a day, for
		// offsets), so an occurrence running into it is kept.
		fromWall := z.wall(w.From.Add(-dur)).Add(-24 * time.Hour)
		toWall := z.wall(w.To).Add(24 * time.Hour)
		for ; *r.steps > 0; *r.steps-- {
			wt, ok := next()
			if !ok || wt.After(toWall) {
				break
			}
			if wt.Before(fromWall) {
				continue
			}
			add(z.instant(wt))
			if len(out) >= maxOccurrences {
				break
			}
		}
		if *r.steps <= 0 {
			return nil, errors.New("RRULE: too many iterations: the calendar's rules were cut short")
		}
	} else {
		add(start)
	}
	for _, p := range rdates {
		for _, t := range r.times(&p) {
			add(t)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal), nil
}

// times reads a property holding a list of dates or date-times (EXDATE,
// RDATE), each in the property's TZID.
func (r reader) times(p *ical.Prop) []time.Time {
	var out []time.Time
	for _, v := range strings.Split(p.Value, ",") {
		q := *p
		q.Value = strings.TrimSpace(v)
		if t, _, err := r.time(&q); err == nil {
			out = append(out, t)
		}
	}
	return out
}

// duration is DTEND - DTSTART, or DURATION; a date without either lasts a
// day, a date-time none (RFC 5545 3.6.1).
func (r reader) duration(c *ical.Component, start time.Time) time.Duration {
	if ep := c.Props.Get(ical.PropDateTimeEnd); ep != nil {
		if end, _, err := r.time(ep); err == nil && !end.Before(start) {
			return end.Sub(start)
		}
	}
	if dp := c.Props.Get(ical.PropDuration); dp != nil {
		if d, err := dp.Duration(); err == nil && d >= 0 {
			return d
		}
	}
	if isDate(c.Props.Get(ical.PropDateTimeStart)) {
		return 24 * time.Hour
	}
	return 0
}

// event builds the event of c starting at start (an occurrence's start,
// or the component's own). For an override, start is its RECURRENCE-ID
// and the override's own DTSTART gives the times.
func (r reader) event(c *ical.Component, uid string, start time.Time, recurring bool) (*calendar.Event, error) {
	dp := c.Props.Get(ical.PropDateTimeStart)
	own, z, err := r.time(dp)
	if err != nil {
		return nil, err
	}
	dur := r.duration(c, own)
	date := isDate(dp)
	e := &calendar.Event{
		CalendarID:   r.calID,
		ID:           clean.Line(uid, maxShortText),
		ICalUID:      clean.Line(uid, maxShortText),
		Status:       "confirmed",
		Summary:      clean.Line(text(c, ical.PropSummary), maxSummary),
		Description:  clean.Text(text(c, ical.PropDescription), maxDescription),
		Location:     clean.Line(text(c, ical.PropLocation), maxShortText),
		HTMLLink:     clean.Line(text(c, ical.PropURL), maxShortText),
		AllDay:       date,
		TimeZone:     z.name,
		Transparency: "opaque",
		EventType:    "default",
	}
	if c.Props.Get(ical.PropRecurrenceID) != nil {
		e.Start = own
	} else {
		e.Start = start
	}
	e.End = e.Start.Add(dur)
	if date && dur >= 24*time.Hour {
		// Dates are days on the wall clock, whatever DST does in between.
		e.End = z.instant(z.wall(e.Start).AddDate(0, 0, int(dur/(24*time.Hour))))
	}
	if recurring {
		e.RecurringEventID = e.ID
		e.ID = e.ID + "_" + instanceSuffix(start, date)
	}
	switch strings.ToUpper(text(c, ical.PropStatus)) {
	case "CANCELLED":
		e.Status = "cancelled"
	case "TENTATIVE":
		e.Status = "tentative"
	}
	if strings.EqualFold(text(c, ical.PropTransparency), "TRANSPARENT") {
		e.Transparency = "transparent"
	}
	for _, name := range []string{"X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK"} {
		if v := text(c, name); strings.HasPrefix(v, "https://") {
			e.ConferenceURL = clean.Line(v, maxShortText)
			break
		}
	}
	if p := c.Props.Get(ical.PropOrganizer); p != nil {
		addr := address(p.Value)
		e.Organizer = calendar.Person{Email: addr, Name: clean.Line(p.Params.Get(ical.ParamCommonName), maxShortText), Self: r.self[addr]}
	}
	for _, p := range c.Props.Values(ical.PropAttendee) {
		addr := address(p.Value)
		cutype := strings.ToUpper(p.Params.Get(ical.ParamCalendarUserType))
		e.Attendees = append(e.Attendees, calendar.Attendee{
			Email:     addr,
			Name:      clean.Line(p.Params.Get(ical.ParamCommonName), maxShortText),
			Self:      r.self[addr],
			Organizer: addr != "" && addr == e.Organizer.Email,
			Resource:  cutype == "ROOM" || cutype == "RESOURCE",
			Response:  response(p.Params.Get(ical.ParamParticipationStatus)),
		})
	}
	for name, key := range privateProps {
		if v := text(c, name); v != "" {
			if e.Private == nil {
				e.Private = map[string]string{}
			}
			e.Private[key] = clean.Line(v, maxShortText)
		}
	}
	for _, name := range []string{ical.PropLastModified, ical.PropDateTimeStamp} {
		if p := c.Props.Get(name); p != nil {
			if t, err := p.DateTime(time.UTC); err == nil {
				e.Updated = t
				break
			}
		}
	}
	return e, nil
}

// instanceSuffix names an occurrence by its original start.
func instanceSuffix(t time.Time, date bool) string {
	if date {
		return t.UTC().Format("20060102")
	}
	return t.UTC().Format("20060102T150405Z")
}

func text(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	if s, err := p.Text(); err == nil {
		return s
	}
	return p.Value
}

// address reads "mailto:Sam@Acme.example" as "sam@acme.example".
func address(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return strings.ToLower(clean.Line(v, maxShortText))
}

// response maps PARTSTAT to Google's responseStatus words.
func response(partstat string) string {
	switch strings.ToUpper(partstat) {
	case "ACCEPTED":
		return "accepted"
	case "DECLINED":
		return "declined"
	case "TENTATIVE":
		return "tentative"
	default:
		return "needsAction"
	}
}
