package calendar

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	gcal "google.golang.org/api/calendar/v3"

	"github.com/debrief-dev/debrief/internal/e2e"
)

// oauthBrowser is the openBrowser of the tests: it follows the address the
// way a browser would, in the background, and reports the final page.
func oauthBrowser(t *testing.T) (open func(string) error, status <-chan int) {
	ch := make(chan int, 1)
	return func(u string) error {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("browser: %v", err)
				ch <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			ch <- resp.StatusCode
		}()
		return nil
	}, ch
}

func TestAuthorizeSavesToken(t *testing.T) {
	_, srv := newTokenFakeServer(t)
	path := filepath.Join(t.TempDir(), "debrief", "token.json")
	open, status := oauthBrowser(t)
	var out e2e.Buffer
	if err := Authorize(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &out, open); err != nil {
		t.Fatalf("Authorize: %v\noutput:\n%s", err, out.String())
	}
	if got := <-status; got != http.StatusOK {
		t.Errorf("browser's last page: status %d, want 200", got)
	}
	tok := tokenMustRead(t, path)
	if tok.RefreshToken != "rt-1" || tok.AccessToken != "access-1" {
		t.Errorf("saved token: access %q, refresh %q; want access-1, rt-1", tok.AccessToken, tok.RefreshToken)
	}
	tokenMustMode(t, path, 0o600)
	tokenMustMode(t, filepath.Dir(path), 0o700)
	if !strings.Contains(out.String(), srv.URL+"/auth?") {
		t.Errorf("output does not show the address to open:\n%s", out.String())
	}
}

func TestAuthorizePartialConsent(t *testing.T) {
	tests := []struct {
		name    string
		granted []string
		wantErr string // "" : saved
		wantOut string
	}{
		{
			name:    "no-block-writes",
			granted: []string{gcal.CalendarEventsReadonlyScope, gcal.CalendarEventsFreebusyScope},
			wantOut: "you did not allow debrief to write reflection blocks",
		},
		{
			name:    "no-event-reading",
			granted: []string{gcal.CalendarEventsOwnedScope, gcal.CalendarEventsFreebusyScope},
			wantErr: "you did not allow debrief to see the events on your calendars: run `debrief auth` again and tick every box",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newTokenFakeServer(t)
			f.scope = strings.Join(tt.granted, " ")
			path := filepath.Join(t.TempDir(), "token.json")
			open, status := oauthBrowser(t)
			var out e2e.Buffer
			err := Authorize(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &out, open)
			<-status
			_, statErr := os.Stat(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Authorize error = %v, want %q", err, tt.wantErr)
				}
				if statErr == nil {
					t.Errorf("token saved although the read scope was not granted")
				}
				return
			}
			if err != nil {
				t.Fatalf("Authorize: %v", err)
			}
			if statErr != nil {
				t.Errorf("token not saved: %v", statErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output = %q, want it to contain %q", out.String(), tt.wantOut)
			}
		})
	}
}

func TestAuthorizeTimeout(t *testing.T) {
	defer func(d time.Duration) { oauthWait = d }(oauthWait)
	oauthWait = 50 * time.Millisecond
	_, srv := newTokenFakeServer(t)
	path := filepath.Join(t.TempDir(), "token.json")
	var out e2e.Buffer
	err := Authorize(t.Context(), tokenTestLogger(), tokenTestCreds(srv), path, &out, nil) // nobody opens the address
	if err == nil || !strings.Contains(err.Error(), "no answer from the browser within 50ms: run `debrief auth` again") {
		t.Errorf("Authorize error = %v, want the timeout", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("token file written after a timeout")
	}
}

func TestAuthorizeBrowserFailsStillPrintsAddress(t *testing.T) {
	defer func(d time.Duration) { oauthWait = d }(oauthWait)
	oauthWait = 50 * time.Millisecond
	_, srv := newTokenFakeServer(t)
	var out e2e.Buffer
	open := func(string) error { return errors.New("xdg-open: not found") }
	err := Authorize(t.Context(), tokenTestLogger(), tokenTestCreds(srv), filepath.Join(t.TempDir(), "token.json"), &out, open)
	if err == nil {
		t.Fatal("Authorize succeeded with nobody answering")
	}
	for _, w := range []string{srv.URL + "/auth?", "No browser could be started: copy the address above"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output = %q, want it to contain %q", out.String(), w)
		}
	}
}

// The callback handler on its own: which answers it takes.
func TestOAuthCallback(t *testing.T) {
	const state = "state-1"
	type req struct {
		path       string
		query      url.Values
		wantStatus int
	}
	tests := []struct {
		name    string
		reqs    []req
		wantErr error // of the one result; nil with wantTok
		wantTok bool
		none    bool // no result at all
	}{
		{
			name:    "code",
			reqs:    []req{{"/oauth2callback", url.Values{"state": {state}, "code": {"c"}}, 200}},
			wantTok: true,
		},
		{
			name: "wrong-state-then-right",
			reqs: []req{
				{"/oauth2callback", url.Values{"state": {"forged"}, "code": {"evil"}}, 400},
				{"/oauth2callback", url.Values{"code": {"evil"}}, 400},
				{"/oauth2callback", url.Values{"state": {state}, "code": {"c"}}, 200},
			},
			wantTok: true,
		},
		{
			name:    "denied",
			reqs:    []req{{"/oauth2callback", url.Values{"state": {state}, "error": {"access_denied"}}, 200}},
			wantErr: ErrConsentDenied,
		},
		{
			name: "denied-with-wrong-state-ignored",
			reqs: []req{{"/oauth2callback", url.Values{"state": {"forged"}, "error": {"access_denied"}}, 400}},
			none: true,
		},
		{
			name: "second-answer-refused",
			reqs: []req{
				{"/oauth2callback", url.Values{"state": {state}, "code": {"c"}}, 200},
				{"/oauth2callback", url.Values{"state": {state}, "code": {"c2"}}, 409},
			},
			wantTok: true,
		},
		{
			name: "neither-code-nor-error",
			reqs: []req{{"/oauth2callback", url.Values{"state": {state}}, 400}},
			none: true,
		},
		{
			name: "other-path",
			reqs: []req{{"/favicon.ico", url.Values{"state": {state}, "code": {"c"}}, 404}},
			none: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exchanged []string
			cb := &oauthCallback{
				lg:    tokenTestLogger(),
				state: state,
				exchange: func(code string) (*oauth2.Token, error) {
					exchanged = append(exchanged, code)
					return &oauth2.Token{AccessToken: "a", RefreshToken: "r"}, nil
				},
				done: make(chan oauthResult, 1),
			}
			for _, r := range tt.reqs {
				rec := httptest.NewRecorder()
				cb.ServeHTTP(rec, httptest.NewRequest("GET", r.path+"?"+r.query.Encode(), nil))
				if rec.Code != r.wantStatus {
					t.Errorf("GET %s?%s: status %d, want %d", r.path, r.query.Encode(), rec.Code, r.wantStatus)
				}
				if strings.Contains(rec.Body.String(), "evil") || strings.Contains(rec.Body.String(), "forged") {
					t.Errorf("page echoes the request: %s", rec.Body.String())
				}
			}
			select {
			case res := <-cb.done:
				if tt.none {
					t.Fatalf("got a result %+v, want none", res)
				}
				if !errors.Is(res.err, tt.wantErr) || (tt.wantErr != nil && res.err == nil) {
					t.Errorf("result error = %v, want %v", res.err, tt.wantErr)
				}
				if got := res.tok != nil; got != tt.wantTok {
					t.Errorf("result has a token: %v, want %v", got, tt.wantTok)
				}
			default:
				if !tt.none {
					t.Fatal("no result")
				}
			}
			for _, c := range exchanged {
				if c != "c" {
					t.Errorf("exchanged code %q, want only %q", c, "c")
				}
			}
		})
	}
}
