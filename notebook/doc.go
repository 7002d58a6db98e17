// Package notebook is the recruiting notebook: the record schema, one JSON
// file per interview written atomically under an advisory lock, queries,
// follow-up dates and export. It knows nothing of Google.
package notebook
