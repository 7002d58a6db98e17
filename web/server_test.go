package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/debrief-dev/debrief/notebook"
)

// testServer is a listening web app on a temp notebook and state dir.
type testServer struct {
	*Server
	state string
	book  *notebook.Book
	base  string // "http://127.0.0.1:PORT/"
	stop  func() // stops serving and waits; safe to call twice
}

func mustServe(t *testing.T) *testServer { return mustServeB(t) }

func mustServeB(t testing.TB) *testServer {
	t.Helper()
	dir := t.TempDir()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := notebook.Open(lg, filepath.Join(dir, "notebook"))
	if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, book, filepath.Join(dir, "state"))
}

// serveOn serves the app on book and the state dir, until the test ends.
func serveOn(t testing.TB, book *notebook.Book, state string) *testServer {
	t.Helper()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(lg, Config{Listen: "127.0.0.1:0", StateDir: state}, Deps{Book: book})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return &testServer{Server: s, state: state, book: book, base: s.base, stop: stop}
}

// client does not follow redirects and keeps cookies only when given a jar.
func client(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestSecretFileAndAddress(t *testing.T) {
	s := mustServe(t)
	fi, err := os.Stat(filepath.Join(s.state, secretFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("web-secret mode = %04o, want 0600", got)
	}
	secret, err := ReadSecret(s.state)
	if err != nil {
		t.Fatal(err)
	}
	if secret != s.secret || len(secret) != 64 {
		t.Errorf("ReadSecret = %q, want the server's 64-hex secret %q", secret, s.secret)
	}
	r, err := ReadRunning(s.state)
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != s.base || r.PID != os.Getpid() {
		t.Errorf("web.json = %+v, want url %s pid %d", r, s.base, os.Getpid())
	}
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") {
		t.Errorf("url = %s, want loopback", r.URL)
	}
	if err := Ping(context.Background(), r.URL, secret); err != nil {
		t.Errorf("Ping: %v", err)
	}
	// Another install's app (another secret) at that address is not ours.
	if err := Ping(context.Background(), r.URL, strings.Repeat("ab", 32)); err == nil {
		t.Error("Ping with another secret = nil, want an error")
	}
	if got, want := s.URL("/reflect/0d4o53pe4q"), s.base+"reflect/0d4o53pe4q?token="+secret; got != want {
		t.Errorf("URL = %s, want %s", got, want)
	}
	if got, want := s.URL("/records?company=a+b"), s.base+"records?company=a+b&token="+secret; got != want {
		t.Errorf("URL with a query = %s, want %s", got, want)
	}

	// A second server on the same state dir keeps the secret.
	s2, err := New(slog.New(slog.NewTextHandler(io.Discard, nil)), Config{Listen: "127.0.0.1:0", StateDir: s.state}, Deps{Book: s.book})
	if err != nil {
		t.Fatal(err)
	}
	if s2.secret != secret {
		t.Error("a second start made a new secret")
	}
}

func TestSecretTooOpenIsReplaced(t *testing.T) {
	state := t.TempDir()
	path := filepath.Join(state, secretFile)
	old := strings.Repeat("ab", 32)
	if err := os.WriteFile(path, []byte(old+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := loadSecret(slog.New(slog.NewTextHandler(io.Discard, nil)), state)
	if err != nil {
		t.Fatal(err)
	}
	if got == old {
		t.Error("a secret other users could read was kept")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %04o, want 0600", fi.Mode().Perm())
	}
}

// TestRestartKeepsPort: a server started after another stopped takes the
// port web.json names, so old addresses keep working; when that port is
// taken, it takes another.
func TestRestartKeepsPort(t *testing.T) {
	dir := t.TempDir()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := notebook.Open(lg, filepath.Join(dir, "nb"))
	if err != nil {
		t.Fatal(err)
	}
	serve := func() (*Server, context.CancelFunc, chan error) {
		t.Helper()
		s, err := New(lg, Config{Listen: "localhost:0", StateDir: dir}, Deps{Book: book})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Listen(); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx) }()
		return s, cancel, done
	}
	first, stop, done := serve()
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	second, stop2, done2 := serve()
	if first.base != second.base {
		t.Errorf("after a restart the app is at %s, want %s as before", second.base, first.base)
	}
	// The port is now taken (by second): a third server takes another.
	third, stop3, done3 := serve()
	if third.base == second.base {
		t.Errorf("third server at %s, the port of the running one", third.base)
	}
	if r, err := ReadRunning(dir); err != nil || r.URL != third.base {
		t.Errorf("web.json = %+v, %v; want the last server's %s", r, err, third.base)
	}
	stop2()
	stop3()
	for _, d := range []chan error{done2, done3} {
		if err := <-d; err != nil {
			t.Error(err)
		}
	}
}

func TestListenRefusesEveryNetwork(t *testing.T) {
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := notebook.Open(lg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{":8080", "0.0.0.0:0", "[::]:0", "example.com:80", "127.0.0.1", "127.0.0.1:99999"} {
		if _, err := New(lg, Config{Listen: addr, StateDir: t.TempDir()}, Deps{Book: book}); err == nil || !strings.Contains(err.Error(), "web.listen") {
			t.Errorf("New(listen %q) err = %v, want one naming web.listen", addr, err)
		}
	}
}

// TestLayers checks the security layers over real HTTP: Host, secret,
// cookie, cross-origin POST, and the headers.
func TestLayers(t *testing.T) {
	s := mustServe(t)
	u, _ := url.Parse(s.base)
	port := u.Port()
	page := s.base + "no-such-page" // behind the secret; 404 once through

	tests := []struct {
		name       string
		method     string
		url        string
		host       string
		header     map[string]string
		cookie     string
		wantStatus int
		wantBody   string
	}{
		{name: "no-secret", url: page, wantStatus: 403, wantBody: "needs the address with its key"},
		{name: "wrong-secret", url: page + "?token=" + strings.Repeat("0", 64), wantStatus: 403, wantBody: "wrong or out of date"},
		{name: "wrong-cookie", url: page, cookie: strings.Repeat("0", 64), wantStatus: 403, wantBody: "needs the address with its key"},
		{name: "cookie", url: page, cookie: s.secret, wantStatus: 404, wantBody: "There is no page at /no-such-page"},
		{name: "localhost-host", url: page, host: "localhost:" + port, cookie: s.secret, wantStatus: 404},
		{name: "foreign-host", url: page, host: "evil.example:" + port, cookie: s.secret, wantStatus: 421, wantBody: "not the web app's"},
		{name: "rebound-host-other-port", url: page, host: "127.0.0.1:1", cookie: s.secret, wantStatus: 421},
		{name: "cross-site-post", method: "POST", url: page, cookie: s.secret,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}, wantStatus: 403, wantBody: "came from another site"},
		{name: "foreign-origin-post", method: "POST", url: page, cookie: s.secret,
			header: map[string]string{"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, wantStatus: 403, wantBody: "came from another site"},
		{name: "same-origin-post", method: "POST", url: page, cookie: s.secret,
			header: map[string]string{"Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}, wantStatus: 404},
		{name: "ping-needs-no-secret", url: s.base + "ping", wantStatus: 200, wantBody: pingAnswer},
		{name: "static-needs-no-secret", url: s.base + "static/style.css", wantStatus: 200, wantBody: "--accent"},
		{name: "static-unknown", url: s.base + "static/nope.js", wantStatus: 404},
		{name: "path-escape-id", url: s.base + "reflect/..%2f..%2fweb-secret", cookie: s.secret, wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			req, err := http.NewRequest(method, tt.url, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			if tt.host != "" {
				req.Host = tt.host
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: cookieName, Value: tt.cookie})
			}
			resp, body := do(t, client(nil), req)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d; body:\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if !strings.Contains(body, tt.wantBody) {
				t.Errorf("body does not contain %q:\n%s", tt.wantBody, body)
			}
			if strings.Contains(body, s.secret) {
				t.Error("the answer shows the secret")
			}
			if got := resp.Header.Get("Content-Security-Policy"); got != csp {
				t.Errorf("Content-Security-Policy = %q, want %q", got, csp)
			}
			if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options = %q, want DENY", got)
			}
		})
	}
}

// TestTokenSetsCookieAndRedirects: the first visit's ?token= becomes a
// cookie, and the address loses the token but keeps the rest of its query.
func TestTokenSetsCookieAndRedirects(t *testing.T) {
	s := mustServe(t)
	req, _ := http.NewRequest("GET", s.URL("/no-such-page?company=Acme"), nil)
	resp, _ := do(t, client(nil), req)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status = %d, want 303", resp.StatusCode)
	}
	if got, want := resp.Header.Get("Location"), "/no-such-page?company=Acme"; got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
	var c *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == cookieName {
			c = k
		}
	}
	if c == nil {
		t.Fatalf("no %s cookie in %q", cookieName, resp.Header.Values("Set-Cookie"))
	}
	if c.Value != s.secret || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
		t.Errorf("cookie = %+v, want the secret, HttpOnly, SameSite=Strict, Path=/", c)
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"0d4o53pe4q", true},
		{"0d4o", true},
		{"0d4", false},
		{"0D4O53PE4Q", false},
		{"0d4o53pe4w", false},
		{"../web-secret", false},
		{"0d4o53pe4q.json", false},
		{strings.Repeat("a", 33), false},
		{"", false},
	}
	for _, tt := range tests {
		if got := validID(tt.id); got != tt.want {
			t.Errorf("validID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}
