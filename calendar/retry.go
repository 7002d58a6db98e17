package calendar

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// The retry policy. Backoff is exponential with full jitter: before retry n
// (n = 0 for the first retry) debrief sleeps a uniform random time in
// [0, min(backoffCap, backoffBase·2ⁿ)], unless the server sent Retry-After,
// which is honoured up to retryAfterCap.
const (
	backoffBase   = 500 * time.Millisecond
	backoffCap    = 30 * time.Second
	retryAfterCap = 2 * time.Minute
)

// call runs one API request with the retry policy: up to c.attempts
// attempts, each under its own c.timeout, retrying only what classify calls
// retryable. Every request debrief makes is safe to repeat, so transport
// errors are retried for all of them: GETs and freeBusy are reads; an insert
// carries the block's own id, so a repeat answers 409; a patch sets absolute
// values; a repeated delete answers 404/410, which DeleteBlock treats as done.
// The returned error carries the sentinel of the last attempt.
func (c *Client) call(ctx context.Context, f func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, c.timeout)
		err := f(actx)
		cancel()
		if err == nil {
			return nil
		}
		v := classify(ctx, err, c.now())
		if !v.retry || attempt+1 >= c.attempts {
			return wrapKind(v, err)
		}
		d := c.backoff(attempt, v.retryAfter)
		c.lg.Debug("calendar request will be retried", "attempt", attempt+1, "wait", d, "err", err)
		if serr := c.sleep(ctx, d); serr != nil {
			return wrapKind(v, fmt.Errorf("%w; stopped waiting to retry: %w", err, serr))
		}
	}
}

// backoff is the wait before retry number attempt (0-based).
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, retryAfterCap)
	}
	limit := backoffCap
	if attempt < 16 && backoffBase<<attempt < backoffCap {
		limit = backoffBase << attempt
	}
	return c.jitter(limit)
}

// fullJitter returns a uniform random duration in [0, limit].
func fullJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(limit) + 1))
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
