package calendartest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gcal "google.golang.org/api/calendar/v3"
)

var base = time.Date(2025, 3, 21, 9, 0, 0, 0, time.UTC)

func TestListPaging(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	var want []string
	for i := range 5 {
		e := s.Put("primary", ev("", fmt.Sprint("event ", i), base.Add(time.Duration(i)*time.Hour)))
		want = append(want, e.Id)
	}
	tests := []struct {
		name       string
		maxResults int64
		wantPages  int
	}{
		{"two-per-page", 2, 3},
		{"all-in-one", 0, 1},
		{"exact-fit", 5, 1},
		{"one-per-page", 1, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := svc.Events.List("primary").SingleEvents(true).OrderBy("startTime")
			if tt.maxResults > 0 {
				call.MaxResults(tt.maxResults)
			}
			var got []string
			pages := 0
			var token string
			err := call.Pages(context.Background(), func(p *gcal.Events) error {
				pages++
				if p.NextPageToken != "" && p.NextSyncToken != "" {
					t.Errorf("page %d has both nextPageToken and nextSyncToken", pages)
				}
				if p.NextPageToken == "" && p.NextSyncToken == "" {
					t.Errorf("page %d has neither token", pages)
				}
				token = p.NextSyncToken
				got = append(got, ids(p.Items)...)
				return nil
			})
			if err != nil {
				t.Fatalf("Pages: %v", err)
			}
			if pages != tt.wantPages {
				t.Errorf("pages = %d, want %d", pages, tt.wantPages)
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("ids (-got +want):\n%s", diff)
			}
			if token == "" {
				t.Errorf("no nextSyncToken on the last page")
			}
		})
	}
}

func TestIncrementalSync(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	keep := s.Put("primary", ev("", "keep", base))
	gone := s.Put("primary", ev("", "gone", base.Add(time.Hour)))
	moved := s.Put("primary", ev("", "moved", base.Add(2*time.Hour)))
	_, token := syncAll(t, svc.Events.List("primary").SingleEvents(true))

	items, token2 := syncAll(t, svc.Events.List("primary").SingleEvents(true).SyncToken(token))
	if len(items) != 0 {
		t.Errorf("incremental with no change = %v, want none", ids(items))
	}

	s.Remove("primary", gone.Id)
	moved.Start, moved.End = timed(base.Add(5*time.Hour), time.Hour, "UTC")
	s.Put("primary", moved)
	added := s.Put("primary", ev("", "added", base.Add(3*time.Hour)))
	inserted, err := svc.Events.Insert("primary", ev("", "by client", base.Add(4*time.Hour))).Do()
	if err != nil {
		t.Fatal(err)
	}
	items, _ = syncAll(t, svc.Events.List("primary").SingleEvents(true).SyncToken(token2))
	got := map[string]string{}
	for _, e := range items {
		got[e.Id] = e.Status
	}
	want := map[string]string{gone.Id: "cancelled", moved.Id: "confirmed", added.Id: "confirmed", inserted.Id: "confirmed"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("incremental (-got +want):\n%s", diff)
	}
	for _, e := range items {
		if e.Id == gone.Id {
			if diff := cmp.Diff(e, &gcal.Event{Kind: "calendar#event", Etag: e.Etag, Id: gone.Id, Status: "cancelled", ServerResponse: e.ServerResponse}); diff != "" || e.Etag == "" {
				t.Errorf("deleted event shape (-got +want):\n%s", diff)
			}
		}
	}
	if _, ok := got[keep.Id]; ok {
		t.Errorf("unchanged event %s listed in incremental sync", keep.Id)
	}
}

func TestListFullSyncHidesDeleted(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	a := s.Put("primary", ev("", "a", base))
	b := s.Put("primary", ev("", "b", base.Add(time.Hour)))
	s.Remove("primary", b.Id)
	tests := []struct {
		name        string
		showDeleted bool
		want        []string
	}{
		{"default", false, []string{a.Id}},
		{"show-deleted", true, []string{a.Id, b.Id}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := syncAll(t, svc.Events.List("primary").SingleEvents(true).ShowDeleted(tt.showDeleted))
			got := ids(items)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("ids (-got +want):\n%s", diff)
			}
		})
	}
}

func TestInsertRules(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	deleted, err := svc.Events.Insert("primary", ev("deleted01", "x", base)).Do()
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Events.Delete("primary", deleted.Id).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Events.Insert("primary", ev("present01", "x", base)).Do(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		id         string
		wantCode   int
		wantReason string
	}{
		{"server-assigned", "", http.StatusOK, ""},
		{"valid-client-id", "0123456789abcdefghijklmnopqrstuv", http.StatusOK, ""},
		{"duplicate", "present01", http.StatusConflict, "duplicate"},
		{"duplicate-of-deleted", "deleted01", http.StatusConflict, "duplicate"},
		{"too-short", "abcd", http.StatusBadRequest, "invalid"},
		{"upper-case", "ABCDEFGH", http.StatusBadRequest, "invalid"},
		{"letter-past-v", "abcdefwxyz", http.StatusBadRequest, "invalid"},
		{"underscore", "abcde_12345", http.StatusBadRequest, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Events.Insert("primary", ev(tt.id, "x", base)).Do()
			if tt.wantCode != http.StatusOK {
				wantAPIErr(t, err, tt.wantCode, tt.wantReason)
				return
			}
			if err != nil {
				t.Fatalf("insert: %v", err)
			}
			if tt.id != "" && got.Id != tt.id {
				t.Errorf("id = %q, want %q", got.Id, tt.id)
			}
			if !validID(got.Id) {
				t.Errorf("assigned id %q is not in Google's alphabet", got.Id)
			}
		})
	}
}
