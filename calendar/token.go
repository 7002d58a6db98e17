package calendar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/oauth2"

	"github.com/debrief-dev/debrief/internal/atomicfile"
)

// oauthTestingHint explains the usual cause of a refresh token that stops
// working after a week.
const oauthTestingHint = "if this happens every 7 days, your Google Cloud project's OAuth app is in the \"Testing\" publishing status, " +
	"whose refresh tokens expire 7 days after consent: set it to \"In production\" " +
	"(Google Cloud Console → Google Auth Platform → Audience → Publish app) and run `debrief auth` once more; see https://github.com/debrief-dev/debrief/blob/main/docs/google.md"

// ReadToken reads the token file that Authorize wrote. A missing file is an
// error wrapping ErrNotSignedIn (and so ErrUnauthorized); a file group or others can read is
// refused with the chmod command that fixes it.
func ReadToken(path string) (*oauth2.Token, error) {
	b, err := oauthReadPrivate(path, "token file")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no token at %s: run `debrief auth`: %w", path, ErrNotSignedIn)
	}
	if err != nil {
		return nil, err
	}
	var tok oauth2.Token
	if err := oauthDecodeJSON(b, &tok); err != nil {
		return nil, fmt.Errorf("token file %s: %w: run `debrief auth` to write a new one", path, err)
	}
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("token file %s holds no refresh token: run `debrief auth`: %w", path, ErrUnauthorized)
	}
	return &tok, nil
}

// SaveToken writes tok to path atomically: a temporary file in the same
// directory, fsync, rename, fsync of the directory, so a crash leaves
// either the old token or the new one. The file has mode 0600; a missing
// directory is created with mode 0700 (an existing one is left as it is).
func SaveToken(path string, tok *oauth2.Token) error {
	b, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return fmt.Errorf("encode token: %w", err)
	}
	b = append(b, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the token's directory: %w", err)
	}
	if err := atomicfile.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	return nil
}

// HTTPClient returns the client calendar.New needs: every request carries
// the access token from tokenFile, refreshed through the token endpoint of
// creds when it expires; each new token is written back to tokenFile.
// base supplies the transport and the timeout, for the API calls and for
// the refreshes, and must not be nil. ctx bounds the refreshes for the
// lifetime of the returned client: pass the daemon's context.
//
// The error is about the token file (see ReadToken). A refresh that Google
// refuses with invalid_grant makes the requests fail with an error wrapping
// ErrUnauthorized that says to run `debrief auth`.
func HTTPClient(ctx context.Context, lg *slog.Logger, creds *Credentials, tokenFile string, base *http.Client) (*http.Client, error) {
	if base == nil {
		return nil, errors.New("calendar.HTTPClient: base client is nil")
	}
	tok, err := ReadToken(tokenFile)
	if err != nil {
		return nil, err
	}
	ts := newTokenSaver(context.WithValue(ctx, oauth2.HTTPClient, base), lg, creds, tokenFile, tok)
	return &http.Client{
		Transport: &oauth2.Transport{
			Source: oauth2.ReuseTokenSource(tok, ts),
			Base:   oauthTransport(base),
		},
		CheckRedirect: base.CheckRedirect,
		Jar:           base.Jar,
		Timeout:       base.Timeout,
	}, nil
}

// oauthTransport is the round tripper of base. oauth2.Transport would fall
// back to http.DefaultTransport by itself; debrief says so explicitly.
func oauthTransport(base *http.Client) http.RoundTripper {
	if base.Transport != nil {
		return base.Transport
	}
	return http.DefaultTransport
}

// tokenSaver is the token source under oauth2.ReuseTokenSource: it is
// asked for a token only when the cached one has expired, refreshes it,
// and writes the new token to the file (x/oauth2 has no refresh callback).
// After invalid_grant it rereads the file, so a daemon picks up the token
// a `debrief auth` run in another terminal wrote, without a restart.
type tokenSaver struct {
	ctx   context.Context // carries the *http.Client for the token endpoint
	lg    *slog.Logger
	conf  *oauth2.Config
	creds string // the credentials file, for messages
	path  string
	mu    sync.Mutex    // guards last and serialises refreshes and saves
	last  *oauth2.Token // the token last read from or written to the file
	fails bool          // the last refresh was refused; logged once
}

func newTokenSaver(ctx context.Context, lg *slog.Logger, creds *Credentials, path string, tok *oauth2.Token) *tokenSaver {
	return &tokenSaver{ctx: ctx, lg: lg, conf: creds.config(""), creds: creds.Path, path: path, last: tok}
}

// Token refreshes the token. Its errors wrap ErrUnauthorized when Google
// refuses the refresh token or the client.
func (s *tokenSaver) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, err := s.refresh(s.last)
	if tokenRefused(err) {
		// Someone may have run `debrief auth` since the file was read.
		if onDisk, rerr := ReadToken(s.path); rerr == nil && onDisk.RefreshToken != s.last.RefreshToken {
			s.lg.Info("token file changed, using the new token", "file", s.path)
			s.last = onDisk
			if onDisk.Valid() {
				s.fails = false
				return onDisk, nil
			}
			tok, err = s.refresh(onDisk)
		}
	}
	if err != nil {
		return nil, s.refreshError(err)
	}
	s.fails = false
	if tok.AccessToken != s.last.AccessToken || tok.RefreshToken != s.last.RefreshToken {
		if err := SaveToken(s.path, tok); err != nil {
			// The new token still works for this process; the next start
			// refreshes again from the old refresh token, which Google keeps.
			s.lg.Warn("refreshed token not saved", "file", s.path, "err", err)
		} else {
			s.lg.Debug("refreshed token saved", "file", s.path, "expiry", tok.Expiry)
		}
		s.last = tok
	}
	return tok, nil
}

// refresh asks the token endpoint for a new access token; the refresh token
// is kept when Google does not send a new one.
func (s *tokenSaver) refresh(old *oauth2.Token) (*oauth2.Token, error) {
	return s.conf.TokenSource(s.ctx, &oauth2.Token{RefreshToken: old.RefreshToken}).Token()
}

// tokenRefused reports whether the token endpoint refused the grant or the
// client, as opposed to being unreachable.
func tokenRefused(err error) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return false
	}
	switch re.ErrorCode {
	case "invalid_grant", "invalid_client", "unauthorized_client":
		return true
	}
	return false
}

// refreshError turns a failed refresh into the error a person can act on.
// It keeps the *oauth2.RetrieveError in the chain for the client's error
// classification.
func (s *tokenSaver) refreshError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return fmt.Errorf("refresh the access token: %w", err)
	}
	if !s.fails {
		s.lg.Warn("token refresh refused", "code", re.ErrorCode)
		s.fails = true
	}
	switch re.ErrorCode {
	case "invalid_grant":
		return fmt.Errorf("token expired or revoked: run `debrief auth` (%s): %w (%w)", oauthTestingHint, ErrUnauthorized, err)
	case "invalid_client", "unauthorized_client":
		return fmt.Errorf("the OAuth client in %s was refused (%s), perhaps deleted in Google Cloud Console: download a \"Desktop app\" client's JSON again, then run `debrief auth`: %w (%w)", s.creds, re.ErrorCode, ErrUnauthorized, err)
	}
	return fmt.Errorf("refresh the access token: %w", err)
}
