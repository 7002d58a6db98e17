package notebook

import (
	"bytes"
	"errors"
	"unsafe"

	"golang.org/x/sys/unix"
)

// watcher is an inotify watch on the notebook's directory, read without
// blocking (see index).
type watcher struct {
	fd  int
	buf []byte
}

// watchMask: the changes that make a record file new, different or gone.
// Not IN_CLOSE_WRITE: every lock of the notebook opens and closes .lock for
// writing; IN_MODIFY sees every write and truncation.
const watchMask = unix.IN_CREATE | unix.IN_DELETE | unix.IN_MODIFY | unix.IN_MOVED_FROM |
	unix.IN_MOVED_TO | unix.IN_ATTRIB | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF | unix.IN_ONLYDIR

func newWatcher(dir string) (*watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	if _, err := unix.InotifyAddWatch(fd, dir, watchMask); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &watcher{fd: fd, buf: make([]byte, 64<<10)}, nil
}

// drain calls fn with the name of each file of every event queued so far.
// overflow: events were lost, so anything may have changed; gone: the watch
// ended (the directory was moved, deleted or unmounted).
func (w *watcher) drain(fn func(name string)) (overflow, gone bool, err error) {
	for {
		n, err := unix.Read(w.fd, w.buf)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EAGAIN):
			return overflow, gone, nil
		case err != nil:
			return overflow, true, err
		case n < unix.SizeofInotifyEvent:
			return overflow, true, errors.New("short inotify read")
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&w.buf[off]))
			off += unix.SizeofInotifyEvent
			name := w.buf[off : off+int(ev.Len)]
			off += int(ev.Len)
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			switch {
			case ev.Mask&unix.IN_Q_OVERFLOW != 0:
				overflow = true
			case ev.Mask&(unix.IN_DELETE_SELF|unix.IN_MOVE_SELF|unix.IN_IGNORED|unix.IN_UNMOUNT) != 0:
				gone = true
			case len(name) > 0:
				fn(string(name))
			}
		}
	}
}

// close ends the watch; again, it does nothing (the Book's cleanup may
// call it after the index did).
func (w *watcher) close() {
	if w.fd >= 0 {
		unix.Close(w.fd)
		w.fd = -1
	}
}
