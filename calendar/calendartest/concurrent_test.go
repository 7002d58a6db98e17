package calendartest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	gcal "google.golang.org/api/calendar/v3"
)

// TestConcurrentClients runs writers, readers and the person at once; the
// race detector checks the fake's locking, the final count its effects.
func TestConcurrentClients(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	const writers, perWriter = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter*3)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				id := fmt.Sprintf("c%dn%03d", w, i)
				if _, err := svc.Events.Insert("primary", ev(id, "x", base.Add(time.Duration(i)*time.Hour))).Do(); err != nil {
					errs <- err
					continue
				}
				if _, err := svc.Events.Patch("primary", id, &gcal.Event{Summary: "y"}).Do(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			if err := svc.Events.List("primary").SingleEvents(true).MaxResults(7).Pages(context.Background(), func(*gcal.Events) error { return nil }); err != nil {
				errs <- err
			}
		}
	})
	wg.Go(func() {
		for i := range 10 {
			e := s.Put("primary", ev("", "person", base))
			if i%2 == 0 {
				s.Remove("primary", e.Id)
			}
			s.Requests()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent call: %v", err)
	}
	if got, want := len(s.Events("primary")), writers*perWriter+5; got != want {
		t.Errorf("events = %d, want %d", got, want)
	}
}
