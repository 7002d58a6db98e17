package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// Errors of Book's methods; test them with errors.Is.
var (
	// ErrNotFound: no record has that id, id prefix or event.
	ErrNotFound = errors.New("no such record")
	// ErrAmbiguous: an id prefix matches more than one record.
	ErrAmbiguous = errors.New("ambiguous record id")
	// ErrExists: Create was given the id of a record already stored.
	ErrExists = errors.New("record exists")
	// ErrNewerSchema: a file was written by a newer debrief.
	ErrNewerSchema = errors.New("record written by a newer debrief")
	// ErrReadOnly: the notebook was opened with OpenReadOnly, whose
	// writes all fail.
	ErrReadOnly = errors.New("notebook opened read-only: a dry run saves nothing")
)

// Book is the recruiting notebook: a directory (mode 0700) holding one JSON
// file per interview, named <YYYY-MM-DD>-<company-slug>-<id>.json (mode
// 0600). Writes are atomic (temp file in the same directory, fsync, rename,
// fsync of the directory) and every operation holds an advisory flock on
// <dir>/.lock: exclusive to write, shared to read. So the daemon and the
// command line, in different processes, never see a torn file nor lose each
// other's updates. A Book is safe for concurrent use.
//
// A file that cannot be read or decoded is reported, with its path and the
// line and column of the JSON error, and is never overwritten or removed.
type Book struct {
	lg  *slog.Logger
	dir string
	now func() time.Time
	// writeFile is atomicfile.WriteFile; tests replace it to fail like a
	// full disk.
	writeFile func(path string, data []byte, perm os.FileMode) error
	// ix holds the records in memory, kept fresh (see index).
	ix index
	// readOnly: opened by OpenReadOnly.
	readOnly bool
}

// tempPattern matches the temp files of atomicfile.WriteFile: dot files,
// so they never look like records; Open removes leftovers of a crash.
const (
	tempPattern = atomicfile.TempPrefix + "*.json"
	lockName    = ".lock"
)

// Open opens the notebook in dir, creating it with mode 0700. A directory
// that others may read or write (mode bits for group or other) is tightened
// to 0700 with a warning; if that fails, Open refuses it. Temp files left by
// a writer that crashed are removed. lg gets warnings; record text is logged
// at Debug only.
func Open(lg *slog.Logger, dir string) (*Book, error) {
	if dir == "" {
		return nil, errors.New("open notebook: no directory: set notebook.dir in the config")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open notebook: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open notebook: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open notebook: %s is not a directory: fix notebook.dir in the config", dir)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open notebook: %s has mode %04o and cannot be made private (%w): run chmod 700 %s", dir, perm, err, dir)
		}
		lg.Warn("notebook directory was readable by others; made it private", "dir", dir, "was", fmt.Sprintf("%04o", perm))
	}
	b := &Book{
		lg:        lg,
		dir:       dir,
		now:       time.Now,
		writeFile: atomicfile.WriteFile,
	}
	if err := b.sweep(); err != nil {
		return nil, fmt.Errorf("open notebook: %w", err)
	}
	return b, nil
}

// OpenReadOnly opens the notebook in dir for reading only, for a dry run
// such as `debrief plan`: it creates, tightens, removes and writes nothing,
// not even the lock file. A missing dir reads as an empty notebook. Every
// write (Create, Update and what is built on them) fails with an error
// wrapping ErrReadOnly. Reads take the shared lock when the lock file
// exists; when it does not, no writer has run there yet.
func OpenReadOnly(lg *slog.Logger, dir string) (*Book, error) {
	if dir == "" {
		return nil, errors.New("open notebook: no directory: set notebook.dir in the config")
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("open notebook: %w", err)
	case !fi.IsDir():
		return nil, fmt.Errorf("open notebook: %s is not a directory: fix notebook.dir in the config", dir)
	}
	return &Book{lg: lg, dir: dir, now: time.Now, writeFile: atomicfile.WriteFile, readOnly: true}, nil
}

// Dir is the notebook's directory.
func (b *Book) Dir() string { return b.dir }

// sweep removes temp files left by writers that died before renaming them.
// It holds the exclusive lock, so it never removes a live writer's file.
func (b *Book) sweep() error {
	unlock, err := b.lock(lockExclusive)
	if readOnly(err) {
		// Nothing can be removed, or written, there: the notebook can
		// still be read, and each write will say why it failed.
		b.lg.Warn("notebook is read-only: it can be read but nothing can be saved", "dir", b.dir, "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	defer unlock()
	left, err := filepath.Glob(filepath.Join(b.dir, tempPattern))
	if err != nil {
		return err
	}
	for _, p := range left {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		b.lg.Info("removed a temp file left by an interrupted write", "path", p)
	}
	return nil
}

// lock takes the advisory lock on <dir>/.lock, shared or exclusive, and
// returns its release. Each call opens the
// lock file anew: flock belongs to the open file description, so this also
// excludes goroutines of one process from each other.
func (b *Book) lock(how lockHow) (unlock func(), err error) {
	path := filepath.Join(b.dir, lockName)
	if b.readOnly {
		if how != lockShared {
			return nil, fmt.Errorf("save to %s: %w", b.dir, ErrReadOnly)
		}
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return func() {}, nil // no writer ever ran here
		}
		if err != nil {
			return nil, fmt.Errorf("lock notebook: %w", err)
		}
		if err := flock(f, how); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock notebook %s: %w", f.Name(), err)
		}
		return func() { f.Close() }, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil && how == lockShared && readOnly(err) {
		// A notebook in a read-only place can still be read: under a
		// shared lock on the existing lock file, else unlocked (nobody
		// can write there either).
		if f, err = os.Open(path); err != nil {
			return func() {}, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("lock notebook: %w", err)
	}
	if err := flock(f, how); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock notebook %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil // closing releases the flock
}

// readOnly reports whether err says the notebook's directory cannot be
// written: a read-only file system or missing write permission.
func readOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || readOnlyFS(err)
}

// entry is one record file found in the directory.
type entry struct {
	name string // base name
	id   string
}

// entries lists the record files: *.json, not dot files, with their ids.
func (b *Book) entries() ([]entry, error) {
	des, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, fmt.Errorf("read notebook: %w", err)
	}
	es := make([]entry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") || de.IsDir() {
			continue
		}
		es = append(es, entry{name: name, id: idOfName(name)})
	}
	return es, nil
}

// idOfName is the id part of a file name <date>-<slug>-<id>.json.
func idOfName(name string) string {
	base := strings.TrimSuffix(name, ".json")
	return base[strings.LastIndexByte(base, '-')+1:]
}

// FileName is the name of r's file: <YYYY-MM-DD>-<company-slug>-<id>.json,
// with "undated" when the record has no date and "unknown" when it has no
// company.
func FileName(r *Record) string {
	day := r.Day().String()
	if day == "" {
		day = "undated"
	}
	return day + "-" + slug(r.Interview.Company) + "-" + r.ID + ".json"
}

// slug is s in lower case with runs of anything but ASCII letters and
// digits turned into one "-", at most 40 bytes; "unknown" when empty.
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(c)
			dash = false
			if sb.Len() >= 40 {
				break
			}
		} else {
			dash = true
		}
	}
	if sb.Len() == 0 {
		return "unknown"
	}
	return sb.String()
}

// FileError is a record file that could not be read or decoded. Line and
// Column locate a JSON error (0 when unknown).
type FileError struct {
	Path         string
	Line, Column int
	Err          error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.Path, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// read reads and decodes one record file. strict refuses unknown keys, for
// a record about to be rewritten (see decodeWith).
func (b *Book) read(name string, strict bool) (*Record, error) {
	var buf bytes.Buffer
	return b.readBuf(name, &buf, strict)
}

// readBuf is read with a buffer the caller reuses across files: List reads
// thousands of files.
func (b *Book) readBuf(name string, buf *bytes.Buffer, strict bool) (*Record, error) {
	path := filepath.Join(b.dir, name)
	buf.Reset()
	f, err := os.Open(path)
	if err == nil {
		_, err = buf.ReadFrom(f)
		f.Close()
	}
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	data := buf.Bytes()
	r, err := decodeWith(data, idOfName(name), strict)
	if err != nil {
		fe := &FileError{Path: path, Err: err}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			fe.Line, fe.Column = position(data, int64(len(data)))
			fe.Err = errors.New("unexpected end of JSON input: the file is cut short")
		case errors.As(err, &se):
			fe.Line, fe.Column = position(data, se.Offset)
		case errors.As(err, &te):
			// Offset is 0 for errors of UnmarshalJSON methods (Date).
			if te.Offset > 0 {
				fe.Line, fe.Column = position(data, te.Offset)
			}
			fe.Err = typeError(te)
		}
		return nil, fe
	}
	return r, nil
}

// typeError says which field holds a value of the wrong type, by its JSON
// path, in words a person editing the file can act on.
func typeError(te *json.UnmarshalTypeError) error {
	field := te.Field
	if field == "" {
		field = "(top level)"
	}
	if te.Type == reflect.TypeFor[Date]() {
		return fmt.Errorf("field %s: %s is not a date YYYY-MM-DD", field, te.Value)
	}
	want := "a " + te.Type.String()
	switch te.Type.Kind() {
	case reflect.Int, reflect.Int64, reflect.Float64:
		want = "a number"
	case reflect.String:
		want = "text"
	case reflect.Bool:
		want = "true or false"
	case reflect.Struct, reflect.Map:
		want = "an object"
	case reflect.Slice:
		want = "a list"
	}
	return fmt.Errorf("field %s: found a JSON %s where %s belongs", field, te.Value, want)
}

// decode decodes a stored record, migrating an older schema and refusing
// a newer one. fileID is the id in the file's name, the id of a schema 0
// record that has none. Keys it does not know are ignored: see decodeWith.
func decode(data []byte, fileID string) (*Record, error) {
	return decodeWith(data, fileID, false)
}

// decodeWith is decode; strict also refuses keys it does not know. Reading
// ignores them, to stay fast (the strict decoder cost List a quarter more
// CPU) and because showing a record loses nothing; Update reads strictly,
// since rewriting the record would drop them (a hand edit, a misspelt key).
// A newer debrief adds keys only with a higher schema, which is reported as
// ErrNewerSchema first.
func decodeWith(data []byte, fileID string, strict bool) (*Record, error) {
	r := new(Record)
	var err error
	if strict {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		err = dec.Decode(r)
		if err == nil {
			end := dec.InputOffset()
			if _, terr := dec.Token(); terr != io.EOF {
				err = fmt.Errorf("data after the end of the record (byte %d)", end)
			}
		}
	} else {
		err = json.Unmarshal(data, r)
	}
	schema := r.Schema
	if err != nil {
		// Its keys may be unknown because it is newer: say that first.
		var peek struct{ Schema int }
		if json.Unmarshal(data, &peek) == nil {
			schema = peek.Schema
		}
	}
	if schema > SchemaVersion {
		return nil, fmt.Errorf("%w: schema %d, this debrief knows %d: upgrade debrief", ErrNewerSchema, schema, SchemaVersion)
	}
	if err != nil {
		if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
			err = fmt.Errorf("%s is not part of a schema %d record: fix its name or remove it", strings.TrimPrefix(msg, "json: "), SchemaVersion)
		}
		return nil, err
	}
	if err := migrate(r, fileID); err != nil {
		return nil, err
	}
	if r.ID != fileID {
		return nil, fmt.Errorf("id %q differs from the id %q in the file name", r.ID, fileID)
	}
	return r, nil
}

// migrate brings r to SchemaVersion, one version at a time.
//
// Schema 0 is a record without a "schema" key, written by hand or by
// another tool into the notebook directory: the shape of schema 1, where
// "id" may be missing (it is taken from the file name) and so may
// "created" and "updated". Schema 1 has no "revision": it reads as
// revision 1. The next Update writes the record as SchemaVersion.
func migrate(r *Record, fileID string) error {
	if r.Schema == 0 {
		if r.ID == "" {
			r.ID = fileID
		}
		if !validID(r.ID) {
			return fmt.Errorf("schema 0 record has no valid id: name the file <date>-<company>-<id>.json with 4–32 characters of [0-9a-v] as id")
		}
		r.Schema = 1
	}
	if r.Schema == 1 {
		// Schema 1 had no revision: the record has been saved once at
		// least.
		r.Revision = max(r.Revision, 1)
		r.Schema = 2
	}
	return nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// List returns every readable record, sorted by interview date and start
// (records without one last), then id. Files that cannot be read are
// reported together in the error (each a *FileError) while the good records
// are still returned.
//
// The records come from the notebook's index and are shared with other
// callers: read them, do not change them (change a record with Update).
// The slice is the caller's.
func (b *Book) List() ([]*Record, error) {
	unlock, err := b.lock(lockShared)
	if err != nil {
		return nil, err
	}
	defer unlock()
	b.ix.mu.Lock()
	defer b.ix.mu.Unlock()
	if err := b.refreshLocked(); err != nil {
		return nil, fmt.Errorf("read notebook: %w", err)
	}
	recs, err := b.records()
	return slices.Clone(recs), err
}

// Sort sorts records by interview date, then start, then id; undated
// records go last.
func Sort(recs []*Record) {
	slices.SortStableFunc(recs, compareRecords)
}

// compareRecords orders records as Sort does.
func compareRecords(a, b *Record) int {
	da, db := a.Day(), b.Day()
	switch {
	case da.IsZero() != db.IsZero():
		if da.IsZero() {
			return 1
		}
		return -1
	case da != db:
		return da.Compare(db)
	}
	if c := a.Start().Compare(b.Start()); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// find returns the entry whose id is ref, else the one entry whose id
// starts with ref. The error wraps ErrNotFound or ErrAmbiguous and says
// what to do.
func find(es []entry, ref string) (entry, error) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if ref == "" {
		return entry{}, fmt.Errorf("%w: empty id: run debrief list for the ids", ErrNotFound)
	}
	var matches, exact []entry
	for _, e := range es {
		if e.id == ref {
			exact = append(exact, e)
		}
		if strings.HasPrefix(e.id, ref) {
			matches = append(matches, e)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		// Copies made by hand: which one is the record is the person's call.
		names := make([]string, len(exact))
		for i, e := range exact {
			names[i] = e.name
		}
		return entry{}, fmt.Errorf("%w: %d files hold record %s (%s): keep one, move the others out of the notebook", ErrAmbiguous, len(exact), ref, strings.Join(names, ", "))
	}
	switch len(matches) {
	case 0:
		return entry{}, fmt.Errorf("%w: no record matches %q: run debrief list", ErrNotFound, ref)
	case 1:
		return matches[0], nil
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = strings.TrimSuffix(m.name, ".json")
	}
	slices.Sort(names)
	return entry{}, fmt.Errorf("%w: %q matches %d records (%s): give more of the id", ErrAmbiguous, ref, len(matches), strings.Join(names, ", "))
}

// lookup finds the file of the record ref names (see find) in the index;
// the caller holds the lock.
func (b *Book) lookup(ref string) (entry, error) {
	es, err := b.indexEntries()
	if err != nil {
		return entry{}, err
	}
	return find(es, ref)
}

// indexEntries are the record files, as the index knows them after a
// refresh; the caller holds the lock.
func (b *Book) indexEntries() ([]entry, error) {
	b.ix.mu.Lock()
	defer b.ix.mu.Unlock()
	if err := b.refreshLocked(); err != nil {
		return nil, fmt.Errorf("read notebook: %w", err)
	}
	return b.ix.entries(), nil
}

// Get returns the record whose id is ref or, failing that, the only record
// whose id starts with ref. The error wraps ErrNotFound, ErrAmbiguous (its
// message lists the candidates) or is a *FileError.
func (b *Book) Get(ref string) (*Record, error) {
	unlock, err := b.lock(lockShared)
	if err != nil {
		return nil, err
	}
	defer unlock()
	e, err := b.lookup(ref)
	if err != nil {
		return nil, err
	}
	return b.read(e.name, false)
}

// ForEvent returns the record made from the event eventID of calendarID;
// the error wraps ErrNotFound when there is none.
func (b *Book) ForEvent(calendarID, eventID string) (*Record, error) {
	id := RecordID(calendarID, eventID)
	r, err := b.Get(id)
	if err != nil {
		return nil, err
	}
	if r.ID != id {
		return nil, fmt.Errorf("%w: no record of event %q", ErrNotFound, eventID)
	}
	return r, nil
}

// Create stores a new record. It fills in Schema, an ID (NewID) when empty,
// Created and Updated, validates r and writes it. The error wraps ErrExists
// when a record with that id is stored already (the record of an event
// always has the same id: RecordID), and nothing is written.
func (b *Book) Create(r *Record) error {
	unlock, err := b.lock(lockExclusive)
	if err != nil {
		return err
	}
	defer unlock()
	es, err := b.indexEntries()
	if err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = NewID()
	}
	for _, e := range es {
		if e.id == r.ID {
			return fmt.Errorf("create record: %w: %s", ErrExists, e.name)
		}
	}
	r.Schema = SchemaVersion
	r.Revision = 1
	now := b.now().UTC().Truncate(time.Second)
	r.Created, r.Updated = now, now
	if err := r.Validate(); err != nil {
		return err
	}
	if err := b.save(r, ""); err != nil {
		return fmt.Errorf("create record: %w", err)
	}
	b.lg.Debug("created record", "id", r.ID, "company", r.Interview.Company)
	return nil
}

// Update applies fn to the record ref (an id or unique id prefix) under the
// exclusive lock: it reads the record, calls fn, sets Updated and the next
// Revision, validates
// and writes it atomically, renaming the file when its date or company
// changed. If fn or validation fails, or the file cannot be decoded,
// nothing is written and the error says why; fn must not change the id.
// Update returns the record as written.
func (b *Book) Update(ref string, fn func(r *Record) error) (*Record, error) {
	unlock, err := b.lock(lockExclusive)
	if err != nil {
		return nil, err
	}
	defer unlock()
	e, err := b.lookup(ref)
	if err != nil {
		return nil, err
	}
	r, err := b.read(e.name, true)
	if err != nil {
		return nil, err
	}
	id, rev := r.ID, r.Revision
	if err := fn(r); err != nil {
		return nil, err
	}
	if r.ID != id {
		return nil, fmt.Errorf("update record %s: the id cannot change (to %q)", id, r.ID)
	}
	r.Schema = SchemaVersion
	r.Revision = rev + 1
	r.Updated = b.now().UTC().Truncate(time.Second)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := b.save(r, e.name); err != nil {
		return nil, fmt.Errorf("update record %s: %w", id, err)
	}
	b.lg.Debug("updated record", "id", r.ID, "company", r.Interview.Company)
	return r, nil
}

// save writes r atomically (atomicfile) to FileName(r), mode 0600. old is
// the record's current file name ("" for a new record). When the name
// changes, the old file is renamed first and the new content then
// replaces it: a crash in between leaves one file with the old content,
// never two records with one id; a failed write renames it back, so a
// failure leaves the old file as it was.
func (b *Book) save(r *Record, old string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	name := FileName(r)
	defer b.written(old, name)
	path := filepath.Join(b.dir, name)
	if old == "" || old == name {
		return b.writeFile(path, data, 0o600)
	}
	oldPath := filepath.Join(b.dir, old)
	if err := os.Rename(oldPath, path); err != nil {
		return err
	}
	if err := b.writeFile(path, data, 0o600); err != nil {
		if rerr := os.Rename(path, oldPath); rerr != nil {
			return fmt.Errorf("%w; and renaming %s back to %s failed: %w", err, name, old, rerr)
		}
		return err
	}
	return nil
}
