package daemon

import (
	"fmt"
	"path/filepath"
	"time"
)

// Ledger is the daemon's memory across restarts, kept in
// <state>/ledger.json: which alerts were sent or dropped, and which blocks
// debrief wrote, where, and which the person deleted.
//
// Alert delivery is at-least-once where it still matters: each alert is
// saved as "sending" just before its own delivery and as "sent" right
// after it succeeded. An entry still "sending" (a crash or a failed
// delivery) is delivered again at the next tick if the alert still
// matters, and dropped otherwise. A duplicate needs a crash between a
// delivery and that save, so a crash repeats at most one alert.
type Ledger struct {
	Version int                   `json:"version"`
	Alerts  map[string]AlertEntry `json:"alerts"`
	Blocks  map[string]BlockEntry `json:"blocks"`
}

// Alert states in the ledger.
const (
	StateSending = "sending"
	StateSent    = "sent"
	StateDropped = "dropped"
	// StateSnoozed: the person put the alert off ("Later"); it is due
	// again at the entry's Due.
	StateSnoozed = "snoozed"
)

// AlertEntry is the fate of one alert, by key (see Alert.Key).
type AlertEntry struct {
	State string    `json:"state"`
	At    time.Time `json:"at"`  // when the state was set
	Due   time.Time `json:"due"` // when the alert was due (snoozed: is due again); entries are pruned after a while
	// Notification is the handle of the notification on display with
	// buttons, while the person may still choose one; Kind and Records
	// say what the buttons act on (Alert.Kind, Alert.Records), so that a
	// choice made after a restart still works.
	Notification string   `json:"notification,omitempty"`
	Kind         string   `json:"kind,omitempty"`
	Records      []string `json:"records,omitempty"`
}

// BlockEntry is a block debrief wrote (or found and adopted), by block id.
type BlockEntry struct {
	CalendarID          string `json:"calendar_id"`
	InterviewCalendarID string `json:"interview_calendar_id"`
	InterviewEventID    string `json:"interview_event_id"`
	// Start and End are where debrief last put the block. The block's own
	// properties (calendar.PropStart, PropEnd) tell whether the person
	// moved it; for blocks written before them, a block seen elsewhere
	// than here was moved by the person and is left there.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Anchor is the interview end the block was placed after; when the
	// interview moves, the block is placed again.
	Anchor time.Time `json:"anchor"`
	// Deleted: the person deleted the block; it is never recreated.
	Deleted bool `json:"deleted,omitempty"`
}

// done reports whether the alert with key k needs nothing more.
func (l *Ledger) done(k string) bool {
	e, ok := l.Alerts[k]
	return ok && (e.State == StateSent || e.State == StateDropped)
}

// snoozed reports whether the person put the alert with key k off.
func (l *Ledger) snoozed(k string) bool {
	e, ok := l.Alerts[k]
	return ok && e.State == StateSnoozed
}

// keep is how long ledger entries are kept after they were due or the
// block ended: long past the last alert that can fire for them.
const keep = 60 * 24 * time.Hour

func newLedger() *Ledger {
	return &Ledger{Version: 1, Alerts: map[string]AlertEntry{}, Blocks: map[string]BlockEntry{}}
}

// LoadLedger reads <stateDir>/ledger.json; a missing file is an empty
// ledger.
func LoadLedger(stateDir string) (*Ledger, error) {
	l := newLedger()
	if err := readJSON(filepath.Join(stateDir, LedgerFile), l); err != nil {
		return nil, fmt.Errorf("load ledger: %w", err)
	}
	if l.Alerts == nil {
		l.Alerts = map[string]AlertEntry{}
	}
	if l.Blocks == nil {
		l.Blocks = map[string]BlockEntry{}
	}
	return l, nil
}

// save prunes entries older than keep and writes the ledger atomically.
func (l *Ledger) save(stateDir string, now time.Time) error {
	for k, e := range l.Alerts {
		if now.Sub(e.Due) > keep {
			delete(l.Alerts, k)
		}
	}
	for k, b := range l.Blocks {
		if now.Sub(b.End) > keep {
			delete(l.Blocks, k)
		}
	}
	return writeJSON(filepath.Join(stateDir, LedgerFile), l)
}
