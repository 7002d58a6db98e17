package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

func TestTodayOf(t *testing.T) {
	now := time.Date(2026, 3, 13, 16, 0, 0, 0, time.UTC)
	rec := func(ev string, start time.Time) *notebook.Record {
		return &notebook.Record{ID: notebook.RecordID("primary", ev), Interview: notebook.Details{Company: ev, Date: notebook.DateOf(start)},
			Source: &notebook.Source{CalendarID: "primary", EventID: ev, Start: start, End: start.Add(time.Hour), TimeZone: "UTC"}}
	}
	recs := []*notebook.Record{
		rec("last-week", now.Add(-7*24*time.Hour)),
		rec("ended", now.Add(-3*time.Hour)),
		rec("now", now.Add(-30*time.Minute)),
		rec("soon", now.Add(90*time.Minute)),
		rec("next-month", now.Add(30*24*time.Hour)),
	}
	seen := &Seen{At: now, Events: []SeenEvent{{RecordID: recs[1].ID, BlockStart: now.Add(-2 * time.Hour), BlockEnd: now.Add(-90 * time.Minute), BlockInCalendar: true}}}
	v := todayOf(recs, seen, now, time.UTC, notebook.Policy{ThankYouWithin: 24 * time.Hour, ReplyAfterDays: 5, FollowUpDays: 2})
	type item struct{ Title, Status, Block string }
	items := func(its []todayItem) []item {
		var out []item
		for _, it := range its {
			out = append(out, item{it.Title, it.Status, it.Block})
		}
		return out
	}
	if diff := cmp.Diff(items(v.Ended), []item{
		{"now", "in progress, ends at 16:30 UTC", ""},
		{"ended", "ended 2 h ago", "14:00–14:30 UTC, in the calendar"},
	}); diff != "" {
		t.Errorf("Ended differs (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(items(v.Coming), []item{{"soon", "starts in 1 h 30 min", ""}}); diff != "" {
		t.Errorf("Coming differs (-got +want):\n%s", diff)
	}
	if v.Day != "Friday 13 March 2026" || v.Blocks != "" {
		t.Errorf("Day %q, Blocks %q", v.Day, v.Blocks)
	}
	for _, tc := range []struct {
		name string
		seen *Seen
		want string
	}{
		{"no-daemon", nil, "The daemon is not running"},
		{"no-pass-yet", &Seen{}, "has not looked at the calendar yet"},
	} {
		if got := todayOf(recs, tc.seen, now, time.UTC, notebook.Policy{}).Blocks; !strings.Contains(got, tc.want) {
			t.Errorf("%s: Blocks = %q, want it to say %q", tc.name, got, tc.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second: "less than a minute", 40 * time.Minute: "40 min", time.Hour: "1 h",
		90 * time.Minute: "1 h 30 min", 11*time.Hour + 5*time.Minute: "11 h", 50 * time.Hour: "2 days",
	} {
		if got := span(d); got != want {
			t.Errorf("span(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFlashCookie(t *testing.T) {
	w := httptest.NewRecorder()
	setWarning(w, "Nothing was changed: <b>x</b>")
	c := w.Result().Cookies()[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.MaxAge != 60 {
		t.Errorf("flash cookie %+v, want HttpOnly, SameSite=Strict, one minute", c)
	}
	for _, tc := range []struct {
		name, value string
		want        *flash
	}{
		{"kept", c.Value, &flash{Text: "Nothing was changed: <b>x</b>", Kind: "warn"}},
		{"unknown-kind", "bad." + c.Value[len("warn."):], nil},
		{"not-base64", "ok.%%%", nil},
		{"no-kind", "aGVsbG8", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.AddCookie(&http.Cookie{Name: flashCookie, Value: tc.value})
			w := httptest.NewRecorder()
			got := takeFlash(w, r)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("takeFlash differs (-got +want):\n%s", diff)
			}
			if cs := w.Result().Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
				t.Errorf("takeFlash did not clear the cookie: %v", cs)
			}
		})
	}
}
