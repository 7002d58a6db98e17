package calendar

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
)

// sleeps records the waits a Client asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// mustClient returns a Client on a temp state dir whose retries do not sleep
// (the waits are recorded in the returned sleeps) and whose jitter is the
// upper bound, so waits are deterministic.
func mustClient(t testing.TB, endpoint string, hc *http.Client, cfg Config) (*Client, *sleeps) {
	t.Helper()
	if hc == nil {
		hc = &http.Client{}
	}
	cfg.Endpoint = endpoint
	if cfg.StateDir == "" {
		cfg.StateDir = t.TempDir()
	}
	c, err := New(context.Background(), discardLogger(), cfg, hc)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s := &sleeps{}
	c.sleep = s.sleep
	c.jitter = func(limit time.Duration) time.Duration { return limit }
	return c, s
}

// scripted serves events.list: the first len(fail) requests get the
// scripted answers, later ones an empty page with a sync token.
type scripted struct {
	fail []answer
	n    atomic.Int32
}

type answer struct {
	status int
	reason string
	header map[string]string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	w.Header().Set("Content-Type", "application/json")
	if i < len(s.fail) {
		a := s.fail[i]
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.status)
		io.WriteString(w, `{"error":{"code":`+strconv.Itoa(a.status)+`,"message":"scripted","errors":[{"domain":"global","reason":"`+a.reason+`","message":"scripted"}]}}`)
		return
	}
	io.WriteString(w, `{"kind":"calendar#events","timeZone":"UTC","items":[],"nextSyncToken":"tok"}`)
}

func TestRetryByStatus(t *testing.T) {
	const attempts = 3
	tests := []struct {
		name     string
		status   int
		reason   string
		want     error
		requests int
	}{
		{"429", 429, "rateLimitExceeded", ErrRateLimited, attempts},
		{"500", 500, "backendError", ErrUnavailable, attempts},
		{"502", 502, "badGateway", ErrUnavailable, attempts},
		{"503", 503, "backendError", ErrUnavailable, attempts},
		{"403-rateLimitExceeded", 403, "rateLimitExceeded", ErrRateLimited, attempts},
		{"403-userRateLimitExceeded", 403, "userRateLimitExceeded", ErrRateLimited, attempts},
		{"403-quotaExceeded", 403, "quotaExceeded", ErrRateLimited, attempts},
		{"403-forbidden", 403, "forbidden", ErrForbidden, 1},
		{"400", 400, "badRequest", ErrInvalid, 1},
		{"401", 401, "authError", ErrUnauthorized, 1},
		{"404", 404, "notFound", ErrNotFound, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustFake(t)
			s.Inject(calendartest.Fault{Status: tt.status, Reason: tt.reason})
			c, sl := mustClient(t, s.Endpoint(), nil, Config{MaxAttempts: attempts})
			_, err := c.Sync(context.Background(), "primary", t0)
			if !errors.Is(err, tt.want) {
				t.Errorf("Sync error = %v, want errors.Is %v", err, tt.want)
			}
			if got := len(s.Requests()); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if got, want := len(sl.got()), tt.requests-1; got != want {
				t.Errorf("sleeps = %d, want %d", got, want)
			}
		})
	}
}

// TestRetryWrites: the writes retry the same way; an insert retried after
// its first attempt was lost on the way back answers 409 and the existing
// block, not a duplicate.
func TestRetryWrites(t *testing.T) {
	s := mustFake(t)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{MaxAttempts: 4})
	b := testBlock(t, "UTC")
	s.Inject(calendartest.Fault{Method: http.MethodPost, Status: 503, Times: 2})
	if _, err := c.InsertBlock(context.Background(), b); err != nil {
		t.Fatalf("InsertBlock through two 503s: %v", err)
	}
	if diff := cmp.Diff(statuses(s), []string{"POST 503", "POST 503", "POST 200"}); diff != "" {
		t.Errorf("requests (-got +want):\n%s", diff)
	}
	s.ResetRequests()
	s.Inject(calendartest.Fault{Method: http.MethodDelete, Status: 429, Reason: "rateLimitExceeded", Times: 1})
	if err := c.DeleteBlock(context.Background(), "primary", b.ID); err != nil {
		t.Fatalf("DeleteBlock through a 429: %v", err)
	}
	if diff := cmp.Diff(statuses(s), []string{"DELETE 429", "DELETE 204"}); diff != "" {
		t.Errorf("requests (-got +want):\n%s", diff)
	}
}

func TestRetryRecovers(t *testing.T) {
	h := &scripted{fail: []answer{{status: 503, reason: "backendError"}, {status: 429, reason: "rateLimitExceeded"}}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, sl := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{MaxAttempts: 5})
	if _, err := c.Sync(context.Background(), "primary", time.Now()); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if got, want := int(h.n.Load()), 3; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
	// Full jitter's upper bounds (jitter returns the bound in this test):
	// base, then base·2.
	if diff := cmp.Diff(sl.got(), []time.Duration{backoffBase, 2 * backoffBase}); diff != "" {
		t.Errorf("waits (-got +want):\n%s", diff)
	}
}

func TestBackoffBounds(t *testing.T) {
	c := &Client{jitter: func(limit time.Duration) time.Duration { return limit }}
	tests := []struct {
		name       string
		attempt    int
		retryAfter time.Duration
		want       time.Duration
	}{
		{"first", 0, 0, backoffBase},
		{"third", 2, 0, 4 * backoffBase},
		{"capped", 10, 0, backoffCap},
		{"huge-attempt", 80, 0, backoffCap},
		{"retry-after", 0, 7 * time.Second, 7 * time.Second},
		{"retry-after-capped", 0, time.Hour, retryAfterCap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.backoff(tt.attempt, tt.retryAfter); got != tt.want {
				t.Errorf("backoff(%d, %v) = %v, want %v", tt.attempt, tt.retryAfter, got, tt.want)
			}
		})
	}
	for range 1000 {
		if got := fullJitter(time.Second); got < 0 || got > time.Second {
			t.Fatalf("fullJitter(1s) = %v, want in [0, 1s]", got)
		}
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	s := mustFake(t)
	s.Inject(calendartest.Fault{Status: 429, Reason: "rateLimitExceeded", RetryAfter: 7 * time.Second, Times: 1})
	s.Inject(calendartest.Fault{Status: 503, RetryAfter: 3 * time.Hour, Times: 1})
	c, sl := mustClient(t, s.Endpoint(), nil, Config{MaxAttempts: 3})
	if _, err := c.Sync(context.Background(), "primary", t0); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if diff := cmp.Diff(sl.got(), []time.Duration{7 * time.Second, retryAfterCap}); diff != "" {
		t.Errorf("waits (-got +want):\n%s", diff)
	}
}

// TestRetryAfterForms covers what the fake does not send: Retry-After as an
// HTTP date, in the past, or garbage.
func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header string
		want   time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http-date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"capped", "86400", retryAfterCap},
		{"past-date-falls-back-to-backoff", now.Add(-time.Minute).Format(http.TimeFormat), backoffBase},
		{"garbage-falls-back-to-backoff", "soon", backoffBase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &scripted{fail: []answer{{status: 429, reason: "rateLimitExceeded", header: map[string]string{"Retry-After": tt.header}}}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, sl := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{MaxAttempts: 3})
			c.now = func() time.Time { return now }
			if _, err := c.Sync(context.Background(), "primary", now); err != nil {
				t.Fatalf("Sync: %v", err)
			}
			if diff := cmp.Diff(sl.got(), []time.Duration{tt.want}); diff != "" {
				t.Errorf("waits (-got +want):\n%s", diff)
			}
		})
	}
}

func TestRetryTransportErrors(t *testing.T) {
	var n atomic.Int32
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select { // slower than the per-attempt timeout
		case <-r.Context().Done():
		case <-hang:
		}
	}))
	defer srv.Close()
	defer close(hang)
	c, _ := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{MaxAttempts: 3, RequestTimeout: 20 * time.Millisecond})
	_, err := c.Sync(context.Background(), "primary", time.Now())
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("Sync error = %v, want ErrUnavailable", err)
	}
	if got, want := int(n.Load()), 3; got != want {
		t.Errorf("requests = %d, want %d (each attempt timed out on its own)", got, want)
	}

	// Nothing listening at all.
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	c, sl := mustClient(t, url+"/calendar/v3/", nil, Config{MaxAttempts: 4})
	if _, err := c.Sync(context.Background(), "primary", time.Now()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Sync to a closed port: error = %v, want ErrUnavailable", err)
	}
	if got, want := len(sl.got()), 3; got != want {
		t.Errorf("sleeps = %d, want %d", got, want)
	}
}

func TestCancelledContextNotRetried(t *testing.T) {
	h := &scripted{fail: []answer{{status: 503}, {status: 503}}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, _ := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{MaxAttempts: 5})
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Sync(ctx, "primary", time.Now())
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrUnavailable) {
		t.Errorf("Sync error = %v, want context.Canceled and ErrUnavailable", err)
	}
	if got, want := int(h.n.Load()), 1; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

// TestExpiredGrant goes through the real oauth2 transport: a refresh that the
// token endpoint answers with invalid_grant is ErrUnauthorized, not retried,
// and the message says what to do.
func TestExpiredGrant(t *testing.T) {
	var tokenHits, apiHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		tokenHits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
	})
	mux.HandleFunc("/calendar/v3/", func(w http.ResponseWriter, r *http.Request) { apiHits.Add(1) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	conf := &oauth2.Config{ClientID: "id", ClientSecret: "secret", Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
	expired := &oauth2.Token{AccessToken: "old", RefreshToken: "refresh", Expiry: time.Now().Add(-time.Hour)}
	hc := conf.Client(context.Background(), expired)
	c, _ := mustClient(t, srv.URL+"/calendar/v3/", hc, Config{MaxAttempts: 5})
	_, err := c.Sync(context.Background(), "primary", time.Now())
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Sync error = %v, want ErrUnauthorized", err)
	}
	var rerr *oauth2.RetrieveError
	if !errors.As(err, &rerr) || rerr.ErrorCode != "invalid_grant" {
		t.Errorf("Sync error = %v, want the *oauth2.RetrieveError underneath", err)
	}
	if got, want := tokenHits.Load(), int32(1); got != want {
		t.Errorf("token requests = %d, want %d", got, want)
	}
	if got := apiHits.Load(); got != 0 {
		t.Errorf("API requests = %d, want 0", got)
	}
	if msg := err.Error(); !containsAll(msg, `"primary"`, "debrief auth") {
		t.Errorf("Sync error %q should name the calendar and say to run `debrief auth`", msg)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestTokenStoreErrors goes through HTTPClient, the token store debrief
// really uses: a refused refresh is ErrUnauthorized at once, an outage of the
// token endpoint is retried and ends as ErrUnavailable.
func TestTokenStoreErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		sleeps int
	}{
		{"invalid-grant", 400, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, ErrUnauthorized, 0},
		{"token-endpoint-down", 503, `{"error":"temporarily_unavailable"}`, ErrUnavailable, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var apiHits atomic.Int32
			mux := http.NewServeMux()
			mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			mux.HandleFunc("/calendar/v3/", func(w http.ResponseWriter, r *http.Request) { apiHits.Add(1) })
			srv := httptest.NewServer(mux)
			defer srv.Close()
			tokenFile := filepath.Join(t.TempDir(), "token.json")
			if err := SaveToken(tokenFile, &oauth2.Token{AccessToken: "old", RefreshToken: "refresh", Expiry: time.Now().Add(-time.Hour)}); err != nil {
				t.Fatal(err)
			}
			creds := &Credentials{Path: "credentials.json", ClientID: "id", ClientSecret: "secret", AuthURL: srv.URL + "/auth", TokenURL: srv.URL + "/token"}
			hc, err := HTTPClient(context.Background(), discardLogger(), creds, tokenFile, &http.Client{})
			if err != nil {
				t.Fatal(err)
			}
			c, sl := mustClient(t, srv.URL+"/calendar/v3/", hc, Config{MaxAttempts: 3})
			_, err = c.Sync(context.Background(), "primary", t0)
			if !errors.Is(err, tt.want) {
				t.Errorf("Sync error = %v, want %v", err, tt.want)
			}
			if got := len(sl.got()); got != tt.sleeps {
				t.Errorf("retries = %d, want %d", got, tt.sleeps)
			}
			if got := apiHits.Load(); got != 0 {
				t.Errorf("API requests = %d, want 0", got)
			}
		})
	}
}

// TestCallerDeadlineNotRetried: when the caller's own deadline passes during
// a request, Sync stops at once with context.DeadlineExceeded, while a slow
// attempt under a live caller context is retried (TestRetryTransportErrors).
func TestCallerDeadlineNotRetried(t *testing.T) {
	s := mustFake(t)
	s.Inject(calendartest.Fault{Latency: time.Minute})
	c, sl := mustClient(t, s.Endpoint(), nil, Config{MaxAttempts: 5, RequestTimeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Sync(ctx, "primary", t0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Sync error = %v, want context.DeadlineExceeded", err)
	}
	if n := len(sl.got()); n != 0 {
		t.Errorf("retries = %d, want 0", n)
	}
}
