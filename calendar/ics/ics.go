package ics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-ical"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/internal/secret"
)

// maxBody bounds a calendar's size: a year of a busy calendar is a few MB.
const maxBody = 64 << 20

// Config is what a source needs.
type Config struct {
	// Name is the source's name, for messages.
	Name string
	// URL is the address: https://, webcal:// (read as https://), or a
	// file path or file:// URL. URLFile, if set instead, is a 0600 file
	// holding it, read at every poll so a corrected file needs no restart.
	URL, URLFile string
	// Settings: the state directory (the last calendar and its
	// validators), the span of events, the request timeout, the zone of
	// floating times.
	vevent.Settings
	// Self are the person's addresses, whose PARTSTAT is their reply.
	Self []string
	// ReadOnly makes Sync write nothing, for a dry run: it starts from
	// what StateDir holds (a missing one is empty) and keeps what it
	// fetches in memory only.
	ReadOnly bool
}

// Source is one ICS calendar. Its methods are safe for concurrent use.
type Source struct {
	lg  *slog.Logger
	cfg Config
	hc  *http.Client

	mu     sync.Mutex
	st     state
	cal    *ical.Calendar // the last calendar parsed; nil before the first
	evs    []*calendar.Event
	expand time.Time // the now of the last expansion
	loaded bool      // the state directory was read
}

// state is what is kept between runs, beside the body itself.
type state struct {
	Address      string `json:"address"` // sha256 of the URL: a new address starts afresh
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Body         string `json:"body"` // sha256 of the body kept in calendar.ics
}

const (
	stateFile = "ics.json"
	bodyFile  = "calendar.ics"
)

// New returns the source; it reads nothing until the first Sync.
func New(lg *slog.Logger, cfg Config, hc *http.Client) (*Source, error) {
	set, err := vevent.Check("ics", cfg.Settings, cfg.URL, cfg.URLFile, "set url_file or url", hc)
	if err != nil {
		return nil, err
	}
	cfg.Settings = set
	return &Source{lg: lg, cfg: cfg, hc: hc}, nil
}

// errReadOnly is the answer to every write.
var errReadOnly = fmt.Errorf("an ICS address is read-only: blocks go to a Google or CalDAV calendar (block.calendar): %w", calendar.ErrForbidden)

// InsertBlock fails: an ICS calendar cannot be written.
func (s *Source) InsertBlock(context.Context, calendar.Block) (calendar.Event, error) {
	return calendar.Event{}, errReadOnly
}

// MoveBlock fails: an ICS calendar cannot be written.
func (s *Source) MoveBlock(context.Context, calendar.Block) (calendar.Event, error) {
	return calendar.Event{}, errReadOnly
}

// DeleteBlock fails: an ICS calendar cannot be written.
func (s *Source) DeleteBlock(context.Context, string, string) error { return errReadOnly }

// Busy returns the busy spans of the last known events in [from, to):
// opaque, not cancelled, not declined.
func (s *Source) Busy(_ context.Context, _ []string, from, to time.Time) ([]calendar.Interval, error) {
	s.mu.Lock()
	evs := s.evs
	s.mu.Unlock()
	return calendar.BusySpans(evs, from, to), nil
}

// Sync fetches the calendar if it changed and returns its events between
// now - Lookback and now + Horizon, each with CalendarID calendarID. On
// failure it returns the last known events with an error wrapping
// calendar.ErrUnavailable (network, 5xx), ErrRateLimited (429),
// ErrUnauthorized (401), ErrNotFound (403, 404, 410: the secret address
// was probably reset) or ErrInvalid (not a calendar, a bad address).
// Like calendar.Client.Sync, a Sync that changed nothing returns the
// previous slice.
func (s *Source) Sync(ctx context.Context, calendarID string, now time.Time) ([]*calendar.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.load(calendarID, now)
	addr, err := s.address()
	if err != nil {
		return s.evs, err
	}
	body, changed, err := s.fetch(ctx, addr)
	if err != nil {
		return s.evs, fmt.Errorf("read ICS calendar %s: %w", secret.RedactURL(addr), err)
	}
	if changed {
		cal, err := vevent.Decode(bytes.NewReader(body))
		if err != nil {
			return s.evs, fmt.Errorf("ICS calendar %s is not an iCalendar file (%v): %w", secret.RedactURL(addr), err, calendar.ErrInvalid)
		}
		s.cal = cal
		s.expandAt(calendarID, now)
		if err := s.save(body); err != nil {
			return s.evs, err
		}
		return s.evs, nil
	}
	// Unchanged: expand again only when a day has passed, to move the
	// window of recurring events along.
	if s.cal != nil && now.Sub(s.expand) >= 24*time.Hour {
		s.expandAt(calendarID, now)
	}
	return s.evs, nil
}

func (s *Source) expandAt(calendarID string, now time.Time) {
	evs, skipped := vevent.Expand(s.cal, calendarID, vevent.Window{
		From: now.Add(-s.cfg.Lookback), To: now.Add(s.cfg.Horizon), Local: s.cfg.Local, Self: s.cfg.Self,
	})
	if skipped > 0 {
		s.lg.Warn("ICS calendar entries skipped: unreadable times or no UID", "count", skipped)
	}
	s.evs, s.expand = evs, now
}

// address returns the URL, reading URLFile when set.
func (s *Source) address() (string, error) {
	if s.cfg.URLFile == "" {
		return s.cfg.URL, nil
	}
	u, err := secret.ReadFile(s.cfg.URLFile, "url_file")
	if err != nil {
		return "", fmt.Errorf("%w: %w", err, calendar.ErrInvalid)
	}
	return u, nil
}

// load reads the state directory once: the last calendar, so a daemon
// that starts offline has its events.
func (s *Source) load(calendarID string, now time.Time) {
	if s.loaded {
		return
	}
	s.loaded = true
	if !s.cfg.ReadOnly { // read-only, a missing directory reads as empty
		if err := os.MkdirAll(s.cfg.StateDir, 0o700); err != nil {
			s.lg.Warn("cannot create the ICS state directory", "dir", s.cfg.StateDir, "err", err)
			return
		}
	}
	b, err := os.ReadFile(filepath.Join(s.cfg.StateDir, stateFile))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.lg.Warn("cannot read the ICS state; fetching afresh", "err", err)
		}
		return
	}
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		s.lg.Warn("ICS state is damaged; fetching afresh", "file", filepath.Join(s.cfg.StateDir, stateFile), "err", err)
		return
	}
	body, err := os.ReadFile(filepath.Join(s.cfg.StateDir, bodyFile))
	if err != nil || hash(body) != st.Body {
		s.lg.Warn("ICS cache does not match its state; fetching afresh")
		return
	}
	cal, err := vevent.Decode(bytes.NewReader(body))
	if err != nil {
		return
	}
	s.st, s.cal = st, cal
	s.expandAt(calendarID, now)
}

// save keeps body and the validators: body first, so a crash between the
// two leaves a state that does not match and is ignored. A read-only
// source keeps nothing.
func (s *Source) save(body []byte) error {
	if s.cfg.ReadOnly {
		return nil
	}
	if err := os.MkdirAll(s.cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("save ICS calendar: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(s.cfg.StateDir, bodyFile), body, 0o600); err != nil {
		return fmt.Errorf("save ICS calendar: %w", err)
	}
	b, err := json.Marshal(s.st)
	if err != nil {
		return fmt.Errorf("save ICS state: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(s.cfg.StateDir, stateFile), b, 0o600); err != nil {
		return fmt.Errorf("save ICS state: %w", err)
	}
	return nil
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// fetch returns the body when it changed since the last one kept.
func (s *Source) fetch(ctx context.Context, addr string) (body []byte, changed bool, err error) {
	if path, ok := filePath(addr); ok {
		return s.fetchFile(path)
	}
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return nil, false, fmt.Errorf("not an address: %w", calendar.ErrInvalid)
	}
	switch u.Scheme {
	case "webcal":
		u.Scheme = "https"
	case "webcals":
		u.Scheme = "https"
	case "http", "https":
	default:
		return nil, false, fmt.Errorf("scheme %q: want https, webcal or a file: %w", u.Scheme, calendar.ErrInvalid)
	}
	key := hash([]byte(addr))
	if s.st.Address != key {
		s.st = state{Address: key}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, false, fmt.Errorf("%v: %w", err, calendar.ErrInvalid)
	}
	req.Header.Set("Accept", "text/calendar, */*;q=0.5")
	if s.cal != nil {
		if s.st.ETag != "" {
			req.Header.Set("If-None-Match", s.st.ETag)
		}
		if s.st.LastModified != "" {
			req.Header.Set("If-Modified-Since", s.st.LastModified)
		}
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return nil, false, ctx.Err()
		}
		return nil, false, fmt.Errorf("%s: %w", redactErr(err), calendar.ErrUnavailable)
	}
	defer resp.Body.Close()
	switch c := resp.StatusCode; {
	case c == http.StatusNotModified && s.cal != nil:
		return nil, false, nil
	case c == http.StatusOK:
	case c == http.StatusUnauthorized:
		return nil, false, fmt.Errorf("HTTP %d: the address needs a sign-in debrief cannot give: %w", c, calendar.ErrUnauthorized)
	case c == http.StatusForbidden || c == http.StatusNotFound || c == http.StatusGone:
		return nil, false, fmt.Errorf("HTTP %d: the address may have been reset or unpublished: copy it again into url_file: %w", c, calendar.ErrNotFound)
	case c == http.StatusTooManyRequests:
		return nil, false, fmt.Errorf("HTTP %d: %w", c, calendar.ErrRateLimited)
	case c >= 500:
		return nil, false, fmt.Errorf("HTTP %d: %w", c, calendar.ErrUnavailable)
	default:
		return nil, false, fmt.Errorf("HTTP %d: %w", c, calendar.ErrInvalid)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", redactErr(err), calendar.ErrUnavailable)
	}
	if len(b) > maxBody {
		return nil, false, fmt.Errorf("the calendar is larger than %d MB: %w", maxBody>>20, calendar.ErrInvalid)
	}
	s.st.ETag, s.st.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	h := hash(b)
	if h == s.st.Body && s.cal != nil {
		return nil, false, nil // the same bytes: nothing to parse
	}
	s.st.Body = h
	return b, true, nil
}

// fetchFile reads a calendar file when its size or time changed.
func (s *Source) fetchFile(path string) ([]byte, bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, false, fmt.Errorf("%v: %w", err, calendar.ErrNotFound)
	}
	key := hash([]byte("file:" + path))
	if s.st.Address != key {
		s.st = state{Address: key}
	}
	stamp := fmt.Sprintf("%d-%d", fi.Size(), fi.ModTime().UnixNano())
	if s.cal != nil && s.st.ETag == stamp {
		return nil, false, nil
	}
	if fi.Size() > maxBody {
		return nil, false, fmt.Errorf("the calendar is larger than %d MB: %w", maxBody>>20, calendar.ErrInvalid)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("%v: %w", err, calendar.ErrUnavailable)
	}
	s.st.ETag = stamp
	h := hash(b)
	if h == s.st.Body && s.cal != nil {
		return nil, false, nil
	}
	s.st.Body = h
	return b, true, nil
}

// filePath reports whether addr names a file, and which.
func filePath(addr string) (string, bool) {
	if filepath.IsAbs(addr) {
		return addr, true
	}
	if strings.HasPrefix(addr, "file://") {
		if u, err := url.Parse(addr); err == nil {
			return u.Path, true
		}
	}
	return "", false
}

// redactErr is err's text with any URL in it cut to scheme and host: the
// net/http client puts the whole address into its errors.
func redactErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + " " + secret.RedactURL(ue.URL) + ": " + ue.Err.Error()
	}
	return err.Error()
}
