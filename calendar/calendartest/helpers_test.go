package calendartest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // zones of the fixtures, wherever the tests run

	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	gcal "google.golang.org/api/calendar/v3"
)

// mustServer starts a fake with a fixed clock, closed at the end of the test.
func mustServer(t *testing.T) *Server {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	s.SetClock(func() time.Time { return time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC) })
	return s
}

// mustService is the real Google client pointed at s.
func mustService(t *testing.T, s *Server) *gcal.Service {
	t.Helper()
	svc, err := gcal.NewService(context.Background(), option.WithEndpoint(s.Endpoint()), option.WithoutAuthentication())
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return svc
}

// apiErr returns err as a *googleapi.Error or fails.
func apiErr(t *testing.T, err error) *googleapi.Error {
	t.Helper()
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		t.Fatalf("err = %v (%T), want *googleapi.Error", err, err)
	}
	return ge
}

// wantAPIErr checks an error's code and first reason.
func wantAPIErr(t *testing.T, err error, code int, reason string) *googleapi.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %d %s", code, reason)
	}
	ge := apiErr(t, err)
	if ge.Code != code || len(ge.Errors) == 0 || ge.Errors[0].Reason != reason {
		t.Fatalf("err = %d %+v, want %d %s", ge.Code, ge.Errors, code, reason)
	}
	return ge
}

func timed(start time.Time, d time.Duration, zone string) (*gcal.EventDateTime, *gcal.EventDateTime) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	return &gcal.EventDateTime{DateTime: start.In(loc).Format(time.RFC3339), TimeZone: zone},
		&gcal.EventDateTime{DateTime: start.Add(d).In(loc).Format(time.RFC3339), TimeZone: zone}
}

// ev is a one-hour event starting at start.
func ev(id, summary string, start time.Time) *gcal.Event {
	st, en := timed(start, time.Hour, "UTC")
	return &gcal.Event{Id: id, Summary: summary, Start: st, End: en}
}

// syncAll lists every page and returns the items and the sync token.
func syncAll(t *testing.T, call *gcal.EventsListCall) ([]*gcal.Event, string) {
	t.Helper()
	var items []*gcal.Event
	var token string
	err := call.Pages(context.Background(), func(p *gcal.Events) error {
		if (p.NextPageToken == "") == (p.NextSyncToken == "") {
			t.Errorf("page has nextPageToken %q and nextSyncToken %q, want exactly one", p.NextPageToken, p.NextSyncToken)
		}
		items = append(items, p.Items...)
		token = p.NextSyncToken
		return nil
	})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return items, token
}

func ids(evs []*gcal.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.Id)
	}
	return out
}

// fixtures holds the copies of the real Calendar API payloads the tests
// read, with their SOURCE.md; TestFixturesMatchShared keeps them in step
// with the originals.
const fixtures = "testdata/gcal"

func mustFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// fixtureItems decodes a fixture holding an events page, an array of
// events or one event.
func fixtureItems(t *testing.T, name string) []*gcal.Event {
	t.Helper()
	b := mustFixture(t, name)
	var page gcal.Events
	if err := json.Unmarshal(b, &page); err == nil && page.Kind == "calendar#events" {
		return page.Items
	}
	var items []*gcal.Event
	if err := json.Unmarshal(b, &items); err == nil {
		return items
	}
	var one gcal.Event
	if err := json.Unmarshal(b, &one); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return []*gcal.Event{&one}
}

func mustLoad(t *testing.T, s *Server, calID string, b []byte) {
	t.Helper()
	if err := s.LoadEvents(calID, bytes.NewReader(b)); err != nil {
		t.Fatalf("LoadEvents: %v", err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rawGet does a GET on the fake without the client and returns the status
// and the decoded JSON body.
func rawGet(t *testing.T, s *Server, path string) (int, map[string]any) {
	t.Helper()
	return rawDo(t, s, http.MethodGet, path, nil)
}

func rawDo(t *testing.T, s *Server, method, path string, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if b, _ := io.ReadAll(resp.Body); len(b) > 0 {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, m
}

// jsonValue decodes b into generic JSON values for comparisons.
func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
