package calendar

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

// kindError is an API or transport failure classified into one of the
// sentinel errors. errors.Is finds the sentinel; errors.As still finds the
// *googleapi.Error or the network error underneath.
type kindError struct {
	kind error  // one of the Err* sentinels
	hint string // what the person should do, "" if nothing
	err  error  // the cause
}

func (e *kindError) Error() string {
	if e.hint == "" {
		return e.kind.Error() + ": " + e.err.Error()
	}
	return e.kind.Error() + " (" + e.hint + "): " + e.err.Error()
}

func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// Hints are what a person reading the message should do about it.
var hints = map[error]string{
	ErrUnauthorized:     "run `debrief auth`",
	ErrForbidden:        "check that the calendar id is right and shared with your account",
	ErrRateLimited:      "debrief retries on the next poll; poll less often if this persists",
	ErrUnavailable:      "debrief keeps running from its cache and retries on the next poll",
	ErrInvalid:          "this is a bug in debrief or a hostile calendar entry; please report it",
	ErrSyncTokenExpired: "debrief does a full sync",
}

// rateLimitReasons are the 403 reasons Google documents as "retry with
// backoff"; every other 403 is a permanent refusal.
var rateLimitReasons = map[string]bool{
	"rateLimitExceeded":     true,
	"userRateLimitExceeded": true,
	"quotaExceeded":         true,
}

// verdict is what classify decides about one failed attempt.
type verdict struct {
	kind       error         // sentinel; nil when the caller's own context ended
	retry      bool          // worth another attempt
	retryAfter time.Duration // the server's Retry-After, 0 if none
}

// classify maps an error of one attempt to a sentinel and says whether it is
// worth retrying. parent is the caller's context: when it has ended the error
// is the caller's doing and is neither mapped nor retried. now resolves a
// Retry-After given as an HTTP date.
func classify(parent context.Context, err error, now time.Time) verdict {
	if parent.Err() != nil {
		return verdict{}
	}
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		// The token endpoint refused the refresh token (invalid_grant: revoked,
		// or a "Testing" app's 7-day expiry) or the client: only a new
		// authorization helps. A 5xx or 429 of the token endpoint is an
		// outage or a rate limit, worth retrying.
		if rerr.Response != nil {
			switch code := rerr.Response.StatusCode; {
			case code >= 500:
				return verdict{kind: ErrUnavailable, retry: true}
			case code == http.StatusTooManyRequests:
				return verdict{kind: ErrRateLimited, retry: true}
			}
		}
		return verdict{kind: ErrUnauthorized}
	}
	if errors.Is(err, ErrUnauthorized) {
		return verdict{kind: ErrUnauthorized} // the token source said so
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		// No HTTP answer: connection refused or reset, a truncated body,
		// the per-attempt timeout.
		return verdict{kind: ErrUnavailable, retry: true}
	}
	after := retryAfter(gerr.Header, now)
	switch code := gerr.Code; {
	case code == http.StatusUnauthorized:
		return verdict{kind: ErrUnauthorized}
	case code == http.StatusForbidden:
		for _, it := range gerr.Errors {
			if rateLimitReasons[it.Reason] {
				return verdict{kind: ErrRateLimited, retry: true, retryAfter: after}
			}
		}
		return verdict{kind: ErrForbidden}
	case code == http.StatusNotFound:
		return verdict{kind: ErrNotFound}
	case code == http.StatusGone:
		if hasReason(gerr, "fullSyncRequired") {
			return verdict{kind: ErrSyncTokenExpired}
		}
		return verdict{kind: ErrNotFound}
	case code == http.StatusTooManyRequests:
		return verdict{kind: ErrRateLimited, retry: true, retryAfter: after}
	case code >= 500:
		return verdict{kind: ErrUnavailable, retry: true, retryAfter: after}
	default: // 400, 409 outside InsertBlock, other 4xx
		return verdict{kind: ErrInvalid}
	}
}

// wrapKind attaches the sentinel of v to err.
func wrapKind(v verdict, err error) error {
	if v.kind == nil || errors.Is(err, v.kind) {
		return err // the caller's context ended, or err already says what it is
	}
	return &kindError{kind: v.kind, hint: hints[v.kind], err: err}
}

func hasReason(gerr *googleapi.Error, reason string) bool {
	for _, it := range gerr.Errors {
		if it.Reason == reason {
			return true
		}
	}
	return false
}

// isStatus reports whether err carries an HTTP answer with this status.
func isStatus(err error, code int) bool {
	var gerr *googleapi.Error
	return errors.As(err, &gerr) && gerr.Code == code
}

// retryAfter reads a Retry-After header given in seconds or as an HTTP date;
// 0 when absent, unparsable or in the past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		if s > int64(24*time.Hour/time.Second) {
			s = int64(24 * time.Hour / time.Second) // no overflow; capped later anyway
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
