package vevent

import (
	"errors"
	"net/http"
	"time"
)

// Defaults of the settings the ICS and CalDAV sources share.
const (
	DefaultLookback       = 30 * 24 * time.Hour
	DefaultHorizon        = 365 * 24 * time.Hour
	DefaultRequestTimeout = 30 * time.Second
)

// Settings are what the ICS and CalDAV sources need from their
// configuration besides the address: where they keep what they read, the
// span of events around now, the limit on one request and the zone of
// floating times.
type Settings struct {
	// StateDir holds what was read, for offline starts (0700, files
	// 0600). Required.
	StateDir string
	// Lookback and Horizon bound the events returned around now (default
	// 30 days back, 365 days ahead).
	Lookback, Horizon time.Duration
	// RequestTimeout bounds one request (default 30s).
	RequestTimeout time.Duration
	// Local is the zone of floating times when the calendar names none
	// (default time.Local).
	Local *time.Location
}

// Check is the sources' New: it fails when s has no state directory, no
// address was given (url and urlFile both empty; setURL says how to give
// one), or hc is nil; otherwise it returns s with the zero durations and
// zone set to their defaults (Local: time.Local). kind names the source
// in the errors ("ics", "caldav").
func Check(kind string, s Settings, url, urlFile, setURL string, hc *http.Client) (Settings, error) {
	if s.StateDir == "" {
		return s, errors.New(kind + ": no state directory given")
	}
	if url == "" && urlFile == "" {
		return s, errors.New(kind + ": no address given: " + setURL)
	}
	if hc == nil {
		return s, errors.New(kind + ": no HTTP client given")
	}
	if s.Lookback <= 0 {
		s.Lookback = DefaultLookback
	}
	if s.Horizon <= 0 {
		s.Horizon = DefaultHorizon
	}
	if s.RequestTimeout <= 0 {
		s.RequestTimeout = DefaultRequestTimeout
	}
	if s.Local == nil {
		s.Local = time.Local
	}
	return s, nil
}
