package calendar

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	gcal "google.golang.org/api/calendar/v3"
)

// Caps on the free text kept from an event. Google's own limits are lower;
// the caps only keep a hostile payload from bloating the cache and the
// notifications. Text is cut at a rune boundary.
const (
	maxSummary     = 1 << 10
	maxDescription = 64 << 10
	maxShortText   = 2 << 10 // location, names, links
)

// errNoTimes marks an event without a usable start and end.
var errNoTimes = errors.New("event has no usable start and end")

// convert turns an event of calendarID's list into an Event. calTZ is the
// list's timeZone, used for all-day events and events without a zone of
// their own. It fails with errNoTimes when start or end is missing or
// unparsable, or end is before start; such an event is skipped by Sync.
func convert(calendarID, calTZ string, ge *gcal.Event) (Event, error) {
	if ge.Start == nil || ge.End == nil {
		return Event{}, errNoTimes
	}
	tz := ge.Start.TimeZone
	if tz == "" {
		tz = calTZ
	}
	loc := zone(tz)
	start, allDay, ok := eventTime(ge.Start, loc)
	if !ok {
		return Event{}, errNoTimes
	}
	end, endAllDay, ok := eventTime(ge.End, loc)
	if !ok || endAllDay != allDay || end.Before(start) {
		return Event{}, errNoTimes
	}
	e := Event{
		CalendarID:       calendarID,
		ID:               ge.Id,
		RecurringEventID: ge.RecurringEventId,
		ICalUID:          clean(ge.ICalUID, maxShortText),
		Status:           clean(ge.Status, maxShortText),
		Summary:          clean(ge.Summary, maxSummary),
		Description:      clean(ge.Description, maxDescription),
		Location:         clean(ge.Location, maxShortText),
		HTMLLink:         clean(ge.HtmlLink, maxShortText),
		Start:            start,
		End:              end,
		AllDay:           allDay,
		TimeZone:         clean(tz, maxShortText),
		Transparency:     ge.Transparency,
		EventType:        ge.EventType,
	}
	if e.Transparency == "" {
		e.Transparency = "opaque"
	}
	if ge.Organizer != nil {
		e.Organizer = Person{Email: clean(ge.Organizer.Email, maxShortText), Name: clean(ge.Organizer.DisplayName, maxShortText), Self: ge.Organizer.Self}
	}
	if ge.Creator != nil {
		e.Creator = Person{Email: clean(ge.Creator.Email, maxShortText), Name: clean(ge.Creator.DisplayName, maxShortText), Self: ge.Creator.Self}
	}
	for _, a := range ge.Attendees {
		if a == nil {
			continue
		}
		e.Attendees = append(e.Attendees, Attendee{
			Email:     clean(a.Email, maxShortText),
			Name:      clean(a.DisplayName, maxShortText),
			Self:      a.Self,
			Organizer: a.Organizer,
			Resource:  a.Resource,
			Response:  a.ResponseStatus,
		})
	}
	if cd := ge.ConferenceData; cd != nil {
		for _, ep := range cd.EntryPoints {
			if ep != nil && ep.EntryPointType == "video" && ep.Uri != "" {
				e.ConferenceURL = clean(ep.Uri, maxShortText)
				break
			}
		}
		if cd.ConferenceSolution != nil {
			e.ConferenceName = clean(cd.ConferenceSolution.Name, maxShortText)
		}
	}
	if e.ConferenceURL == "" {
		e.ConferenceURL = clean(ge.HangoutLink, maxShortText)
	}
	if xp := ge.ExtendedProperties; xp != nil && len(xp.Private) > 0 {
		e.Private = make(map[string]string, len(xp.Private))
		for k, v := range xp.Private {
			e.Private[k] = v
		}
	}
	if t, err := time.Parse(time.RFC3339, ge.Updated); err == nil {
		e.Updated = t
	}
	return e, nil
}

// eventTime reads a start or end: dateTime (RFC 3339 with offset) shown in
// loc, or date (all-day) at midnight in loc. loc nil means the offset as
// given, or UTC for a date.
func eventTime(dt *gcal.EventDateTime, loc *time.Location) (t time.Time, allDay, ok bool) {
	switch {
	case dt.DateTime != "":
		t, err := time.Parse(time.RFC3339, dt.DateTime)
		if err != nil {
			return time.Time{}, false, false
		}
		if loc != nil {
			t = t.In(loc)
		}
		return t, false, true
	case dt.Date != "":
		if loc == nil {
			loc = time.UTC
		}
		t, err := time.ParseInLocation(time.DateOnly, dt.Date, loc)
		if err != nil {
			return time.Time{}, false, false
		}
		return t, true, true
	}
	return time.Time{}, false, false
}

var (
	zones     sync.Map     // IANA name → *time.Location, nil for unknown names
	zoneCount atomic.Int32 // entries in zones
)

// maxZones bounds the zone cache, which hostile payloads could otherwise
// grow with made-up names; past it, names are looked up each time.
const maxZones = 512

// zone loads an IANA zone once; nil for "" or an unknown name.
func zone(name string) *time.Location {
	if name == "" {
		return nil
	}
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location)
	}
	var loc *time.Location
	if len(name) <= 64 {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		}
	}
	if zoneCount.Load() < maxZones {
		if _, loaded := zones.LoadOrStore(name, loc); !loaded {
			zoneCount.Add(1)
		}
	}
	return loc
}

// localize shows an event read back from the cache in its own zone again:
// JSON keeps only the offset.
func localize(e *Event) {
	if loc := zone(e.TimeZone); loc != nil {
		e.Start = e.Start.In(loc)
		e.End = e.End.In(loc)
	}
}

// clean makes s valid UTF-8 and cuts it to at most max bytes at a rune
// boundary.
func clean(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}
