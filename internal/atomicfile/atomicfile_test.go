package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// leftovers are the temp files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, TempPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  string // "" for no file yet
		perm os.FileMode
	}{
		{"new-private", "", 0o600},
		{"replace", "old content\n", 0o600},
		{"new-readable", "", 0o644}, // applied exactly, whatever the umask
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			if tc.old != "" {
				if err := os.WriteFile(path, []byte(tc.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFile(path, []byte("new\n"), tc.perm); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "new\n" {
				t.Errorf("content %q, want %q", got, "new\n")
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tc.perm {
				t.Errorf("mode %04o, want %04o", got, tc.perm)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temp files left: %v", l)
			}
		})
	}
}

func TestWriteFileFails(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
		want  string
	}{
		{
			name: "disk-full",
			setup: func(t *testing.T, path string) {
				old := write
				write = func(f *os.File, data []byte) error {
					f.Write(data[:len(data)/2])
					return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
				}
				t.Cleanup(func() { write = old })
			},
			want: "no space left on device",
		},
		{
			name: "target-is-a-directory",
			setup: func(t *testing.T, path string) {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(path, 0o700); err != nil {
					t.Fatal(err)
				}
			},
			want: "is not a regular file",
		},
		{
			name: "no-directory",
			setup: func(t *testing.T, path string) {
				if err := os.RemoveAll(filepath.Dir(path)); err != nil {
					t.Fatal(err)
				}
			},
			want: "no such file or directory",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "d")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "record.json")
			if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			tc.setup(t, path)
			before, _ := os.ReadFile(path)
			err := WriteFile(path, []byte("new content\n"), 0o600)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteFile = %v, want an error saying %q", err, tc.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Errorf("content %q after a failed write, want %q", after, before)
			}
			if _, serr := os.Stat(dir); serr == nil {
				if l := leftovers(t, dir); len(l) > 0 {
					t.Errorf("temp files left: %v", l)
				}
			}
		})
	}
}

// TestWriteFileConcurrent has writers race on one file: it ends whole,
// with one writer's content, and no temp file is left.
func TestWriteFileConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	contents := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 8 {
		data := strings.Repeat(fmt.Sprintf("writer %d\n", i), 1000)
		contents[data] = true
		wg.Go(func() {
			if err := WriteFile(path, []byte(data), 0o600); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !contents[string(got)] {
		t.Errorf("content is no writer's whole content (%d bytes)", len(got))
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func BenchmarkWriteFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "record.json")
	data := []byte(strings.Repeat("x", 4096))
	for b.Loop() {
		if err := WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
}
