package notebook

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/internal/treestate"
)

func mustOpenReadOnly(t *testing.T, dir string) *Book {
	t.Helper()
	b, err := OpenReadOnly(slog.New(slog.DiscardHandler), dir)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOpenReadOnlyWritesNothing: a read-only notebook reads what is there,
// refuses every write with ErrReadOnly, and leaves the directory
// byte-identical: no lock file, no temp file swept, no mode tightened.
func TestOpenReadOnlyWritesNothing(t *testing.T) {
	now := mustTime(t, "2026-03-13T16:00:00Z")
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string) // nil: dir does not exist
		want    int                            // records List returns
	}{
		{name: "missing-directory", want: 0},
		{
			name: "records-and-a-crash-leftover",
			prepare: func(t *testing.T, dir string) {
				b := mustOpen(t, dir)
				mustCreate(t, b, freshRecord(t))
				// What Open would sweep and tighten.
				if err := os.WriteFile(filepath.Join(dir, ".tmp-left.json"), []byte("{"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(dir, 0o750); err != nil {
					t.Fatal(err)
				}
			},
			want: 1,
		},
		{
			name: "records-without-a-lock-file",
			prepare: func(t *testing.T, dir string) {
				mustCreate(t, mustOpen(t, dir), freshRecord(t))
				if err := os.Remove(filepath.Join(dir, lockName)); err != nil {
					t.Fatal(err)
				}
			},
			want: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "nb")
			if tc.prepare != nil {
				tc.prepare(t, dir)
			}
			before := treestate.Of(t, dir)
			b := mustOpenReadOnly(t, dir)
			recs, err := b.List()
			if err != nil || len(recs) != tc.want {
				t.Fatalf("List() = %d records, %v; want %d, nil", len(recs), err, tc.want)
			}
			if tc.want > 0 {
				if _, err := b.Get(recs[0].ID); err != nil {
					t.Errorf("Get(%s) = %v, want the record", recs[0].ID, err)
				}
			}
			r := freshRecord(t)
			r.ID = "readonly0000"
			writes := map[string]error{"Create": b.Create(r)}
			if tc.want > 0 {
				id := recs[0].ID
				_, writes["Update"] = b.Update(id, func(r *Record) error { r.Interview.Company = "Globex"; return nil })
				_, writes["SetOutcome"] = b.SetOutcome(id, "offer", DateOf(now))
				_, _, writes["Reflect"] = b.Reflect(id, Reflection{}, now)
			}
			for op, err := range writes {
				if !errors.Is(err, ErrReadOnly) {
					t.Errorf("%s on a read-only notebook = %v, want an error wrapping ErrReadOnly", op, err)
				}
			}
			if diff := cmp.Diff(treestate.Of(t, dir), before); diff != "" {
				t.Errorf("the read-only notebook changed its directory (-got +want):\n%s", diff)
			}
		})
	}
}

// TestOpenReadOnlyRefusesAFile: notebook.dir naming a file is an error, as
// with Open.
func TestOpenReadOnlyRefusesAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(slog.New(slog.DiscardHandler), p); err == nil {
		t.Errorf("OpenReadOnly(a file) = nil error, want one")
	}
}
