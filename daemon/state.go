package daemon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// Files of the state directory.
const (
	OverridesFile = "overrides.json"
	LedgerFile    = "ledger.json"
)

// Overrides are the person's decisions per event (`debrief mark`), by event
// id. Marking an instance of a recurring series (its id is
// "<series>_<start>") applies to that instance only; marking the series id
// (RecurringEventID) applies to every instance that has no mark of its own.
type Overrides map[string]Override

// For returns the override that applies to e.
func (o Overrides) For(e calendar.Event) Override {
	if v, ok := o[e.ID]; ok {
		return v
	}
	if e.RecurringEventID != "" {
		return o[e.RecurringEventID]
	}
	return OverrideNone
}

type overridesFile struct {
	Version int                       `json:"version"`
	Events  map[string]overrideRecord `json:"events"`
}

type overrideRecord struct {
	Mark Override  `json:"mark"`
	At   time.Time `json:"at"`
}

// LoadOverrides reads <stateDir>/overrides.json; a missing file is no
// overrides. The error names the file.
func LoadOverrides(stateDir string) (Overrides, error) {
	path := filepath.Join(stateDir, OverridesFile)
	var f overridesFile
	if err := readJSON(path, &f); err != nil {
		return nil, err
	}
	o := Overrides{}
	for id, r := range f.Events {
		switch r.Mark {
		case OverrideInterview, OverrideNotInterview:
			o[id] = r.Mark
		default:
			return nil, fmt.Errorf("%s: event %q has mark %q, want %q or %q: fix or delete the file", path, id, r.Mark, OverrideInterview, OverrideNotInterview)
		}
	}
	return o, nil
}

// SetOverride records ov for eventID in <stateDir>/overrides.json,
// atomically; OverrideNone removes the event's mark. The daemon reads the
// file at every poll.
func SetOverride(stateDir, eventID string, ov Override, now time.Time) error {
	switch ov {
	case OverrideNone, OverrideInterview, OverrideNotInterview:
	default:
		return fmt.Errorf("mark %q: want interview, not-interview or auto", ov)
	}
	if strings.TrimSpace(eventID) == "" {
		return errors.New("mark: empty event id")
	}
	path := filepath.Join(stateDir, OverridesFile)
	var f overridesFile
	if err := readJSON(path, &f); err != nil {
		return err
	}
	if f.Events == nil {
		f.Events = map[string]overrideRecord{}
	}
	if ov == OverrideNone {
		delete(f.Events, eventID)
	} else {
		f.Events[eventID] = overrideRecord{Mark: ov, At: now.UTC().Truncate(time.Second)}
	}
	f.Version = 1
	return writeJSON(path, f)
}

// readJSON decodes the file at path into v; a missing file leaves v as it
// is.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w: fix or delete the file", path, err)
	}
	return nil
}

// writeJSON writes v to path atomically: a temp file in the same directory
// (mode 0600), fsync, rename, fsync of the directory (mode 0700). A failed
// write leaves the old file as it was.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// sweepTemp removes temp files a crash left in the state directory.
func sweepTemp(dir string) {
	ms, _ := filepath.Glob(filepath.Join(dir, ".tmp-*.json"))
	for _, m := range ms {
		os.Remove(m)
	}
}

// CorrectionsFile holds the person's corrections of company and position.
const CorrectionsFile = "corrections.json"

type correctionsFile struct {
	Version     int          `json:"version"`
	Corrections []correction `json:"corrections"`
}

type correction struct {
	Learned
	At time.Time `json:"at"`
}

// LoadLearned reads <stateDir>/corrections.json, oldest first; a missing
// file is no corrections. The error names the file.
func LoadLearned(stateDir string) ([]Learned, error) {
	var f correctionsFile
	if err := readJSON(filepath.Join(stateDir, CorrectionsFile), &f); err != nil {
		return nil, err
	}
	ls := make([]Learned, 0, len(f.Corrections))
	for _, c := range f.Corrections {
		ls = append(ls, c.Learned)
	}
	return ls, nil
}

// AddLearned appends l to <stateDir>/corrections.json, atomically; a
// correction for the same series or domain as an earlier one replaces it.
// The daemon reads the file at every poll.
func AddLearned(stateDir string, l Learned, now time.Time) error {
	if l.Series == "" && l.Domain == "" {
		return errors.New("correction: neither a series nor a domain to remember it for")
	}
	path := filepath.Join(stateDir, CorrectionsFile)
	var f correctionsFile
	if err := readJSON(path, &f); err != nil {
		return err
	}
	f.Corrections = slices.DeleteFunc(f.Corrections, func(c correction) bool {
		return c.Series == l.Series && c.Domain == l.Domain
	})
	f.Corrections = append(f.Corrections, correction{Learned: l, At: now.UTC().Truncate(time.Second)})
	f.Version = 1
	return writeJSON(path, f)
}
