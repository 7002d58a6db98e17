package notify

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// errStuck is returned while an earlier delivery is still stuck past its
// deadline.
var errStuck = errors.New("an earlier notification is still stuck in the notification system; this one was not sent")

// bounded runs deliveries that take no context (beeep.Notify on macOS and
// Windows) under a deadline: run returns when ctx ends even if deliver never
// does. The goroutine of a stuck delivery lives on until deliver returns, so
// at most one delivery is in flight: while one is stuck, later ones fail at
// once instead of piling up goroutines.
type bounded struct {
	busy atomic.Bool
}

// run calls deliver in a goroutine and waits for it or for ctx, whichever is
// first. A delivery abandoned at the deadline keeps the slot until it returns.
func (b *bounded) run(ctx context.Context, deliver func() error) error {
	if !b.busy.CompareAndSwap(false, true) {
		return errStuck
	}
	done := make(chan error, 1)
	go func() {
		defer b.busy.Store(false)
		done <- deliver()
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no answer in time: %w", ctx.Err())
	}
}
