package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TempPrefix starts the name of each temp file WriteFile makes: a dot
// file, so listings that skip dot files never see one. A crash can leave
// one behind, named TempPrefix + random + "-" + the target's name; owners
// of a directory remove those at start (no live writer may be running).
const TempPrefix = ".tmp-"

// write writes data to the temp file; tests replace it to fail like a full
// disk.
var write = func(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// WriteFile replaces path with data, with mode perm (exactly: the umask
// does not apply): it writes a temp file in path's directory, syncs it,
// renames it over path and syncs the directory. On error path is as it
// was and the temp file is removed. A path that exists and is not a
// regular file is refused. The directory must exist. The errors are
// *os.PathError and the like, naming the file.
func WriteFile(path string, data []byte, perm os.FileMode) (err error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("replace %s: it exists and is not a regular file", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, TempPrefix+"*-"+strings.ReplaceAll(base, "*", "_"))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := write(f, data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir makes the renames and removals in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
