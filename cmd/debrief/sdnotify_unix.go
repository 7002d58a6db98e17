//go:build unix

package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// sdReloading is the message that starts a reload: RELOADING=1 with the
// CLOCK_MONOTONIC time systemd 253 and later want beside it (older ones
// ignore the field). READY=1 ends the reload.
func sdReloading() string {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return "RELOADING=1"
	}
	return fmt.Sprintf("RELOADING=1\nMONOTONIC_USEC=%d", ts.Nano()/1000)
}
