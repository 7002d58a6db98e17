package calendartest

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/googleapi"
)

func TestFaultStatuses(t *testing.T) {
	tests := []struct {
		name        string
		fault       Fault
		wantCode    int
		wantReason  string
		wantMessage string
		wantRetry   string
	}{
		{"403-rate-limit", Fault{Status: 403, Reason: "rateLimitExceeded", RetryAfter: 3 * time.Second}, 403, "rateLimitExceeded", "Rate Limit Exceeded", "3"},
		{"403-user-rate-limit", Fault{Status: 403, Reason: "userRateLimitExceeded"}, 403, "userRateLimitExceeded", "User Rate Limit Exceeded", ""},
		{"403-quota", Fault{Status: 403, Reason: "quotaExceeded"}, 403, "quotaExceeded", "Calendar usage limits exceeded.", ""},
		{"403-forbidden", Fault{Status: 403, Reason: "forbidden", Message: "Forbidden"}, 403, "forbidden", "Forbidden", ""},
		{"401-default-reason", Fault{Status: 401}, 401, "authError", "Invalid Credentials", ""},
		{"429", Fault{Status: 429, Reason: "rateLimitExceeded", RetryAfter: 1500 * time.Millisecond}, 429, "rateLimitExceeded", "Rate Limit Exceeded", "2"},
		{"500", Fault{Status: 500, Reason: "backendError"}, 500, "backendError", "Backend Error", ""},
		{"503-default-reason", Fault{Status: 503}, 503, "backendError", "Backend Error", ""},
		{"410-fullSyncRequired", Fault{Status: 410, Reason: "fullSyncRequired"}, 410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t)
			svc := mustService(t, s)
			s.Inject(tt.fault)
			_, err := svc.Events.List("primary").Do()
			ge := wantAPIErr(t, err, tt.wantCode, tt.wantReason)
			if ge.Message != tt.wantMessage {
				t.Errorf("message = %q, want %q", ge.Message, tt.wantMessage)
			}
			if got := ge.Header.Get("Retry-After"); got != tt.wantRetry {
				t.Errorf("Retry-After = %q, want %q", got, tt.wantRetry)
			}
			_, body := rawGet(t, s, "/calendar/v3/calendars/primary/events")
			wantDomain := "global"
			if tt.wantCode == 403 && tt.wantReason != "forbidden" || tt.wantCode == 429 {
				wantDomain = "usageLimits"
			}
			errs := body["error"].(map[string]any)["errors"].([]any)
			if got := errs[0].(map[string]any)["domain"]; got != wantDomain {
				t.Errorf("domain = %v, want %s", got, wantDomain)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	e := s.Put("primary", ev("", "a", base))
	s.Inject(Fault{Method: "POST", PathContains: "/freeBusy", Status: 500, Times: 2})
	s.Inject(Fault{Method: "PATCH", PathContains: "/events/" + e.Id, Status: 503})
	fb := &gcal.FreeBusyRequest{TimeMin: "2025-03-21T00:00:00Z", TimeMax: "2025-03-22T00:00:00Z", Items: []*gcal.FreeBusyRequestItem{{Id: "primary"}}}

	if _, err := svc.Events.List("primary").Do(); err != nil {
		t.Errorf("list hit a fault meant for others: %v", err)
	}
	if _, err := svc.Events.Get("primary", e.Id).Do(); err != nil {
		t.Errorf("get hit the PATCH fault: %v", err)
	}
	for range 2 {
		_, err := svc.Freebusy.Query(fb).Do()
		wantAPIErr(t, err, 500, "backendError")
	}
	if _, err := svc.Freebusy.Query(fb).Do(); err != nil {
		t.Errorf("third freeBusy after Times=2: %v", err)
	}
	_, err := svc.Events.Patch("primary", e.Id, &gcal.Event{Summary: "b"}).Do()
	wantAPIErr(t, err, 503, "backendError")
	_, err = svc.Events.Patch("primary", e.Id, &gcal.Event{Summary: "b"}).Do()
	wantAPIErr(t, err, 503, "backendError")
	s.ClearFaults()
	if _, err := svc.Events.Patch("primary", e.Id, &gcal.Event{Summary: "b"}).Do(); err != nil {
		t.Errorf("patch after ClearFaults: %v", err)
	}
}

func TestFaultProbability(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.Inject(Fault{Status: 500, Probability: 0.5})
	failed := 0
	const n = 100
	for range n {
		if _, err := svc.Events.List("primary").Do(); err != nil {
			failed++
		}
	}
	// P(all or none of 100 at 0.5) is 2^-99.
	if failed == 0 || failed == n {
		t.Errorf("%d of %d requests failed with Probability 0.5", failed, n)
	}
}

func TestFaultLatency(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.Inject(Fault{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := svc.Events.List("primary").Context(ctx).Do()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the client's deadline", err)
	}
	s.ClearFaults()
	// A latency without a status delays a request that then succeeds.
	s.Inject(Fault{Latency: time.Millisecond, Times: 1})
	if _, err := svc.Events.List("primary").Do(); err != nil {
		t.Errorf("delayed list: %v", err)
	}
	// A status after a latency.
	s.Inject(Fault{Latency: time.Millisecond, Status: 503, Times: 1})
	_, err = svc.Events.List("primary").Do()
	wantAPIErr(t, err, 503, "backendError")
}

func TestCloseEndsLatency(t *testing.T) {
	s := New()
	svc := mustService(t, s)
	s.Inject(Fault{Latency: time.Hour})
	waiting := make(chan struct{})
	s.mu.Lock()
	s.testHookLatency = func() { close(waiting) }
	s.mu.Unlock()
	errc := make(chan error, 1)
	go func() {
		_, err := svc.Events.List("primary").Do()
		errc <- err
	}()
	<-waiting
	s.Close()
	if err := <-errc; err == nil {
		t.Errorf("request during Close succeeded")
	}
}

func TestFaultDrop(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.Inject(Fault{Drop: true})
	_, err := svc.Events.List("primary").Do()
	if err == nil {
		t.Fatal("dropped request succeeded")
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		t.Errorf("err = %v, want a transport error, not an API answer", err)
	}
	reqs := s.Requests()
	if len(reqs) == 0 || reqs[len(reqs)-1].Status != 0 {
		t.Errorf("log = %+v, want a dropped request with status 0", reqs)
	}
}

func TestRequestLog(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("a@group.calendar.google.com", "")
	if _, err := svc.Events.List("a@group.calendar.google.com").SingleEvents(true).MaxResults(7).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Events.Insert("primary", blockEvent("block00003")).Do(); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Events.Get("primary", "nosuchevent").Do()
	wantAPIErr(t, err, 404, "notFound")

	type entry struct {
		Method string
		Path   string
		Status int
	}
	var got []entry
	for _, r := range s.Requests() {
		got = append(got, entry{r.Method, r.Path, r.Status})
	}
	want := []entry{
		{"GET", "/calendar/v3/calendars/a@group.calendar.google.com/events", 200},
		{"POST", "/calendar/v3/calendars/primary/events", 200},
		{"GET", "/calendar/v3/calendars/primary/events/nosuchevent", 404},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("log (-got +want):\n%s", diff)
	}
	reqs := s.Requests()
	if q := reqs[0].Query; q.Get("singleEvents") != "true" || q.Get("maxResults") != "7" {
		t.Errorf("query = %v", url.Values(q))
	}
	if !reqs[1].Time.Equal(time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("time = %v, want the server's clock", reqs[1].Time)
	}
	if body := jsonValue(t, reqs[1].Body).(map[string]any); !cmp.Equal(body["reminders"], any(map[string]any{"useDefault": false})) {
		t.Errorf("logged body reminders = %v", body["reminders"])
	}
	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("after ResetRequests: %d entries", n)
	}
}
