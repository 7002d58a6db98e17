package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/web"
)

// detCalendar is a calendar with fixed events that accepts every block.
type detCalendar struct{ events []*calendar.Event }

func (c *detCalendar) Sync(context.Context, string, time.Time) ([]*calendar.Event, error) {
	return c.events, nil
}

func (c *detCalendar) InsertBlock(_ context.Context, b calendar.Block) (calendar.Event, error) {
	return calendar.Event{CalendarID: b.CalendarID, ID: b.ID, Start: b.Start, End: b.End, Private: calendar.BlockProperties(b)}, nil
}

func (c *detCalendar) MoveBlock(ctx context.Context, b calendar.Block) (calendar.Event, error) {
	return c.InsertBlock(ctx, b)
}

func (c *detCalendar) DeleteBlock(context.Context, string, string) error { return nil }

func (c *detCalendar) Busy(context.Context, []string, time.Time, time.Time) ([]calendar.Interval, error) {
	return nil, nil
}

type detNotifier struct{}

func (detNotifier) Notify(context.Context, string, string) error { return nil }

func TestWebDetection(t *testing.T) {
	now := time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 13, 14, 0, 0, 0, paris)
	iv := &calendar.Event{CalendarID: "primary", ID: "iv1", ICalUID: "iv1@x", Status: "confirmed", Summary: "Interview with Acme\u202e",
		Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Paris",
		Organizer: calendar.Person{Email: "jane@acme.example"},
		Attendees: []calendar.Attendee{{Email: "me@example.com", Self: true, Response: "accepted"}, {Email: "jane@acme.example", Name: "Jane"}}}
	lunch := &calendar.Event{CalendarID: "primary", ID: "lunch", ICalUID: "lunch@x", Status: "confirmed", Summary: "Lunch",
		Start: start.Add(-3 * time.Hour), End: start.Add(-2 * time.Hour), TimeZone: "Europe/Paris"}
	state := t.TempDir()
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	book, err := notebook.Open(lg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := daemonConfig(config.Default())
	cfg.StateDir, cfg.Calendars, cfg.BlockCalendar = state, []string{"primary"}, "primary"
	cfg.Now = func() time.Time { return now }
	det := &detection{stateDir: state, poll: time.Minute, now: cfg.Now}
	if got := det.Seen(); !got.At.IsZero() || got.Poll != time.Minute {
		t.Errorf("Seen() before the daemon = %+v, want nothing seen yet", got)
	}
	if err := det.Mark("lunch", web.VerdictNotInterview); err != nil {
		t.Fatal(err)
	}
	d, err := daemon.New(lg, cfg, &detCalendar{events: []*calendar.Event{iv, lunch}}, detNotifier{}, book)
	if err != nil {
		t.Fatal(err)
	}
	det.d.Store(d)
	if got := det.Seen(); !got.At.IsZero() {
		t.Errorf("Seen() before the first pass = %+v, want nothing seen yet", got)
	}
	if err := d.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := det.Seen()
	if !got.At.Equal(now) || len(got.Events) != 2 {
		t.Fatalf("Seen() = %+v, want the pass at %v with 2 events", got, now)
	}
	want := []web.SeenEvent{
		{ID: "lunch", CalendarID: "primary", Title: "Lunch", Start: lunch.Start, End: lunch.End,
			Reason: "marked not an interview", Mark: web.VerdictNotInterview},
		{ID: "iv1", CalendarID: "primary", Title: "Interview with Acme", Start: iv.Start, End: iv.End,
			Interview: true, Reason: got.Events[1].Reason, Company: "Acme", Kind: got.Events[1].Kind,
			RecordID: notebook.RecordID("primary", "iv1"), BlockStart: iv.End, BlockEnd: iv.End.Add(30 * time.Minute), BlockInCalendar: true},
	}
	if diff := cmp.Diff(got.Events, want); diff != "" {
		t.Errorf("Seen().Events differ (-got +want):\n%s", diff)
	}
	if loc := got.Events[1].Start.Location().String(); loc != "Europe/Paris" {
		t.Errorf("the interview's start is in %s, want its own zone Europe/Paris", loc)
	}
	if err := det.Mark("lunch", web.VerdictAuto); err != nil {
		t.Fatal(err)
	}
	ov, err := daemon.LoadOverrides(state)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov) != 0 {
		t.Errorf("overrides after auto = %v, want none", ov)
	}
}
