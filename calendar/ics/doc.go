// Package ics is the calendar source of an iCalendar address or file: the
// "secret address in iCal format" of a Google calendar, a published
// Outlook calendar, an iCloud public calendar, any .ics URL or file. It is
// read-only: no blocks are written there.
//
// A poll is one conditional GET (If-None-Match, If-Modified-Since): an
// unchanged calendar costs one request answered 304 and no parsing; a
// server that ignores both and sends the same bytes again costs the
// download but no parsing either. The last calendar is kept in the
// source's state directory, so a restarted daemon works offline from it.
// The address is a secret: it is never logged or put in an error in full
// (secret.RedactURL).
//
// It must not write blocks, and must never log or print the address in full.
package ics
