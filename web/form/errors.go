package form

import (
	"sort"
	"strings"
)

// Errors are a form's problems by field name, each a sentence saying what
// is wrong and what to do. A nil or empty Errors is a valid form.
type Errors map[string]string

// Error joins the problems, in field order, for an error page.
func (e Errors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = e[k]
	}
	return strings.Join(msgs, " ")
}

// err returns e as an error, nil when it holds nothing.
func (e Errors) err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}
