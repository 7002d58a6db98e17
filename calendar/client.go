package calendar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// Config is what the adapter needs of the configuration's calendar and
// state tables.
type Config struct {
	// Endpoint is the API base URL ending in "/calendar/v3/"; "" is Google.
	Endpoint string
	// Lookback bounds the full sync: timeMin = now - Lookback. 0 means 30 days.
	Lookback time.Duration
	// RequestTimeout bounds each attempt of each HTTP request. 0 means 30s.
	RequestTimeout time.Duration
	// MaxAttempts bounds the tries of one request on retryable failures
	// (429, 5xx, rate-limit 403, network). 0 means 5; 1 means no retries.
	MaxAttempts int
	// StateDir holds the per-calendar cache and sync token files, under
	// StateDir/calendar/. Required.
	StateDir string
	// ReadOnly makes the adapter write nothing, for a dry run: New
	// neither creates nor cleans StateDir, Sync starts from the cache and
	// keeps what it learns in memory only, and InsertBlock, MoveBlock and
	// DeleteBlock fail with ErrReadOnly. Busy still asks (it writes
	// nothing). A missing StateDir is an empty cache.
	ReadOnly bool
}

// Client is the Google Calendar v3 adapter. Its methods are safe for
// concurrent use; syncs of one calendar are serialised.
type Client struct {
	lg       *slog.Logger
	svc      *gcal.Service
	dir      string // StateDir/calendar
	lookback time.Duration
	timeout  time.Duration
	attempts int
	readOnly bool

	// Injectable for tests, so retries cost no real time.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(limit time.Duration) time.Duration
	now    func() time.Time // for Retry-After dates only; syncs take now

	mu     sync.Mutex
	caches map[string]*calCache
}

// maxResults is Google's page size cap for events.list.
const maxResults = 2500

// New returns a Client that talks to cfg.Endpoint through hc. hc carries the
// authorization (the OAuth client of HTTPClient, or a plain client for
// auth = "none"); the Client adds no transport of its own. Retries sit
// around each API call rather than in hc's transport, so that each attempt
// gets its own RequestTimeout covering the whole response body and the
// retry decision can use Google's decoded error reason.
//
// New creates StateDir/calendar (0700, tightened if it exists with looser
// permissions) and removes temp files a crash left there, unless
// cfg.ReadOnly. It fails if StateDir is empty, hc is nil, or the directory cannot
// be created.
func New(ctx context.Context, lg *slog.Logger, cfg Config, hc *http.Client) (*Client, error) {
	if hc == nil {
		return nil, errors.New("calendar: no HTTP client given")
	}
	if cfg.StateDir == "" {
		return nil, errors.New("calendar: no state directory given: set [state] dir")
	}
	c := &Client{
		lg:       lg,
		dir:      filepath.Join(cfg.StateDir, stateDirName),
		lookback: cfg.Lookback,
		timeout:  cfg.RequestTimeout,
		attempts: cfg.MaxAttempts,
		readOnly: cfg.ReadOnly,
		sleep:    sleepCtx,
		jitter:   fullJitter,
		now:      time.Now,
		caches:   make(map[string]*calCache),
	}
	if c.lookback <= 0 {
		c.lookback = 30 * 24 * time.Hour
	}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.attempts <= 0 {
		c.attempts = 5
	}
	if !c.readOnly {
		if err := c.prepareDir(); err != nil {
			return nil, err
		}
	}
	opts := []option.ClientOption{
		option.WithHTTPClient(hc),
		// The library would otherwise log whole requests and responses
		// (calendar contents, sync tokens in URLs) to stderr whenever
		// GOOGLE_SDK_GO_LOGGING_LEVEL is set; debrief logs for itself.
		option.WithLogger(slog.New(slog.DiscardHandler)),
	}
	if cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(cfg.Endpoint))
	}
	svc, err := gcal.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("create calendar client for endpoint %q: %w", cfg.Endpoint, err)
	}
	c.svc = svc
	return c, nil
}

// prepareDir creates the state directory, keeps it private and removes
// the temp files a crash left there.
func (c *Client) prepareDir() error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("create calendar state directory (check [state] dir): %w", err)
	}
	// The cache holds calendar contents: keep it private even if the
	// directory was made by hand or by an older version.
	if fi, err := os.Stat(c.dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		c.lg.Warn("calendar state directory was readable by others; made private", "dir", c.dir, "mode", fi.Mode().Perm().String())
		if err := os.Chmod(c.dir, 0o700); err != nil {
			return fmt.Errorf("make calendar state directory %s private: %w", c.dir, err)
		}
	}
	if err := sweepTemp(c.dir); err != nil {
		return fmt.Errorf("clean calendar state directory %s: %w", c.dir, err)
	}
	return nil
}
