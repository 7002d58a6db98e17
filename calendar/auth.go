package calendar

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
)

// AuthClient returns the HTTP client New needs for a Google account: every
// request carries the access token of tokenFile, refreshed through the
// OAuth client of credentialsFile (see HTTPClient). base supplies the
// transport and the timeout and must not be nil; ctx bounds token
// refreshes for the client's lifetime.
//
// The credentials and the token are read at the first request, and again
// at each request until they can be: a daemon started before `debrief
// auth` (or with a broken token file) keeps running from its cache, and
// once `debrief auth` has written a token the next request uses it without
// a restart. Until then every request fails without reaching the network,
// with an error wrapping ErrNotSignedIn when a file does not exist yet, and
// ErrUnauthorized otherwise; each distinct failure is logged once.
func AuthClient(ctx context.Context, lg *slog.Logger, credentialsFile, tokenFile string, base *http.Client) *http.Client {
	return &http.Client{
		Transport: &lazyAuth{ctx: ctx, lg: lg, creds: credentialsFile, token: tokenFile, base: base},
		Timeout:   base.Timeout,
	}
}

// lazyAuth is the OAuth transport that builds itself on first use.
type lazyAuth struct {
	ctx          context.Context
	lg           *slog.Logger
	creds, token string
	base         *http.Client

	mu     sync.Mutex
	rt     http.RoundTripper // nil until credentials and token were read
	logged string            // the last failure logged, to log each once
}

// RoundTrip sends req with the token, or fails with the reason there is none.
func (l *lazyAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	rt, err := l.transport()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return rt.RoundTrip(req)
}

func (l *lazyAuth) transport() (http.RoundTripper, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rt != nil {
		return l.rt, nil
	}
	hc, err := l.read()
	if err != nil {
		if msg := err.Error(); msg != l.logged {
			l.lg.Error("no calendar access", "err", err)
			l.logged = msg
		}
		return nil, err
	}
	if l.logged != "" {
		l.lg.Info("calendar credentials and token read", "token", l.token)
	}
	l.rt = hc.Transport
	return l.rt, nil
}

// read reads the credentials and the token; its error always wraps
// ErrUnauthorized, and ErrNotSignedIn when either file is missing.
func (l *lazyAuth) read() (*http.Client, error) {
	creds, err := ReadCredentials(l.creds)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %w", err, ErrNotSignedIn)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrUnauthorized)
	}
	hc, err := HTTPClient(l.ctx, l.lg, creds, l.token, l.base)
	if err != nil && !errors.Is(err, ErrUnauthorized) {
		return nil, fmt.Errorf("%w: %w", err, ErrUnauthorized)
	}
	return hc, err
}
