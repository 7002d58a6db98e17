package calendar

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// tokenFakeServer is Google's token endpoint for refresh and code grants:
// it knows which refresh tokens are valid and hands out numbered access
// tokens; the API side of the same server accepts only those.
type tokenFakeServer struct {
	t        *testing.T
	mu       sync.Mutex
	refresh  map[string]bool // valid refresh tokens
	access   map[string]bool // issued access tokens
	issued   int
	refreshN int // refresh grants answered with a token
	apiCalls int

	// The authorization side, for Authorize.
	scope      string            // granted scopes the token answer lists
	challenges map[string]string // code → PKCE challenge
	redirects  map[string]string // code → redirect_uri
}

func newTokenFakeServer(t *testing.T, refreshTokens ...string) (*tokenFakeServer, *httptest.Server) {
	f := &tokenFakeServer{
		t: t, refresh: map[string]bool{}, access: map[string]bool{},
		scope:      strings.Join(Scopes, " "),
		challenges: map[string]string{}, redirects: map[string]string{},
	}
	for _, rt := range refreshTokens {
		f.refresh[rt] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", f.token)
	mux.HandleFunc("GET /auth", f.auth)
	mux.HandleFunc("GET /calendar/v3/calendars/{cal}/events", f.events)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *tokenFakeServer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.PostForm.Get("client_id") != "client-1" || r.PostForm.Get("client_secret") != "secret-1" {
		oauthErrorJSON(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") == "authorization_code" {
		f.codeGrant(w, r.PostForm)
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "refresh_token" {
		f.t.Errorf("token endpoint: grant_type = %q, want refresh_token", g)
	}
	if !f.refresh[r.PostForm.Get("refresh_token")] {
		oauthErrorJSON(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	f.refreshN++
	f.issued++
	at := fmt.Sprintf("access-%d", f.issued)
	f.access[at] = true
	// Like Google, a refresh answer carries no new refresh token.
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": at, "token_type": "Bearer", "expires_in": 3599})
}

// auth is Google's consent page, consenting at once: it checks what
// Authorize asks for and redirects to the loopback address with a code.
func (f *tokenFakeServer) auth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, want := range map[string]string{
		"client_id": "client-1", "response_type": "code", "access_type": "offline",
		"prompt": "consent", "code_challenge_method": "S256", "scope": strings.Join(Scopes, " "),
	} {
		if got := q.Get(k); got != want {
			f.t.Errorf("auth endpoint: %s = %q, want %q", k, got, want)
		}
	}
	redirect := q.Get("redirect_uri")
	f.mu.Lock()
	code := fmt.Sprintf("code-%d", len(f.challenges)+1)
	f.challenges[code] = q.Get("code_challenge")
	f.redirects[code] = redirect
	f.mu.Unlock()
	http.Redirect(w, r, redirect+"?"+url.Values{"state": {q.Get("state")}, "code": {code}}.Encode(), http.StatusFound)
}

// codeGrant answers the exchange of a code, checking the PKCE verifier.
// The caller holds f.mu.
func (f *tokenFakeServer) codeGrant(w http.ResponseWriter, form url.Values) {
	code := form.Get("code")
	challenge, ok := f.challenges[code]
	if !ok {
		oauthErrorJSON(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	delete(f.challenges, code)
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
		f.t.Errorf("token endpoint: code_verifier does not match the challenge")
		oauthErrorJSON(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	if got := form.Get("redirect_uri"); got != f.redirects[code] {
		f.t.Errorf("token endpoint: redirect_uri = %q, want %q", got, f.redirects[code])
	}
	f.issued++
	at, rt := fmt.Sprintf("access-%d", f.issued), fmt.Sprintf("rt-%d", f.issued)
	f.access[at], f.refresh[rt] = true, true
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": at, "refresh_token": rt, "token_type": "Bearer", "expires_in": 3599, "scope": f.scope})
}

func oauthErrorJSON(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": "Token has been expired or revoked."})
}

func (f *tokenFakeServer) events(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.apiCalls++
	if !f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")] {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"kind":"calendar#events","items":[],"nextSyncToken":"sync-1"}`)
}

func (f *tokenFakeServer) revoke(rt string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.refresh, rt)
}

func (f *tokenFakeServer) allow(rt string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh[rt] = true
}

func (f *tokenFakeServer) counts() (refreshes, apiCalls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refreshN, f.apiCalls
}

// tokenCountingTransport counts the requests of the base client, to show that
// refreshes and API calls both go through it.
type tokenCountingTransport struct{ n atomic.Int32 }

func (c *tokenCountingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func tokenTestCreds(srv *httptest.Server) *Credentials {
	return &Credentials{
		Path:         "credentials.json",
		ClientID:     "client-1",
		ClientSecret: "secret-1",
		AuthURL:      srv.URL + "/auth",
		TokenURL:     srv.URL + "/token",
	}
}

func tokenTestLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// tokenMustSave writes a token file whose access token has expired.
func tokenMustSave(t *testing.T, path, access, refresh string) {
	t.Helper()
	tok := &oauth2.Token{AccessToken: access, TokenType: "Bearer", RefreshToken: refresh, Expiry: time.Now().Add(-time.Hour)}
	if err := SaveToken(path, tok); err != nil {
		t.Fatal(err)
	}
}

func tokenMustRead(t *testing.T, path string) *oauth2.Token {
	t.Helper()
	tok, err := ReadToken(path)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// tokenListEvents calls events.list through the real Google client, as the
// calendar client does.
func tokenListEvents(t *testing.T, hc *http.Client, srv *httptest.Server) error {
	t.Helper()
	svc, err := gcal.NewService(t.Context(), option.WithHTTPClient(hc), option.WithEndpoint(srv.URL+"/calendar/v3/"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Events.List("primary").Context(t.Context()).Do()
	return err
}

func TestSaveTokenModesAndRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "debrief")
	path := filepath.Join(dir, "token.json")
	want := &oauth2.Token{AccessToken: "a", TokenType: "Bearer", RefreshToken: "r", Expiry: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	if err := SaveToken(path, want); err != nil {
		t.Fatalf("SaveToken: %v", err)
	}
	tokenMustMode(t, dir, 0o700)
	tokenMustMode(t, path, 0o600)
	got := tokenMustRead(t, path)
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || got.TokenType != want.TokenType || !got.Expiry.Equal(want.Expiry) {
		t.Errorf("ReadToken = %+v, want %+v", got, want)
	}
}

func TestSaveTokenReplacesInsecureFileAndLeavesNoTemp(t *testing.T) {
	path := tokenWriteFile(t, "token.json", `{"access_token":"old","refresh_token":"old"}`, 0o644)
	if err := SaveToken(path, &oauth2.Token{AccessToken: "new", RefreshToken: "new"}); err != nil {
		t.Fatalf("SaveToken: %v", err)
	}
	tokenMustMode(t, path, 0o600)
	if got := tokenMustRead(t, path); got.AccessToken != "new" {
		t.Errorf("access token = %q, want new", got.AccessToken)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want only token.json", names)
	}
}

func tokenMustMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("mode of %s = %04o, want %04o", path, got, want)
	}
}

func TestReadTokenErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		missing bool
		want    []string
		unauth  bool // wraps ErrUnauthorized
	}{
		{name: "missing", missing: true, want: []string{"no token at {path}", "run `debrief auth`"}, unauth: true},
		{name: "readable-by-group", content: `{"refresh_token":"r"}`, mode: 0o640, want: []string{"{path}", "mode 0640", "run `chmod 600 {path}`"}},
		{name: "readable-by-others", content: `{"refresh_token":"r"}`, mode: 0o644, want: []string{"run `chmod 600 {path}`"}},
		{name: "malformed", content: "{\"refresh_token\": r}", mode: 0o600, want: []string{"{path}", "line 1, column 19", "run `debrief auth`"}},
		{name: "no-refresh-token", content: `{"access_token":"a"}`, mode: 0o600, want: []string{"{path} holds no refresh token", "run `debrief auth`"}, unauth: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "token.json")
			if !tt.missing {
				path = tokenWriteFile(t, "token.json", tt.content, tt.mode)
			}
			_, err := ReadToken(path)
			if err == nil {
				t.Fatal("ReadToken succeeded, want an error")
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "{path}", path); !strings.Contains(err.Error(), w) {
					t.Errorf("ReadToken error = %q, want it to contain %q", err, w)
				}
			}
			if got := errors.Is(err, ErrUnauthorized); got != tt.unauth {
				t.Errorf("errors.Is(%v, ErrUnauthorized) = %v, want %v", err, got, tt.unauth)
			}
		})
	}
}

func TestHTTPClientRefusesInsecureTokenFile(t *testing.T) {
	_, srv := newTokenFakeServer(t, "rt-1")
	path := tokenWriteFile(t, "token.json", `{"access_token":"a","refresh_token":"rt-1"}`, 0o644)
	_, err := HTTPClient(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &http.Client{})
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("HTTPClient error = %v, want the chmod fix", err)
	}
}

func TestHTTPClientRefreshedTokenPersisted(t *testing.T) {
	f, srv := newTokenFakeServer(t, "rt-1")
	path := filepath.Join(t.TempDir(), "debrief", "token.json")
	tokenMustSave(t, path, "expired", "rt-1")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ct := &tokenCountingTransport{}
	hc, err := HTTPClient(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &http.Client{Transport: ct, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("HTTPClient: %v", err)
	}
	for range 3 {
		if err := tokenListEvents(t, hc, srv); err != nil {
			t.Fatalf("events.list: %v", err)
		}
	}
	refreshes, apiCalls := f.counts()
	if refreshes != 1 || apiCalls != 3 {
		t.Errorf("refreshes, API calls = %d, %d, want 1, 3 (the new token is reused)", refreshes, apiCalls)
	}
	if got := ct.n.Load(); got != 4 {
		t.Errorf("requests through the base client = %d, want 4 (1 refresh + 3 calls)", got)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) == string(before) {
		t.Fatalf("token file unchanged after the refresh:\n%s", after)
	}
	got := tokenMustRead(t, path)
	if got.AccessToken != "access-1" || got.RefreshToken != "rt-1" || !got.Expiry.After(time.Now()) {
		t.Errorf("saved token: access %q, refresh %q, expiry %v; want access-1, rt-1, in the future", got.AccessToken, got.RefreshToken, got.Expiry)
	}
	tokenMustMode(t, path, 0o600)
}

func TestHTTPClientInvalidGrant(t *testing.T) {
	f, srv := newTokenFakeServer(t) // rt-1 is unknown: expired or revoked
	path := filepath.Join(t.TempDir(), "token.json")
	tokenMustSave(t, path, "expired", "rt-1")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := HTTPClient(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &http.Client{})
	if err != nil {
		t.Fatalf("HTTPClient: %v", err)
	}
	err = tokenListEvents(t, hc, srv)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("events.list error = %v, want ErrUnauthorized", err)
	}
	for _, w := range []string{"token expired or revoked: run `debrief auth`", "7 days", "\"Testing\"", "\"In production\""} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error = %q, want it to contain %q", err, w)
		}
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("error = %v, want an *oauth2.RetrieveError invalid_grant in the chain", err)
	}
	if _, apiCalls := f.counts(); apiCalls != 0 {
		t.Errorf("API calls = %d, want 0", apiCalls)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("token file changed after a refused refresh:\n%s", after)
	}
}

func TestHTTPClientInvalidClient(t *testing.T) {
	_, srv := newTokenFakeServer(t, "rt-1")
	path := filepath.Join(t.TempDir(), "token.json")
	tokenMustSave(t, path, "expired", "rt-1")
	creds := tokenTestCreds(srv)
	creds.ClientSecret = "deleted"
	hc, err := HTTPClient(t.Context(), tokenTestLogger(), creds, path, &http.Client{})
	if err != nil {
		t.Fatalf("HTTPClient: %v", err)
	}
	err = tokenListEvents(t, hc, srv)
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "OAuth client in credentials.json was refused") {
		t.Errorf("events.list error = %v, want ErrUnauthorized naming the credentials file", err)
	}
}

// After invalid_grant the daemon rereads the token file: a `debrief auth`
// run meanwhile fixes it without a restart.
func TestHTTPClientPicksUpReauthorizedToken(t *testing.T) {
	f, srv := newTokenFakeServer(t, "rt-1")
	path := filepath.Join(t.TempDir(), "token.json")
	tokenMustSave(t, path, "expired", "rt-1")
	hc, err := HTTPClient(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &http.Client{})
	if err != nil {
		t.Fatalf("HTTPClient: %v", err)
	}
	f.revoke("rt-1")
	if err := tokenListEvents(t, hc, srv); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("events.list with a revoked token: %v, want ErrUnauthorized", err)
	}
	f.allow("rt-2")
	tokenMustSave(t, path, "expired-too", "rt-2") // what `debrief auth` does
	if err := tokenListEvents(t, hc, srv); err != nil {
		t.Fatalf("events.list after re-authorization: %v", err)
	}
	if got := tokenMustRead(t, path); got.RefreshToken != "rt-2" || got.AccessToken != "access-1" {
		t.Errorf("saved token: access %q, refresh %q; want access-1, rt-2", got.AccessToken, got.RefreshToken)
	}
}

func TestHTTPClientContextEndsRefresh(t *testing.T) {
	_, srv := newTokenFakeServer(t, "rt-1")
	path := filepath.Join(t.TempDir(), "token.json")
	tokenMustSave(t, path, "expired", "rt-1")
	ctx, cancel := context.WithCancel(t.Context())
	hc, err := HTTPClient(ctx, tokenTestLogger(), tokenTestCreds(srv), path, &http.Client{})
	if err != nil {
		t.Fatalf("HTTPClient: %v", err)
	}
	cancel()
	err = tokenListEvents(t, hc, srv)
	if err == nil || errors.Is(err, ErrUnauthorized) {
		t.Errorf("events.list after the daemon's context ended: %v, want a non-authorization error", err)
	}
}
