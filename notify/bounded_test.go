package notify

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestBoundedStuckDelivery drives bounded, the deadline around beeep.Notify on
// macOS and Windows, with a delivery that hangs like beeep does on a frozen
// server: run must return at the deadline, refuse further deliveries while
// the stuck one lives, and work again once it returns.
func TestBoundedStuckDelivery(t *testing.T) {
	var b bounded
	release := make(chan struct{})
	returned := make(chan struct{})
	hang := func() error {
		<-release
		close(returned)
		return nil
	}

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := b.run(ctx, hang)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("run(hanging delivery) = %v, want DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("run(hanging delivery) took %v, want about the 50ms deadline", elapsed)
	}

	if err := b.run(t.Context(), func() error { t.Error("second delivery ran while the first was stuck"); return nil }); !errors.Is(err, errStuck) {
		t.Errorf("run while stuck = %v, want errStuck", err)
	}

	close(release)
	<-returned
	// The slot is freed by the stuck goroutine's deferred Store just after
	// hang returns; wait for it without sleeping blindly.
	for b.busy.Load() {
		time.Sleep(time.Millisecond)
	}
	want := errors.New("delivered with an error")
	if err := b.run(t.Context(), func() error { return want }); !errors.Is(err, want) {
		t.Errorf("run after release = %v, want %v", err, want)
	}
	if err := b.run(t.Context(), func() error { return nil }); err != nil {
		t.Errorf("run after release = %v, want nil", err)
	}
}
