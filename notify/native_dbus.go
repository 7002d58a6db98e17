//go:build !(darwin || windows)

package notify

import "errors"

// nativeDesktop is false on Linux and the BSDs: there the desktop backend
// talks D-Bus itself (see dbus.go for why not through beeep).
const nativeDesktop = false

func nativeNotify(appName, title, body string) error {
	return errors.New("notify: no native notification system on this platform; the desktop backend uses D-Bus")
}
