package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/e2e"
)

// authGoogle is a local stand-in for Google's authorization and token
// endpoints, named in the credentials file the tests write.
type authGoogle struct {
	t  *testing.T
	mu sync.Mutex
	// answer is what the consent page does: "consent", "deny" or
	// "wrong-state" (an answer forged for another sign-in).
	answer     string
	redirects  []string          // redirect_uri of each visit
	challenges map[string]string // code → PKCE challenge
	exchanged  []string          // codes exchanged
}

func newAuthGoogle(t *testing.T) (*authGoogle, *httptest.Server) {
	g := &authGoogle{t: t, answer: "consent", challenges: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /o/oauth2/auth", g.auth)
	mux.HandleFunc("POST /token", g.token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return g, srv
}

func (g *authGoogle) auth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, want := range map[string]string{
		"client_id": "client-1", "response_type": "code", "access_type": "offline",
		"prompt": "consent", "code_challenge_method": "S256",
	} {
		if got := q.Get(k); got != want {
			g.t.Errorf("auth endpoint: %s = %q, want %q", k, got, want)
		}
	}
	if q.Get("code_challenge") == "" || q.Get("state") == "" {
		g.t.Errorf("auth endpoint: code_challenge %q, state %q: want both", q.Get("code_challenge"), q.Get("state"))
	}
	if !strings.Contains(q.Get("scope"), "https://www.googleapis.com/auth/calendar.events.readonly") {
		g.t.Errorf("auth endpoint: scope = %q, want calendar.events.readonly in it", q.Get("scope"))
	}
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.Port() == "0" {
		g.t.Errorf("auth endpoint: redirect_uri = %q, want http://127.0.0.1:PORT/...", redirect)
		http.Error(w, "redirect_uri", http.StatusBadRequest)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.redirects = append(g.redirects, redirect)
	answer := url.Values{"state": {q.Get("state")}}
	switch g.answer {
	case "deny":
		answer.Set("error", "access_denied")
	case "wrong-state":
		answer.Set("state", "forged-state")
		answer.Set("code", "forged-code")
	default:
		code := fmt.Sprintf("code-%d", len(g.challenges)+1)
		g.challenges[code] = q.Get("code_challenge")
		answer.Set("code", code)
	}
	http.Redirect(w, r, redirect+"?"+answer.Encode(), http.StatusFound)
}

func (g *authGoogle) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f := r.PostForm
	g.mu.Lock()
	defer g.mu.Unlock()
	code := f.Get("code")
	g.exchanged = append(g.exchanged, code)
	challenge, ok := g.challenges[code]
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	switch {
	case f.Get("grant_type") != "authorization_code" || f.Get("client_id") != "client-1" || f.Get("client_secret") != "secret-1":
		g.t.Errorf("token endpoint: grant_type %q, client %q/%q", f.Get("grant_type"), f.Get("client_id"), f.Get("client_secret"))
	case !ok:
		g.t.Errorf("token endpoint: unknown code %q", code)
	case base64.RawURLEncoding.EncodeToString(sum[:]) != challenge:
		g.t.Errorf("token endpoint: code_verifier does not match the S256 challenge")
	case f.Get("redirect_uri") != g.redirects[len(g.redirects)-1]:
		g.t.Errorf("token endpoint: redirect_uri %q, want %q", f.Get("redirect_uri"), g.redirects[len(g.redirects)-1])
	default:
		delete(g.challenges, code)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"access_token": "access-1", "refresh_token": "refresh-1", "token_type": "Bearer", "expires_in": 3599,
			"scope": strings.Join(calendar.Scopes, " "),
		})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	io.WriteString(w, `{"error":"invalid_grant"}`)
}

// codes are the codes exchanged so far.
func (g *authGoogle) codes() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.exchanged)
}

func (g *authGoogle) set(answer string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.answer = answer
}

// authSetup is a home directory with a config naming the fake's endpoints.
type authSetup struct {
	config, creds, token string
	getenv               func(string) string
}

func newAuthSetup(t *testing.T, srv *httptest.Server, extraConfig string) authSetup {
	t.Helper()
	home := t.TempDir()
	s := authSetup{
		config: filepath.Join(home, "config.toml"),
		creds:  filepath.Join(home, "credentials.json"),
		token:  filepath.Join(home, "private", "debrief", "token.json"),
		getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		},
	}
	creds := fmt.Sprintf(`{"installed":{"client_id":"client-1","project_id":"debrief-test","auth_uri":%q,"token_uri":%q,"client_secret":"secret-1","redirect_uris":["http://localhost"]}}`,
		srv.URL+"/o/oauth2/auth", srv.URL+"/token")
	authWriteFile(t, s.creds, creds, 0o600)
	authWriteFile(t, s.config, fmt.Sprintf("[calendar]\ncredentials_file = %q\ntoken_file = %q\n%s", s.creds, s.token, extraConfig), 0o600)
	return s
}

func authWriteFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// authRun is `debrief auth` in the background. Its output is read as it
// appears; the first line holding an http address is sent on urls.
type authRun struct {
	urls chan string
	done chan error
	out  strings.Builder // all of stdout once done has delivered
	err  e2e.Buffer
	read chan struct{} // closed when stdout has been read to the end
}

func startAuth(ctx context.Context, s authSetup, args ...string) *authRun {
	r := &authRun{urls: make(chan string, 1), done: make(chan error, 1), read: make(chan struct{})}
	pr, pw := io.Pipe()
	go func() {
		defer close(r.read)
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			r.out.WriteString(line + "\n")
			if !sent && strings.HasPrefix(line, "http") {
				r.urls <- line
				sent = true
			}
		}
		io.Copy(io.Discard, pr)
	}()
	go func() {
		err := run(ctx, append([]string{"--config", s.config, "auth"}, args...), strings.NewReader(""), pw, &r.err, s.getenv)
		pw.Close()
		r.done <- err
	}()
	return r
}

// url waits for the printed address, failing if the command ends first.
func (r *authRun) url(t *testing.T) string {
	t.Helper()
	select {
	case u := <-r.urls:
		return u
	case err := <-r.done:
		r.done <- err
		t.Fatalf("debrief auth ended before printing an address: %v\nstderr:\n%s", err, r.err.String())
	case <-time.After(10 * time.Second):
		t.Fatal("no address printed within 10s")
	}
	return ""
}

// wait returns the whole of stdout and run's error.
func (r *authRun) wait(t *testing.T) (string, error) {
	t.Helper()
	select {
	case err := <-r.done:
		<-r.read
		return r.out.String(), err
	case <-time.After(10 * time.Second):
		t.Fatal("debrief auth did not end within 10s")
	}
	return "", nil
}

// authBrowse is the person's browser: it opens the address, follows
// Google's redirect to the loopback address and returns the final status.
func authBrowse(t *testing.T, u string) int {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// authRedirect is the redirect_uri of the printed address.
func authRedirect(t *testing.T, u string) *url.URL {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(p.Query().Get("redirect_uri"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func authMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestAuthSuccess(t *testing.T) {
	g, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	r := startAuth(t.Context(), s)
	u := r.url(t)

	// The loopback listener is on 127.0.0.1 alone: its port answers there
	// and nowhere else.
	redirect := authRedirect(t, u)
	if redirect.Hostname() != "127.0.0.1" {
		t.Errorf("redirect_uri host = %q, want 127.0.0.1", redirect.Hostname())
	}
	c, err := net.DialTimeout("tcp", redirect.Host, time.Second)
	if err != nil {
		t.Fatalf("dial the loopback listener %s: %v", redirect.Host, err)
	}
	c.Close()
	for _, host := range authOtherAddresses(t) {
		addr := net.JoinHostPort(host, redirect.Port())
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("something listens on %s: the listener must bind 127.0.0.1 only", addr)
		}
	}

	if got := authBrowse(t, u); got != http.StatusOK {
		t.Errorf("browser's final page: status %d, want 200", got)
	}
	out, err := r.wait(t)
	if err != nil {
		t.Fatalf("debrief auth: %v\nstderr:\n%s", err, r.err.String())
	}
	if want := "Token saved to " + s.token; !strings.Contains(out, want) {
		t.Errorf("stdout = %q, want it to contain %q", out, want)
	}
	if got := authMode(t, s.token); got != 0o600 {
		t.Errorf("token file mode = %04o, want 0600", got)
	}
	if got := authMode(t, filepath.Dir(s.token)); got != 0o700 {
		t.Errorf("token directory mode = %04o, want 0700", got)
	}
	tok, err := calendar.ReadToken(s.token)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != "refresh-1" || tok.AccessToken != "access-1" {
		t.Errorf("saved token: access %q, refresh %q; want access-1, refresh-1", tok.AccessToken, tok.RefreshToken)
	}
	if got := len(g.codes()); got != 1 {
		t.Errorf("codes exchanged = %d, want 1", got)
	}
	// The listener is gone once the code is taken.
	if c, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after the flow ended", redirect.Host)
	}
	for _, secret := range []string{"access-1", "refresh-1", "code-1"} {
		if strings.Contains(r.err.String(), secret) || strings.Contains(out, secret) {
			t.Errorf("output shows %q", secret)
		}
	}
}

// authOtherAddresses are local addresses other than 127.0.0.1: another
// loopback address and the interfaces' own.
func authOtherAddresses(t *testing.T) []string {
	t.Helper()
	hosts := []string{"127.0.0.2", "::1"}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			hosts = append(hosts, ipn.IP.String())
		}
	}
	return hosts
}

func TestAuthWrongStateKeepsWaiting(t *testing.T) {
	g, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	r := startAuth(t.Context(), s)
	u := r.url(t)

	g.set("wrong-state")
	if got := authBrowse(t, u); got != http.StatusBadRequest {
		t.Errorf("answer with a forged state: status %d, want 400", got)
	}
	if _, err := os.Stat(s.token); err == nil {
		t.Fatal("token saved after an answer with a forged state")
	}
	select {
	case err := <-r.done:
		t.Fatalf("debrief auth ended on a forged answer: %v", err)
	default:
	}

	g.set("consent")
	if got := authBrowse(t, u); got != http.StatusOK {
		t.Errorf("the genuine answer: status %d, want 200", got)
	}
	if _, err := r.wait(t); err != nil {
		t.Fatalf("debrief auth: %v", err)
	}
	if slices.Contains(g.codes(), "forged-code") {
		t.Errorf("the forged code was exchanged")
	}
	if tok, err := calendar.ReadToken(s.token); err != nil || tok.RefreshToken != "refresh-1" {
		t.Errorf("ReadToken = %v, %v; want the refresh token of the genuine answer", tok, err)
	}
	if !strings.Contains(r.err.String(), "wrong state") {
		t.Errorf("stderr = %q, want a warning about the wrong state", r.err.String())
	}
}

func TestAuthDenied(t *testing.T) {
	g, srv := newAuthGoogle(t)
	g.set("deny")
	s := newAuthSetup(t, srv, "")
	r := startAuth(t.Context(), s)
	if got := authBrowse(t, r.url(t)); got != http.StatusOK {
		t.Errorf("denial page: status %d, want 200", got)
	}
	_, err := r.wait(t)
	if !errors.Is(err, calendar.ErrConsentDenied) || !strings.Contains(err.Error(), "denied") {
		t.Fatalf("debrief auth error = %v, want consent denied", err)
	}
	if got := exitCode(err); got != 1 {
		t.Errorf("exit code = %d, want 1", got)
	}
	if _, err := os.Stat(s.token); err == nil {
		t.Error("token file written after a denial")
	}
}

func TestAuthTimeout(t *testing.T) {
	_, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	r := startAuth(ctx, s)
	u := r.url(t) // printed, never opened
	_, err := r.wait(t)
	if err == nil || !strings.Contains(err.Error(), "sign-in abandoned") || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("debrief auth error = %v, want the sign-in abandoned at the deadline", err)
	}
	if got := exitCode(err); got != 1 {
		t.Errorf("exit code = %d, want 1", got)
	}
	if c, err := net.DialTimeout("tcp", authRedirect(t, u).Host, time.Second); err == nil {
		c.Close()
		t.Error("the loopback listener outlived the flow")
	}
}

func TestAuthRefusals(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, s authSetup)
		args    []string
		config  string
		want    []string // {creds} replaced
		code    int
	}{
		{
			name:    "credentials-readable-by-others",
			prepare: func(t *testing.T, s authSetup) { os.Chmod(s.creds, 0o644) },
			want:    []string{"{creds} can be read by other users (mode 0644)", "run `chmod 600 {creds}`"},
			code:    2,
		},
		{
			name:    "credentials-missing",
			prepare: func(t *testing.T, s authSetup) { os.Remove(s.creds) },
			want:    []string{"{creds} does not exist", "\"Desktop app\"", "save it as {creds}"},
			code:    2,
		},
		{
			name: "web-client",
			prepare: func(t *testing.T, s authSetup) {
				authWriteFile(t, s.creds, `{"web":{"client_id":"c","client_secret":"s"}}`, 0o600)
			},
			want: []string{"\"Web application\"", "\"Desktop app\""},
			code: 2,
		},
		{
			name: "extra-argument",
			args: []string{"now"},
			want: []string{"takes no arguments"},
			code: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newAuthGoogle(t)
			s := newAuthSetup(t, srv, tt.config)
			if tt.prepare != nil {
				tt.prepare(t, s)
			}
			var stdout, stderr strings.Builder
			err := run(t.Context(), append([]string{"--config", s.config, "auth"}, tt.args...), strings.NewReader(""), &stdout, &stderr, s.getenv)
			if err == nil {
				t.Fatalf("debrief auth succeeded, want an error; stdout:\n%s", stdout.String())
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "{creds}", s.creds); !strings.Contains(err.Error(), w) {
					t.Errorf("error = %q, want it to contain %q", err, w)
				}
			}
			if got := exitCode(err); got != tt.code {
				t.Errorf("exit code = %d, want %d", got, tt.code)
			}
			if strings.Contains(stdout.String(), "http") {
				t.Errorf("an address was printed although the flow should not start:\n%s", stdout.String())
			}
		})
	}
}

func TestAuthNone(t *testing.T) {
	_, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "auth = \"none\"\nendpoint = \"http://127.0.0.1:8085/calendar/v3/\"\n")
	var stdout, stderr strings.Builder
	if err := run(t.Context(), []string{"--config", s.config, "auth"}, strings.NewReader(""), &stdout, &stderr, s.getenv); err != nil {
		t.Fatalf("debrief auth: %v", err)
	}
	if want := "nothing to authorize"; !strings.Contains(stdout.String(), want) {
		t.Errorf("stdout = %q, want it to contain %q", stdout.String(), want)
	}
	if _, err := os.Stat(s.token); err == nil {
		t.Error("token file written with calendar.auth = \"none\"")
	}
}

// A token file left readable by others is replaced by a private one.
func TestAuthReplacesInsecureTokenFile(t *testing.T) {
	_, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	if err := os.MkdirAll(filepath.Dir(s.token), 0o700); err != nil {
		t.Fatal(err)
	}
	authWriteFile(t, s.token, `{"access_token":"old","refresh_token":"old"}`, 0o644)
	if _, err := calendar.ReadToken(s.token); err == nil || !strings.Contains(err.Error(), "chmod 600 "+s.token) {
		t.Fatalf("ReadToken of a 0644 file: %v, want the chmod fix", err)
	}
	r := startAuth(t.Context(), s)
	authBrowse(t, r.url(t))
	if _, err := r.wait(t); err != nil {
		t.Fatalf("debrief auth: %v", err)
	}
	if got := authMode(t, s.token); got != 0o600 {
		t.Errorf("token file mode = %04o, want 0600", got)
	}
	if tok, err := calendar.ReadToken(s.token); err != nil || tok.RefreshToken != "refresh-1" {
		t.Errorf("ReadToken = %v, %v; want the new token", tok, err)
	}
}

// On a desktop session the address goes to xdg-open as one argument, with
// no shell in between. The fake xdg-open writes its arguments to a FIFO.
func TestAuthOpensBrowser(t *testing.T) {
	_, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	bin := t.TempDir()
	fifo := filepath.Join(bin, "opened")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	authWriteFile(t, filepath.Join(bin, "xdg-open"), "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$1\" > "+fifo+"\n", 0o700)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	getenv := s.getenv
	s.getenv = func(k string) string {
		if k == "WAYLAND_DISPLAY" {
			return "wayland-0"
		}
		return getenv(k)
	}
	opened := make(chan string, 1)
	go func() { // ends when the fake xdg-open writes, or at the cleanup below
		b, err := os.ReadFile(fifo)
		if err != nil {
			t.Errorf("read %s: %v", fifo, err)
		}
		opened <- string(b)
	}()
	t.Cleanup(func() { // unblocks the reader if xdg-open never ran
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})

	r := startAuth(t.Context(), s)
	u := r.url(t)
	select {
	case got := <-opened:
		if want := "1\n" + u + "\n"; got != want {
			t.Errorf("xdg-open got argc and argv %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("xdg-open was not run")
	}
	authBrowse(t, u)
	if _, err := r.wait(t); err != nil {
		t.Fatalf("debrief auth: %v", err)
	}
}

// TestAuthSource: --source signs in one Google source's account and saves
// its token in that source's token_file, leaving the [calendar] token
// alone; a source that is not Google, or not there, is a usage error.
func TestAuthSource(t *testing.T) {
	_, srv := newAuthGoogle(t)
	s := newAuthSetup(t, srv, "")
	work := filepath.Join(filepath.Dir(s.config), "token-work.json")
	c, err := os.ReadFile(s.config)
	if err != nil {
		t.Fatal(err)
	}
	c = append(c, fmt.Sprintf("\n[[sources]]\nname = \"work\"\nkind = \"google\"\ntoken_file = %q\n\n[[sources]]\nname = \"personal\"\nkind = \"ics\"\nurl = \"/tmp/cal.ics\"\n", work)...)
	authWriteFile(t, s.config, string(c), 0o600)

	r := startAuth(t.Context(), s, "--source", "work")
	if got := authBrowse(t, r.url(t)); got != http.StatusOK {
		t.Errorf("browser's final page: status %d, want 200", got)
	}
	out, err := r.wait(t)
	if err != nil {
		t.Fatalf("debrief auth --source work: %v\nstderr:\n%s", err, r.err.String())
	}
	if want := "Token saved to " + work; !strings.Contains(out, want) {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if _, err := calendar.ReadToken(work); err != nil {
		t.Errorf("work's token: %v", err)
	}
	if _, err := os.Stat(s.token); err == nil {
		t.Errorf("the [calendar] token %s was written too", s.token)
	}
	for _, tt := range []struct{ source, want string }{
		{"personal", "source personal is an ICS address, which needs no sign-in"},
		{"nope", `no [[sources]] entry is named "nope": the Google sources are work`},
	} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"--config", s.config, "auth", "--source", tt.source}, strings.NewReader(""), &stdout, &stderr, s.getenv)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
			t.Errorf("auth --source %s = %v (exit %d), want exit 2 saying %q", tt.source, err, exitCode(err), tt.want)
		}
	}
}
