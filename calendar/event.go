package calendar

import (
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Event is one calendar event as debrief sees it: the few fields of Google's
// event resource that detection, planning and the notebook need, with times
// resolved to absolute instants. Ids read from Google are opaque.
type Event struct {
	CalendarID       string // the calendar the event was read from
	ID               string
	RecurringEventID string // set on an instance of a recurring series
	ICalUID          string
	Status           string // "confirmed", "tentative" or "cancelled"
	Summary          string
	Description      string
	Location         string
	HTMLLink         string
	ConferenceURL    string // hangoutLink or the first video entry point of conferenceData
	ConferenceName   string // conferenceData.conferenceSolution.name, e.g. "Zoom Meeting"

	Start    time.Time
	End      time.Time
	AllDay   bool   // start.date/end.date rather than dateTime
	TimeZone string // IANA name of start.timeZone, else the calendar's zone

	Organizer    Person
	Creator      Person
	Attendees    []Attendee
	Transparency string // "opaque" (busy, the default) or "transparent"
	EventType    string // "default", "outOfOffice", "focusTime", "workingLocation", …

	// Private holds extendedProperties.private; debrief's blocks carry
	// "debrief" = "block" there.
	Private map[string]string
	Updated time.Time
}

// Person is an organizer or creator.
type Person struct {
	Email string
	Name  string
	Self  bool
}

// Attendee is one guest of an event.
type Attendee struct {
	Email     string
	Name      string
	Self      bool
	Organizer bool
	Resource  bool   // a room or equipment, not a person
	Response  string // "needsAction", "declined", "tentative" or "accepted"
}

// SelfResponse reports the calendar owner's answer to the invitation:
// "" when the owner is not listed as an attendee (their own event).
func (e Event) SelfResponse() string {
	for _, a := range e.Attendees {
		if a.Self {
			return a.Response
		}
	}
	return ""
}

// IsBlock reports whether the event is a reflection block that debrief wrote.
func (e Event) IsBlock() bool { return e.Private[PropKind] == PropKindBlock }

// Keys of the private extended properties on debrief's blocks. Google drops
// keys longer than 44 characters, so these stay short.
const (
	PropKind      = "debrief"
	PropKindBlock = "block"
	PropInterview = "debriefInterview"
	PropCalendar  = "debriefCalendar"
	// PropStart and PropEnd are the start and end debrief last wrote to
	// the block, RFC 3339 in UTC. Dragging the block in Google Calendar
	// changes its times but not its private properties, so a block whose
	// times differ from these was moved by the person.
	PropStart = "debriefStart"
	PropEnd   = "debriefEnd"
)

// BlockProperties are the private extended properties of the block b, as
// InsertBlock and MoveBlock write them.
func BlockProperties(b Block) map[string]string {
	return map[string]string{
		PropKind:      PropKindBlock,
		PropInterview: b.InterviewEventID,
		PropCalendar:  b.InterviewCalendarID,
		PropStart:     b.Start.UTC().Format(time.RFC3339),
		PropEnd:       b.End.UTC().Format(time.RFC3339),
	}
}

// Written returns the start and end debrief last wrote to the block e
// (PropStart, PropEnd); ok is false when the block does not carry them,
// as blocks written by earlier versions do not.
func (e Event) Written() (start, end time.Time, ok bool) {
	s, err1 := time.Parse(time.RFC3339, e.Private[PropStart])
	en, err2 := time.Parse(time.RFC3339, e.Private[PropEnd])
	if err1 != nil || err2 != nil {
		return time.Time{}, time.Time{}, false
	}
	return s, en, true
}

// Block is a reflection block: the event debrief writes after an interview.
type Block struct {
	// CalendarID is the calendar the block is written to (block.calendar).
	CalendarID string
	// ID is BlockID(InterviewCalendarID, InterviewEventID).
	ID                  string
	InterviewCalendarID string
	InterviewEventID    string
	Summary             string
	Description         string
	Start               time.Time
	End                 time.Time
	TimeZone            string // the interview's IANA zone; "" means UTC
}

var blockIDEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// BlockID returns the client-supplied event id of the block that follows the
// interview eventID on calendarID: lowercase base32hex of
// sha256("debrief/block/" + calendarID + "/" + eventID), 52 characters in
// [0-9a-v]. The same interview always yields the same id, so a repeated
// insert answers 409 instead of creating a duplicate.
func BlockID(calendarID, eventID string) string {
	sum := sha256.Sum256([]byte("debrief/block/" + calendarID + "/" + eventID))
	return strings.ToLower(blockIDEncoding.EncodeToString(sum[:]))
}

// Interval is a busy span returned by free/busy.
type Interval struct {
	Start, End time.Time
}

// MergeIntervals returns the intervals of in, empty ones dropped, sorted by
// start, with those that overlap or touch joined into one. in is not
// modified.
func MergeIntervals(in []Interval) []Interval {
	in = slices.DeleteFunc(slices.Clone(in), func(b Interval) bool { return !b.Start.Before(b.End) })
	slices.SortFunc(in, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	var out []Interval
	for _, b := range in {
		if n := len(out); n > 0 && !b.Start.After(out[n-1].End) {
			if b.End.After(out[n-1].End) {
				out[n-1].End = b.End
			}
			continue
		}
		out = append(out, b)
	}
	return out
}

// BusySpans returns the busy spans of evs within [from, to), merged as
// MergeIntervals does: each event that is opaque and not declined by the
// person, clipped to the range. Sources that hold their events (ICS,
// CalDAV) answer Busy with it.
func BusySpans(evs []*Event, from, to time.Time) []Interval {
	var out []Interval
	for _, e := range evs {
		if e.Transparency == "transparent" || e.SelfResponse() == "declined" || !e.End.After(from) || !e.Start.Before(to) {
			continue
		}
		out = append(out, Interval{Start: laterOf(e.Start, from), End: earlierOf(e.End, to)})
	}
	return MergeIntervals(out)
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Sentinel errors. Callers test them with errors.Is; the wrapped error says
// which calendar and operation failed.
var (
	// ErrUnauthorized: the token is missing, expired or revoked; run `debrief auth`.
	ErrUnauthorized = errors.New("not authorized")
	// ErrNotSignedIn: no one has signed in yet (no token file, or no
	// credentials file): run `debrief auth`. It wraps ErrUnauthorized, so
	// errors.Is(err, ErrUnauthorized) holds for it too.
	ErrNotSignedIn = fmt.Errorf("not signed in yet: %w", ErrUnauthorized)
	// ErrForbidden: the account may not do this (a 403 that is not a rate limit).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: no such calendar or event.
	ErrNotFound = errors.New("not found")
	// ErrSyncTokenExpired: Google answered 410 fullSyncRequired. Sync handles
	// it itself by a full sync; it is exported for tests and logs.
	ErrSyncTokenExpired = errors.New("sync token expired")
	// ErrBlockDeleted: a block with this id exists but the person deleted it;
	// debrief does not bring it back.
	ErrBlockDeleted = errors.New("block was deleted in the calendar")
	// ErrRateLimited: still rate limited after the bounded retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: network failure, timeout or 5xx after the retries: the
	// daemon carries on from its cache and retries later.
	ErrUnavailable = errors.New("calendar unavailable")
	// ErrInvalid: Google rejected the request as malformed (400): a bug or a
	// hostile payload, not worth retrying.
	ErrInvalid = errors.New("invalid request")
	// ErrReadOnly: the adapter was opened read-only (Config.ReadOnly, for
	// `debrief plan`) and refuses every write.
	ErrReadOnly = errors.New("calendar opened read-only: a dry run writes nothing")
)
