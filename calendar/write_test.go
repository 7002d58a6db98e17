package calendar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/calendar/calendartest"
	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

func testBlock(t testing.TB, tz string) Block {
	t.Helper()
	start := time.Date(2026, 3, 2, 11, 0, 0, 0, mustZone(t, tz))
	return Block{
		CalendarID:          "primary",
		ID:                  BlockID("primary", "interview1"),
		InterviewCalendarID: "primary",
		InterviewEventID:    "interview1",
		Summary:             "Reflect: Acme",
		Description:         "Run `debrief reflect abc`",
		Start:               start,
		End:                 start.Add(30 * time.Minute),
		TimeZone:            tz,
	}
}

func TestInsertBlock(t *testing.T) {
	s := mustFake(t)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	ctx := context.Background()
	b := testBlock(t, "Europe/Berlin")

	got, err := c.InsertBlock(ctx, b)
	if err != nil {
		t.Fatalf("InsertBlock: %v", err)
	}
	want := Event{
		CalendarID: "primary", ID: b.ID, Summary: b.Summary, Description: b.Description,
		Start: b.Start, End: b.End, TimeZone: "Europe/Berlin", Transparency: "opaque",
		Private: map[string]string{PropKind: PropKindBlock, PropInterview: "interview1", PropCalendar: "primary",
			PropStart: "2026-03-02T10:00:00Z", PropEnd: "2026-03-02T10:30:00Z"},
	}
	opts := cmp.FilterPath(func(p cmp.Path) bool {
		switch p.Last().String() {
		case ".Status", ".HTMLLink", ".ICalUID", ".Updated", ".Organizer", ".Creator", ".EventType":
			return true // the server's to fill in
		}
		return false
	}, cmp.Ignore())
	if diff := cmp.Diff(got, want, opts); diff != "" {
		t.Errorf("InsertBlock (-got +want):\n%s", diff)
	}
	if !got.IsBlock() {
		t.Errorf("inserted event is not a block")
	}

	// What went over the wire.
	var post calendartest.Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost {
			post = r
		}
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(post.Body, &body); err != nil {
		t.Fatalf("insert body: %v", err)
	}
	for key, wantJSON := range map[string]string{
		"reminders":    `{"useDefault":false}`,
		"transparency": `"opaque"`,
		"start":        `{"dateTime":"2026-03-02T11:00:00+01:00","timeZone":"Europe/Berlin"}`,
		"end":          `{"dateTime":"2026-03-02T11:30:00+01:00","timeZone":"Europe/Berlin"}`,
		"id":           `"` + b.ID + `"`,
	} {
		if got := string(body[key]); got != wantJSON {
			t.Errorf("insert body %s = %s, want %s", key, got, wantJSON)
		}
	}
	stored, ok := s.Event("primary", b.ID)
	if !ok || stored.ExtendedProperties == nil {
		t.Fatalf("stored block %q: found %v, without extended properties", b.ID, ok)
	}
	if diff := cmp.Diff(stored.ExtendedProperties.Private, want.Private); diff != "" {
		t.Errorf("stored private properties (-got +want):\n%s", diff)
	}
	if !ok || stored.Reminders == nil || stored.Reminders.UseDefault || len(stored.Reminders.Overrides) != 0 {
		t.Errorf("stored reminders = %+v, want useDefault false and no overrides", stored.Reminders)
	}

	// A repeat is a 409 and answers the existing block.
	s.ResetRequests()
	again, err := c.InsertBlock(ctx, b)
	if err != nil {
		t.Fatalf("InsertBlock again: %v", err)
	}
	if again.ID != b.ID || !again.Start.Equal(b.Start) {
		t.Errorf("InsertBlock again = %s %v, want the existing block", again.ID, again.Start)
	}
	if diff := cmp.Diff(statuses(s), []string{"POST 409", "GET 200"}); diff != "" {
		t.Errorf("requests of a repeated insert (-got +want):\n%s", diff)
	}

	// Deleted by the person: reported, never re-created.
	s.Remove("primary", b.ID)
	if _, err := c.InsertBlock(ctx, b); !errors.Is(err, ErrBlockDeleted) {
		t.Errorf("InsertBlock of a deleted block: error = %v, want ErrBlockDeleted", err)
	}
	if ev, _ := s.Event("primary", b.ID); ev.Status != "cancelled" {
		t.Errorf("deleted block status = %q, want it to stay cancelled", ev.Status)
	}
}

func statuses(s *calendartest.Server) []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, fmt.Sprintf("%s %d", r.Method, r.Status))
	}
	return out
}

func TestInsertBlockInvalid(t *testing.T) {
	s := mustFake(t)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	tests := []struct {
		name   string
		change func(*Block)
	}{
		{"id-not-blockid", func(b *Block) { b.ID = BlockID("primary", "other") }},
		{"unknown-zone", func(b *Block) { b.TimeZone = "Mars/Olympus_Mons" }},
		{"end-before-start", func(b *Block) { b.End = b.Start.Add(-time.Minute) }},
		{"no-calendar", func(b *Block) { b.CalendarID = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBlock(t, "UTC")
			tt.change(&b)
			s.ResetRequests()
			if _, err := c.InsertBlock(context.Background(), b); !errors.Is(err, ErrInvalid) {
				t.Errorf("InsertBlock error = %v, want ErrInvalid", err)
			}
			if n := len(s.Requests()); n != 0 {
				t.Errorf("requests = %d, want 0", n)
			}
		})
	}
}

func TestMoveBlock(t *testing.T) {
	s := mustFake(t)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	ctx := context.Background()
	b := testBlock(t, "America/New_York")
	if _, err := c.InsertBlock(ctx, b); err != nil {
		t.Fatal(err)
	}
	b.Start = b.Start.Add(2 * time.Hour)
	b.End = b.Start.Add(45 * time.Minute)
	b.Summary = "Reflect: Acme (moved)"
	got, err := c.MoveBlock(ctx, b)
	if err != nil {
		t.Fatalf("MoveBlock: %v", err)
	}
	if !got.Start.Equal(b.Start) || !got.End.Equal(b.End) || got.Summary != b.Summary || !got.IsBlock() {
		t.Errorf("MoveBlock = %v–%v %q block=%v, want %v–%v %q block", got.Start, got.End, got.Summary, got.IsBlock(), b.Start, b.End, b.Summary)
	}
	if got.Start.Location().String() != "America/New_York" {
		t.Errorf("MoveBlock start shown in %v, want America/New_York", got.Start.Location())
	}
	// The properties name the times the move wrote, read back as stored.
	stored, ok := s.Event("primary", b.ID)
	if !ok || stored.ExtendedProperties == nil {
		t.Fatalf("stored block %q: found %v, without extended properties", b.ID, ok)
	}
	wantProps := map[string]string{PropKind: PropKindBlock, PropInterview: "interview1", PropCalendar: "primary",
		PropStart: "2026-03-02T18:00:00Z", PropEnd: "2026-03-02T18:45:00Z"}
	if diff := cmp.Diff(stored.ExtendedProperties.Private, wantProps); diff != "" {
		t.Errorf("private properties after the move (-got +want):\n%s", diff)
	}
	if ws, we, ok := got.Written(); !ok || !ws.Equal(b.Start) || !we.Equal(b.End) {
		t.Errorf("MoveBlock Written() = %v, %v, %v, want %v, %v, true", ws, we, ok, b.Start, b.End)
	}

	s.Remove("primary", b.ID)
	if _, err := c.MoveBlock(ctx, b); !errors.Is(err, ErrBlockDeleted) {
		t.Errorf("MoveBlock of a deleted block: error = %v, want ErrBlockDeleted", err)
	}
	other := testBlock(t, "UTC")
	other.InterviewEventID = "never-inserted"
	other.ID = BlockID("primary", "never-inserted")
	if _, err := c.MoveBlock(ctx, other); !errors.Is(err, ErrNotFound) {
		t.Errorf("MoveBlock of an unknown block: error = %v, want ErrNotFound", err)
	}
	// Not one of debrief's blocks: hands off.
	s.Put("primary", &gcal.Event{Id: other.ID, Summary: "theirs",
		Start: &gcal.EventDateTime{DateTime: "2026-03-02T10:00:00Z"}, End: &gcal.EventDateTime{DateTime: "2026-03-02T11:00:00Z"}})
	if _, err := c.MoveBlock(ctx, other); !errors.Is(err, ErrForbidden) {
		t.Errorf("MoveBlock of a foreign event: error = %v, want ErrForbidden", err)
	}
}

func TestDeleteBlockTwice(t *testing.T) {
	s := mustFake(t)
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	ctx := context.Background()
	b := testBlock(t, "UTC")
	if _, err := c.InsertBlock(ctx, b); err != nil {
		t.Fatal(err)
	}
	s.ResetRequests()
	for i := range 2 {
		if err := c.DeleteBlock(ctx, "primary", b.ID); err != nil {
			t.Errorf("DeleteBlock #%d: %v", i+1, err)
		}
	}
	if err := c.DeleteBlock(ctx, "primary", BlockID("primary", "never")); err != nil {
		t.Errorf("DeleteBlock of an unknown block: %v", err)
	}
	if diff := cmp.Diff(statuses(s), []string{"DELETE 204", "DELETE 410", "DELETE 404"}); diff != "" {
		t.Errorf("requests (-got +want):\n%s", diff)
	}
	if err := c.DeleteBlock(ctx, "primary", "someone-elses-event"); !errors.Is(err, ErrInvalid) {
		t.Errorf("DeleteBlock of a non-block id: error = %v, want ErrInvalid", err)
	}
}

func TestBusy(t *testing.T) {
	s := mustFake(t)
	s.AddCalendar("work", "Europe/Berlin")
	put := func(cal, start, end string) {
		s.Put(cal, &gcal.Event{Summary: "x", Start: &gcal.EventDateTime{DateTime: start}, End: &gcal.EventDateTime{DateTime: end}})
	}
	put("primary", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")
	put("work", "2026-03-02T10:30:00Z", "2026-03-02T11:30:00Z")
	put("work", "2026-03-02T14:00:00Z", "2026-03-02T15:00:00Z")
	put("work", "2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z") // outside
	c, _ := mustClient(t, s.Endpoint(), nil, Config{})
	got, err := c.Busy(context.Background(), []string{"primary", "work"}, t0, t0.Add(12*time.Hour))
	if err != nil {
		t.Fatalf("Busy: %v", err)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	want := []Interval{{at(10, 0), at(11, 30)}, {at(14, 0), at(15, 0)}}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Busy (-got +want):\n%s", diff)
	}
	if _, err := c.Busy(context.Background(), []string{"nope@example.com"}, t0, t0.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Busy of an unknown calendar: error = %v, want ErrNotFound", err)
	}
}

// TestInsertAnswerLost: the insert reaches the calendar but its answer is
// lost; the retry gets 409 and returns the block the first attempt made,
// without a duplicate.
func TestInsertAnswerLost(t *testing.T) {
	s := mustFake(t)
	var lost atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && !lost.Swap(true) {
			s.Handler().ServeHTTP(httptest.NewRecorder(), r) // the insert happens
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // and its answer never arrives
			}
			return
		}
		s.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, sl := mustClient(t, srv.URL+"/calendar/v3/", nil, Config{MaxAttempts: 3})
	b := testBlock(t, "UTC")
	got, err := c.InsertBlock(context.Background(), b)
	if err != nil {
		t.Fatalf("InsertBlock: %v", err)
	}
	if got.ID != b.ID || !got.IsBlock() {
		t.Errorf("InsertBlock = %q block=%v, want %q", got.ID, got.IsBlock(), b.ID)
	}
	if diff := cmp.Diff(statuses(s), []string{"POST 200", "POST 409", "GET 200"}); diff != "" {
		t.Errorf("requests (-got +want):\n%s", diff)
	}
	if n := len(sl.got()); n != 1 {
		t.Errorf("retries = %d, want 1", n)
	}
	if evs := s.Events("primary"); len(evs) != 1 {
		t.Errorf("events in the calendar = %d, want 1", len(evs))
	}
}

func TestWritten(t *testing.T) {
	s, e := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		props  map[string]string
		wantOK bool
	}{
		{"both", map[string]string{PropKind: PropKindBlock, PropStart: "2026-03-02T10:00:00Z", PropEnd: "2026-03-02T10:30:00Z"}, true},
		{"written-before-the-properties", map[string]string{PropKind: PropKindBlock}, false},
		{"end-missing", map[string]string{PropKind: PropKindBlock, PropStart: "2026-03-02T10:00:00Z"}, false},
		{"not-a-time", map[string]string{PropKind: PropKindBlock, PropStart: "10:00", PropEnd: "2026-03-02T10:30:00Z"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs, ge, ok := Event{Private: tt.props}.Written()
			if ok != tt.wantOK || ok && (!gs.Equal(s) || !ge.Equal(e)) {
				t.Errorf("Written() = %v, %v, %v, want %v, %v, %v", gs, ge, ok, s, e, tt.wantOK)
			}
		})
	}
}
