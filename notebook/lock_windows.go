//go:build windows

package notebook

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockHow is a shared or an exclusive lock.
type lockHow uint32

const (
	lockShared    lockHow = 0
	lockExclusive lockHow = windows.LOCKFILE_EXCLUSIVE_LOCK
)

// flock waits for the lock on the first byte of f; closing f releases it.
func flock(f *os.File, how lockHow) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), uint32(how), 0, 1, 0, new(windows.Overlapped))
}

// readOnlyFS reports whether err says the medium is write-protected.
func readOnlyFS(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }
