package radicaletest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is a running Radicale.
type Server struct {
	// URL is the server's root, "http://127.0.0.1:PORT".
	URL             string
	bin, conf, addr string
	cmd             *exec.Cmd
	log             *strings.Builder
}

// Start starts Radicale and stops it at the end of the test. It skips the
// test when radicale is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("radicale")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI should have installed radicale: apt-get install radicale")
		}
		t.Skip("radicale is not installed: apt-get install radicale")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := filepath.Join(dir, "config")
	body := fmt.Sprintf("[server]\nhosts = %s\n[auth]\ntype = none\n[storage]\nfilesystem_folder = %s\n[logging]\nlevel = warning\n", addr, filepath.Join(dir, "collections"))
	if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "http://" + addr, bin: bin, conf: conf, addr: addr, log: &strings.Builder{}}
	t.Cleanup(s.Stop)
	s.start(t)
	return s
}

// start runs radicale and waits until it listens.
func (s *Server) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command(s.bin, "--config", s.conf)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start radicale: %v", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("radicale did not listen on %s within 15s:\n%s", s.addr, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// MkCalendar creates the calendar collection /USER/NAME/ with a raw
// MKCALENDAR (go-webdav has none) and returns its URL, ending in "/".
func (s *Server) MkCalendar(t testing.TB, user, name string) string {
	t.Helper()
	u := s.URL + "/" + user + "/" + name + "/"
	req, err := http.NewRequest("MKCALENDAR", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(user, "x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("MKCALENDAR %s: %s", u, resp.Status)
	}
	return u
}

// Stop stops the server, as a source going down; Restart brings it back
// on the same address and storage. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts the server again after Stop.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.start(t)
}
