//go:build unix

package notebook

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockHow is a shared or an exclusive advisory lock.
type lockHow int

const (
	lockShared    lockHow = unix.LOCK_SH
	lockExclusive lockHow = unix.LOCK_EX
)

// flock waits for the lock on f. It belongs to the open file description:
// closing f releases it.
func flock(f *os.File, how lockHow) error {
	for {
		err := unix.Flock(int(f.Fd()), int(how))
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// readOnlyFS reports whether err says the file system is mounted read-only.
func readOnlyFS(err error) bool { return errors.Is(err, unix.EROFS) }
