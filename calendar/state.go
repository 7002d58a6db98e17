package calendar

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// On disk, each watched calendar has, under StateDir/calendar/:
//
//	<name>.json     snapshot: sync token, full-sync parameters, all live events
//	<name>.journal  JSON lines appended after the snapshot, one per sync that
//	                changed something: the new token and the changed events
//
// The snapshot is written atomically (temp file in the same directory, fsync,
// rename, fsync of the directory). A journal line is appended and fsynced in
// one write, so a poll that changes 10 of 20,000 events writes ~10 events, not
// 20,000. Each line carries a sequence number; the snapshot records the last
// one it contains, so a crash between writing a snapshot and removing the
// journal cannot replay old lines, and a torn last line is ignored (its sync
// token was never used, so the next sync fetches those changes again).
const (
	stateVersion = 1
	stateDirName = "calendar"
	tempPrefix   = ".tmp-"
	// compactAfter: the journal is folded into a new snapshot once it is
	// larger than half the snapshot plus this.
	compactAfter = 256 << 10
)

// listParams are the events.list parameters of the last full sync; an
// incremental sync must repeat them (Google: "must match").
type listParams struct {
	TimeMin      string `json:"timeMin"`
	MaxResults   int64  `json:"maxResults"`
	SingleEvents bool   `json:"singleEvents"`
}

type snapshotFile struct {
	Version    int        `json:"version"`
	CalendarID string     `json:"calendarId"`
	SyncToken  string     `json:"syncToken"`
	Params     listParams `json:"params"`
	TimeZone   string     `json:"timeZone"`
	Seq        uint64     `json:"seq"` // last journal line folded in
	Events     []*Event   `json:"events"`
}

type journalLine struct {
	Seq       uint64   `json:"seq"`
	SyncToken string   `json:"syncToken"`
	TimeZone  string   `json:"timeZone,omitempty"`
	Delete    []string `json:"delete,omitempty"` // exact ids, applied first
	Upsert    []Event  `json:"upsert,omitempty"`
}

// calCache is one calendar's state in memory. mu is held for a whole Sync.
type calCache struct {
	mu sync.Mutex

	id     string
	path   string // snapshot; the journal is path minus ".json" plus ".journal"
	token  string
	params listParams
	tz     string
	seq    uint64

	events  map[string]*Event          // live events by id; never mutated in place
	series  map[string]map[string]bool // recurringEventId → instance ids
	order   []*Event                   // events by byStart, when ordered
	ordered bool                       // order is maintained by put and remove
	dirty   map[string]bool            // ids changed since the last persist
	// out is the copy of order that result last handed out, nil once the
	// events changed since: callers share it, so it is never modified.
	out []*Event

	snapBytes    int64
	journalBytes int64
	compact      bool // the journal is damaged or absent-but-needed: next persist writes a snapshot
}

func newCalCache(id, path string) *calCache {
	return &calCache{
		id:     id,
		path:   path,
		events: make(map[string]*Event),
		series: make(map[string]map[string]bool),
		dirty:  make(map[string]bool),
	}
}

func (cc *calCache) journalPath() string {
	return strings.TrimSuffix(cc.path, ".json") + ".journal"
}

// fileName turns a calendar id into a safe file name: the id's harmless
// characters for people to recognise it, and a hash so that ids differing
// only in case or in replaced characters get different files.
func fileName(calendarID string) string {
	var b strings.Builder
	for _, r := range calendarID {
		if b.Len() >= 64 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '@', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	sum := sha256.Sum256([]byte(calendarID))
	return b.String() + "-" + hex.EncodeToString(sum[:4]) + ".json"
}

// put adds or replaces an event.
func (cc *calCache) put(e *Event) {
	if old, ok := cc.events[e.ID]; ok {
		cc.unindex(old)
	}
	cc.events[e.ID] = e
	cc.out = nil
	if e.RecurringEventID != "" {
		ids := cc.series[e.RecurringEventID]
		if ids == nil {
			ids = make(map[string]bool)
			cc.series[e.RecurringEventID] = ids
		}
		ids[e.ID] = true
	}
	if cc.ordered {
		i, _ := slices.BinarySearchFunc(cc.order, e, byStart)
		cc.order = slices.Insert(cc.order, i, e)
	}
	cc.dirty[e.ID] = true
}

// remove deletes the event id, and when id is a recurring series every
// instance of it: a cancelled series may arrive as a bare {id, status}.
func (cc *calCache) remove(id string) {
	cc.removeOne(id)
	for inst := range cc.series[id] {
		cc.removeOne(inst)
	}
}

func (cc *calCache) removeOne(id string) {
	e, ok := cc.events[id]
	if !ok {
		return
	}
	cc.unindex(e)
	delete(cc.events, id)
	cc.out = nil
	cc.dirty[id] = true
}

// unindex drops e from the series index and the order.
func (cc *calCache) unindex(e *Event) {
	if ids := cc.series[e.RecurringEventID]; ids != nil {
		delete(ids, e.ID)
		if len(ids) == 0 {
			delete(cc.series, e.RecurringEventID)
		}
	}
	if cc.ordered {
		// Ids are unique, so e's key (start, end, id) is found exactly.
		if i, found := slices.BinarySearchFunc(cc.order, e, byStart); found {
			cc.order = slices.Delete(cc.order, i, i+1)
		}
	}
}

// unorder stops maintaining the order until the next view: cheaper when
// many events are about to change (a full sync, a load, a big page).
func (cc *calCache) unorder() {
	cc.ordered = false
	cc.order = nil
}

// reset empties the cache in memory (not on disk).
func (cc *calCache) reset() {
	fresh := newCalCache(cc.id, cc.path)
	cc.token, cc.params, cc.tz = "", listParams{}, ""
	cc.events, cc.series, cc.dirty = fresh.events, fresh.series, fresh.dirty
	cc.out = nil
	cc.unorder()
	cc.compact = true
}

func byStart(a, b *Event) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	if c := a.End.Compare(b.End); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// view returns the live events sorted by start (sorting them if the order
// was dropped); callers must not modify the slice or the events.
func (cc *calCache) view() []*Event {
	if !cc.ordered {
		cc.order = make([]*Event, 0, len(cc.events))
		for _, e := range cc.events {
			cc.order = append(cc.order, e)
		}
		slices.SortFunc(cc.order, byStart)
		cc.ordered = true
	}
	return cc.order
}

// result returns the live events sorted by start, as a slice shared with
// every caller until the events change: order itself cannot be handed out,
// since put and remove shift it in place. After a change it costs one copy
// of the n pointers, not of the events; its capacity is its length, so a
// caller's append never writes into it.
func (cc *calCache) result() []*Event {
	if cc.out == nil {
		view := cc.view()
		cc.out = make([]*Event, len(view))
		copy(cc.out, view)
	}
	return cc.out
}

// load reads a calendar's snapshot and journal. A missing snapshot is an
// empty cache; a corrupt one is logged, removed and treated as empty, so the
// next Sync does a full sync. Only I/O errors other than "not found" fail.
func (c *Client) load(calendarID string) (*calCache, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc, ok := c.caches[calendarID]; ok {
		return cc, nil
	}
	cc := newCalCache(calendarID, filepath.Join(c.dir, fileName(calendarID)))
	b, err := os.ReadFile(cc.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Never synced: a journal without its snapshot is meaningless.
		if c.readOnly {
			c.caches[calendarID] = cc
			return cc, nil
		}
		if err := os.Remove(cc.journalPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("remove orphan journal of %q: %w", calendarID, err)
		}
		c.caches[calendarID] = cc
		return cc, nil
	case err != nil:
		return nil, fmt.Errorf("read cache of %q (check the permissions of %s): %w", calendarID, c.dir, err)
	}
	var snap snapshotFile
	if err := json.Unmarshal(b, &snap); err != nil || snap.Version != stateVersion || snap.CalendarID != calendarID {
		if err == nil {
			err = fmt.Errorf("version %d of calendar %q, want version %d of %q", snap.Version, snap.CalendarID, stateVersion, calendarID)
		}
		c.lg.Warn("calendar cache discarded", "calendar", calendarID, "file", cc.path, "err", err)
		if err := c.discard(cc); err != nil {
			return nil, err
		}
		c.caches[calendarID] = cc
		return cc, nil
	}
	cc.token, cc.params, cc.tz, cc.seq = snap.SyncToken, snap.Params, snap.TimeZone, snap.Seq
	cc.snapBytes = int64(len(b))
	for _, e := range snap.Events {
		if e == nil || e.ID == "" {
			continue
		}
		localize(e)
		cc.put(e)
	}
	if err := c.replay(cc); err != nil {
		return nil, err
	}
	clear(cc.dirty)
	c.caches[calendarID] = cc
	return cc, nil
}

// replay applies the journal lines newer than the snapshot.
func (c *Client) replay(cc *calCache) error {
	f, err := os.Open(cc.journalPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read cache journal of %q (check the permissions of %s): %w", cc.id, c.dir, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, rerr := r.ReadBytes('\n')
		if len(line) > 0 {
			cc.journalBytes += int64(len(line))
			var jl journalLine
			if line[len(line)-1] != '\n' || json.Unmarshal(line, &jl) != nil || (jl.Seq > cc.seq+1) {
				// A torn last line (crash during append) or damage: stop here,
				// and write a fresh snapshot at the next persist rather than
				// appending after garbage.
				c.lg.Warn("calendar cache journal damaged; changes after it will be fetched again", "calendar", cc.id, "file", cc.journalPath())
				cc.compact = true
				return nil
			}
			if jl.Seq == cc.seq+1 {
				for _, id := range jl.Delete {
					cc.removeOne(id)
				}
				for i := range jl.Upsert {
					localize(&jl.Upsert[i])
					cc.put(&jl.Upsert[i])
				}
				cc.token, cc.seq = jl.SyncToken, jl.Seq
				if jl.TimeZone != "" {
					cc.tz = jl.TimeZone
				}
			}
		}
		if rerr != nil {
			return nil // io.EOF, or a read error that leaves the rest unreplayed
		}
	}
}

// discard removes a calendar's files (read-only: forgets them in memory).
func (c *Client) discard(cc *calCache) error {
	if c.readOnly {
		cc.reset()
		return nil
	}
	for _, p := range []string{cc.path, cc.journalPath()} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove cache of %q: %w", cc.id, err)
		}
	}
	cc.reset()
	return nil
}

// persist saves the changes made since the last persist: a journal line when
// that is enough, else a new snapshot. Nothing changed and nothing pending:
// no write at all; nor when the adapter is read-only, whose changes stay
// in memory.
func (c *Client) persist(cc *calCache, now time.Time) error {
	if c.readOnly || len(cc.dirty) == 0 && !cc.compact {
		return nil
	}
	if cc.compact || cc.snapBytes == 0 || cc.journalBytes > cc.snapBytes/2+compactAfter {
		return c.writeSnapshot(cc, now)
	}
	jl := journalLine{Seq: cc.seq + 1, SyncToken: cc.token, TimeZone: cc.tz}
	for id := range cc.dirty {
		if e, ok := cc.events[id]; ok {
			jl.Upsert = append(jl.Upsert, *e)
		} else {
			jl.Delete = append(jl.Delete, id)
		}
	}
	slices.Sort(jl.Delete)
	b, err := json.Marshal(jl)
	if err != nil {
		return fmt.Errorf("encode cache journal of %q: %w", cc.id, err)
	}
	b = append(b, '\n')
	created := cc.journalBytes == 0
	f, err := os.OpenFile(cc.journalPath(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open cache journal of %q (check %s): %w", cc.id, c.dir, err)
	}
	_, werr := f.Write(b)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil && created {
		werr = atomicfile.SyncDir(c.dir)
	}
	if werr != nil {
		cc.compact = true // the line may be torn: never append after it
		return fmt.Errorf("append to cache journal of %q (check free space in %s): %w", cc.id, c.dir, werr)
	}
	cc.journalBytes += int64(len(b))
	cc.seq++
	clear(cc.dirty)
	return nil
}

// writeSnapshot writes the whole cache atomically and drops the journal.
// Events that ended before the lookback window are pruned first, so an
// incrementally synced cache does not grow forever.
func (c *Client) writeSnapshot(cc *calCache, now time.Time) error {
	cutoff := now.Add(-c.lookback)
	for id, e := range cc.events {
		if e.End.Before(cutoff) {
			cc.removeOne(id)
		}
	}
	seq := cc.seq + 1
	b, err := json.Marshal(snapshotFile{
		Version: stateVersion, CalendarID: cc.id, SyncToken: cc.token,
		Params: cc.params, TimeZone: cc.tz, Seq: seq, Events: cc.view(),
	})
	if err != nil {
		return fmt.Errorf("encode cache of %q: %w", cc.id, err)
	}
	if err := writeAtomic(cc.path, b); err != nil {
		return fmt.Errorf("write cache of %q (check free space and permissions of %s): %w", cc.id, c.dir, err)
	}
	// The snapshot holds everything up to seq: lines of the journal at or
	// below it are skipped if removing the journal fails or a crash comes
	// first.
	cc.seq = seq
	cc.snapBytes = int64(len(b))
	cc.compact = false
	clear(cc.dirty)
	if err := os.Remove(cc.journalPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove cache journal of %q: %w", cc.id, err)
	}
	cc.journalBytes = 0
	return nil
}

// writeAtomic replaces path with b (atomicfile.WriteFile, mode 0600). A
// crash leaves the old file or the new one, never a torn one; a leftover
// temp file is swept by New.
func writeAtomic(path string, b []byte) error {
	return atomicfile.WriteFile(path, b, 0o600)
}

// sweepTemp removes temp files left by a crash during writeAtomic.
func sweepTemp(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}
