package calendartest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadEventsErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		wantErr string
	}{
		{"not-json", `{"items": [`, "load events"},
		{"item-not-an-object", `[42]`, "item 0"},
		{"missing-end", `[{"id":"a1","start":{"dateTime":"2025-03-21T09:00:00Z"}}]`, "Missing end time"},
		{"wrong-type", `[{"id":"a1","summary":7}]`, "item 0"},
		{"unsupported-rrule", `[{"id":"a1","start":{"dateTime":"2025-03-21T09:00:00Z"},"end":{"dateTime":"2025-03-21T10:00:00Z"},"recurrence":["RRULE:FREQ=HOURLY"]}]`, "FREQ=HOURLY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustServer(t)
			err := s.LoadEvents("primary", strings.NewReader(tt.payload))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadEvents = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadEventsAddsCalendar(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	mustLoad(t, s, "compass", mustFixture(t, "01_compass_incremental_delete_single_instance.json"))
	page, err := svc.Events.List("compass").Do()
	if err != nil {
		t.Fatal(err)
	}
	if page.TimeZone != "America/Chicago" {
		t.Errorf("timeZone = %q, want the payload's", page.TimeZone)
	}
	// The loaded cancelled instance is an exception of the loaded series.
	got := map[string]string{}
	for _, e := range page.Items {
		got[e.Id] = e.Status
	}
	want := map[string]string{"5hni4sj3ql1669otmjg7sn1mok": "confirmed", "5hni4sj3ql1669otmjg7sn1mok_20250325T130000Z": "cancelled"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("series view (-got +want):\n%s", diff)
	}
	for _, e := range s.Events("compass") {
		if e.Id == "5hni4sj3ql1669otmjg7sn1mok_20250325T130000Z" {
			t.Errorf("Events lists the cancelled instance")
		}
	}
}

func TestPutRestoresRemoved(t *testing.T) {
	s := mustServer(t)
	e := s.Put("primary", ev("", "a", base))
	s.Remove("primary", e.Id)
	e.Status = ""
	if got := s.Put("primary", e); got.Status != "confirmed" {
		t.Errorf("status after Put of a removed id = %q, want confirmed", got.Status)
	}
}

func TestHandlerServesTheSameState(t *testing.T) {
	s := mustServer(t)
	e := s.Put("primary", ev("", "a", base))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/calendar/v3/calendars/primary/events/"+e.Id, nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), e.Id) {
		t.Errorf("Handler: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/calendar/v3/nothing/here", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("unknown path: %d, want 404", rec.Code)
	}
}
