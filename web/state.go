package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// The files the web app keeps in the state directory.
const (
	secretFile  = "web-secret" // the per-install secret, hex, mode 0600
	runningFile = "web.json"   // Running of the process serving the app
)

// Running is the content of <state>/web.json: where the app of a running
// process answers.
type Running struct {
	URL string `json:"url"` // "http://127.0.0.1:PORT/"
	PID int    `json:"pid"`
}

// ReadRunning reads <stateDir>/web.json, written by the last process that
// served the app; it may have stopped since (see Ping). The error wraps
// fs.ErrNotExist when none ever did.
func ReadRunning(stateDir string) (Running, error) {
	var r Running
	data, err := os.ReadFile(filepath.Join(stateDir, runningFile))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil || r.URL == "" {
		return r, fmt.Errorf("%s is not what debrief wrote (delete it; the daemon writes it again at start): %v", filepath.Join(stateDir, runningFile), err)
	}
	return r, nil
}

func writeRunning(stateDir string, r Running) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return fmt.Errorf("web app: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(stateDir, runningFile), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("web app: write its address: %w", err)
	}
	return nil
}

// Ping reports whether the web app that answers at base is this
// install's: it sends a random challenge and checks the answer, an HMAC
// made with the secret. So the address of a stale web.json, whose port
// another program (another user's) may hold now, never gets the secret:
// the caller adds it to the address only after Ping said yes.
func Ping(ctx context.Context, base, secret string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var n [16]byte
	rand.Read(n[:])
	nonce := hex.EncodeToString(n[:])
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+pingPath+"?nonce="+nonce, nil)
	if err != nil {
		return err
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	if resp.StatusCode != http.StatusOK || !hmac.Equal(body, []byte(pingAnswer+pingProof(secret, nonce)+"\n")) {
		return fmt.Errorf("%s answers, but not as this debrief's web app", base)
	}
	return nil
}

// pingProof is the answer to the challenge nonce: it shows the secret is
// known without showing it.
func pingProof(secret, nonce string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("debrief/web/ping/" + nonce))
	return hex.EncodeToString(m.Sum(nil))
}

// ReadSecret reads the secret of the install whose state directory is
// stateDir, for building addresses (Link) outside the serving process.
func ReadSecret(stateDir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(stateDir, secretFile))
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(data))
	if !validSecret(s) {
		return "", fmt.Errorf("%s is not a secret debrief wrote: delete it; the web app makes a new one at start", filepath.Join(stateDir, secretFile))
	}
	return s, nil
}

func validSecret(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// loadSecret returns the secret in stateDir, making one (32 random bytes,
// hex, mode 0600) when there is none or when the one there is unusable or
// was readable by other users (it may have leaked: the old addresses stop
// working, which is the point).
func loadSecret(lg *slog.Logger, stateDir string) (string, error) {
	if stateDir == "" {
		return "", errors.New("web app: no state directory: set state.dir in the config")
	}
	path := filepath.Join(stateDir, secretFile)
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.Mode().Perm()&0o077 != 0:
		lg.Warn("the web app's secret was readable by other users; made a new one (old addresses stop working: run debrief open)", "file", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	case err == nil:
		s, err := ReadSecret(stateDir)
		if err == nil {
			return s, nil
		}
		lg.Warn("the web app's secret file is damaged; made a new one", "file", path, "err", err)
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("web app: read its secret: %w", err)
	}
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	s := hex.EncodeToString(b[:])
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return "", fmt.Errorf("web app: %w", err)
	}
	if err := atomicfile.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("web app: write its secret: %w", err)
	}
	return s, nil
}

// sameSecret compares in constant time.
func sameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
