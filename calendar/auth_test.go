package calendar

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestAuthClientSays: a request without a usable sign-in fails before the
// network with the sentinel the daemon tells the person about.
func TestAuthClientSays(t *testing.T) {
	const creds = `{"installed":{"client_id":"c","client_secret":"s","auth_uri":"http://127.0.0.1:1/auth","token_uri":"http://127.0.0.1:1/token"}}`
	tests := []struct {
		name         string
		creds, token string // "" leaves the file out
		notSignedIn  bool
	}{
		{"no-credentials", "", "", true},
		{"no-token", creds, "", true},
		{"token-without-refresh", creds, `{"access_token":"a"}`, false},
		{"credentials-garbled", `{`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cf, tf := filepath.Join(dir, "credentials.json"), filepath.Join(dir, "token.json")
			for f, body := range map[string]string{cf: tt.creds, tf: tt.token} {
				if body != "" {
					if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			hc := AuthClient(t.Context(), slog.New(slog.NewTextHandler(io.Discard, nil)), cf, tf, &http.Client{})
			// Port 1 on loopback: a request that got through would fail
			// with a connection error, not with a sentinel.
			_, err := hc.Get("http://127.0.0.1:1/calendar/v3/calendars/primary/events")
			if got := errors.Is(err, ErrNotSignedIn); got != tt.notSignedIn {
				t.Errorf("errors.Is(%v, ErrNotSignedIn) = %v, want %v", err, got, tt.notSignedIn)
			}
			if !errors.Is(err, ErrUnauthorized) {
				t.Errorf("err = %v, want it to wrap ErrUnauthorized", err)
			}
		})
	}
}
