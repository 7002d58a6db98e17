package calendartest

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/googleapi"
)

func TestPartialResponse(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	e := s.Put("primary", blockEvent("block00004"))
	tests := []struct {
		name   string
		fields string
		want   any
	}{
		{"top-level", "id,summary", map[string]any{"id": e.Id, "summary": "Reflect"}},
		{"nested-path", "id,start/dateTime", map[string]any{"id": e.Id, "start": map[string]any{"dateTime": e.Start.DateTime}}},
		{"sub-selection", "extendedProperties(private(debrief))", map[string]any{"extendedProperties": map[string]any{"private": map[string]any{"debrief": "block"}}}},
		{"wildcard", "reminders/*", map[string]any{"reminders": map[string]any{"useDefault": false}}},
		{"unknown-field", "nothing", map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := rawGet(t, s, "/calendar/v3/calendars/primary/events/"+e.Id+"?fields="+tt.fields)
			if code != http.StatusOK {
				t.Fatalf("status %d: %v", code, body)
			}
			if diff := cmp.Diff(any(body), tt.want); diff != "" {
				t.Errorf("body (-got +want):\n%s", diff)
			}
		})
	}
	t.Run("list-through-client", func(t *testing.T) {
		page, err := svc.Events.List("primary").Fields("items(id,status),nextSyncToken").Do()
		if err != nil {
			t.Fatal(err)
		}
		if page.Kind != "" || page.TimeZone != "" || page.NextSyncToken == "" || len(page.Items) != 1 {
			t.Fatalf("page = %+v", page)
		}
		got := page.Items[0]
		if got.Id != e.Id || got.Status != "confirmed" || got.Summary != "" || got.Start != nil {
			t.Errorf("item = %+v, want id and status only", got)
		}
	})
	t.Run("freeBusy-through-client", func(t *testing.T) {
		got, err := svc.Freebusy.Query(&gcal.FreeBusyRequest{TimeMin: "2025-03-21T00:00:00Z", TimeMax: "2025-03-22T00:00:00Z", Items: []*gcal.FreeBusyRequestItem{{Id: "primary"}}}).
			Fields(googleapi.Field("calendars/*/busy")).Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != "" || got.TimeMin != "" || len(got.Calendars["primary"].Busy) != 1 {
			t.Errorf("freeBusy = %+v", got)
		}
	})
	for _, bad := range []string{"items(id", "items)", "a,,b", "a/"} {
		t.Run("invalid-"+bad, func(t *testing.T) {
			_, err := svc.Events.List("primary").Fields(googleapi.Field(bad)).Do()
			wantAPIErr(t, err, http.StatusBadRequest, "invalid")
		})
	}
}
