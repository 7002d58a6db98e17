package calendartest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	gcal "google.golang.org/api/calendar/v3"
)

// ignoreServer ignores what the fake fills in differently from the
// recorded payload: the response metadata of the client.
var ignoreServer = cmpopts.IgnoreFields(gcal.Event{}, "ServerResponse")

func byID(evs []*gcal.Event) map[string]*gcal.Event {
	m := map[string]*gcal.Event{}
	for _, e := range evs {
		m[e.Id] = e
	}
	return m
}

// TestFixtureEventsRoundTrip loads each recorded events payload and lists
// it back through the real client.
func TestFixtureEventsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		file string
		// wantSeries are the ids a list with singleEvents=false returns.
		wantSeries []string
		// wantInstances counts the instances with singleEvents=true.
		wantInstances int
		// same lists ids whose listed event equals the payload's item.
		same []string
	}{
		{
			name:          "recurring-master-plus-instances",
			file:          "05_compass_recurring_master_plus_instances.json",
			wantSeries:    []string{"15chil19v5nskedvmo93ei4nl8"},
			wantInstances: 10,
			same:          []string{"15chil19v5nskedvmo93ei4nl8"},
		},
		{
			name:          "all-day",
			file:          "07_compass_allday_item.json",
			wantSeries:    []string{"1evdi8c1s5knlt5ofhncl654u9"},
			wantInstances: 1,
			same:          []string{"1evdi8c1s5knlt5ofhncl654u9"},
		},
		{
			// The payload repeats an id: the later item wins.
			name:          "northworld-events-page",
			file:          "09_northworld_events.json",
			wantSeries:    []string{"_75342gho74p3aba4852j6b9k6l0j2ba16l23cba18p2j8h9p74o4adhh6k", "fhru34kt6ikmr20knd2456l08n"},
			wantInstances: 15 + 2,
			same:          []string{"_75342gho74p3aba4852j6b9k6l0j2ba16l23cba18p2j8h9p74o4adhh6k"},
		},
		{
			name:          "northworld-repeating",
			file:          "09_northworld_repeating_events.json",
			wantSeries:    []string{"fhru34kt6ikmr20knd2456l08n"},
			wantInstances: 3,
			same:          []string{"fhru34kt6ikmr20knd2456l08n"},
		},
		{
			name:          "edit-single-instance",
			file:          "03_compass_incremental_edit_single_instance.json",
			wantSeries:    []string{"68k0p6ackplecqs9fuvbs1fju0", "68k0p6ackplecqs9fuvbs1fju0_20250324T123000Z"},
			wantInstances: -1, // endless series: up to the horizon
			same:          []string{"68k0p6ackplecqs9fuvbs1fju0", "68k0p6ackplecqs9fuvbs1fju0_20250324T123000Z"},
		},
		{
			name:          "this-and-following",
			file:          "04_compass_incremental_edit_this_and_following.json",
			wantSeries:    []string{"4k3h1bqn0pmn2qmvc7m0b6ip2q", "4k3h1bqn0pmn2qmvc7m0b6ip2q_R20250327T123000"},
			wantInstances: -1,
			same:          []string{"4k3h1bqn0pmn2qmvc7m0b6ip2q", "4k3h1bqn0pmn2qmvc7m0b6ip2q_R20250327T123000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t)
			svc := mustService(t, s)
			mustLoad(t, s, "cal", mustFixture(t, tt.file))
			want := fixtureItems(t, tt.file)

			series, _ := syncAll(t, svc.Events.List("cal"))
			got := ids(series)
			slices.Sort(got)
			if diff := cmp.Diff(got, tt.wantSeries); diff != "" {
				t.Errorf("singleEvents=false ids (-got +want):\n%s", diff)
			}
			gotByID := byID(series)
			wantByID := map[string]*gcal.Event{}
			for _, e := range want {
				wantByID[e.Id] = e // later items win, as in the fake
			}
			for _, id := range tt.same {
				if diff := cmp.Diff(gotByID[id], wantByID[id], ignoreServer); diff != "" {
					t.Errorf("event %s (-got +want):\n%s", id, diff)
				}
			}

			instances, _ := syncAll(t, svc.Events.List("cal").SingleEvents(true).OrderBy("startTime"))
			if tt.wantInstances >= 0 && len(instances) != tt.wantInstances {
				t.Errorf("singleEvents=true lists %d events, want %d: %v", len(instances), tt.wantInstances, ids(instances))
			}
			// Every instance in the payload is listed with its times.
			listed := byID(instances)
			for _, w := range want {
				if w.RecurringEventId == "" {
					continue
				}
				g := listed[w.Id]
				if g == nil {
					t.Errorf("instance %s not listed", w.Id)
					continue
				}
				if diff := cmp.Diff(g, w, ignoreServer, cmpopts.IgnoreFields(gcal.Event{}, "HtmlLink", "Etag", "Updated", "Summary", "Description", "Sequence")); diff != "" && w.Status == g.Status {
					t.Errorf("instance %s (-got +want):\n%s", w.Id, diff)
				}
			}
		})
	}
}

func TestFixtureRecurringInstancesMatchGoogle(t *testing.T) {
	// Fixture 05 holds Google's own expansion of its master: the fake's
	// expansion of the master alone must give the same instances.
	s := mustServer(t)
	svc := mustService(t, s)
	items := fixtureItems(t, "05_compass_recurring_master_plus_instances.json")
	mustLoad(t, s, "cal", mustJSON(t, items[:1]))
	got, _ := syncAll(t, svc.Events.List("cal").SingleEvents(true).OrderBy("startTime"))
	if diff := cmp.Diff(got, items[1:], ignoreServer); diff != "" {
		t.Errorf("instances (-got +want):\n%s", diff)
	}
}

func TestFixtureAllDayDropsNonAPIKey(t *testing.T) {
	s := mustServer(t)
	mustLoad(t, s, "cal", mustFixture(t, "07_compass_allday_item.json"))
	code, body := rawGet(t, s, "/calendar/v3/calendars/cal/events/1evdi8c1s5knlt5ofhncl654u9")
	if code != http.StatusOK {
		t.Fatalf("get: status %d", code)
	}
	if _, ok := body["private"]; ok {
		t.Errorf("non-API key private served back: %v", body["private"])
	}
	if got, want := body["start"], map[string]any{"date": "2022-02-22"}; !cmp.Equal(got, want) {
		t.Errorf("start = %v, want %v", got, want)
	}
	if got, want := body["reminders"], map[string]any{"useDefault": false}; !cmp.Equal(got, want) {
		t.Errorf("reminders = %v, want %v (kept as sent)", got, want)
	}
}

// TestFixtureCancelledShapes pushes the recorded cancelled items in after a
// full sync: the incremental sync returns them exactly as recorded.
func TestFixtureCancelledShapes(t *testing.T) {
	tests := []struct {
		name string
		file string
	}{
		{"cancelled-items", "06_compass_cancelled_items.json"},
		{"cancelled-instance-of-split-series", "09_northworld_cancelled_events.json"},
	}
	for _, tt := range tests {
		for _, single := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "/series", true: "/single-events"}[single], func(t *testing.T) {
				s := mustServer(t)
				svc := mustService(t, s)
				s.AddCalendar("cal", "America/Denver")
				s.Put("cal", ev("", "unrelated", base))
				_, token := syncAll(t, svc.Events.List("cal").SingleEvents(single))
				mustLoad(t, s, "cal", mustFixture(t, tt.file))

				got, _ := syncAll(t, svc.Events.List("cal").SingleEvents(single).SyncToken(token))
				want := fixtureItems(t, tt.file)
				sortByID := cmpopts.SortSlices(func(a, b *gcal.Event) bool { return a.Id < b.Id })
				if diff := cmp.Diff(got, want, ignoreServer, sortByID); diff != "" {
					t.Errorf("incremental (-got +want):\n%s", diff)
				}
				// Nothing but the recorded keys goes over the wire.
				for _, w := range want {
					wantKeys := []string{"etag", "id", "kind", "status"}
					if w.RecurringEventId != "" {
						wantKeys = append(wantKeys, "originalStartTime", "recurringEventId")
					}
					slices.Sort(wantKeys)
					if keys := listedKeys(t, s, "cal", token, single, w.Id); !cmp.Equal(keys, wantKeys) {
						t.Errorf("keys of %s = %v, want %v", w.Id, keys, wantKeys)
					}
				}
			})
		}
	}
}

// listedKeys returns the sorted JSON keys of item id in the incremental
// sync from token, read without the client.
func listedKeys(t *testing.T, s *Server, calID, token string, single bool, id string) []string {
	t.Helper()
	path := "/calendar/v3/calendars/" + calID + "/events?syncToken=" + token
	if single {
		path += "&singleEvents=true"
	}
	code, body := rawGet(t, s, path)
	if code != http.StatusOK {
		t.Fatalf("incremental: status %d: %v", code, body)
	}
	items, _ := body["items"].([]any)
	for _, it := range items {
		m := it.(map[string]any)
		if m["id"] == id {
			var keys []string
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return keys
		}
	}
	t.Fatalf("item %s not in incremental sync", id)
	return nil
}

// TestFixtureDeleteSingleInstance reproduces fixture 01: deleting one
// instance of a daily series lists the series and a bare cancelled
// exception.
func TestFixtureDeleteSingleInstance(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("cal", "America/Chicago")
	want := fixtureItems(t, "01_compass_incremental_delete_single_instance.json")
	mustLoad(t, s, "cal", mustJSON(t, want[:1]))
	_, token := syncAll(t, svc.Events.List("cal"))

	s.Remove("cal", "5hni4sj3ql1669otmjg7sn1mok_20250325T130000Z")
	got, _ := syncAll(t, svc.Events.List("cal").SyncToken(token))
	opts := []cmp.Option{ignoreServer, cmpopts.IgnoreFields(gcal.Event{}, "Etag", "Updated"), cmpopts.SortSlices(func(a, b *gcal.Event) bool { return a.Id < b.Id })}
	if diff := cmp.Diff(got, want, opts...); diff != "" {
		t.Errorf("incremental (-got +want):\n%s", diff)
	}
	if keys := listedKeys(t, s, "cal", token, false, want[1].Id); !cmp.Equal(keys, []string{"etag", "id", "kind", "originalStartTime", "recurringEventId", "status"}) {
		t.Errorf("cancelled exception keys = %v", keys)
	}
	// With singleEvents=true the cancelled instance alone is listed.
	s2 := mustServer(t)
	s2.AddCalendar("cal", "America/Chicago")
	mustLoad(t, s2, "cal", mustJSON(t, want[:1]))
	svc2 := mustService(t, s2)
	_, token = syncAll(t, svc2.Events.List("cal").SingleEvents(true))
	s2.Remove("cal", want[1].Id)
	got, _ = syncAll(t, svc2.Events.List("cal").SingleEvents(true).SyncToken(token))
	if diff := cmp.Diff(got, want[1:], opts...); diff != "" {
		t.Errorf("incremental singleEvents=true (-got +want):\n%s", diff)
	}
}

// TestFixtureDeleteWholeSeries reproduces fixture 02: deleting a series
// lists its bare id cancelled; with singleEvents=true, its instances.
func TestFixtureDeleteWholeSeries(t *testing.T) {
	want := fixtureItems(t, "02_compass_incremental_delete_whole_series.json")
	id := want[0].Id
	for _, single := range []bool{false, true} {
		t.Run(map[bool]string{false: "series", true: "single-events"}[single], func(t *testing.T) {
			s := mustServer(t)
			svc := mustService(t, s)
			s.AddCalendar("cal", "America/Chicago")
			st, en := timed(time.Date(2025, 3, 24, 13, 0, 0, 0, time.UTC), 30*time.Minute, "America/Chicago")
			s.Put("cal", &gcal.Event{Id: id, Summary: "series", Start: st, End: en, Recurrence: []string{"RRULE:FREQ=DAILY;COUNT=5"}})
			// An exception too: it goes with the series.
			moved, _ := s.Event("cal", id+"_20250325T130000Z")
			moved.Summary = "moved"
			s.Put("cal", moved)
			_, token := syncAll(t, svc.Events.List("cal").SingleEvents(single))

			s.Remove("cal", id)
			got, _ := syncAll(t, svc.Events.List("cal").SingleEvents(single).SyncToken(token))
			if !single {
				if diff := cmp.Diff(got, want, ignoreServer, cmpopts.IgnoreFields(gcal.Event{}, "Etag")); diff != "" {
					t.Errorf("incremental (-got +want):\n%s", diff)
				}
				return
			}
			if len(got) != 5 {
				t.Errorf("incremental lists %d events, want the 5 instances: %v", len(got), ids(got))
			}
			for _, e := range got {
				if e.Status != "cancelled" || e.RecurringEventId != id || e.OriginalStartTime == nil || !strings.HasPrefix(e.Id, id+"_") {
					t.Errorf("item %+v, want a cancelled instance of %s", e, id)
				}
			}
		})
	}
}

// TestFixtureEditSingleInstance reproduces fixture 03 through the client:
// patching one instance's title and time.
func TestFixtureEditSingleInstance(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("cal", "America/Chicago")
	want := fixtureItems(t, "03_compass_incremental_edit_single_instance.json")
	mustLoad(t, s, "cal", mustJSON(t, want[:1]))
	_, token := syncAll(t, svc.Events.List("cal"))

	_, err := svc.Events.Patch("cal", want[1].Id, &gcal.Event{Summary: want[1].Summary, Start: want[1].Start, End: want[1].End}).Do()
	if err != nil {
		t.Fatalf("patch instance: %v", err)
	}
	got, _ := syncAll(t, svc.Events.List("cal").SyncToken(token))
	opts := []cmp.Option{ignoreServer, cmpopts.IgnoreFields(gcal.Event{}, "Etag", "Updated", "HtmlLink"), cmpopts.SortSlices(func(a, b *gcal.Event) bool { return a.Id < b.Id })}
	if diff := cmp.Diff(got, want, opts...); diff != "" {
		t.Errorf("incremental (-got +want):\n%s", diff)
	}
	// The moved instance is listed at its new time, once.
	instances, _ := syncAll(t, svc.Events.List("cal").SingleEvents(true).TimeMin("2025-03-24T00:00:00-05:00").TimeMax("2025-03-25T00:00:00-05:00"))
	if len(instances) != 1 || instances[0].Summary != want[1].Summary || instances[0].Start.DateTime != want[1].Start.DateTime {
		t.Errorf("instances on 2025-03-24 = %v, want the moved one", ids(instances))
	}
}

// TestFixtureThisAndFollowing reproduces fixture 04: the series is cut with
// UNTIL and a new series starts.
func TestFixtureThisAndFollowing(t *testing.T) {
	want := fixtureItems(t, "04_compass_incremental_edit_this_and_following.json")
	for _, single := range []bool{false, true} {
		t.Run(map[bool]string{false: "series", true: "single-events"}[single], func(t *testing.T) {
			s := mustServer(t)
			svc := mustService(t, s)
			s.AddCalendar("cal", "America/Chicago")
			endless := *want[0]
			endless.Recurrence = []string{"RRULE:FREQ=DAILY"}
			s.Put("cal", &endless)
			_, token := syncAll(t, svc.Events.List("cal").SingleEvents(single))

			mustLoad(t, s, "cal", mustFixture(t, "04_compass_incremental_edit_this_and_following.json"))
			got, _ := syncAll(t, svc.Events.List("cal").SingleEvents(single).SyncToken(token))
			if !single {
				opts := []cmp.Option{ignoreServer, cmpopts.IgnoreFields(gcal.Event{}, "Sequence", "Created"), cmpopts.SortSlices(func(a, b *gcal.Event) bool { return a.Id < b.Id })}
				if diff := cmp.Diff(got, want, opts...); diff != "" {
					t.Errorf("incremental (-got +want):\n%s", diff)
				}
				return
			}
			status := map[string]string{}
			for _, e := range got {
				status[e.Id] = e.Status
			}
			for id, wantStatus := range map[string]string{
				"4k3h1bqn0pmn2qmvc7m0b6ip2q_20250326T123000Z":                  "", // before the cut: unchanged
				"4k3h1bqn0pmn2qmvc7m0b6ip2q_20250327T123000Z":                  "cancelled",
				"4k3h1bqn0pmn2qmvc7m0b6ip2q_20250328T123000Z":                  "cancelled",
				"4k3h1bqn0pmn2qmvc7m0b6ip2q_R20250327T123000_20250327T123000Z": "confirmed",
			} {
				if status[id] != wantStatus {
					t.Errorf("status of %s in incremental = %q, want %q", id, status[id], wantStatus)
				}
			}
		})
	}
}

// TestFixtureErrorBodies serves each recorded error body through Inject and
// checks the client decodes it as it decodes Google's.
func TestFixtureErrorBodies(t *testing.T) {
	tests := []struct {
		file       string
		retryAfter time.Duration
	}{
		{"09_northworld_403_calendar_rate_limit.json", 0},
		{"09_northworld_403_rate_limit.json", 2 * time.Second},
		{"09_northworld_403_user_rate_limit.json", 1500 * time.Millisecond},
		{"09_northworld_409.json", 0},
		{"09_northworld_410.json", 0},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".json"), func(t *testing.T) {
			var want errorBody
			if err := json.Unmarshal(mustFixture(t, tt.file), &want); err != nil {
				t.Fatal(err)
			}
			wantErr := want.Error.Errors[0]
			s := mustServer(t)
			svc := mustService(t, s)
			s.Inject(Fault{Status: want.Error.Code, Reason: wantErr.Reason, RetryAfter: tt.retryAfter})
			_, err := svc.Events.List("primary").Do()
			ge := wantAPIErr(t, err, want.Error.Code, wantErr.Reason)
			if ge.Message != want.Error.Message || ge.Errors[0].Message != wantErr.Message {
				t.Errorf("error = %q %+v, want %q %+v", ge.Message, ge.Errors[0], want.Error.Message, wantErr)
			}
			wantRetry := ""
			if tt.retryAfter > 0 {
				wantRetry = "2"
			}
			if got := ge.Header.Get("Retry-After"); got != wantRetry {
				t.Errorf("Retry-After = %q, want %q", got, wantRetry)
			}
			// The body is the recorded one, key for key.
			s.ClearFaults()
			s.Inject(Fault{Status: want.Error.Code, Reason: wantErr.Reason})
			code, body := rawGet(t, s, "/calendar/v3/calendars/primary/events")
			if code != want.Error.Code {
				t.Errorf("status = %d, want %d", code, want.Error.Code)
			}
			if diff := cmp.Diff(any(body), jsonValue(t, mustFixture(t, tt.file))); diff != "" {
				t.Errorf("body (-got +want):\n%s", diff)
			}
		})
	}
}

// TestFixtureNaturalErrorBodies checks the 409 and 410 the fake gives by
// itself are Google's recorded bodies.
func TestFixtureNaturalErrorBodies(t *testing.T) {
	s := mustServer(t)
	body := []byte(`{"id":"block01","start":{"dateTime":"2025-03-21T09:00:00Z"},"end":{"dateTime":"2025-03-21T09:30:00Z"}}`)
	if code, b := rawDo(t, s, http.MethodPost, "/calendar/v3/calendars/primary/events", body); code != http.StatusOK {
		t.Fatalf("insert: %d %v", code, b)
	}
	code, got := rawDo(t, s, http.MethodPost, "/calendar/v3/calendars/primary/events", body)
	if code != http.StatusConflict {
		t.Errorf("second insert: status %d, want 409", code)
	}
	if diff := cmp.Diff(any(got), jsonValue(t, mustFixture(t, "09_northworld_409.json"))); diff != "" {
		t.Errorf("409 body (-got +want):\n%s", diff)
	}
	if code, b := rawDo(t, s, http.MethodDelete, "/calendar/v3/calendars/primary/events/block01", nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d %v", code, b)
	}
	code, got = rawDo(t, s, http.MethodDelete, "/calendar/v3/calendars/primary/events/block01", nil)
	if code != http.StatusGone {
		t.Errorf("second delete: status %d, want 410", code)
	}
	if diff := cmp.Diff(any(got), jsonValue(t, mustFixture(t, "09_northworld_410.json"))); diff != "" {
		t.Errorf("410 body (-got +want):\n%s", diff)
	}
	code, got = rawDo(t, s, http.MethodPost, "/calendar/v3/calendars/primary/events", body)
	if code != http.StatusConflict {
		t.Errorf("insert over a deleted event: status %d, want 409", code)
	}
	if diff := cmp.Diff(any(got), jsonValue(t, mustFixture(t, "09_northworld_409.json"))); diff != "" {
		t.Errorf("409 body over deleted (-got +want):\n%s", diff)
	}
}

// TestFixtureFreeBusy rebuilds the recorded freeBusy answer from events.
func TestFixtureFreeBusy(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("busy-calendar-id", "UTC")
	s.AddCalendar("not-busy-calendar-id", "UTC")
	day := time.Date(2015, 3, 6, 0, 0, 0, 0, time.UTC)
	s.Put("busy-calendar-id", ev("", "meeting", day.Add(10*time.Hour)))
	st, en := timed(day.Add(11*time.Hour+30*time.Minute), 0, "UTC")
	s.Put("busy-calendar-id", &gcal.Event{Summary: "reminder", Start: st, End: en})
	s.Put("not-busy-calendar-id", &gcal.Event{Summary: "free", Start: st, End: en, Transparency: "transparent"})

	got, err := svc.Freebusy.Query(&gcal.FreeBusyRequest{
		TimeMin: "2015-03-06T00:00:00.000Z",
		TimeMax: "2015-03-06T23:59:59.000Z",
		Items:   []*gcal.FreeBusyRequestItem{{Id: "busy-calendar-id"}, {Id: "not-busy-calendar-id"}},
	}).Context(context.Background()).Do()
	if err != nil {
		t.Fatalf("freeBusy: %v", err)
	}
	var want gcal.FreeBusyResponse
	if err := json.Unmarshal(mustFixture(t, "09_northworld_freebusy_query.json"), &want); err != nil {
		t.Fatal(err)
	}
	want.Kind = "calendar#freeBusy"
	if diff := cmp.Diff(got, &want, cmpopts.IgnoreFields(gcal.FreeBusyResponse{}, "ServerResponse"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("freeBusy (-got +want):\n%s", diff)
	}
}

// TestEveryFixtureIsUsed fails when a recorded payload is added to the
// shared fixtures without a test here pushing it through the fake.
func TestEveryFixtureIsUsed(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	tests, _ := filepath.Glob("*_test.go")
	for _, f := range tests {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			continue
		}
		n++
		if !strings.Contains(src.String(), `"`+e.Name()+`"`) {
			t.Errorf("fixture %s is not used by any test", e.Name())
		}
	}
	if n == 0 {
		t.Errorf("no fixtures found in %s", fixtures)
	}
}
