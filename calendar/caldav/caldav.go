package caldav

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	webcaldav "github.com/emersion/go-webdav/caldav"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/internal/atomicfile"
	"github.com/debrief-dev/debrief/internal/secret"
)

// Config is what a source needs.
type Config struct {
	// Name is the source's name, for messages.
	Name string
	// URL is the collection or the account address; URLFile, if set
	// instead, a 0600 file holding it.
	URL, URLFile string
	// Calendars are the collection names to watch, found from the account
	// address; empty: URL is the one collection.
	Calendars []string
	// Username and the password (PasswordFile, a 0600 file, or
	// PasswordCommand, argv printing it) for HTTP basic authentication;
	// no username: no authentication.
	Username        string
	PasswordFile    string
	PasswordCommand []string
	// Settings: the state directory (what was read, for offline starts),
	// the span of events, the request timeout, the zone of floating times.
	vevent.Settings
	// ReadOnly makes the source write nothing, for a dry run: Sync
	// starts from StateDir (a missing one is empty) and keeps what it
	// reads in memory only; InsertBlock, MoveBlock and DeleteBlock fail
	// with calendar.ErrReadOnly.
	ReadOnly bool
}

// Source is one CalDAV account or collection. Its methods are safe for
// concurrent use; they are serialised.
type Source struct {
	lg  *slog.Logger
	cfg Config
	hc  *http.Client

	mu    sync.Mutex
	dav   *davClient
	colls map[string]string // calendar name → collection path
	cals  map[string]*collection
	base  *url.URL
}

// collection is what is known of one calendar.
type collection struct {
	Path    string             `json:"path"`
	CTag    string             `json:"ctag"`
	Objects map[string]*object `json:"objects"` // by path
	// Written are the blocks debrief wrote here: one missing from the
	// collection later was deleted (by the person, or by debrief when its
	// interview went), and is never written again.
	Written []string `json:"written,omitempty"`

	evs    []*calendar.Event
	expand time.Time
	loaded bool
	stale  bool // objects changed since evs were made, or since the last save
}

type object struct {
	ETag string `json:"etag"`
	Data string `json:"data"` // the iCalendar text
	cal  *ical.Calendar
}

// New returns the source; it touches neither the network nor the
// password until the first call.
func New(lg *slog.Logger, cfg Config, hc *http.Client) (*Source, error) {
	set, err := vevent.Check("caldav", cfg.Settings, cfg.URL, cfg.URLFile, "set url", hc)
	if err != nil {
		return nil, err
	}
	cfg.Settings = set
	return &Source{lg: lg, cfg: cfg, hc: hc, cals: map[string]*collection{}}, nil
}

// davClient adds basic authentication to each request and remembers the
// status of the last answer, so that errors of go-webdav (whose error type
// is internal) can be classified.
type davClient struct {
	hc         *http.Client
	user, pass string
	last       int // the status of the last response, 0 if none
}

func (d *davClient) Do(req *http.Request) (*http.Response, error) {
	if d.user != "" {
		req.SetBasicAuth(d.user, d.pass)
	}
	d.last = 0
	resp, err := d.hc.Do(req)
	if err != nil {
		return nil, err
	}
	d.last = resp.StatusCode
	return resp, nil
}

// classify attaches the sentinel of the failed request to err.
func (s *Source) classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var ue *url.Error
	msg := err.Error()
	if errors.As(err, &ue) {
		msg = ue.Op + " " + secret.RedactURL(ue.URL) + ": " + ue.Err.Error()
	}
	code := 0
	if s.dav != nil {
		code = s.dav.last
	}
	switch {
	case code == 0:
		return fmt.Errorf("%s: %w", msg, calendar.ErrUnavailable)
	case code == http.StatusUnauthorized:
		// Read the password again at the next call: the person may fix
		// the file without restarting the daemon.
		s.dav = nil
		return fmt.Errorf("%s (check username and the password in password_file or password_command): %w", msg, calendar.ErrUnauthorized)
	case code == http.StatusForbidden:
		return fmt.Errorf("%s: %w", msg, calendar.ErrForbidden)
	case code == http.StatusNotFound || code == http.StatusGone:
		return fmt.Errorf("%s: %w", msg, calendar.ErrNotFound)
	case code == http.StatusTooManyRequests:
		return fmt.Errorf("%s: %w", msg, calendar.ErrRateLimited)
	case code >= 500:
		return fmt.Errorf("%s: %w", msg, calendar.ErrUnavailable)
	}
	return fmt.Errorf("%s: %w", msg, calendar.ErrInvalid)
}

// client returns the go-webdav clients, reading the address and the
// password at first use (and again after a failure to read them).
func (s *Source) client(ctx context.Context) (*webdav.Client, *webcaldav.Client, error) {
	if s.dav == nil {
		addr := s.cfg.URL
		if s.cfg.URLFile != "" {
			a, err := secret.ReadFile(s.cfg.URLFile, "url_file")
			if err != nil {
				return nil, nil, fmt.Errorf("%w: %w", err, calendar.ErrInvalid)
			}
			addr = a
		}
		u, err := url.Parse(addr)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, fmt.Errorf("CalDAV address %s is not an http(s) URL: %w", secret.RedactURL(addr), calendar.ErrInvalid)
		}
		pass := ""
		switch {
		case s.cfg.PasswordFile != "":
			pass, err = secret.ReadFile(s.cfg.PasswordFile, "password_file")
		case len(s.cfg.PasswordCommand) > 0:
			pass, err = secret.Command(ctx, s.cfg.PasswordCommand)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", err, calendar.ErrUnauthorized)
		}
		s.base = u
		s.dav = &davClient{hc: s.hc, user: s.cfg.Username, pass: pass}
	}
	root := s.base.Scheme + "://" + s.base.Host
	wc, err := webdav.NewClient(s.dav, root)
	if err != nil {
		return nil, nil, fmt.Errorf("%v: %w", err, calendar.ErrInvalid)
	}
	cc, err := webcaldav.NewClient(s.dav, root)
	if err != nil {
		return nil, nil, fmt.Errorf("%v: %w", err, calendar.ErrInvalid)
	}
	return wc, cc, nil
}

// collectionPath returns the path of the calendar name, discovering the
// account's calendars at first need.
func (s *Source) collectionPath(ctx context.Context, name string) (string, error) {
	if p, ok := s.colls[name]; ok {
		return p, nil
	}
	if c := s.loadState(name); c != nil && c.Path != "" {
		s.setColl(name, c.Path)
		return c.Path, nil
	}
	wc, cc, err := s.client(ctx)
	if err != nil {
		return "", err
	}
	own := strings.TrimRight(s.base.Path, "/") + "/"
	if len(s.cfg.Calendars) == 0 {
		s.setColl(collectionName(own), own)
		return s.colls[name], s.missing(name)
	}
	// The account address: principal, home set, calendars.
	principal, err := wc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		return "", fmt.Errorf("find the account's principal: %w", s.classify(err))
	}
	home, err := cc.FindCalendarHomeSet(ctx, principal)
	if err != nil {
		return "", fmt.Errorf("find the calendar home set: %w", s.classify(err))
	}
	cals, err := cc.FindCalendars(ctx, home)
	if err != nil {
		return "", fmt.Errorf("list the calendars: %w", s.classify(err))
	}
	var found []string
	for _, c := range cals {
		n := collectionName(c.Path)
		found = append(found, n)
		s.setColl(n, strings.TrimRight(c.Path, "/")+"/")
	}
	if collectionName(own) == name {
		s.setColl(name, own) // the address was the collection itself
	}
	if _, ok := s.colls[name]; !ok {
		slices.Sort(found)
		return "", fmt.Errorf("no calendar %q in this CalDAV account (it has %s): fix calendars: %w", name, strings.Join(found, ", "), calendar.ErrNotFound)
	}
	return s.colls[name], nil
}

func (s *Source) missing(name string) error {
	if _, ok := s.colls[name]; ok {
		return nil
	}
	return fmt.Errorf("no calendar %q at this address: %w", name, calendar.ErrNotFound)
}

func (s *Source) setColl(name, p string) {
	if s.colls == nil {
		s.colls = map[string]string{}
	}
	s.colls[name] = p
}

// collectionName is the last segment of a collection path, unescaped.
func collectionName(p string) string {
	n := path.Base(strings.TrimRight(p, "/"))
	if u, err := url.PathUnescape(n); err == nil {
		return u
	}
	return n
}

// Sync returns the events of the calendar name, each with CalendarID
// name, fetching only what changed. On failure the last known events come
// with an error wrapping one of calendar's sentinels. A Sync that changed
// nothing returns the previous slice.
func (s *Source) Sync(ctx context.Context, name string, now time.Time) ([]*calendar.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.coll(name, now)
	p, err := s.collectionPath(ctx, name)
	if err != nil {
		return c.evs, fmt.Errorf("sync CalDAV calendar %q: %w", name, err)
	}
	c.Path = p
	if _, err := s.refresh(ctx, c); err != nil {
		return c.evs, fmt.Errorf("sync CalDAV calendar %q: %w", name, err)
	}
	if c.stale || now.Sub(c.expand) >= 24*time.Hour {
		s.expandAt(name, c, now)
	}
	if c.stale {
		c.stale = false
		if err := s.saveState(name, c); err != nil {
			return c.evs, err
		}
	}
	return c.evs, nil
}

// coll returns the cache of calendar name, loading it from the state
// directory at first use.
func (s *Source) coll(name string, now time.Time) *collection {
	c, ok := s.cals[name]
	if ok {
		return c
	}
	c = s.loadState(name)
	if c == nil {
		c = &collection{Objects: map[string]*object{}}
	}
	s.cals[name] = c
	if len(c.Objects) > 0 {
		s.expandAt(name, c, now)
	}
	return c
}

// refresh brings c up to date: one PROPFIND when nothing changed.
func (s *Source) refresh(ctx context.Context, c *collection) (bool, error) {
	_, cc, err := s.client(ctx)
	if err != nil {
		return false, err
	}
	rctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	ms, err := s.propfind(rctx, c.Path, "0", `<cs:getctag/>`)
	if err != nil {
		return false, err
	}
	ctag := ""
	for _, r := range ms.Responses {
		for _, ps := range r.Propstat {
			if ps.Prop.CTag != "" {
				ctag = ps.Prop.CTag
			}
		}
	}
	if ctag != "" && ctag == c.CTag && c.loaded {
		return false, nil
	}
	ms, err = s.propfind(rctx, c.Path, "1", `<d:getetag/><d:resourcetype/>`)
	if err != nil {
		return false, err
	}
	etags := map[string]string{}
	for _, r := range ms.Responses {
		p := hrefPath(r.Href)
		if strings.TrimRight(p, "/") == strings.TrimRight(c.Path, "/") {
			continue
		}
		for _, ps := range r.Propstat {
			if ps.Prop.ETag != "" && ps.Prop.ResourceType.Collection == nil {
				etags[p] = ps.Prop.ETag
			}
		}
	}
	var want []string
	for p, e := range etags {
		if o, ok := c.Objects[p]; !ok || o.ETag != e {
			want = append(want, p)
		}
	}
	slices.Sort(want)
	changed := len(want) > 0 || !c.loaded
	for p := range c.Objects {
		if _, ok := etags[p]; !ok {
			delete(c.Objects, p)
			changed = true
		}
	}
	for len(want) > 0 {
		n := min(len(want), 200)
		objs, err := multiGet(rctx, cc, c.Path, want[:n])
		if errors.Is(err, errMalformed) {
			return false, fmt.Errorf("fetch %d changed events: %w: %w", n, err, calendar.ErrInvalid)
		}
		if err != nil {
			return false, fmt.Errorf("fetch %d changed events: %w", n, s.classify(err))
		}
		for _, o := range objs {
			var b bytes.Buffer
			if err := ical.NewEncoder(&b).Encode(o.Data); err != nil {
				s.lg.Warn("CalDAV object skipped: cannot be encoded", "err", err)
				continue
			}
			p := hrefPath(o.Path)
			c.Objects[p] = &object{ETag: cmp.Or(etags[p], o.ETag), Data: b.String(), cal: o.Data}
		}
		want = want[n:]
	}
	c.CTag, c.loaded = ctag, true
	c.stale = c.stale || changed
	return changed, nil
}

// errMalformed marks a multiget answer the iCalendar decoder choked on.
var errMalformed = errors.New("a changed event is malformed iCalendar data")

// multiGet fetches the objects at paths. go-webdav decodes them with
// go-ical, which panics on some malformed input (see vevent.Decode): a
// hostile or broken event must not stop the daemon.
func multiGet(ctx context.Context, cc *webcaldav.Client, coll string, paths []string) (objs []webcaldav.CalendarObject, err error) {
	defer func() {
		if p := recover(); p != nil {
			objs, err = nil, fmt.Errorf("%w (%v)", errMalformed, p)
		}
	}()
	return cc.MultiGetCalendar(ctx, coll, &webcaldav.CalendarMultiGet{
		Paths:       paths,
		CompRequest: webcaldav.CalendarCompRequest{Name: "VCALENDAR", AllProps: true, AllComps: true},
	})
}

// expandAt turns the objects of c into events around now.
func (s *Source) expandAt(name string, c *collection, now time.Time) {
	w := vevent.Window{From: now.Add(-s.cfg.Lookback), To: now.Add(s.cfg.Horizon), Local: s.cfg.Local}
	if strings.Contains(s.cfg.Username, "@") {
		w.Self = []string{s.cfg.Username}
	}
	var evs []*calendar.Event
	skipped := 0
	for _, o := range c.Objects {
		if o.cal == nil {
			cal, err := vevent.Decode(strings.NewReader(o.Data))
			if err != nil {
				skipped++
				continue
			}
			o.cal = cal
		}
		e, n := vevent.Expand(o.cal, name, w)
		evs = append(evs, e...)
		skipped += n
	}
	if skipped > 0 {
		s.lg.Warn("CalDAV entries skipped: unreadable times or no UID", "calendar", name, "count", skipped)
	}
	slices.SortStableFunc(evs, func(a, b *calendar.Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	c.evs, c.expand = evs, now
}

// multistatus is the answer to PROPFIND.
type multistatus struct {
	Responses []struct {
		Href     string `xml:"DAV: href"`
		Propstat []struct {
			Prop struct {
				CTag         string `xml:"http://calendarserver.org/ns/ getctag"`
				ETag         string `xml:"DAV: getetag"`
				ResourceType struct {
					Collection *struct{} `xml:"DAV: collection"`
				} `xml:"DAV: resourcetype"`
			} `xml:"DAV: prop"`
		} `xml:"DAV: propstat"`
	} `xml:"DAV: response"`
}

// propfind asks for props (XML elements, d: is DAV:, cs: calendarserver)
// at depth. go-webdav does not expose getctag, so this one request is
// written by hand.
func (s *Source) propfind(ctx context.Context, p, depth, props string) (*multistatus, error) {
	body := `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop>` + props + `</d:prop></d:propfind>`
	u := *s.base
	u.Path, u.RawPath = p, ""
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", u.String(), strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, calendar.ErrInvalid)
	}
	req.Header.Set("Depth", depth)
	req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	resp, err := s.dav.Do(req)
	if err != nil {
		return nil, s.classify(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, s.classify(fmt.Errorf("PROPFIND %s: HTTP %d", p, resp.StatusCode))
	}
	var ms multistatus
	if err := xml.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&ms); err != nil {
		return nil, fmt.Errorf("PROPFIND %s: not a multistatus (%v): %w", p, err, calendar.ErrInvalid)
	}
	return &ms, nil
}

// hrefPath is the path of an href, unescaped.
func hrefPath(h string) string {
	if u, err := url.Parse(strings.TrimSpace(h)); err == nil {
		return u.Path
	}
	return h
}

// stateFile is where the cache of calendar name is kept.
func (s *Source) stateFile(name string) string {
	return filepath.Join(s.cfg.StateDir, "caldav-"+url.PathEscape(name)+".json")
}

func (s *Source) loadState(name string) *collection {
	b, err := os.ReadFile(s.stateFile(name))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.lg.Warn("cannot read the CalDAV cache; reading the calendar afresh", "err", err)
		}
		return nil
	}
	var c collection
	if err := json.Unmarshal(b, &c); err != nil || c.Objects == nil {
		s.lg.Warn("CalDAV cache is damaged; reading the calendar afresh", "file", s.stateFile(name))
		return nil
	}
	c.CTag = "" // check the objects' etags once after a restart
	return &c
}

func (s *Source) saveState(name string, c *collection) error {
	if s.cfg.ReadOnly {
		return nil
	}
	if err := os.MkdirAll(s.cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("save CalDAV cache: %w", err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("save CalDAV cache: %w", err)
	}
	if err := atomicfile.WriteFile(s.stateFile(name), b, 0o600); err != nil {
		return fmt.Errorf("save CalDAV cache: %w", err)
	}
	return nil
}
