// Package vevent turns iCalendar data (RFC 5545) into debrief's calendar
// events and debrief's blocks into VEVENTs. It is shared by the ICS and
// CalDAV sources, so that both read recurring events, exceptions, time
// zones and replies the same way. Check holds what the two sources'
// constructors share: the settings they require and their defaults.
//
// Parsing is github.com/emersion/go-ical's (the library go-webdav's CalDAV
// client speaks); recurrence rules are expanded with
// github.com/teambition/rrule-go on wall-clock times in each event's own
// zone, so a weekly 10:00 stays at 10:00 across a DST change. Zones are
// IANA names, the Windows names Outlook writes, or the calendar's own
// VTIMEZONE definitions.
//
// The package must not decide what is an interview; it only reports what
// the calendar says (status, the person's reply, times).
package vevent
