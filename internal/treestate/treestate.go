package treestate

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Of maps every path under dir (dir included) to its mode, modification
// time and, for a file, its content; a missing dir is an empty map. Two
// snapshots are equal when nothing under dir was created, removed or
// written in between.
func Of(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		v := fi.Mode().String() + " " + fi.ModTime().String()
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			v += " " + string(b)
		}
		out[p] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
