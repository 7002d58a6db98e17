package vevent

import (
	"fmt"
	"io"

	"github.com/emersion/go-ical"
)

// Decode parses an iCalendar stream (one VCALENDAR). go-ical panics on
// some malformed input (FuzzExpand found "0;0=", a parameter without a
// value at the end of a line); a calendar from the network must not stop
// the daemon, so Decode turns such a panic into an error.
func Decode(r io.Reader) (cal *ical.Calendar, err error) {
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, fmt.Errorf("malformed iCalendar data (%v)", p)
		}
	}()
	return ical.NewDecoder(r).Decode()
}
