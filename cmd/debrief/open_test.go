package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/debrief-dev/debrief/web"
)

// get fetches u as a browser would (cookies kept, redirects followed) and
// returns the final address and status.
func get(t *testing.T, u string) (string, int) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	resp, err := (&http.Client{Jar: jar}).Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.Request.URL.String(), resp.StatusCode
}

// TestOpenPrintURLOfRunningApp: with the app served (as the daemon does),
// `debrief open --print-url ID` prints its address for that interview's
// form, with the secret, and the address works.
func TestOpenPrintURLOfRunningApp(t *testing.T) {
	s := newNBSetup(t)
	state := filepath.Join(s.home, ".local/state/debrief")
	srv, err := web.New(slog.New(slog.DiscardHandler), web.Config{Listen: "127.0.0.1:0", StateDir: state}, web.Deps{Book: s.book})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	out, errOut, code := s.run(t, "open", "--print-url", s.globex[:6])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.TrimSpace(out)
	if want := srv.URL("/reflect/" + s.globex); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	final, status := get(t, got)
	if !strings.HasSuffix(final, "/reflect/"+s.globex) || status != http.StatusOK {
		t.Errorf("GET the printed address: ended at %s with %d, want the form with 200", final, status)
	}

	_, errOut, code = s.run(t, "open", "--print-url", "zzzz")
	if code == 0 || !strings.Contains(errOut, "no record matches") {
		t.Errorf("open of an unknown id: exit %d, stderr %q; want an error naming it", code, errOut)
	}
}

// TestOpenServesWithoutDaemon: with no app running, `debrief open` serves
// it itself, opens $BROWSER at it, and stops cleanly at Ctrl-C.
func TestOpenServesWithoutDaemon(t *testing.T) {
	s := newNBSetup(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "opened")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "browser.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+fifo+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--config", s.config, "open", s.hooli}, strings.NewReader(""), &out, &errb, func(k string) string {
			switch k {
			case "HOME":
				return s.home
			case "BROWSER":
				return script
			}
			return ""
		})
	}()
	f, err := os.Open(fifo) // blocks until the browser script writes
	if err != nil {
		t.Fatal(err)
	}
	line, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	u := strings.TrimSpace(string(line))
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.Contains(u, "/reflect/"+s.hooli+"?token=") {
		t.Fatalf("the browser was opened at %q, want the form's address with the secret", u)
	}
	final, status := get(t, u)
	if !strings.HasSuffix(final, "/reflect/"+s.hooli) || status != http.StatusOK {
		t.Errorf("GET: ended at %s with %d, want the form with 200", final, status)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("open after Ctrl-C = %v, want nil", err)
	}
	if !strings.Contains(errb.String(), "serves it here until you press Ctrl-C") {
		t.Errorf("stderr = %q, want it to say the app is served here", errb.String())
	}
}
