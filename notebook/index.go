package notebook

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// index keeps the names of a Book's record files, and their decoded
// records once read, in memory: a page of the web app, or a lookup by id,
// does not read the directory or decode every file again. Records are read
// when first needed: a lookup needs only the names, List needs them all.
// The index stays exact through changes made by anyone:
//
//   - on Linux, an inotify watch on the directory queues an event for
//     every file created, written, renamed, removed or chmodded, by this
//     process or another (the command line, an editor, a sync tool). The
//     kernel queues it before the change's system call returns, so the
//     events are drained without blocking at each refresh, under the
//     notebook's lock: a change finished before a read began is always
//     seen, and only the files it names are read again;
//   - the directory's modification time is checked too, so a change the
//     watch cannot see (a network file system written by another machine)
//     makes a full read;
//   - a queue that overflowed, or a watch that ended (the directory was
//     moved or deleted), makes a full read and a new watch;
//   - without a watch (another system, or no inotify instance left) every
//     refresh reads the directory and every file again, as before the
//     index.
//
// Its records are shared by the callers of List: see List.
type index struct {
	mu sync.Mutex
	w  *watcher // nil: none yet, or none possible
	// noWatch makes every refresh read everything, as without inotify;
	// for tests.
	noWatch bool
	// loaded is true when files is exact as of the last refresh, up to
	// the events the watch holds.
	loaded  bool
	dirMod  time.Time
	files   map[string]*indexed // by file name
	dirty   map[string]bool     // names written by this Book
	unread  int                 // files not read yet
	sorted  []*Record           // the records read, sorted; nil when stale
	es      []entry             // the entries of files; nil when stale
	nErrors int                 // files holding an error
}

// indexed is one record file: its record or error once read.
type indexed struct {
	read bool
	rec  *Record // nil when err is set
	err  error
}

// recordName reports whether a directory entry's name is a record file's:
// *.json, not a dot file.
func recordName(name string) bool {
	return !strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".json")
}

// refreshLocked brings the index's names up to date with the directory;
// files that changed are marked to be read again. The caller holds the
// notebook's lock (shared or exclusive) and ix.mu.
func (b *Book) refreshLocked() error {
	ix := &b.ix
	if ix.w == nil && !ix.noWatch {
		if w, err := newWatcher(b.dir); err == nil {
			ix.w = w
			runtime.AddCleanup(b, func(w *watcher) { w.close() }, w)
		} else {
			b.lg.Debug("notebook index reads every file: no watch on the directory", "err", err)
		}
		ix.loaded = false
	}
	full := !ix.loaded
	var names []string
	if ix.w != nil && ix.loaded {
		overflow, gone, err := ix.w.drain(func(name string) { names = append(names, name) })
		switch {
		case gone || err != nil:
			b.lg.Debug("notebook watch ended; reading every file", "err", err)
			ix.w.close()
			ix.w = nil
			return b.refreshLocked()
		case overflow:
			full = true
		}
	}
	fi, err := os.Stat(b.dir)
	if b.readOnly && errors.Is(err, fs.ErrNotExist) {
		// Opened read-only before the notebook was ever written: empty.
		ix.files, ix.es, ix.sorted = map[string]*indexed{}, nil, nil
		ix.unread, ix.nErrors, ix.loaded = 0, 0, false
		ix.dirMod = time.Time{}
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.ModTime().Equal(ix.dirMod) && len(names) == 0 && len(ix.dirty) == 0 {
		full = true // changed, and no event says how
	}
	ix.dirMod = fi.ModTime()
	if full {
		clear(ix.dirty)
		return b.scan()
	}
	for name := range ix.dirty {
		names = append(names, name)
	}
	clear(ix.dirty)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		if !recordName(name) {
			continue
		}
		if gone(filepath.Join(b.dir, name)) {
			ix.drop(name)
		} else {
			ix.set(name, &indexed{})
		}
	}
	return nil
}

// gone reports whether path is no record file any more: removed, renamed
// away, or a directory.
func gone(path string) bool {
	fi, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist) || err == nil && fi.IsDir()
}

// set makes f the state of the file name, keeping the counts and the
// sorted records in step.
func (ix *index) set(name string, f *indexed) {
	old, ok := ix.files[name]
	if !ok {
		ix.es = nil
	} else {
		ix.forget(old)
	}
	ix.files[name] = f
	switch {
	case !f.read:
		ix.unread++
	case f.err != nil:
		ix.nErrors++
	case ix.sorted != nil:
		i, _ := slices.BinarySearchFunc(ix.sorted, f.rec, compareRecords)
		ix.sorted = slices.Insert(ix.sorted, i, f.rec)
	}
}

// forget takes f out of the counts and the sorted records.
func (ix *index) forget(f *indexed) {
	switch {
	case !f.read:
		ix.unread--
	case f.err != nil:
		ix.nErrors--
	case ix.sorted != nil:
		if i := slices.Index(ix.sorted, f.rec); i >= 0 {
			ix.sorted = slices.Delete(ix.sorted, i, i+1)
		}
	}
}

func (ix *index) drop(name string) {
	old, ok := ix.files[name]
	if !ok {
		return
	}
	ix.forget(old)
	delete(ix.files, name)
	ix.es = nil
}

// scan reads the directory's record file names into the index, each to be
// read when needed.
func (b *Book) scan() error {
	ix := &b.ix
	es, err := b.entries()
	if err != nil {
		ix.loaded = false
		return err
	}
	ix.files = make(map[string]*indexed, len(es))
	for _, e := range es {
		ix.files[e.name] = &indexed{}
	}
	ix.unread, ix.nErrors = len(es), 0
	ix.es, ix.sorted = es, nil
	ix.loaded = ix.w != nil
	return nil
}

// readAll reads the files not read yet; ix.mu is held, and the
// notebook's lock.
func (b *Book) readAll() {
	ix := &b.ix
	if ix.unread == 0 {
		return
	}
	var names []string
	for _, e := range ix.entries() {
		if !ix.files[e.name].read {
			names = append(names, e.name)
		}
	}
	read := make([]*indexed, len(names))
	// Decoding dominates when the files are cached: spread it over the
	// CPUs. When they are not, reads wait on the disk: more readers than
	// CPUs keep it busy (a cold list of 10,000 records took 0.64 s with 4
	// per CPU, 0.78 s with 1; warm, both 0.26 s).
	workers := min(4*runtime.GOMAXPROCS(0), len(names))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := w; i < len(names); i += workers {
				r, err := b.readBuf(names[i], &buf, false)
				read[i] = &indexed{read: true, rec: r, err: err}
			}
		})
	}
	wg.Wait()
	if len(names) > 16 {
		ix.sorted = nil // sorting once is cheaper than inserting each
	}
	for i, name := range names {
		ix.set(name, read[i])
	}
}

// records reads what is not read yet and returns the records, sorted
// (see Sort), and the errors of the files that could not be read, joined;
// ix.mu is held, and the notebook's lock.
func (b *Book) records() ([]*Record, error) {
	b.readAll()
	ix := &b.ix
	if ix.sorted == nil {
		// In the order of the file names, which start with the date: the
		// stable sort is much quicker on records nearly in order.
		ix.sorted = make([]*Record, 0, len(ix.files))
		for _, e := range ix.entries() {
			if f := ix.files[e.name]; f.rec != nil {
				ix.sorted = append(ix.sorted, f.rec)
			}
		}
		Sort(ix.sorted)
	}
	if ix.nErrors == 0 {
		return ix.sorted, nil
	}
	var errs []error
	for _, f := range ix.files {
		if f.err != nil {
			errs = append(errs, f.err)
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return ix.sorted, errors.Join(errs...)
}

// entries is the index's record files, sorted by name; ix.mu is held.
func (ix *index) entries() []entry {
	if ix.es == nil {
		ix.es = make([]entry, 0, len(ix.files))
		for name := range ix.files {
			ix.es = append(ix.es, entry{name: name, id: idOfName(name)})
		}
		slices.SortFunc(ix.es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	}
	return ix.es
}

// written notes that this Book wrote the files names, so the next refresh
// reads them again even without a watch event.
func (b *Book) written(names ...string) {
	ix := &b.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.dirty == nil {
		ix.dirty = map[string]bool{}
	}
	for _, n := range names {
		if n != "" {
			ix.dirty[n] = true
		}
	}
}
