package calendartest

import (
	"bytes"
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

func TestListParameterRules(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.Put("primary", ev("", "a", base))
	_, single := syncAll(t, svc.Events.List("primary").SingleEvents(true))
	_, series := syncAll(t, svc.Events.List("primary"))
	tests := []struct {
		name       string
		call       func() *gcal.EventsListCall
		wantCode   int
		wantReason string
	}{
		{"sync-with-iCalUID", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).ICalUID("x@google.com")
		}, 400, "invalid"},
		{"sync-with-orderBy", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SingleEvents(true).SyncToken(single).OrderBy("startTime")
		}, 400, "invalid"},
		{"sync-with-privateExtendedProperty", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).PrivateExtendedProperty("debrief=block")
		}, 400, "invalid"},
		{"sync-with-q", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(series).Q("interview") }, 400, "invalid"},
		{"sync-with-sharedExtendedProperty", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).SharedExtendedProperty("k=v")
		}, 400, "invalid"},
		{"sync-with-timeMin", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).TimeMin("2025-03-01T00:00:00Z")
		}, 400, "invalid"},
		{"sync-with-timeMax", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).TimeMax("2025-03-01T00:00:00Z")
		}, 400, "invalid"},
		{"sync-with-updatedMin", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SyncToken(series).UpdatedMin("2025-03-01T00:00:00Z")
		}, 400, "invalid"},
		{"sync-with-showDeleted-false", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(series).ShowDeleted(false) }, 400, "invalid"},
		{"sync-with-showDeleted-true", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(series).ShowDeleted(true) }, 200, ""},
		{"sync-with-maxResults", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(series).MaxResults(10) }, 200, ""},
		{"sync-singleEvents-differs-true", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(series).SingleEvents(true) }, 400, "invalid"},
		{"sync-singleEvents-differs-false", func() *gcal.EventsListCall { return svc.Events.List("primary").SyncToken(single) }, 400, "invalid"},
		{"orderBy-startTime-without-singleEvents", func() *gcal.EventsListCall { return svc.Events.List("primary").OrderBy("startTime") }, 400, "badRequest"},
		{"orderBy-startTime-with-singleEvents", func() *gcal.EventsListCall { return svc.Events.List("primary").OrderBy("startTime").SingleEvents(true) }, 200, ""},
		{"orderBy-updated", func() *gcal.EventsListCall { return svc.Events.List("primary").OrderBy("updated") }, 200, ""},
		{"orderBy-unknown", func() *gcal.EventsListCall { return svc.Events.List("primary").OrderBy("summary") }, 400, "invalid"},
		{"timeMin-not-RFC3339", func() *gcal.EventsListCall { return svc.Events.List("primary").TimeMin("2025-03-01T00:00:00") }, 400, "badRequest"},
		{"timeMax-equals-timeMin", func() *gcal.EventsListCall {
			return svc.Events.List("primary").TimeMin("2025-03-01T00:00:00Z").TimeMax("2025-03-01T00:00:00Z")
		}, 400, "timeRangeEmpty"},
		{"timeMin-on-full-sync", func() *gcal.EventsListCall {
			return svc.Events.List("primary").SingleEvents(true).TimeMin("2025-03-01T00:00:00Z")
		}, 200, ""},
		{"maxResults-zero", func() *gcal.EventsListCall { return svc.Events.List("primary").MaxResults(0) }, 400, "invalid"},
		{"extended-property-without-value", func() *gcal.EventsListCall { return svc.Events.List("primary").PrivateExtendedProperty("debrief") }, 400, "invalid"},
		{"garbage-page-token", func() *gcal.EventsListCall { return svc.Events.List("primary").PageToken("not a token") }, 400, "invalid"},
		{"unknown-calendar", func() *gcal.EventsListCall { return svc.Events.List("nobody@example.com") }, 404, "notFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.call().Do()
			if tt.wantCode == http.StatusOK {
				if err != nil {
					t.Fatalf("list: %v, want success", err)
				}
				return
			}
			wantAPIErr(t, err, tt.wantCode, tt.wantReason)
		})
	}
}

func TestPageTokenBoundToQuery(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	for i := range 3 {
		s.Put("primary", ev("", "e", base.Add(time.Duration(i)*time.Hour)))
	}
	first, err := svc.Events.List("primary").SingleEvents(true).MaxResults(1).Do()
	if err != nil {
		t.Fatal(err)
	}
	if first.NextPageToken == "" || first.NextSyncToken != "" {
		t.Fatalf("first page: nextPageToken %q nextSyncToken %q", first.NextPageToken, first.NextSyncToken)
	}
	tok := first.NextPageToken
	tests := []struct {
		name    string
		call    *gcal.EventsListCall
		wantErr bool
	}{
		{"same-query", svc.Events.List("primary").SingleEvents(true).MaxResults(1).PageToken(tok), false},
		{"other-page-size", svc.Events.List("primary").SingleEvents(true).MaxResults(5).PageToken(tok), false},
		{"other-singleEvents", svc.Events.List("primary").MaxResults(1).PageToken(tok), true},
		{"added-q", svc.Events.List("primary").SingleEvents(true).MaxResults(1).Q("e").PageToken(tok), true},
		{"added-timeMin", svc.Events.List("primary").SingleEvents(true).MaxResults(1).TimeMin("2025-01-01T00:00:00Z").PageToken(tok), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.call.Do()
			if tt.wantErr {
				wantAPIErr(t, err, http.StatusBadRequest, "invalid")
			} else if err != nil {
				t.Errorf("list: %v", err)
			}
		})
	}
	// Another calendar does not accept it either.
	s.AddCalendar("other", "")
	_, err = svc.Events.List("other").SingleEvents(true).MaxResults(1).PageToken(tok).Do()
	wantAPIErr(t, err, http.StatusBadRequest, "invalid")
}

func TestMaxResultsCappedAt2500(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	var seed bytes.Buffer
	seed.WriteString("[")
	for i := range maxMaxResults + 1 {
		if i > 0 {
			seed.WriteString(",")
		}
		t0 := base.Add(time.Duration(i) * time.Minute)
		fmt.Fprintf(&seed, `{"id":"e%04d","start":{"dateTime":%q},"end":{"dateTime":%q}}`, i, t0.Format(time.RFC3339), t0.Add(time.Minute).Format(time.RFC3339))
	}
	seed.WriteString("]")
	mustLoad(t, s, "primary", seed.Bytes())
	var sizes []int
	err := svc.Events.List("primary").MaxResults(5000).Pages(context.Background(), func(p *gcal.Events) error {
		sizes = append(sizes, len(p.Items))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sizes, []int{2500, 1}); diff != "" {
		t.Errorf("page sizes with maxResults=5000 (-got +want):\n%s", diff)
	}
}

func TestChangesDuringPagingReachNextSync(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	a := s.Put("primary", ev("", "a", base))
	s.Put("primary", ev("", "b", base.Add(time.Hour)))
	first, err := svc.Events.List("primary").MaxResults(1).Do()
	if err != nil {
		t.Fatal(err)
	}
	// The person edits the first event while the client pages.
	a.Summary = "a, edited"
	s.Put("primary", a)
	added := s.Put("primary", ev("", "c", base.Add(2*time.Hour)))
	_, token := syncAll(t, svc.Events.List("primary").MaxResults(1).PageToken(first.NextPageToken))
	got, _ := syncAll(t, svc.Events.List("primary").SyncToken(token))
	gotIDs := ids(got)
	slices.Sort(gotIDs)
	want := []string{a.Id, added.Id}
	slices.Sort(want)
	if diff := cmp.Diff(gotIDs, want); diff != "" {
		t.Errorf("next incremental (-got +want):\n%s", diff)
	}
}

func TestListFilters(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	nine := s.Put("primary", ev("", "Interview with Acme", base))
	ten := s.Put("primary", ev("", "standup", base.Add(time.Hour)))
	eleven := s.Put("primary", ev("", "lunch", base.Add(2*time.Hour)))
	block := ev("", "Reflect", base.Add(3*time.Hour))
	block.ExtendedProperties = &gcal.EventExtendedProperties{Private: map[string]string{"debrief": "block"}}
	blk := s.Put("primary", block)
	tests := []struct {
		name string
		call *gcal.EventsListCall
		want []string
	}{
		{"overlap-window", svc.Events.List("primary").SingleEvents(true).TimeMin("2025-03-21T10:00:00Z").TimeMax("2025-03-21T11:00:00Z"), []string{ten.Id}},
		{"window-cuts-into-events", svc.Events.List("primary").SingleEvents(true).TimeMin("2025-03-21T09:30:00Z").TimeMax("2025-03-21T10:30:00Z"), []string{nine.Id, ten.Id}},
		{"timeMin-only", svc.Events.List("primary").SingleEvents(true).TimeMin("2025-03-21T11:00:00+00:00"), []string{eleven.Id, blk.Id}},
		{"timeMax-only-other-offset", svc.Events.List("primary").SingleEvents(true).TimeMax("2025-03-21T11:00:00+01:00"), []string{nine.Id}},
		{"private-property", svc.Events.List("primary").PrivateExtendedProperty("debrief=block"), []string{blk.Id}},
		{"private-property-other-value", svc.Events.List("primary").PrivateExtendedProperty("debrief=other"), []string{}},
		{"text", svc.Events.List("primary").Q("acme interview"), []string{nine.Id}},
		{"iCalUID", svc.Events.List("primary").ICalUID(ten.ICalUID), []string{ten.Id}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := syncAll(t, tt.call.OrderBy(""))
			got := ids(items)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("ids (-got +want):\n%s", diff)
			}
		})
	}
}

func TestExpiredSyncToken(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	s.AddCalendar("other", "")
	e := s.Put("primary", ev("", "a", base))
	_, token := syncAll(t, svc.Events.List("primary"))
	_, otherToken := syncAll(t, svc.Events.List("other"))
	s.ExpireSyncTokens()

	tests := []struct {
		name  string
		cal   string
		token string
	}{
		{"expired", "primary", token},
		{"garbage", "primary", "bm90IGEgdG9rZW4"},
		{"another-calendars", "primary", otherToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Events.List(tt.cal).SyncToken(tt.token).Do()
			ge := wantAPIErr(t, err, http.StatusGone, "fullSyncRequired")
			if want := "Sync token is no longer valid, a full sync is required."; ge.Message != want || ge.Errors[0].Message != want {
				t.Errorf("message = %q / %q, want %q", ge.Message, ge.Errors[0].Message, want)
			}
		})
	}
	code, body := rawGet(t, s, "/calendar/v3/calendars/primary/events?syncToken="+token)
	want := `{"error":{"errors":[{"domain":"global","reason":"fullSyncRequired","message":"Sync token is no longer valid, a full sync is required."}],"code":410,"message":"Sync token is no longer valid, a full sync is required."}}`
	if diff := cmp.Diff(any(body), jsonValue(t, []byte(want))); code != http.StatusGone || diff != "" {
		t.Errorf("status %d, body (-got +want):\n%s", code, diff)
	}
	// A full sync gives a token that works again.
	items, fresh := syncAll(t, svc.Events.List("primary"))
	if diff := cmp.Diff(ids(items), []string{e.Id}); diff != "" {
		t.Errorf("full sync after expiry (-got +want):\n%s", diff)
	}
	if _, err := svc.Events.List("primary").SyncToken(fresh).Do(); err != nil {
		t.Errorf("fresh token: %v", err)
	}
}

func TestPrimaryAliasAndEscapedIDs(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	group := "abc123@group.calendar.google.com"
	s.AddCalendar(group, "Europe/Paris")
	p := s.Put("primary", ev("", "mine", base))
	g, err := svc.Events.Insert(group, ev("", "group", base)).Do()
	if err != nil {
		t.Fatalf("insert into %s: %v", group, err)
	}
	for _, tt := range []struct {
		cal  string
		want string
	}{
		{"primary", p.Id},
		{PrimaryEmail, p.Id},
		{group, g.Id},
	} {
		items, _ := syncAll(t, svc.Events.List(tt.cal))
		if diff := cmp.Diff(ids(items), []string{tt.want}); diff != "" {
			t.Errorf("list %s (-got +want):\n%s", tt.cal, diff)
		}
	}
	page, err := svc.Events.List(group).Do()
	if err != nil {
		t.Fatal(err)
	}
	if page.Kind != "calendar#events" || page.TimeZone != "Europe/Paris" || page.AccessRole != "owner" || page.Summary != group || page.Etag == "" || page.Updated == "" {
		t.Errorf("page metadata = %+v", page)
	}
	var sawEscaped bool
	for _, r := range s.Requests() {
		if r.Path == "/calendar/v3/calendars/"+group+"/events" {
			sawEscaped = true
		}
	}
	if !sawEscaped {
		t.Errorf("request log has no unescaped path for %s: %+v", group, s.Requests())
	}
}

func TestListTimeZoneParameter(t *testing.T) {
	s := mustServer(t)
	svc := mustService(t, s)
	page, err := svc.Events.List("primary").TimeZone("Asia/Tokyo").Do()
	if err != nil {
		t.Fatal(err)
	}
	if page.TimeZone != "Asia/Tokyo" {
		t.Errorf("timeZone = %q, want Asia/Tokyo", page.TimeZone)
	}
	_, err = svc.Events.List("primary").TimeZone("Mars/Olympus").Do()
	wantAPIErr(t, err, http.StatusBadRequest, "invalid")
}
