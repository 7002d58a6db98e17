// Package caldav is the calendar source of a CalDAV server: Fastmail,
// Nextcloud, iCloud, Radicale and the like. It reads events and writes
// debrief's reflection blocks.
//
// The address is one calendar collection, or the account's address, from
// which the calendars are found through the current user's principal and
// its calendar home set (github.com/emersion/go-webdav). A calendar is
// named by the last segment of its collection's path.
//
// Sync compares the collection's getctag with the last one seen: an idle
// poll costs one PROPFIND. When it changed, one PROPFIND lists the
// getetag of every object and one calendar-multiget REPORT fetches those
// that changed. go-webdav has no sync-collection, so this is the protocol
// every CalDAV server supports. Blocks are VEVENTs whose UID, and
// resource name, is calendar.BlockID: writing one twice replaces it rather
// than duplicating it.
//
// The package must not decide what is an interview.
package caldav
