package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// helperEnv selects a helper mode when the test binary is re-executed by
// TestConcurrentProcesses.
const helperEnv = "DEBRIEF_NOTEBOOK_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "append" {
		if err := appendHelper(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// appendHelper appends N action items to one record, one Update each.
func appendHelper() error {
	dir, id, name := os.Getenv("HELPER_DIR"), os.Getenv("HELPER_ID"), os.Getenv("HELPER_NAME")
	n, err := strconv.Atoi(os.Getenv("HELPER_N"))
	if err != nil {
		return err
	}
	b, err := Open(slog.New(slog.DiscardHandler), dir)
	if err != nil {
		return err
	}
	for i := range n {
		if _, err := b.Update(id, func(r *Record) error {
			r.ActionItems = append(r.ActionItems, ActionItem{Text: fmt.Sprintf("%s-%d", name, i)})
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func mustOpen(t testing.TB, dir string) *Book {
	t.Helper()
	b, err := Open(slog.New(slog.DiscardHandler), dir)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustCreate(t testing.TB, b *Book, r *Record) {
	t.Helper()
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// recordFiles lists the names of the files in dir, temp and lock files
// included.
func recordFiles(t testing.TB, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestCreateGetUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nb")
	b := mustOpen(t, dir)
	b.now = func() time.Time { return mustTime(t, "2026-03-13T16:00:00Z") }
	r := freshRecord(t)
	r.Created, r.Updated = time.Time{}, time.Time{}
	mustCreate(t, b, r)

	path := filepath.Join(dir, "2026-03-13-acme-corp-"+r.ID+".json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("record file mode = %04o, want 0600", got)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := di.Mode().Perm(); got != 0o700 {
		t.Errorf("notebook dir mode = %04o, want 0700", got)
	}

	got, err := b.Get(r.ID[:4])
	if err != nil {
		t.Fatal(err)
	}
	if got.Created != b.now().UTC() || got.Schema != SchemaVersion {
		t.Errorf("Create stored created=%v schema=%d, want %v and %d", got.Created, got.Schema, b.now(), SchemaVersion)
	}
	if ev, err := b.ForEvent("primary", "ev1"); err != nil || ev.ID != r.ID {
		t.Errorf("ForEvent(primary, ev1) = %v, %v; want record %s", ev, err, r.ID)
	}
	if _, err := b.ForEvent("primary", "other"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ForEvent(primary, other) error = %v, want ErrNotFound", err)
	}
	if err := b.Create(freshRecord(t)); !errors.Is(err, ErrExists) {
		t.Errorf("second Create of one event: %v, want ErrExists", err)
	}

	b.now = func() time.Time { return mustTime(t, "2026-03-14T09:00:00Z") }
	up, err := b.Update(r.ID, func(r *Record) error {
		r.Interview.Company = "Acme Widgets"
		r.Interview.Date = mustDate(t, "2026-03-12")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !up.Updated.Equal(b.now()) {
		t.Errorf("Update set updated = %v, want %v", up.Updated, b.now())
	}
	wantName := "2026-03-12-acme-widgets-" + r.ID + ".json"
	if names := recordFiles(t, dir); strings.Join(names, " ") != ".lock "+wantName {
		t.Errorf("after renaming update the notebook holds %q, want [.lock %s]", names, wantName)
	}
	if _, err := b.Update(r.ID, func(r *Record) error { r.ID = "0000000000"; return nil }); err == nil {
		t.Error("Update that changes the id succeeded, want an error")
	}
}

func TestGetErrors(t *testing.T) {
	b := mustOpen(t, t.TempDir())
	for _, id := range []string{"abc1234567", "abc7654321", "def0000000"} {
		mustCreate(t, b, &Record{ID: id, Interview: Details{Company: "Co " + id}})
	}
	_, err := b.Get("abc")
	if !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "abc1234567") || !strings.Contains(err.Error(), "abc7654321") {
		t.Errorf("Get(abc) = %v, want ErrAmbiguous listing both candidates", err)
	}
	_, err = b.Get("ab")
	if !errors.Is(err, ErrAmbiguous) {
		t.Errorf("Get(ab) = %v, want ErrAmbiguous", err)
	}
	_, err = b.Get("xyz")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `no record matches "xyz": run debrief list`) {
		t.Errorf("Get(xyz) = %v, want ErrNotFound saying to run debrief list", err)
	}
	if r, err := b.Get("D"); err != nil || r.ID != "def0000000" {
		t.Errorf("Get(D) = %v, %v; want def0000000", r, err)
	}
	if _, err := b.Get(""); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(\"\") = %v, want ErrNotFound", err)
	}
	// A hand-made copy of a record under another name.
	data := mustRead(t, filepath.Join(b.Dir(), "undated-co-def0000000-def0000000.json"))
	if err := os.WriteFile(filepath.Join(b.Dir(), "2026-01-01-copy-def0000000.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = b.Update("def0000000", func(r *Record) error { return nil })
	if !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "2 files hold record def0000000") {
		t.Errorf("Update of a record held by two files = %v, want ErrAmbiguous naming both", err)
	}
}

func TestListSortsAndReportsCorruptFiles(t *testing.T) {
	dir := t.TempDir()
	b := mustOpen(t, dir)
	late := freshRecord(t)
	early := &Record{Interview: Details{Company: "Initech", Date: mustDate(t, "2026-01-05")}}
	undated := &Record{Interview: Details{Company: "Hooli"}}
	for _, r := range []*Record{late, undated, early} {
		mustCreate(t, b, r)
	}
	corrupt := map[string]string{
		"2026-02-01-torn-aaaaaaaaaa.json":    "{\n  \"schema\": 1,\n  \"id\": \"aaaaaaaaaa\",\n  \"interview\": {\"company\": \"Torn",
		"2026-02-02-typed-bbbbbbbbbb.json":   "{\n  \"schema\": 1,\n  \"id\": \"bbbbbbbbbb\",\n  \"overall\": {\"rating\": \"seven\"}\n}\n",
		"2026-02-03-future-cccccccccc.json":  `{"schema": 99, "id": "cccccccccc"}`,
		"2026-02-04-baddate-dddddddddd.json": "{\"schema\": 1, \"id\": \"dddddddddd\",\n \"follow_up\": {\"outcome_on\": \"2026-13-01\"}}",
		"2026-02-06-twice-ffffffffff.json":   "{\"schema\": 1, \"id\": \"ffffffffff\"} {}",
	}
	for name, text := range corrupt {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := b.List()
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if want := []string{early.ID, late.ID, undated.ID}; strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("List() ids = %v, want %v (by date, undated last)", ids, want)
	}
	if err == nil {
		t.Fatal("List() error = nil, want the corrupt files reported")
	}
	msg := err.Error()
	for _, want := range []string{
		filepath.Join(dir, "2026-02-01-torn-aaaaaaaaaa.json") + ":4:",
		"unexpected end of JSON input",
		filepath.Join(dir, "2026-02-02-typed-bbbbbbbbbb.json") + ":4:",
		"field overall.rating: found a JSON string where a number belongs",
		"2026-02-03-future-cccccccccc.json: record written by a newer debrief: schema 99, this debrief knows 2: upgrade debrief",
		"baddate-dddddddddd.json: field follow_up.outcome_on: \"2026-13-01\" is not a date YYYY-MM-DD",
		"twice-ffffffffff.json:1:36: invalid character '{' after top-level value",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("List() error lacks %q:\n%s", want, msg)
		}
	}
	// A key debrief does not know is read past, but no update may drop it.
	typo := filepath.Join(dir, "2026-02-05-typo-eeeeeeeeee.json")
	const typoText = `{"schema": 1, "id": "eeeeeeeeee", "overal": {"rating": 3}}`
	if err := os.WriteFile(typo, []byte(typoText), 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Get("eeee"); err != nil || r.Overall.Rating != nil {
		t.Errorf("Get of a record with an unknown key = %+v, %v; want it read without the key", r, err)
	}
	_, err = b.Update("eeee", func(r *Record) error { r.Overall.WentWell = "x"; return nil })
	if err == nil || !strings.Contains(err.Error(), typo+`: unknown field "overal" is not part of a schema 2 record: fix its name or remove it`) {
		t.Errorf("Update of a record with an unknown key = %v, want an error naming the file and key", err)
	}
	if got := mustRead(t, typo); string(got) != typoText {
		t.Errorf("%s changed to %q", typo, got)
	}
	// Never overwritten, neither by List nor by an Update.
	for name, text := range corrupt {
		id := idOfName(name)
		if _, err := b.Update(id, func(r *Record) error { r.Overall.WentWell = "x"; return nil }); err == nil {
			t.Errorf("Update of corrupt %s succeeded, want an error", name)
		}
		if got := mustRead(t, filepath.Join(dir, name)); string(got) != text {
			t.Errorf("%s changed to %q", name, got)
		}
	}
}

func TestListEmptyAndReadOnlyLock(t *testing.T) {
	b := mustOpen(t, t.TempDir())
	recs, err := b.List()
	if err != nil || len(recs) != 0 {
		t.Errorf("List() of an empty notebook = %v, %v; want none, nil", recs, err)
	}
}

// TestFailedSaveKeepsFile: when a write fails, the previous file is
// byte-identical and no temp file is left.
func TestFailedSaveKeepsFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, b *Book)
		edit  func(r *Record) error
		want  string
	}{
		{
			name: "disk-full",
			setup: func(t *testing.T, b *Book) {
				b.writeFile = func(path string, data []byte, perm os.FileMode) error {
					return &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
				}
			},
			edit: func(r *Record) error { r.Overall.WentWell = "everything"; return nil },
			want: "no space left on device",
		},
		{
			name: "disk-full-with-a-new-name",
			setup: func(t *testing.T, b *Book) {
				b.writeFile = func(path string, data []byte, perm os.FileMode) error {
					return &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
				}
			},
			edit: func(r *Record) error { r.Interview.Company = "Renamed"; return nil },
			want: "no space left on device",
		},
		{
			name: "rename-target-blocked",
			setup: func(t *testing.T, b *Book) {
				// A directory where the renamed file should go makes the
				// rename fail even for root, who ignores permissions.
				r := freshRecord(t)
				r.Interview.Company = "Blocked"
				if err := os.Mkdir(filepath.Join(b.Dir(), FileName(r)), 0o700); err != nil {
					t.Fatal(err)
				}
			},
			edit: func(r *Record) error { r.Interview.Company = "Blocked"; return nil },
			want: "file exists",
		},
		{
			name:  "fn-error",
			setup: func(t *testing.T, b *Book) {},
			edit:  func(r *Record) error { r.Overall.WentWell = "half"; return errors.New("user gave up") },
			want:  "user gave up",
		},
		{
			name:  "invalid-rating",
			setup: func(t *testing.T, b *Book) {},
			edit:  func(r *Record) error { r.Overall.Rating = ptr(11); return nil },
			want:  "overall.rating: 11 is not a rating from 1 to 10",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b := mustOpen(t, dir)
			r := fullRecord(t)
			mustCreate(t, b, r)
			path := filepath.Join(dir, FileName(r))
			before := mustRead(t, path)
			tc.setup(t, b)
			_, err := b.Update(r.ID, tc.edit)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Update = %v, want an error containing %q", err, tc.want)
			}
			if after := mustRead(t, path); !bytes.Equal(after, before) {
				t.Errorf("file changed after a failed update:\n%s", after)
			}
			for _, name := range recordFiles(t, dir) {
				if strings.HasPrefix(name, atomicfile.TempPrefix) {
					t.Errorf("temp file %s left behind", name)
				}
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nb")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".tmp-123.json", ".tmp-456.json", "2026-01-01-x-abcdabcdab.json"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	if _, err := Open(slog.New(slog.NewTextHandler(&logs, nil)), dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode after Open = %04o, want 0700", got)
	}
	if !strings.Contains(logs.String(), "made it private") {
		t.Errorf("Open did not warn about the open directory; logs:\n%s", logs.String())
	}
	if got := strings.Join(recordFiles(t, dir), " "); got != ".lock 2026-01-01-x-abcdabcdab.json" {
		t.Errorf("after Open the dir holds %s, want the temp files swept and the corrupt record kept", got)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(slog.New(slog.DiscardHandler), file); err == nil {
		t.Error("Open(a file) succeeded, want an error")
	}
}

// TestConcurrentProcesses: several processes doing read-modify-write
// updates of one record lose none of them.
func TestConcurrentProcesses(t *testing.T) {
	const procs, n = 4, 50
	dir := t.TempDir()
	b := mustOpen(t, dir)
	r := freshRecord(t)
	mustCreate(t, b, r)
	cmds := make([]*exec.Cmd, procs)
	outs := make([]bytes.Buffer, procs)
	for p := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=append", "HELPER_DIR="+dir, "HELPER_ID="+r.ID[:5],
			fmt.Sprintf("HELPER_NAME=p%d", p), fmt.Sprintf("HELPER_N=%d", n))
		cmd.Stdout, cmd.Stderr = io.Discard, &outs[p]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[p] = cmd
	}
	// Readers meanwhile never see a torn file.
	for range 20 {
		if _, err := b.Get(r.ID); err != nil {
			t.Errorf("Get during writes: %v", err)
		}
	}
	for p, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper %d: %v: %s", p, err, outs[p].String())
		}
	}
	got, err := b.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range got.ActionItems {
		seen[a.Text] = true
	}
	if len(got.ActionItems) != procs*n || len(seen) != procs*n {
		t.Errorf("after %d×%d updates the record holds %d action items (%d distinct), want %d", procs, n, len(got.ActionItems), len(seen), procs*n)
	}
}

// TestConcurrentGoroutines: within one process too, each Update opens the
// lock file anew, so goroutines exclude each other (flock belongs to the
// open file description, not the process).
func TestConcurrentGoroutines(t *testing.T) {
	const workers, n = 4, 25
	b := mustOpen(t, t.TempDir())
	r := freshRecord(t)
	mustCreate(t, b, r)
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range n {
				if _, err := b.Update(r.ID, func(r *Record) error {
					r.ActionItems = append(r.ActionItems, ActionItem{Text: fmt.Sprintf("g%d-%d", w, i)})
					return nil
				}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.ActionItems) != workers*n {
		t.Errorf("after %d×%d updates from goroutines the record holds %d action items, want %d", workers, n, len(got.ActionItems), workers*n)
	}
}
