package calendartest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	gcal "google.golang.org/api/calendar/v3"
)

const (
	// horizon is how far past the clock a series is expanded when it is
	// written; maxInstances caps one series. The first occurrence is
	// always expanded.
	horizon      = 366 * 24 * time.Hour
	maxInstances = 2000
)

type calendar struct {
	id       string
	timeZone string
	events   map[string]*record
	updated  time.Time
}

func newCalendar(id, timeZone string) *calendar {
	return &calendar{id: id, timeZone: timeZone, events: map[string]*record{}}
}

func (c *calendar) location() *time.Location {
	if l, err := time.LoadLocation(c.timeZone); err == nil {
		return l
	}
	return time.UTC
}

// record is one stored event. raw holds the resource as JSON, top-level key
// by key, so that what the client sent (useDefault false, extended
// properties) is answered back as sent; ev is raw decoded.
type record struct {
	raw       map[string]json.RawMessage
	ev        *gcal.Event
	rev       int64  // change number of the last write; sync tokens compare it
	master    string // instance: id of its recurring event
	exception bool   // instance written on its own (moved, edited, cancelled)
	start     time.Time
	end       time.Time
	allDay    bool
}

func (r *record) cancelled() bool { return r.ev.Status == "cancelled" }
func (r *record) isMaster() bool  { return r.master == "" && len(r.ev.Recurrence) > 0 }

// eventKeys are the JSON keys of Google's event resource; others are
// dropped, as Google's client ignores them.
var eventKeys = func() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeFor[gcal.Event]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}()

// decodeEvent reads one event resource, keeping only the API's keys. Null
// values are kept so that patch can clear fields.
func decodeEvent(b []byte) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, fmt.Errorf("event is not a JSON object")
	}
	for k, v := range raw {
		if !eventKeys[k] {
			delete(raw, k)
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return nil, err
		}
		raw[k] = buf.Bytes()
	}
	var ev gcal.Event
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, err
	}
	return raw, nil
}

func dropNulls(raw map[string]json.RawMessage) {
	for k, v := range raw {
		if string(v) == "null" {
			delete(raw, k)
		}
	}
}

func setField(raw map[string]json.RawMessage, key string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain values
	}
	raw[key] = b
}

func decodeRaw(raw map[string]json.RawMessage) (*gcal.Event, error) {
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var ev gcal.Event
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, err
	}
	return &ev, nil
}

func marshalRaw(raw map[string]json.RawMessage) []byte {
	b, err := json.Marshal(raw)
	if err != nil {
		panic(err) // raw holds valid JSON values only
	}
	return b
}

func formatStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// next returns a new change number.
func (s *Server) next() int64 {
	s.seq++
	return s.seq
}

// stamp sets updated and a fresh etag, as every write on Google does.
func (s *Server) stamp(c *calendar, raw map[string]json.RawMessage) {
	now := s.now()
	setField(raw, "updated", formatStamp(now))
	setField(raw, "etag", fmt.Sprintf("%q", fmt.Sprintf("%d%03d", now.UnixMicro(), s.seq%1000)))
	if now.After(c.updated) {
		c.updated = now
	}
}

const idAlphabet = "0123456789abcdefghijklmnopqrstuv"

// newID returns a server-assigned id in Google's alphabet and length.
func newID() string {
	b := make([]byte, 26)
	for i := range b {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b)
}

// validID reports whether a client-supplied id is acceptable to Google:
// base32hex characters, 5 to 1024 of them.
func validID(id string) bool {
	if len(id) < 5 || len(id) > 1024 {
		return false
	}
	for i := range len(id) {
		if !strings.ContainsRune(idAlphabet, rune(id[i])) {
			return false
		}
	}
	return true
}

// resolve turns an EventDateTime into an instant. A date is midnight in
// loc; a dateTime without offset needs a timeZone.
func resolve(dt *gcal.EventDateTime, loc *time.Location) (t time.Time, allDay bool, err error) {
	switch {
	case dt == nil || (dt.Date == "" && dt.DateTime == ""):
		return time.Time{}, false, fmt.Errorf("missing")
	case dt.Date != "" && dt.DateTime != "":
		return time.Time{}, false, fmt.Errorf("has both date and dateTime")
	case dt.Date != "":
		t, err = time.ParseInLocation("2006-01-02", dt.Date, loc)
		return t, true, err
	}
	if t, err = time.Parse(time.RFC3339Nano, dt.DateTime); err == nil {
		return t, false, nil
	}
	if dt.TimeZone == "" {
		return time.Time{}, false, fmt.Errorf("missing time zone definition")
	}
	l, err := time.LoadLocation(dt.TimeZone)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("invalid time zone %q", dt.TimeZone)
	}
	t, err = time.ParseInLocation("2006-01-02T15:04:05", dt.DateTime, l)
	return t, false, err
}

// zoneOf is the location of an event: its start's timeZone, else the
// calendar's.
func (c *calendar) zoneOf(ev *gcal.Event) *time.Location {
	if ev.Start != nil && ev.Start.TimeZone != "" {
		if l, err := time.LoadLocation(ev.Start.TimeZone); err == nil {
			return l
		}
	}
	return c.location()
}

// times resolves start and end, checking what Google checks on a write.
func (c *calendar) times(ev *gcal.Event) (start, end time.Time, allDay bool, e *apiError) {
	loc := c.zoneOf(ev)
	start, allDay, err := resolve(ev.Start, loc)
	if err != nil {
		if err.Error() == "missing" {
			return start, end, false, errRequired("Missing start time.")
		}
		return start, end, false, errInvalid("Invalid start time: " + err.Error() + ".")
	}
	end, endAllDay, err := resolve(ev.End, loc)
	if err != nil {
		if err.Error() == "missing" {
			return start, end, false, errRequired("Missing end time.")
		}
		return start, end, false, errInvalid("Invalid end time: " + err.Error() + ".")
	}
	if allDay != endAllDay {
		return start, end, false, errBadRequest("Start and end times must either both be date or both be dateTime.")
	}
	if end.Before(start) {
		return start, end, false, errTimeRangeEmpty()
	}
	return start, end, allDay, nil
}

type writeMode int

const (
	modeUI   writeMode = iota // Put: the person in the Calendar UI
	modeAPI                   // insert, update, patch through the API
	modeLoad                  // LoadEvents: keep the payload's stamps
)

// commit stores raw as the event old (nil: a new event) of c, setting the
// fields the server owns, and expands or cancels instances of a series.
// The caller holds s.mu.
func (s *Server) commit(c *calendar, old *record, raw map[string]json.RawMessage, mode writeMode) (*record, *apiError) {
	dropNulls(raw)
	if mode == modeAPI {
		for _, k := range []string{"kind", "etag", "htmlLink", "created", "updated", "creator", "organizer", "recurringEventId", "originalStartTime"} {
			delete(raw, k)
		}
	}
	var id string
	if old != nil {
		id = old.ev.Id
		seq := old.ev.Sequence + 1
		if mode == modeLoad {
			if _, ok := raw["sequence"]; ok {
				seq = -1
			}
		}
		for _, k := range []string{"kind", "created", "htmlLink", "iCalUID", "creator", "organizer", "recurringEventId", "originalStartTime"} {
			if _, ok := raw[k]; !ok || (old.master != "" && (k == "recurringEventId" || k == "originalStartTime")) {
				if v, ok := old.raw[k]; ok {
					raw[k] = v
				}
			}
		}
		if seq >= 0 {
			setField(raw, "sequence", seq)
		}
		if _, ok := raw["status"]; !ok && mode == modeAPI {
			raw["status"] = old.raw["status"]
		}
	} else if err := json.Unmarshal(raw["id"], &id); err != nil || id == "" {
		id = newID()
	}
	setField(raw, "id", id)
	now := s.now()
	defaults := map[string]any{
		"kind":      "calendar#event",
		"status":    "confirmed",
		"htmlLink":  "https://www.google.com/calendar/event?eid=" + base64.RawURLEncoding.EncodeToString([]byte(id+" "+c.id)),
		"created":   formatStamp(now),
		"creator":   map[string]any{"email": c.id, "self": true},
		"organizer": map[string]any{"email": c.id, "self": true},
		"iCalUID":   id + "@google.com",
		"sequence":  0,
		"reminders": map[string]any{"useDefault": true},
		"eventType": "default",
	}
	for k, v := range defaults {
		if _, ok := raw[k]; !ok && mode != modeLoad { // loaded payloads stay as recorded
			setField(raw, k, v)
		}
	}
	ev, err := decodeRaw(raw)
	if err != nil {
		return nil, errBadRequest("Invalid event: " + err.Error())
	}
	rec := &record{raw: raw, ev: ev, master: ev.RecurringEventId}
	if old != nil && old.master != "" {
		rec.master = old.master
	}
	rec.exception = rec.master != ""
	if ev.Status != "cancelled" || ev.Start != nil {
		start, end, allDay, e := c.times(ev)
		if e != nil {
			return nil, e
		}
		rec.start, rec.end, rec.allDay = start, end, allDay
	} else if ev.OriginalStartTime != nil {
		rec.start, rec.allDay, _ = resolve(ev.OriginalStartTime, c.zoneOf(ev))
		rec.end = rec.start
	}
	if mode != modeLoad {
		if e := checkContent(raw, ev); e != nil {
			return nil, e
		}
	}
	if rec.master != "" && len(ev.Recurrence) > 0 {
		return nil, errInvalid("An instance of a recurring event cannot have a recurrence.")
	}
	if len(ev.Recurrence) > 0 {
		if mode == modeAPI && !rec.allDay && ev.Start.TimeZone == "" {
			return nil, errRequired("Missing time zone definition for start time.")
		}
		if _, err := parseRecurrence(ev.Recurrence, c.zoneOf(ev)); err != nil {
			return nil, errInvalid("Invalid recurrence rule: " + err.Error() + " (calendartest).")
		}
	}

	// Valid: from here on the write happens.
	rec.rev = s.next()
	if mode == modeLoad {
		// Keep the payload's stamps; fill in the missing ones.
		kept := map[string]json.RawMessage{}
		for _, k := range []string{"etag", "updated"} {
			if v, ok := raw[k]; ok {
				kept[k] = v
			}
		}
		s.stamp(c, raw)
		maps.Copy(raw, kept)
	} else {
		s.stamp(c, raw)
	}
	json.Unmarshal(raw["etag"], &ev.Etag)
	json.Unmarshal(raw["updated"], &ev.Updated)
	c.events[id] = rec
	if rec.master != "" && mode != modeLoad {
		s.touchMaster(c, rec.master)
	}
	if rec.master == "" && (len(ev.Recurrence) > 0 || old != nil && len(old.ev.Recurrence) > 0) {
		s.expand(c, rec)
	}
	if t, err := time.Parse(time.RFC3339Nano, ev.Updated); err == nil && t.After(c.updated) {
		c.updated = t
	}
	return rec, nil
}

// Limits Google applies to extended properties: longer keys are dropped
// silently (measured, see NOTES.md), longer values refused.
const (
	maxPropKey   = 44
	maxPropValue = 1024
	maxOverrides = 5
)

// checkContent applies Google's rules on reminders, transparency and
// extended properties to a write, dropping over-long property keys from
// raw and ev as Google does.
func checkContent(raw map[string]json.RawMessage, ev *gcal.Event) *apiError {
	if r := ev.Reminders; r != nil {
		if r.UseDefault && len(r.Overrides) > 0 {
			return &apiError{Code: 400, Domain: "global", Reason: "cannotUseDefaultRemindersAndSpecifyOverride", Message: "Cannot specify both default reminders and overrides at the same time."}
		}
		if len(r.Overrides) > maxOverrides {
			return errInvalid("The maximum number of override reminders is 5.")
		}
	}
	switch ev.Transparency {
	case "", "opaque", "transparent":
	default:
		return errInvalid("Invalid transparency value: " + ev.Transparency)
	}
	if p := ev.ExtendedProperties; p != nil {
		dropped := false
		for _, m := range []map[string]string{p.Private, p.Shared} {
			for k, v := range m {
				if utf8.RuneCountInString(v) > maxPropValue {
					return errInvalid("Extended property value too long: " + k)
				}
				if utf8.RuneCountInString(k) > maxPropKey {
					delete(m, k)
					dropped = true
				}
			}
		}
		if dropped {
			setField(raw, "extendedProperties", p)
		}
	}
	return nil
}

// touchMaster records a change of the series when one of its instances
// changes: Google then lists the master again (fixtures 01 and 03).
func (s *Server) touchMaster(c *calendar, id string) {
	m := c.events[id]
	if m == nil || m.cancelled() {
		return
	}
	m.rev = s.next()
	s.stamp(c, m.raw)
	if ev, err := decodeRaw(m.raw); err == nil {
		m.ev = ev
	}
}

// instanceID is Google's id for an occurrence: the master's id and the
// original start in UTC, or the date for all-day series.
func instanceID(master string, t time.Time, allDay bool) string {
	if allDay {
		return master + "_" + t.Format("20060102")
	}
	return master + "_" + t.UTC().Format("20060102T150405Z")
}

// expand writes the instances of m (none if m is not recurring): new and
// changed occurrences get a new change number, occurrences that no longer
// exist are cancelled, exceptions are kept (and cancelled with a cancelled
// series).
func (s *Server) expand(c *calendar, m *record) {
	ids := map[string]bool{}
	if len(m.ev.Recurrence) > 0 {
		loc := c.zoneOf(m.ev)
		start := m.start.In(loc)
		rc, err := parseRecurrence(m.ev.Recurrence, loc)
		if err != nil {
			return // commit checked it
		}
		days := 0
		if m.allDay {
			days = int(m.end.Sub(m.start).Round(24*time.Hour) / (24 * time.Hour))
		}
		for _, t := range rc.occurrences(start, s.now().Add(horizon), maxInstances) {
			id := instanceID(m.ev.Id, t, m.allDay)
			ids[id] = true
			old := c.events[id]
			if old != nil && old.exception {
				if m.cancelled() && !old.cancelled() {
					s.cancelRecord(c, old)
				}
				continue
			}
			raw, ev := instanceOf(m, id, t, days)
			if old != nil && sameExceptStamps(old.raw, raw) {
				continue
			}
			rec := &record{raw: raw, ev: ev, rev: s.next(), master: m.ev.Id, allDay: m.allDay}
			rec.start = t
			if m.allDay {
				rec.end = t.AddDate(0, 0, days)
			} else {
				rec.end = t.Add(m.end.Sub(m.start))
			}
			c.events[id] = rec
		}
	}
	// Occurrences that no longer exist (UNTIL moved earlier, start moved)
	// are cancelled; the changed series says so, they are no exceptions.
	for id, r := range c.events {
		if r.master == m.ev.Id && !ids[id] && !r.cancelled() {
			s.markCancelled(c, r)
		}
	}
}

// sameExceptStamps reports whether two events differ in etag and updated
// at most.
func sameExceptStamps(a, b map[string]json.RawMessage) bool {
	n := 0
	for k, v := range a {
		if k == "etag" || k == "updated" {
			continue
		}
		w, ok := b[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
		n++
	}
	for k := range b {
		if k != "etag" && k != "updated" {
			n--
		}
	}
	return n == 0
}

// instanceOf is occurrence t of m as Google lists it with
// singleEvents=true: the master's fields, start and end in the master's
// zone, recurringEventId and originalStartTime.
func instanceOf(m *record, id string, t time.Time, days int) (map[string]json.RawMessage, *gcal.Event) {
	raw := maps.Clone(m.raw)
	ev := *m.ev // shallow: the fake never changes a stored event in place
	delete(raw, "recurrence")
	ev.Recurrence = nil
	setField(raw, "id", id)
	ev.Id = id
	setField(raw, "recurringEventId", m.ev.Id)
	ev.RecurringEventId = m.ev.Id
	if link, ok := strings.CutPrefix(m.ev.HtmlLink, "https://www.google.com/calendar/event?eid="); ok {
		if b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(link, "=")); err == nil {
			if _, cal, ok := strings.Cut(string(b), " "); ok {
				ev.HtmlLink = "https://www.google.com/calendar/event?eid=" + base64.RawURLEncoding.EncodeToString([]byte(id+" "+cal))
				setField(raw, "htmlLink", ev.HtmlLink)
			}
		}
	}
	start, end := &gcal.EventDateTime{}, &gcal.EventDateTime{}
	if m.allDay {
		start.Date = t.Format("2006-01-02")
		end.Date = t.AddDate(0, 0, days).Format("2006-01-02")
	} else {
		start.DateTime = t.Format(time.RFC3339)
		start.TimeZone = m.ev.Start.TimeZone
		end.DateTime = t.Add(m.end.Sub(m.start)).In(t.Location()).Format(time.RFC3339)
		end.TimeZone = m.ev.End.TimeZone
	}
	setField(raw, "start", start)
	setField(raw, "originalStartTime", start)
	setField(raw, "end", end)
	ev.Start, ev.End, ev.OriginalStartTime = start, end, start
	return raw, &ev
}

// markCancelled sets r's status to cancelled as a change.
func (s *Server) markCancelled(c *calendar, r *record) {
	setField(r.raw, "status", "cancelled")
	r.rev = s.next()
	s.stamp(c, r.raw)
	r.ev.Status = "cancelled"
	if ev, err := decodeRaw(r.raw); err == nil {
		r.ev = ev
	}
}

// cancelRecord deletes r as the person or the API does: a deleted instance
// becomes a cancelled exception and a change of its series, a deleted
// series cancels its instances. The caller holds s.mu.
func (s *Server) cancelRecord(c *calendar, r *record) {
	s.markCancelled(c, r)
	switch {
	case r.master != "":
		r.exception = true
		s.touchMaster(c, r.master)
	case len(r.ev.Recurrence) > 0:
		s.expand(c, r)
	}
}

func (s *Server) mustCal(id string) *calendar {
	c := s.cal(id)
	if c == nil {
		panic(fmt.Sprintf("calendartest: unknown calendar %q: AddCalendar it first", id))
	}
	return c
}

// Put creates or replaces an event as the person would in the Calendar UI
// and returns a copy of what is stored. It assigns an id if ev has none,
// bumps updated, etag and sequence, and expands a recurring event into
// instances "<id>_<YYYYMMDDTHHMMSSZ>" ("<id>_<YYYYMMDD>" all-day) up to a
// year past the clock. Putting an instance's id makes it an exception.
// Unlike the API, any id is accepted and creator and organizer are kept as
// given (an invitation), and putting a removed event's id brings it back
// unless ev says cancelled. Put panics on an unknown calendar or an event
// Google would refuse (no start, end before start, unsupported RRULE).
func (s *Server) Put(calendarID string, ev *gcal.Event) *gcal.Event {
	b, err := ev.MarshalJSON()
	if err != nil {
		panic(fmt.Sprintf("calendartest: Put: %v", err))
	}
	raw, err := decodeEvent(b)
	if err != nil {
		panic(fmt.Sprintf("calendartest: Put: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustCal(calendarID)
	var old *record
	if ev.Id != "" {
		old = c.events[ev.Id]
	}
	rec, e := s.commit(c, old, raw, modeUI)
	if e != nil {
		panic(fmt.Sprintf("calendartest: Put %q: %s", ev.Id, e.Message))
	}
	return copyEvent(rec)
}

// Remove deletes an event as the person would: it becomes cancelled and
// stays for incremental sync, get and the 409 of a re-insert. Removing an
// instance makes a cancelled exception; removing a series cancels it and
// all its instances. Unknown or already removed events are ignored.
func (s *Server) Remove(calendarID, eventID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustCal(calendarID)
	if r := c.events[eventID]; r != nil && !r.cancelled() {
		s.cancelRecord(c, r)
	}
}

func copyEvent(r *record) *gcal.Event {
	ev, err := decodeRaw(r.raw)
	if err != nil {
		panic(err) // stored events decode
	}
	return ev
}

// Event returns a copy of the stored event, cancelled ones included.
func (s *Server) Event(calendarID, eventID string) (*gcal.Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cal(calendarID)
	if c == nil {
		return nil, false
	}
	r := c.events[eventID]
	if r == nil {
		return nil, false
	}
	return copyEvent(r), true
}

// Events returns copies of the calendar's events as a list with
// singleEvents=true shows them: one-off events and instances, not
// cancelled, in start order.
func (s *Server) Events(calendarID string) []*gcal.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cal(calendarID)
	if c == nil {
		return nil
	}
	var recs []*record
	for _, r := range c.events {
		if !r.isMaster() && !r.cancelled() {
			recs = append(recs, r)
		}
	}
	slices.SortFunc(recs, byStart)
	out := make([]*gcal.Event, len(recs))
	for i, r := range recs {
		out[i] = copyEvent(r)
	}
	return out
}

func byStart(a, b *record) int {
	if c := a.start.Compare(b.start); c != 0 {
		return c
	}
	return strings.Compare(a.ev.Id, b.ev.Id)
}

// LoadEvents seeds a calendar with events read from r: a Google events list
// response, a JSON array of events or one event. The calendar is added,
// with the response's timeZone, if missing. Items keep their own etag,
// updated and sequence; later items replace earlier ones with the same id;
// instances identical to the expansion of their series are not kept as
// exceptions. Keys that are not part of the API are ignored. Each item
// counts as a change for incremental sync.
func (s *Server) LoadEvents(calendarID string, r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("load events: %w", err)
	}
	var items []json.RawMessage
	timeZone := ""
	switch trimmed := bytes.TrimSpace(body); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return fmt.Errorf("load events: %w", err)
		}
	default:
		var page struct {
			Kind     string            `json:"kind"`
			TimeZone string            `json:"timeZone"`
			Items    []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(trimmed, &page); err != nil {
			return fmt.Errorf("load events: %w", err)
		}
		if page.Kind == "calendar#event" {
			items = []json.RawMessage{trimmed}
		} else {
			items, timeZone = page.Items, page.TimeZone
		}
	}
	raws := make([]map[string]json.RawMessage, 0, len(items))
	for i, it := range items {
		raw, err := decodeEvent(it)
		if err != nil {
			return fmt.Errorf("load events: item %d: %w", i, err)
		}
		raws = append(raws, raw)
	}
	// Series first, so that their instances can be matched.
	slices.SortStableFunc(raws, func(a, b map[string]json.RawMessage) int {
		_, ra := a["recurrence"]
		_, rb := b["recurrence"]
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		return 0
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cal(calendarID)
	if c == nil {
		if timeZone == "" {
			timeZone = "UTC"
		}
		c = newCalendar(calendarID, timeZone)
		s.cals[calendarID] = c
	}
	for i, raw := range raws {
		var id string
		json.Unmarshal(raw["id"], &id)
		old := c.events[id]
		if old != nil && old.master != "" && !old.exception && sameOccurrence(old, raw) {
			continue
		}
		if _, e := s.commit(c, old, raw, modeLoad); e != nil {
			return fmt.Errorf("load events: item %d (id %q): %s", i, id, e.Message)
		}
	}
	return nil
}

// sameOccurrence reports whether a loaded instance says nothing its
// generated twin does not.
func sameOccurrence(gen *record, raw map[string]json.RawMessage) bool {
	ev, err := decodeRaw(raw)
	if err != nil {
		return false
	}
	if ev.Status != "" && ev.Status != gen.ev.Status || ev.Summary != gen.ev.Summary {
		return false
	}
	return sameTime(ev.Start, gen.ev.Start) && sameTime(ev.End, gen.ev.End)
}

func sameTime(a, b *gcal.EventDateTime) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Date != "" || b.Date != "" {
		return a.Date == b.Date
	}
	ta, err1 := time.Parse(time.RFC3339, a.DateTime)
	tb, err2 := time.Parse(time.RFC3339, b.DateTime)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// etagOf is a quoted number, like Google's list etags.
func etagOf(n int64) string { return strconv.Quote("p" + strconv.FormatInt(n, 32)) }
