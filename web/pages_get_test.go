package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func TestPages(t *testing.T) {
	det := &fakeDetection{seen: Seen{At: pagesNow.Add(-time.Minute), Poll: time.Minute}}
	a := mustPages(t, det)
	acme, globex, initech := a.ids["acme"], a.ids["globex"], a.ids["initech"]
	det.seen.Events = []SeenEvent{
		{ID: "acme-ev", CalendarID: "primary", Title: "Interview " + hostile, Start: time.Date(2026, 3, 13, 14, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 13, 15, 0, 0, 0, time.UTC),
			Interview: true, Reason: "keyword in the title", Company: "Acme", RecordID: acme,
			BlockStart: time.Date(2026, 3, 13, 15, 0, 0, 0, time.UTC), BlockEnd: time.Date(2026, 3, 13, 15, 30, 0, 0, time.UTC), BlockInCalendar: true},
		{ID: "lunch-ev", CalendarID: "primary", Title: "Lunch " + hostile, Start: time.Date(2026, 3, 13, 12, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 13, 13, 0, 0, 0, time.UTC),
			Reason: "no interview keyword", Mark: VerdictNotInterview},
	}
	tests := []struct {
		name       string
		path       string
		wantStatus int
		want       []string // substrings of the body
		notWant    []string
	}{
		{"today", "/", 200, []string{
			"Just ended", "ended 1 h ago", "/reflect/" + acme, "Reflect now", "Reflection block: 15:00–15:30 UTC, in the calendar",
			"Send the thank-you note", `action="/records/` + acme + `/done"`, `name="what" value="thank-you"`, `value="2026-03-13"`,
			"Coming up", "starts in 2 days", "/records/" + globex,
		}, []string{"/records/" + initech + `"`}},
		{"records-all", "/records", 200, []string{"Interviews 1–3 of 3", "/records/" + acme, "/records/" + globex, "/records/" + initech, "rejected",
			`<span class="muted">upcoming</span>`, `<a href="/reflect/` + acme + `">reflect<span class="sr"> on Acme — Backend &lt;script&gt;`}, []string{`<a href="/reflect/` + globex}},
		{"records-company", "/records?company=acme", 200, []string{"Interviews 1–1 of 1 (3 in the notebook)", "/records/" + acme, `value="acme"`}, []string{"/records/" + initech}},
		{"records-status", "/records?status=rejected", 200, []string{"/records/" + initech, `<option value="rejected" selected>`}, []string{"/records/" + acme}},
		{"records-dates", "/records?from=2026-03-10&to=2026-03-14", 200, []string{"/records/" + acme}, []string{"/records/" + globex, "/records/" + initech}},
		{"records-bad-filter", "/records?from=yesterday&status=hired", 200, []string{
			"From: &#34;yesterday&#34; is not a date", "&#34;hired&#34; is not a status", `aria-invalid="true"`, "Interviews 1–3 of 3",
		}, nil},
		{"records-none-match", "/records?company=nobody", 200, []string{"No interview matches these filters (3 in the notebook)"}, nil},
		{"record", "/records/" + initech, 200, []string{
			"Initech — Platform engineer", "1. Interview details", "Overall rating", "7/10", "Design a rate limiter",
			"difficult", "token bucket", "10. Action plan", "Outcome", "rejected on 2026-03-09", "/companies/Initech", "Edit the reflection",
		}, nil},
		{"record-prefix", "/records/" + acme[:6], 200, []string{"Acme — Backend", "To do", "Mark the note sent"}, nil},
		{"record-unknown", "/records/vvvvvvvv", 404, []string{"No interview with this id"}, nil},
		{"record-bad-id", "/records/..%2f..%2fetc", 404, []string{"not an interview"}, nil},
		{"followups", "/followups", 200, []string{
			"Due now", "Send the thank-you note", "/thank-you/" + acme, "Coming up", "A reply is expected", `action="/records/` + acme + `/outcome"`,
		}, nil},
		{"followups-upcoming-note-no-button", "/followups", 200, []string{
			`<p><a href="/thank-you/` + globex + `">See the draft<span class="sr"> for Globex &lt;script&gt;`, `<option value="">choose…</option>`,
		}, nil},
		{"thank-you", "/thank-you/" + acme, 200, []string{"Thank-you note", `href="mailto:ana@acme.example?`, "ana@acme.example", "Mark the note sent"}, nil},
		{"companies", "/companies", 200, []string{`href="/companies/Acme"`, `href="/companies/Initech"`, "Globex &lt;script&gt;"}, nil},
		{"company", "/companies/initech", 200, []string{"Initech", "1 round", "outcome <strong>rejected</strong>", "/records/" + initech, "Design a rate limiter"}, nil},
		{"company-hostile", "/companies/" + url.PathEscape("Globex "+hostile), 200, []string{"Globex &lt;script&gt;"}, nil},
		{"company-unknown", "/companies/Umbrella", 404, []string{"No interview in the notebook is with a company of this name"}, nil},
		{"questions", "/questions", 200, []string{"2 questions asked in 3 interviews", "Practise next", "Design a rate limiter", "went poorly 1×", "Tell me about yourself"}, nil},
		{"stats", "/stats", 200, []string{`<svg viewBox=`, `role="img"`, "Mean rating and confidence by round", "The figures", "2 interviews"}, nil},
		{"stats-since", "/stats?since=2026-03-10", 200, []string{"1 interview so far since 2026-03-10"}, nil},
		{"stats-bad-since", "/stats?since=soon", 200, []string{"is not a date"}, nil},
		{"review", "/review", 200, []string{"Weekly review", "Mon 2026-03-09 to Sun 2026-03-15", "/reflect/" + acme, "The week before"}, nil},
		{"review-week", "/review?week=2026-03-02", 200, []string{"Mon 2026-03-02 to Sun 2026-03-08", "Initech", "The week after"}, nil},
		{"events", "/events", 200, []string{
			"Interviews", "keyword in the title", `name="event" value="acme-ev"`, `value="not-interview"`,
			"Not interviews", "You marked it not an interview.", `value="auto"`, "/records/" + acme,
		}, nil},
		{"unknown-page", "/nowhere", 404, []string{"There is no page at /nowhere"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := a.get(t, tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.wantStatus)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q, want text/html", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s does not contain %q", tt.path, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("GET %s contains %q", tt.path, w)
				}
			}
			checkInert(t, body)
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

func TestPagesWithoutDaemon(t *testing.T) {
	a := mustPages(t, nil)
	for path, want := range map[string]string{
		"/":       "The daemon is not running, so the reflection blocks are not shown",
		"/events": "The daemon is not running, so there are no calendar events to show",
	} {
		resp, body := a.get(t, path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s = %s, want 200 saying %q:\n%s", path, resp.Status, want, body)
		}
	}
	resp, body := a.post(t, "/events/mark", url.Values{"event": {"x"}, "verdict": {"interview"}})
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "debrief mark EVENT") {
		t.Errorf("POST /events/mark without a daemon = %s, want 503 saying how to mark from a terminal:\n%s", resp.Status, body)
	}
}

func TestPagesEmptyNotebook(t *testing.T) {
	a := mustPagesOf(t, &fakeDetection{seen: Seen{At: pagesNow}}, func(*testing.T, *notebook.Book) map[string]string { return nil })
	for path, want := range map[string]string{
		"/":          "No interview ended in the last three days.",
		"/records":   "The notebook is empty",
		"/followups": "Nothing is due",
		"/companies": "No interview in the notebook names a company yet.",
		"/questions": "No questions noted in 0 interviews yet",
		"/stats":     "No past interviews in the notebook yet",
		"/review":    "No interview this week.",
		"/events":    "No event of the watched calendars looks like an interview.",
	} {
		resp, body := a.get(t, path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s = %s, want 200 saying %q:\n%s", path, resp.Status, want, body)
		}
	}
}
