package calendartest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestFixturesMatchShared keeps testdata/gcal a faithful copy of the
// project's shared fixtures, in the folder DEBRIEF_SHARED names (.ci/run
// sets it when the shared folder is beside the repository). Every other
// test reads only the copy, so a fresh clone passes alone.
func TestFixturesMatchShared(t *testing.T) {
	dir := os.Getenv("DEBRIEF_SHARED")
	if dir == "" {
		t.Skip("DEBRIEF_SHARED is not set: no shared folder to compare testdata/gcal with")
	}
	shared := filepath.Join(dir, "fixtures", "gcal")
	entries, err := os.ReadDir(shared)
	if err != nil {
		t.Fatalf("DEBRIEF_SHARED names a folder without the fixtures: %v", err)
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
