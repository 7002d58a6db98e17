package form

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/debrief-dev/debrief/notebook"
)

func mustDate(t *testing.T, s string) notebook.Date {
	t.Helper()
	d, err := notebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseFilter(t *testing.T) {
	for _, tc := range []struct {
		name     string
		query    string
		want     Filter
		wantErrs []string // fields with an error
	}{
		{"empty", "", Filter{Page: 1}, nil},
		{"all-fields", "company=+Acme+&status=open&from=2026-03-01&to=2026-03-31&page=2",
			Filter{notebook.Filter{Company: "Acme", Status: "open", From: mustDate(t, "2026-03-01"), To: mustDate(t, "2026-03-31")}, 2}, nil},
		{"bad-status", "status=hired", Filter{Page: 1}, []string{"status"}},
		{"bad-dates", "from=yesterday&to=2026-02-30", Filter{Page: 1}, []string{"from", "to"}},
		{"to-before-from", "from=2026-03-10&to=2026-03-01", Filter{notebook.Filter{From: mustDate(t, "2026-03-10")}, 1}, []string{"to"}},
		{"bad-page", "page=0", Filter{Page: 1}, []string{"page"}},
		{"long-company", "company=" + strings.Repeat("a", 201), Filter{Page: 1}, []string{"company"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, errs := ParseFilter(q)
			if diff := cmp.Diff(got, tc.want); diff != "" {
				t.Errorf("ParseFilter(%q) differs (-got +want):\n%s", tc.query, diff)
			}
			var fields []string
			for k := range errs {
				fields = append(fields, k)
			}
			if diff := cmp.Diff(fields, tc.wantErrs, cmpSorted); diff != "" {
				t.Errorf("ParseFilter(%q) errors on %v, want %v: %v", tc.query, fields, tc.wantErrs, errs)
			}
		})
	}
}

var cmpSorted = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func TestFilterQuery(t *testing.T) {
	f := Filter{notebook.Filter{Company: "A&B", Status: "open", From: mustDate(t, "2026-03-01")}, 3}
	if got, want := f.Query().Encode(), "company=A%26B&from=2026-03-01&status=open"; got != want {
		t.Errorf("Query() = %q, want %q", got, want)
	}
}

func TestParseDoneOutcomeMark(t *testing.T) {
	today := mustDate(t, "2026-03-13")
	v := func(kv ...string) url.Values {
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q
	}
	t.Run("done", func(t *testing.T) {
		got, err := ParseDone(v("what", "follow-up", "on", "2026-03-12", "back", "/followups"), today)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, Done{notebook.KindFollowUp, mustDate(t, "2026-03-12"), "/followups"}); diff != "" {
			t.Errorf("ParseDone differs (-got +want):\n%s", diff)
		}
		if got, err := ParseDone(v("what", "thank-you"), today); err != nil || got.On != today {
			t.Errorf("ParseDone(no day) = %+v, %v; want today", got, err)
		}
		for _, bad := range []url.Values{v("what", "reply"), v("what", "thank-you", "on", "tomorrow")} {
			if _, err := ParseDone(bad, today); err == nil {
				t.Errorf("ParseDone(%v) = nil error", bad)
			}
		}
	})
	t.Run("outcome", func(t *testing.T) {
		got, err := ParseOutcome(v("status", "offer"), today)
		if err != nil || got.Status != "offer" || got.On != today {
			t.Errorf("ParseOutcome = %+v, %v", got, err)
		}
		if _, err := ParseOutcome(v("status", "hired"), today); err == nil || !strings.Contains(err.Error(), "next-round") {
			t.Errorf("ParseOutcome(hired) = %v, want an error listing the outcomes", err)
		}
	})
	t.Run("mark", func(t *testing.T) {
		got, err := ParseMark(v("event", " ev1_20260313 ", "verdict", "not-interview"))
		if err != nil || got.Event != "ev1_20260313" || got.Verdict != "not-interview" {
			t.Errorf("ParseMark = %+v, %v", got, err)
		}
		for _, bad := range []url.Values{v("event", "", "verdict", "auto"), v("event", "a\nb", "verdict", "auto"), v("event", "e", "verdict", "yes")} {
			if _, err := ParseMark(bad); err == nil {
				t.Errorf("ParseMark(%v) = nil error", bad)
			}
		}
	})
}

func TestBack(t *testing.T) {
	for in, want := range map[string]string{
		"/followups":                    "/followups",
		"/records?status=open":          "/records?status=open",
		"/companies/A%20B":              "/companies/A%20B",
		"":                              "",
		"followups":                     "",
		"//evil.example/":               "",
		"/\\evil.example":               "",
		"https://evil.example/":         "",
		"javascript:alert(1)":           "",
		"/" + strings.Repeat("a", 2001): "",
	} {
		if got := Back(url.Values{"back": {in}}); got != want {
			t.Errorf("Back(%q) = %q, want %q", in, got, want)
		}
	}
}
