package daemon

import "time"

// Snapshot is what one pass of the daemon saw and decided: Detect's
// verdict on every event of the watched calendars, the interviews and
// their reflection blocks. The web app's detection view and today page
// show it.
type Snapshot struct {
	// At is when the pass ran.
	At        time.Time
	Decisions []Decision
	// Interviews are the events taken, by start; Slots their blocks by
	// Interview.Key.
	Interviews []Interview
	Slots      map[string]Slot
	// Overrides are the person's marks the pass used.
	Overrides Overrides
}

// Last returns the snapshot of the last pass, nil before the first. It is
// safe to call from any goroutine while Run runs; the snapshot is never
// changed once returned and must not be changed by the caller.
func (d *Daemon) Last() *Snapshot { return d.last.Load() }
