package calendar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

// t0 is "now" in the sync tests; the fake's clock agrees.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func mustFake(t testing.TB) *calendartest.Server {
	t.Helper()
	s := calendartest.New()
	t.Cleanup(s.Close)
	s.SetClock(func() time.Time { return t0 })
	return s
}

// loadN adds n one-hour events to calendarID, one every 30 minutes from
// start, with ids ev00000…, through the fake's loader (Put per event would
// be slow for 20,000).
func loadN(t testing.TB, s *calendartest.Server, calendarID string, n int, start time.Time) {
	t.Helper()
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		st := start.Add(time.Duration(i) * 30 * time.Minute)
		fmt.Fprintf(&b, `{"kind":"calendar#event","id":"ev%05d","status":"confirmed","summary":"Event %d","start":{"dateTime":%q},"end":{"dateTime":%q}}`,
			i, i, st.Format(time.RFC3339), st.Add(time.Hour).Format(time.RFC3339))
	}
	b.WriteByte(']')
	if err := s.LoadEvents(calendarID, &b); err != nil {
		t.Fatalf("LoadEvents: %v", err)
	}
}

// seriesLookback is the Lookback of tests that use loadSeries: its series
// start 59 days back and stay inside the fake's expansion horizon.
const seriesLookback = 60 * 24 * time.Hour

// loadSeries adds n events to calendarID as daily series of up to 400
// instances (the fake writes a series in one step; single events one by one
// cost it O(n) each).
func loadSeries(t testing.TB, s *calendartest.Server, calendarID string, n int) {
	t.Helper()
	for k := 0; n > 0; k++ {
		count := min(n, 400)
		n -= count
		st := t0.Add(-59*24*time.Hour + time.Duration(k)*10*time.Minute)
		s.Put(calendarID, &gcal.Event{
			Id:         fmt.Sprintf("series%04d", k),
			Summary:    fmt.Sprintf("Series %d", k),
			Start:      &gcal.EventDateTime{DateTime: st.Format(time.RFC3339), TimeZone: "Europe/Berlin"},
			End:        &gcal.EventDateTime{DateTime: st.Add(45 * time.Minute).Format(time.RFC3339), TimeZone: "Europe/Berlin"},
			Recurrence: []string{fmt.Sprintf("RRULE:FREQ=DAILY;COUNT=%d", count)},
		})
	}
}

func mustSync(t testing.TB, c *Client, calendarID string) []*Event {
	t.Helper()
	evs, err := c.Sync(context.Background(), calendarID, t0)
	if err != nil {
		t.Fatalf("Sync(%q): %v", calendarID, err)
	}
	return evs
}

func ids(evs []*Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// listRequests returns the events.list requests of the fake's log.
func listRequests(s *calendartest.Server) []calendartest.Request {
	var out []calendartest.Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/events") {
			out = append(out, r)
		}
	}
	return out
}

// checkListParams fails the test if a request carried a parameter Google
// forbids with syncToken, or one that differs from the full sync's.
func checkListParams(t *testing.T, s *calendartest.Server) {
	t.Helper()
	forbidden := []string{"iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"}
	var full map[string]string
	for _, r := range listRequests(s) {
		q := r.Query
		if q.Get("syncToken") == "" {
			if q.Get("pageToken") == "" {
				full = map[string]string{"singleEvents": q.Get("singleEvents"), "maxResults": q.Get("maxResults")}
			}
			continue
		}
		for _, p := range forbidden {
			if q.Has(p) {
				t.Errorf("request %s?%s carries %s with syncToken", r.Path, q.Encode(), p)
			}
		}
		if q.Get("showDeleted") == "false" {
			t.Errorf("request %s?%s carries showDeleted=false with syncToken", r.Path, q.Encode())
		}
		if full != nil {
			got := map[string]string{"singleEvents": q.Get("singleEvents"), "maxResults": q.Get("maxResults")}
			if diff := cmp.Diff(got, full); diff != "" {
				t.Errorf("incremental parameters differ from the full sync's (-got +want):\n%s", diff)
			}
		}
	}
}

func TestFullSyncPaging(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		requests int
	}{
		{"empty", 0, 1},
		{"one-page", 2500, 1},
		{"one-more-than-a-page", 2501, 2},
		{"20000-events-8-pages", 20000, 8}, // figure (b)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustFake(t)
			loadSeries(t, s, "primary", tt.n)
			c, _ := mustClient(t, s.Endpoint(), nil, Config{Lookback: seriesLookback})
			evs := mustSync(t, c, "primary")
			if len(evs) != tt.n {
				t.Errorf("Sync returned %d events, want %d", len(evs), tt.n)
			}
			if !slices.IsSortedFunc(evs, func(a, b *Event) int { return a.Start.Compare(b.Start) }) {
				t.Errorf("Sync events are not sorted by start")
			}
			if got := len(s.Requests()); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			for _, r := range s.Requests() {
				if got := r.Query.Get("maxResults"); got != "2500" {
					t.Errorf("maxResults = %q, want 2500", got)
				}
				if got := r.Query.Get("singleEvents"); got != "true" {
					t.Errorf("singleEvents = %q, want true", got)
				}
				if got, want := r.Query.Get("timeMin"), t0.Add(-seriesLookback).Format(time.RFC3339); got != want {
					t.Errorf("timeMin = %q, want %q", got, want)
				}
			}
		})
	}
}

func TestIncrementalSync(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 5, t0)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	mustSync(t, c, "primary")

	s.ResetRequests()
	s.Remove("primary", "ev00001")
	moved, _ := s.Event("primary", "ev00003")
	moved.Start = &gcal.EventDateTime{DateTime: t0.Add(-time.Hour).Format(time.RFC3339)}
	moved.End = &gcal.EventDateTime{DateTime: t0.Add(-30 * time.Minute).Format(time.RFC3339)}
	moved.Summary = "moved"
	s.Put("primary", moved)
	added := s.Put("primary", &gcal.Event{Summary: "new", Start: &gcal.EventDateTime{DateTime: t0.Add(48 * time.Hour).Format(time.RFC3339)}, End: &gcal.EventDateTime{DateTime: t0.Add(49 * time.Hour).Format(time.RFC3339)}})

	evs := mustSync(t, c, "primary")
	if diff := cmp.Diff(ids(evs), []string{"ev00003", "ev00000", "ev00002", "ev00004", added.Id}); diff != "" {
		t.Errorf("events after changes (-got +want):\n%s", diff)
	}
	if evs[0].Summary != "moved" {
		t.Errorf("moved event summary = %q, want %q", evs[0].Summary, "moved")
	}
	if got := len(s.Requests()); got != 1 {
		t.Errorf("incremental sync made %d requests, want 1", got)
	}
	checkListParams(t, s)
}

// TestSyncResultShared checks the contract that lets Sync share its result
// instead of copying it: what one Sync returned is never changed by later
// ones, a Sync that changed nothing returns the same slice, and its
// capacity is its length, so a caller's append copies it.
func TestSyncResultShared(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 5, t0)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	first := mustSync(t, c, "primary")
	if len(first) != cap(first) {
		t.Errorf("Sync returned len %d, cap %d: an append would write into the cache's slice", len(first), cap(first))
	}
	want := make([]Event, len(first))
	for i, e := range first {
		want[i] = *e
		if e.CalendarID != "primary" {
			t.Errorf("event %s has CalendarID %q, want %q", e.ID, e.CalendarID, "primary")
		}
	}

	same := mustSync(t, c, "primary")
	if &same[0] != &first[0] {
		t.Errorf("Sync with nothing changed returned a new slice")
	}

	s.Remove("primary", "ev00001")
	moved, _ := s.Event("primary", "ev00003")
	moved.Start = &gcal.EventDateTime{DateTime: t0.Add(-time.Hour).Format(time.RFC3339)}
	moved.End = &gcal.EventDateTime{DateTime: t0.Add(-30 * time.Minute).Format(time.RFC3339)}
	moved.Summary = "moved"
	s.Put("primary", moved)
	after := mustSync(t, c, "primary")
	if diff := cmp.Diff(ids(after), []string{"ev00003", "ev00000", "ev00002", "ev00004"}); diff != "" {
		t.Errorf("events after changes (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(first, derefs(want)); diff != "" {
		t.Errorf("the first Sync's events changed under the caller (-got +want):\n%s", diff)
	}
	if len(after) != cap(after) {
		t.Errorf("Sync returned len %d, cap %d: an append would write into the cache's slice", len(after), cap(after))
	}
}

func derefs(evs []Event) []*Event {
	out := make([]*Event, len(evs))
	for i := range evs {
		out[i] = &evs[i]
	}
	return out
}

func TestRestartContinuesIncrementally(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 10, t0)
	dir := t.TempDir()
	c1, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	before := mustSync(t, c1, "primary")
	s.Remove("primary", "ev00002")
	mustSync(t, c1, "primary") // journals the removal

	c2, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	cached, err := c2.Cached("primary")
	if err != nil {
		t.Fatalf("Cached: %v", err)
	}
	want := slices.DeleteFunc(slices.Clone(before), func(e *Event) bool { return e.ID == "ev00002" })
	if diff := cmp.Diff(cached, want); diff != "" {
		t.Errorf("Cached after restart (-got +want):\n%s", diff)
	}
	s.ResetRequests()
	s.Remove("primary", "ev00003")
	evs := mustSync(t, c2, "primary")
	if got, want := len(evs), 8; got != want {
		t.Errorf("Sync after restart returned %d events, want %d", got, want)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Query.Get("syncToken") == "" {
		t.Errorf("Sync after restart made requests %v, want one incremental request", reqs)
	}
	checkListParams(t, s)

	// A third client sees the journal of the second.
	c3, _ := mustClient(t, s.Endpoint(), nil, Config{StateDir: dir})
	if got, _ := c3.Cached("primary"); len(got) != 8 {
		t.Errorf("Cached of a third client: %d events, want 8", len(got))
	}
}

func TestSyncTokenExpired(t *testing.T) {
	s := mustFake(t)
	loadN(t, s, "primary", 3, t0)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	mustSync(t, c, "primary")

	s.Remove("primary", "ev00000")
	s.ExpireSyncTokens()
	s.ResetRequests()
	evs := mustSync(t, c, "primary")
	if diff := cmp.Diff(ids(evs), []string{"ev00001", "ev00002"}); diff != "" {
		t.Errorf("events after 410 (-got +want):\n%s", diff)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Status != http.StatusGone || reqs[1].Query.Get("syncToken") != "" || reqs[1].Status != http.StatusOK {
		t.Errorf("requests after 410 = %+v, want a 410 then one full sync", reqs)
	}
	// And the new token works.
	s.ResetRequests()
	mustSync(t, c, "primary")
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Status != http.StatusOK || reqs[0].Query.Get("syncToken") == "" {
		t.Errorf("requests after the full sync = %+v, want one incremental", reqs)
	}
	checkListParams(t, s)
}

func mustFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("calendartest", "testdata", "gcal", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// TestCancelledShapes feeds the cancelled items of the real payloads through
// the fake: the instance exception of fixture 01 (id, recurringEventId,
// originalStartTime), the bare {id, status} of fixture 02, and both shapes of
// fixture 06.
func TestCancelledShapes(t *testing.T) {
	t.Run("01-instance-exception", func(t *testing.T) {
		s := mustFake(t)
		now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })
		s.AddCalendar("c", "America/Chicago")
		page := mustFixture(t, "01_compass_incremental_delete_single_instance.json")
		var ev struct{ Items []*gcal.Event }
		mustUnmarshal(t, page, &ev)
		s.Put("c", ev.Items[0]) // the series alone
		c, _ := mustClient(t, s.Endpoint(), nil, Config{})
		first, err := c.Sync(context.Background(), "c", now)
		if err != nil {
			t.Fatal(err)
		}
		const gone = "5hni4sj3ql1669otmjg7sn1mok_20250325T130000Z"
		if !slices.Contains(ids(first), gone) {
			t.Fatalf("instance %s missing before the deletion: %v", gone, ids(first))
		}
		if err := s.LoadEvents("c", bytes.NewReader(page)); err != nil {
			t.Fatal(err)
		}
		after, err := c.Sync(context.Background(), "c", now)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ids(after), gone) || len(after) != len(first)-1 {
			t.Errorf("after the cancelled exception: %d events (had %d), %s present: %v", len(after), len(first), gone, slices.Contains(ids(after), gone))
		}
		ny := mustZone(t, "America/Chicago")
		for _, e := range after {
			if e.TimeZone != "America/Chicago" || e.Start.Location().String() != ny.String() || e.Start.In(ny).Hour() != 8 {
				t.Errorf("instance %s: start %v in %q, want 08:00 America/Chicago", e.ID, e.Start, e.TimeZone)
				break
			}
		}
	})
	t.Run("02-whole-series-bare-id", func(t *testing.T) {
		s := mustFake(t)
		c, _ := mustClient(t, s.Endpoint(), nil, Config{})
		s.Put("primary", &gcal.Event{Id: "6pbua6vjeic3e73gvponeo1qp6", Summary: "standup",
			Start:      &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00Z", TimeZone: "UTC"},
			End:        &gcal.EventDateTime{DateTime: "2026-03-02T10:15:00Z", TimeZone: "UTC"},
			Recurrence: []string{"RRULE:FREQ=DAILY;COUNT=5"}})
		loadN(t, s, "primary", 1, t0)
		if got := mustSync(t, c, "primary"); len(got) != 6 {
			t.Fatalf("before: %d events, want 5 instances and ev00000", len(got))
		}
		if err := s.LoadEvents("primary", bytes.NewReader(mustFixture(t, "02_compass_incremental_delete_whole_series.json"))); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ids(mustSync(t, c, "primary")), []string{"ev00000"}); diff != "" {
			t.Errorf("after the series was cancelled (-got +want):\n%s", diff)
		}
	})
	t.Run("06-both-shapes", func(t *testing.T) {
		s := mustFake(t)
		now := time.Date(2013, 5, 8, 12, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })
		c, _ := mustClient(t, s.Endpoint(), nil, Config{Lookback: 24 * time.Hour})
		s.Put("primary", &gcal.Event{Id: "tlf9q8uk5vjl2i2868q36dpi28", Summary: "weekly",
			Start:      &gcal.EventDateTime{DateTime: "2013-05-08T16:00:00-06:00", TimeZone: "America/Denver"},
			End:        &gcal.EventDateTime{DateTime: "2013-05-08T17:00:00-06:00", TimeZone: "America/Denver"},
			Recurrence: []string{"RRULE:FREQ=WEEKLY;COUNT=2"}})
		s.Put("primary", &gcal.Event{Id: "0cu25g99pfkhlfarupevcjc297_20211123T170000Z", Summary: "lone",
			Start: &gcal.EventDateTime{DateTime: "2013-05-09T09:00:00Z"}, End: &gcal.EventDateTime{DateTime: "2013-05-09T10:00:00Z"}})
		first, err := c.Sync(context.Background(), "primary", now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ids(first), []string{"tlf9q8uk5vjl2i2868q36dpi28_20130508T220000Z", "0cu25g99pfkhlfarupevcjc297_20211123T170000Z", "tlf9q8uk5vjl2i2868q36dpi28_20130515T220000Z"}); diff != "" {
			t.Fatalf("before (-got +want):\n%s", diff)
		}
		if err := s.LoadEvents("primary", bytes.NewReader(mustFixture(t, "06_compass_cancelled_items.json"))); err != nil {
			t.Fatal(err)
		}
		after, err := c.Sync(context.Background(), "primary", now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ids(after), []string{"tlf9q8uk5vjl2i2868q36dpi28_20130515T220000Z"}); diff != "" {
			t.Errorf("after the cancelled items (-got +want):\n%s", diff)
		}
	})
}

func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
}

// TestHostilePage: a page with an event without start, one with an
// impossible offset, a 2 MB description and invalid UTF-8 goes through the
// real client without a crash; the unusable events are skipped, the rest
// kept.
func TestHostilePage(t *testing.T) {
	var body bytes.Buffer
	body.WriteString(`{"kind":"calendar#events","timeZone":"Europe/Berlin","nextSyncToken":"t","items":[`)
	body.WriteString(`{"id":"no-start","status":"confirmed","end":{"dateTime":"2026-03-02T10:00:00Z"}},`)
	body.WriteString(`{"id":"odd-offset","status":"confirmed","start":{"dateTime":"2026-03-02T10:00:00+25:00"},"end":{"dateTime":"2026-03-02T11:00:00Z"}},`)
	body.WriteString(`{"id":"null-times","status":"confirmed","start":null,"end":{}},`)
	body.WriteString(`{"id":"huge","status":"confirmed","summary":"bad ` + "\xff\xfe" + ` bytes","description":"` + strings.Repeat("x", 2<<20) + `",`)
	body.WriteString(`"start":{"dateTime":"2026-03-02T10:00:00+01:00"},"end":{"dateTime":"2026-03-02T11:00:00+01:00"}},`)
	body.WriteString(`{"status":"confirmed","summary":"no id","start":{"dateTime":"2026-03-02T10:00:00Z"},"end":{"dateTime":"2026-03-02T11:00:00Z"}}`)
	body.WriteString(`]}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body.Bytes())
	}))
	defer srv.Close()
	c, _ := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{})
	evs := mustSync(t, c, "primary")
	if diff := cmp.Diff(ids(evs), []string{"huge"}); diff != "" {
		t.Fatalf("events kept (-got +want):\n%s", diff)
	}
	if !utf8.ValidString(evs[0].Summary) || len(evs[0].Description) > maxDescription {
		t.Errorf("huge event: summary %q, description of %d bytes; want valid UTF-8 and at most %d bytes", evs[0].Summary, len(evs[0].Description), maxDescription)
	}
	if got := evs[0].Start.Location().String(); got != "Europe/Berlin" {
		t.Errorf("start shown in %q, want the list's zone Europe/Berlin", got)
	}
}

// TestAllDayFixture: fixture 07's all-day event (with its non-API key
// "private") read from a calendar in Europe/Berlin starts at midnight there.
func TestAllDayFixture(t *testing.T) {
	s := mustFake(t)
	now := time.Date(2022, 2, 20, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	s.AddCalendar("c", "Europe/Berlin")
	if err := s.LoadEvents("c", bytes.NewReader(mustFixture(t, "07_compass_allday_item.json"))); err != nil {
		t.Fatal(err)
	}
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	evs, err := c.Sync(context.Background(), "c", now)
	if err != nil {
		t.Fatal(err)
	}
	berlin := mustZone(t, "Europe/Berlin")
	if len(evs) != 1 {
		t.Fatalf("Sync: %d events, want 1", len(evs))
	}
	e := evs[0]
	if !e.AllDay || !e.Start.Equal(time.Date(2022, 2, 22, 0, 0, 0, 0, berlin)) || !e.End.Equal(time.Date(2022, 2, 23, 0, 0, 0, 0, berlin)) || e.TimeZone != "Europe/Berlin" || e.Transparency != "transparent" {
		t.Errorf("all-day event = %v–%v allDay=%v tz=%q transparency=%q, want 2022-02-22 00:00–2022-02-23 00:00 Europe/Berlin, all-day, transparent", e.Start, e.End, e.AllDay, e.TimeZone, e.Transparency)
	}
}

// TestRepeatedPageToken: a server that hands out the same page token again
// ends the sync with ErrInvalid instead of listing forever.
func TestRepeatedPageToken(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"kind":"calendar#events","items":[],"nextPageToken":"again"}`)
	}))
	defer srv.Close()
	c, _ := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{})
	if _, err := c.Sync(context.Background(), "primary", t0); !errors.Is(err, ErrInvalid) {
		t.Errorf("Sync error = %v, want ErrInvalid", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("requests = %d, want 2", got)
	}
}
