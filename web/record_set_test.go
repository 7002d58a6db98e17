package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/debrief-dev/debrief/notebook"
)

// fakeCorrector sets the field through the notebook, as daemon.Correct
// does, without remembering anything: the web app's part is the form, the
// refusal of a bad one, and saying what was done.
func fakeCorrector(book *notebook.Book) Corrector {
	return func(id, what, value string, all bool) ([]string, error) {
		var old string
		r, err := book.Update(id, func(r *notebook.Record) error {
			if what == "company" {
				old, r.Interview.Company = r.Interview.Company, value
			} else {
				old, r.Interview.Position = r.Interview.Position, value
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return []string{fmt.Sprintf("%s: %s %q → %q (all=%v).", r.ID, what, old, value, all)}, nil
	}
}

func TestRecordSet(t *testing.T) {
	a := mustPages(t, nil)
	id := a.ids["globex"]
	for _, tt := range []struct {
		name       string
		form       url.Values
		wantStatus int
		wantFlash  string
	}{
		{"company", url.Values{"what": {"company"}, "value": {"Fabrikam <Labs>"}, "all": {"on"}}, 303, "→ &#34;Fabrikam &lt;Labs&gt;&#34; (all=true)"},
		{"position", url.Values{"what": {"position"}, "value": {"Staff Engineer"}}, 303, "position"},
		{"bad-field", url.Values{"what": {"salary"}, "value": {"x"}}, 400, ""},
		{"empty", url.Values{"what": {"company"}, "value": {"  "}}, 400, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := a.mustRecord(t, "globex")
			resp, body := a.post(t, "/records/"+id+"/set", tt.form)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("POST = %s, want %d:\n%s", resp.Status, tt.wantStatus, body)
			}
			if tt.wantStatus != http.StatusSeeOther {
				if !strings.Contains(body, "Nothing was changed") {
					t.Errorf("refusal does not say nothing changed:\n%s", body)
				}
				if diff := cmp.Diff(a.mustRecord(t, "globex"), before); diff != "" {
					t.Errorf("a refused form changed the record (-got +want):\n%s", diff)
				}
				return
			}
			_, page := a.get(t, resp.Header.Get("Location"))
			if !strings.Contains(page, tt.wantFlash) {
				t.Errorf("the record page does not say %q:\n%s", tt.wantFlash, page)
			}
			if !strings.Contains(page, `action="/records/`+id+`/set"`) {
				t.Errorf("the record page has no correction form")
			}
			checkInert(t, page)
		})
	}
}
