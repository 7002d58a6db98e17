// Package mux routes the daemon's calendar calls to the calendar sources
// they belong to, so that the daemon sees one calendar whatever mix of
// Google accounts, ICS addresses and CalDAV servers the person has.
//
// A source's calendars are known outside as "NAME/CALENDAR"; the source
// itself sees its own names ("primary", "interviews"). The [calendar]
// table's Google account is a source without a name whose ids pass through
// unchanged, so records and blocks made before sources existed keep their
// ids. The mux holds no state of its own beyond the renamed copies of the
// last events it returned; it must not decide anything about interviews.
package mux
