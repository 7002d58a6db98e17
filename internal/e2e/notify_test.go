package e2e

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNotifyReady(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sent    []string
		want    string
		wantErr bool
	}{
		{"ready first", []string{"READY=1\nSTATUS=watching 1 calendar"}, "READY=1\nSTATUS=watching 1 calendar", false},
		{"status before ready", []string{"STATUS=starting", "STATUS=syncing\nREADY=1"}, "STATUS=syncing\nREADY=1", false},
		{"never ready", []string{"STATUS=starting", "READY=10"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "notify")
			n := ListenNotify(t, sock)
			conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: sock, Net: "unixgram"})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for _, m := range tc.sent {
				if _, err := conn.Write([]byte(m)); err != nil {
					t.Fatal(err)
				}
			}
			got, err := n.Ready(200 * time.Millisecond)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Ready() error = %v, want error %v", err, tc.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "no READY=1 within") {
				t.Errorf("Ready() error = %v, want it to say no READY=1 came", err)
			}
			if got != tc.want {
				t.Errorf("Ready() = %q, want %q", got, tc.want)
			}
		})
	}
}
