package form

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// Done is the form of POST /records/{id}/done: what was done, and on which
// day.
type Done struct {
	What notebook.Kind // KindThankYou or KindFollowUp
	On   notebook.Date // today when the form leaves it out
	Back string        // the page to return to (Back)
}

// ParseDone reads a Done form; today is the day a form without "on" means.
func ParseDone(v url.Values, today notebook.Date) (Done, error) {
	errs := Errors{}
	d := Done{What: notebook.Kind(v.Get("what")), Back: Back(v)}
	if d.What != notebook.KindThankYou && d.What != notebook.KindFollowUp {
		errs["what"] = fmt.Sprintf("%q is not something to mark done: the page sends %s or %s. Reload the page and use its buttons.", d.What, notebook.KindThankYou, notebook.KindFollowUp)
	}
	d.On = day(v, today, errs)
	return d, errs.err()
}

// Outcome is the form of POST /records/{id}/outcome.
type Outcome struct {
	Status string        // one of notebook.Outcomes
	On     notebook.Date // today when the form leaves it out
	Back   string
}

// ParseOutcome reads an Outcome form; today is the day a form without
// "on" means.
func ParseOutcome(v url.Values, today notebook.Date) (Outcome, error) {
	errs := Errors{}
	o := Outcome{Status: v.Get("status"), Back: Back(v)}
	if !slices.Contains(notebook.Outcomes, o.Status) {
		errs["status"] = fmt.Sprintf("%q is not an outcome: choose one of %s.", o.Status, strings.Join(notebook.Outcomes, ", "))
	}
	o.On = day(v, today, errs)
	return o, errs.err()
}

// day reads the optional "on" date, today when empty.
func day(v url.Values, today notebook.Date, errs Errors) notebook.Date {
	if d := date(v, "on", "The day", errs); !d.IsZero() {
		return d
	}
	return today
}

// Back is the form's "back" field when it is a path of this app ("/",
// "/followups", "/records/0d4o53pe4q?status=open"), so an action returns to
// the page it was made on; "" for anything else (another site, a scheme,
// "//host"), and the handler picks its own page.
func Back(v url.Values) string {
	b := v.Get("back")
	if !strings.HasPrefix(b, "/") || strings.HasPrefix(b, "//") || strings.HasPrefix(b, "/\\") || len(b) > 2000 {
		return ""
	}
	u, err := url.Parse(b)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return u.RequestURI()
}
