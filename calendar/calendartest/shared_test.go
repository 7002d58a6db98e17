package calendartest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestFixturesMatchShared keeps testdata/gcal a faithful copy of the shared
// fixtures (../shared/fixtures/gcal beside the repository) when that folder
// is present. Tests read only the copy, so a fresh clone passes alone.
func TestFixturesMatchShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "fixtures", "gcal")
	entries, err := os.ReadDir(shared)
	if err != nil {
		t.Skipf("no shared fixtures beside the repository (%v): nothing to compare", err)
	}
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(shared, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(fixtures, e.Name()))
		if err != nil {
			t.Errorf("%s is in the shared fixtures but not in testdata/gcal: copy it", e.Name())
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/gcal/%s differs from the shared fixture: copy it again", e.Name())
		}
	}
}
