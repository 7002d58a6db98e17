package web

import "time"

// Detection is what the web app needs of the daemon: the calendar events
// it saw in its last pass, with its verdict on each, and the person's
// marks. cmd wires the daemon's; the web app declares it so that it does
// not depend on the daemon or the calendar.
type Detection interface {
	// Seen returns what the daemon's last pass saw; Seen.At is zero
	// before the first pass.
	Seen() Seen
	// Mark records the person's verdict on the event id, as `debrief
	// mark` does: one of the Verdict constants. The daemon acts on it at
	// its next pass.
	Mark(eventID, verdict string) error
}

// The verdicts a person can give an event (`debrief mark`).
const (
	VerdictInterview    = "interview"
	VerdictNotInterview = "not-interview"
	VerdictAuto         = "auto" // let detection decide again
)

// Seen is the daemon's last look at the calendars.
type Seen struct {
	// At is when the pass ran; zero when none has yet.
	At time.Time
	// Poll is how often the daemon looks (calendar.poll_interval), for
	// "the daemon acts on it within …".
	Poll time.Duration
	// Events are the events of the watched calendars, by start.
	Events []SeenEvent
}

// SeenEvent is one calendar event as the daemon judged it.
type SeenEvent struct {
	// ID is the event id `debrief mark` takes; CalendarID its calendar.
	ID, CalendarID string
	// Title is the event's title as the calendar has it, cleaned.
	Title string
	// Start and End are in the event's own time zone.
	Start, End time.Time
	// Interview is the verdict; Reason says why in a few words.
	Interview bool
	Reason    string
	// Company, Position and Kind are what detection read from it.
	Company, Position, Kind string
	// Mark is the person's mark: VerdictInterview, VerdictNotInterview,
	// or "" when detection decides.
	Mark string
	// RecordID is the notebook record of an interview; "" for others.
	RecordID string
	// BlockStart and BlockEnd are the interview's reflection block, zero
	// when it has none; BlockInCalendar reports whether the block is (or
	// is being) written in the calendar.
	BlockStart, BlockEnd time.Time
	BlockInCalendar      bool
}
