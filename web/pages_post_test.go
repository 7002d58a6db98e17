package web

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/insight/questions"
	"github.com/debrief-dev/debrief/notebook"
)

func TestRecordActions(t *testing.T) {
	day := func(s string) *notebook.Date {
		d, err := notebook.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	tests := []struct {
		name         string
		record       string // fixture
		path         string // after /records/{id}
		form         url.Values
		wantStatus   int
		wantLocation string
		wantFlash    string // on the page redirected to
		wantBody     string // of a refused form
		want         notebook.FollowUp
	}{
		{
			name: "thank-you-sent-today", record: "acme", path: "done",
			form:       url.Values{"what": {"thank-you"}, "back": {"/followups"}},
			wantStatus: 303, wantLocation: "/followups",
			wantFlash: "Thank-you note marked sent on 2026-03-13: Acme — Backend &lt;script&gt;",
			want:      notebook.FollowUp{ThankYouSent: day("2026-03-13")},
		},
		{
			name: "follow-up-done-on-a-day", record: "acme", path: "done",
			form:       url.Values{"what": {"follow-up"}, "on": {"2026-03-12"}},
			wantStatus: 303, wantLocation: "/records/{id}",
			wantFlash: "Follow-up marked done on 2026-03-12",
			want:      notebook.FollowUp{FollowUpDone: day("2026-03-12")},
		},
		{
			name: "outcome-offer", record: "globex", path: "outcome",
			form:       url.Values{"status": {"offer"}, "on": {"2026-03-13"}, "back": {"/records?status=open"}},
			wantStatus: 303, wantLocation: "/records?status=open",
			wantFlash: "Outcome offer on 2026-03-13 recorded",
			want:      notebook.FollowUp{Outcome: notebook.OutcomeOffer, OutcomeOn: day("2026-03-13")},
		},
		{
			name: "back-to-another-site-ignored", record: "acme", path: "done",
			form:       url.Values{"what": {"thank-you"}, "back": {"//evil.example/x"}},
			wantStatus: 303, wantLocation: "/records/{id}",
			wantFlash: "Thank-you note marked sent",
			want:      notebook.FollowUp{ThankYouSent: day("2026-03-13")},
		},
		{
			name: "done-what-unknown", record: "acme", path: "done",
			form:       url.Values{"what": {"reply"}},
			wantStatus: 400, wantBody: "&#34;reply&#34; is not something to mark done",
		},
		{
			name: "done-bad-date", record: "acme", path: "done",
			form:       url.Values{"what": {"thank-you"}, "on": {"13/03/2026"}},
			wantStatus: 400, wantBody: "is not a date: write it as YYYY-MM-DD",
		},
		{
			name: "outcome-unknown", record: "acme", path: "outcome",
			form:       url.Values{"status": {"hired"}},
			wantStatus: 400, wantBody: "&#34;hired&#34; is not an outcome",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustPages(t, nil)
			id := a.ids[tt.record]
			before := a.mustRecord(t, tt.record)
			resp, body := a.post(t, "/records/"+id+"/"+tt.path, tt.form)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("POST = %s, want %d:\n%s", resp.Status, tt.wantStatus, body)
			}
			got := a.mustRecord(t, tt.record)
			if tt.wantStatus != http.StatusSeeOther {
				if !strings.Contains(body, tt.wantBody) || !strings.Contains(body, "Nothing was changed") {
					t.Errorf("refusal does not say %q and that nothing changed:\n%s", tt.wantBody, body)
				}
				if diff := cmp.Diff(got, before); diff != "" {
					t.Errorf("a refused form changed the record (-got +want):\n%s", diff)
				}
				return
			}
			loc := strings.ReplaceAll(tt.wantLocation, "{id}", id)
			if got := resp.Header.Get("Location"); got != loc {
				t.Errorf("Location = %q, want %q", got, loc)
			}
			if diff := cmp.Diff(got.FollowUp, tt.want); diff != "" {
				t.Errorf("record on disk: FollowUp differs (-got +want):\n%s", diff)
			}
			// The page redirected to says what happened, once.
			_, page := a.get(t, loc)
			if !strings.Contains(page, `role="status">`+tt.wantFlash) {
				t.Errorf("the page after the action does not say %q:\n%s", tt.wantFlash, page)
			}
			checkInert(t, page)
			if _, again := a.get(t, loc); strings.Contains(again, tt.wantFlash) {
				t.Errorf("the message shows again on reload")
			}
		})
	}
}

func TestRecordActionsRefused(t *testing.T) {
	a := mustPages(t, nil)
	for _, tt := range []struct {
		name, path string
		wantStatus int
	}{
		{"unknown-record", "/records/vvvvvvvv/done", 404},
		{"bad-id", "/records/zz/done", 404},
		{"get-is-no-page", "", 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			if tt.path == "" {
				resp, _ = a.get(t, "/records/"+a.ids["acme"]+"/done")
			} else {
				resp, _ = a.post(t, tt.path, url.Values{"what": {"thank-you"}})
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
		})
	}
}

func TestEventsMark(t *testing.T) {
	det := &fakeDetection{seen: Seen{At: pagesNow, Events: []SeenEvent{{ID: "lunch-ev", Title: "Lunch " + hostile}}}}
	a := mustPages(t, det)
	for _, tt := range []struct {
		name, event, verdict string
		wantStatus           int
		wantFlash            string
	}{
		{"not-interview", "lunch-ev", "not-interview", 303, "Marked “Lunch &lt;script&gt;"},
		{"interview", "other-ev", "interview", 303, "Marked other-ev as an interview"},
		{"auto", "lunch-ev", "auto", 303, "Removed your mark on “Lunch"},
		{"occurrence", "standup_20260313T090000Z", "not-interview", 303, "for every occurrence of the series, run: debrief mark standup not-interview"},
		{"bad-verdict", "lunch-ev", "maybe", 400, ""},
		{"no-event", "", "auto", 400, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			det.marks = nil
			resp, body := a.post(t, "/events/mark", url.Values{"event": {tt.event}, "verdict": {tt.verdict}, "back": {"/events"}})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("POST /events/mark = %s, want %d:\n%s", resp.Status, tt.wantStatus, body)
			}
			if tt.wantStatus != http.StatusSeeOther {
				if len(det.marks) != 0 {
					t.Errorf("a refused form marked %v", det.marks)
				}
				return
			}
			if diff := cmp.Diff(det.marks, [][2]string{{tt.event, tt.verdict}}); diff != "" {
				t.Errorf("marks differ (-got +want):\n%s", diff)
			}
			_, page := a.get(t, resp.Header.Get("Location"))
			if !strings.Contains(page, tt.wantFlash) {
				t.Errorf("the events page does not say %q:\n%s", tt.wantFlash, page)
			}
			checkInert(t, page)
		})
	}
	det.err = errors.New("state directory read-only")
	resp, body := a.post(t, "/events/mark", url.Values{"event": {"lunch-ev"}, "verdict": {"interview"}})
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "state directory read-only") {
		t.Errorf("a failed mark = %s, want 500 naming the cause:\n%s", resp.Status, body)
	}
}

func TestQuestionsMergeSplit(t *testing.T) {
	a := mustPages(t, nil)
	steps := []struct {
		name       string
		path       string
		form       url.Values
		wantFlash  string
		wantKind   string
		wantBank   string // on the bank page after it
		wantStatus int
	}{
		{"merge", "/questions/merge", url.Values{"a": {"1"}, "b": {"#2"}, "back": {"/questions"}},
			"are now one question (2 asks)", "ok", "2 questions asked in 3 interviews: 1 distinct question.", 303},
		{"merge-again-refused", "/questions/merge", url.Values{"a": {"1"}, "b": {"Tell me about yourself"}},
			"Nothing was changed: ", "warn", "1 distinct question.", 303},
		{"split-by-number", "/questions/split", url.Values{"ref": {"1"}},
			"is now 2 questions, one per wording", "ok", "2 distinct questions.", 303},
		{"split-unknown", "/questions/split", url.Values{"ref": {"99"}},
			"Nothing was changed: there is no question 99", "warn", "2 distinct questions.", 303},
		{"merge-missing", "/questions/merge", url.Values{"a": {"1"}},
			"", "", "", 400},
	}
	for _, st := range steps {
		resp, body := a.post(t, st.path, st.form)
		if resp.StatusCode != st.wantStatus {
			t.Fatalf("%s: POST %s = %s, want %d:\n%s", st.name, st.path, resp.Status, st.wantStatus, body)
		}
		if st.wantStatus != http.StatusSeeOther {
			continue
		}
		if loc := resp.Header.Get("Location"); loc != "/questions" {
			t.Errorf("%s: Location = %q, want /questions", st.name, loc)
		}
		_, page := a.get(t, "/questions")
		if !strings.Contains(page, `<p class="notice `+st.wantKind+`" role="status">`) || !strings.Contains(page, st.wantFlash) {
			t.Errorf("%s: the bank does not say %q as %s", st.name, st.wantFlash, st.wantKind)
		}
		if !strings.Contains(page, st.wantBank) {
			t.Errorf("%s: the bank does not read %q:\n%s", st.name, st.wantBank, page)
		}
		checkInert(t, page)
	}
	if _, err := os.Stat(filepath.Join(a.book.Dir(), questions.File)); err != nil {
		t.Errorf("the corrections were not kept in the notebook folder: %v", err)
	}
}
