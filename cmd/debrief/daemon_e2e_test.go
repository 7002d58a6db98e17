package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sdListen opens a unixgram socket like systemd's notification socket at
// name (a path, or "@name" in the abstract namespace) and returns a
// function reading the next datagram.
func sdListen(t *testing.T, name string) func() string {
	t.Helper()
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatalf("listen on %s: %v", name, err)
	}
	t.Cleanup(func() { conn.Close() })
	return func() string {
		t.Helper()
		buf := make([]byte, 4096)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, _, err := conn.ReadFromUnix(buf)
		if err != nil {
			t.Fatalf("read notification: %v", err)
		}
		return string(buf[:n])
	}
}

func TestSdNotify(t *testing.T) {
	for _, tc := range []struct{ name, socket string }{
		{"path", filepath.Join(t.TempDir(), "notify")},
		{"abstract", "@debrief-test-" + strings.ReplaceAll(t.Name(), "/", "-") + "-" + time.Now().Format("150405.000000000")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := sdListen(t, tc.socket)
			getenv := func(k string) string {
				if k == "NOTIFY_SOCKET" {
					return tc.socket
				}
				return ""
			}
			if err := sdNotify(getenv, "READY=1\nSTATUS=watching 1 calendar"); err != nil {
				t.Fatalf("sdNotify: %v", err)
			}
			if got, want := read(), "READY=1\nSTATUS=watching 1 calendar"; got != want {
				t.Errorf("datagram = %q, want %q", got, want)
			}
			if err := sdNotify(getenv, sdReloading()); err != nil {
				t.Fatalf("sdNotify: %v", err)
			}
			if got := read(); !strings.HasPrefix(got, "RELOADING=1\nMONOTONIC_USEC=") {
				t.Errorf("datagram = %q, want RELOADING=1 and MONOTONIC_USEC", got)
			}
		})
	}
}

func TestSdNotifyNoSocket(t *testing.T) {
	if err := sdNotify(func(string) string { return "" }, "READY=1"); err != nil {
		t.Errorf("sdNotify without NOTIFY_SOCKET = %v, want nil", err)
	}
	gone := filepath.Join(t.TempDir(), "gone")
	err := sdNotify(func(string) string { return gone }, "READY=1")
	if err == nil || !strings.Contains(err.Error(), `tell systemd "READY=1"`) {
		t.Errorf("sdNotify to a missing socket = %v, want an error naming READY=1", err)
	}
	if err := sdNotify(func(string) string { return "relative" }, "READY=1"); err == nil {
		t.Error("sdNotify to a relative socket path = nil, want an error")
	}
}
