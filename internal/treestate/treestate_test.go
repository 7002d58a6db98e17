package treestate

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(dir string) error
		changed bool
	}{
		{"nothing", func(string) error { return nil }, false},
		{"file written", func(dir string) error { return os.WriteFile(filepath.Join(dir, "a"), []byte("2"), 0o600) }, true},
		{"file created", func(dir string) error { return os.WriteFile(filepath.Join(dir, "b"), nil, 0o600) }, true},
		{"mode changed", func(dir string) error { return os.Chmod(filepath.Join(dir, "a"), 0o644) }, true},
		{"touched", func(dir string) error {
			later := time.Now().Add(time.Hour)
			return os.Chtimes(filepath.Join(dir, "a"), later, later)
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a"), []byte("1"), 0o600); err != nil {
				t.Fatal(err)
			}
			before := Of(t, dir)
			if err := tc.change(dir); err != nil {
				t.Fatal(err)
			}
			if got := cmp.Diff(Of(t, dir), before) != ""; got != tc.changed {
				t.Errorf("snapshots differ = %v, want %v", got, tc.changed)
			}
		})
	}
}

func TestOfMissing(t *testing.T) {
	if got := Of(t, filepath.Join(t.TempDir(), "none")); len(got) != 0 {
		t.Errorf("Of(missing) = %v, want empty", got)
	}
}
