package form

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/debrief-dev/debrief/notebook"
)

// Filter is the notebook page's query: ?company=&status=&from=&to=&page=.
type Filter struct {
	notebook.Filter
	// Page is the page of results, from 1.
	Page int
}

// maxCompany bounds the company filter.
const maxCompany = 200

// ParseFilter reads the notebook page's query. A value that cannot be used
// is left out of the Filter and named in Errors; the rest still applies,
// so the page can show what it did with the others.
func ParseFilter(q url.Values) (Filter, Errors) {
	f := Filter{Page: 1}
	errs := Errors{}
	f.Company = strings.TrimSpace(q.Get("company"))
	if len(f.Company) > maxCompany {
		errs["company"] = fmt.Sprintf("The company filter is longer than %d characters: shorten it.", maxCompany)
		f.Company = ""
	}
	if s := q.Get("status"); s != "" {
		if slices.Contains(notebook.Statuses, s) {
			f.Status = s
		} else {
			errs["status"] = fmt.Sprintf("%q is not a status: choose one of the list.", s)
		}
	}
	f.From = date(q, "from", "From", errs)
	f.To = date(q, "to", "To", errs)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		errs["to"] = fmt.Sprintf("To (%s) is before From (%s): swap them.", f.To, f.From)
		f.To = notebook.Date{}
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			errs["page"] = fmt.Sprintf("%q is not a page number.", s)
		} else {
			f.Page = n
		}
	}
	return f, errs
}

// Query is f as the notebook page's query, without the page: what links
// to other pages of the same results carry.
func (f Filter) Query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("company", f.Company)
	set("status", f.Status)
	if !f.From.IsZero() {
		q.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		q.Set("to", f.To.String())
	}
	return q
}

// date reads the YYYY-MM-DD field key, zero when empty; a value that is
// not a date is named in errs under key.
func date(q url.Values, key, label string, errs Errors) notebook.Date {
	s := strings.TrimSpace(q.Get(key))
	if s == "" {
		return notebook.Date{}
	}
	d, err := notebook.ParseDate(s)
	if err != nil {
		errs[key] = fmt.Sprintf("%s: %q is not a date: write it as YYYY-MM-DD, such as 2026-03-14.", label, s)
		return notebook.Date{}
	}
	return d
}
