package main

// The systemd notification protocol (sd_notify(3)), in the few lines it
// takes: one datagram of "KEY=value" lines to the unix socket named in
// $NOTIFY_SOCKET. No dependency on libsystemd or go-systemd.

import (
	"fmt"
	"net"
	"strings"
)

// sdNotify sends state, one or more "KEY=value" lines, to the service
// manager. It does nothing and returns nil when $NOTIFY_SOCKET is unset
// (not started by systemd, or not Type=notify). A socket path that starts
// with "@" is in the abstract namespace: Go's unix address handling turns
// the "@" into the leading NUL byte the kernel expects.
func sdNotify(getenv func(string) string, state string) error {
	path := getenv("NOTIFY_SOCKET")
	if path == "" {
		return nil
	}
	if path[0] != '/' && path[0] != '@' {
		return fmt.Errorf("NOTIFY_SOCKET %q is neither an absolute path nor an abstract socket name", path)
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("tell systemd %q: %w", firstLine(state), err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("tell systemd %q: %w", firstLine(state), err)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
