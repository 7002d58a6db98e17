package vevent

import (
	"time"

	"github.com/emersion/go-ical"

	"github.com/debrief-dev/debrief/calendar"
)

// privateProps maps the X- properties of a block written as a VEVENT to
// the private properties Google's blocks carry (calendar.BlockProperties).
var privateProps = map[string]string{
	"X-DEBRIEF-KIND":      calendar.PropKind,
	"X-DEBRIEF-INTERVIEW": calendar.PropInterview,
	"X-DEBRIEF-CALENDAR":  calendar.PropCalendar,
	"X-DEBRIEF-START":     calendar.PropStart,
	"X-DEBRIEF-END":       calendar.PropEnd,
}

// Block returns the block b as a calendar holding one VEVENT whose UID is
// b.ID (calendar.BlockID: the same interview always gives the same UID),
// busy, without alarms (debrief notifies by itself), with debrief's
// private properties as X-DEBRIEF-* properties. Times are written in UTC:
// the zone of the interview is kept in its own event, and UTC needs no
// VTIMEZONE. now is the DTSTAMP.
func Block(b calendar.Block, now time.Time) *ical.Calendar {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, b.ID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, b.Start.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, b.End.UTC())
	ev.Props.SetText(ical.PropSummary, b.Summary)
	if b.Description != "" {
		ev.Props.SetText(ical.PropDescription, b.Description)
	}
	ev.Props.SetText(ical.PropTransparency, "OPAQUE")
	props := calendar.BlockProperties(b)
	for name, key := range privateProps {
		if v := props[key]; v != "" {
			ev.Props.SetText(name, v)
		}
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//debrief//debrief//EN")
	cal.Children = append(cal.Children, ev.Component)
	return cal
}
