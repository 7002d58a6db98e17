// Package calendartest is an in-memory HTTP fake of the Google Calendar v3
// endpoints debrief uses, with fault injection and a request log. Tests and
// `debrief demo` use it through the real google.golang.org/api/calendar/v3
// client:
//
//	s := calendartest.New()
//	defer s.Close()
//	svc, err := gcal.NewService(ctx, option.WithEndpoint(s.Endpoint()), option.WithoutAuthentication())
//
// No other code may import it. Where it and Google differ, the fake is
// wrong.
//
// # Faithful to Google
//
//   - Paths: calendars/{calendarId}/events[/{eventId}] (list, insert, get,
//     patch, update, delete), freeBusy, users/me/calendarList; ids arrive
//     path-escaped; "primary" is an alias of the primary calendar, whose id
//     is [PrimaryEmail].
//   - events.list: singleEvents, showDeleted (with Google's rules for
//     cancelled instances), timeMin/timeMax by overlap (end > timeMin, start
//     < timeMax), orderBy startTime (400 without singleEvents) or updated,
//     maxResults (default 250; above 2500 capped silently, as the discovery
//     document says the page "can never be larger"; below 1 is 400),
//     pageToken, syncToken, updatedMin, iCalUID, q, eventTypes,
//     private/sharedExtendedProperty. Every page carries nextPageToken or,
//     on the last page only, nextSyncToken. A page token is bound to its
//     query (any other parameter than maxResults → 400). With syncToken,
//     iCalUID, orderBy, privateExtendedProperty, q, sharedExtendedProperty,
//     timeMin, timeMax, updatedMin and showDeleted=false are 400, and so is
//     a singleEvents other than the full sync's. Expired tokens (see
//     [Server.ExpireSyncTokens]) answer 410 fullSyncRequired with Google's
//     body. A sync token covers every change after the first page of the
//     list that produced it, so changes made while a client pages are in
//     its next incremental sync.
//   - Incremental results hold every event changed since the token, the
//     client's own writes included; deleted events as {kind, etag, id,
//     status}, cancelled instances with recurringEventId and
//     originalStartTime too (fixtures 01, 02, 06). Changing or deleting an
//     instance also lists its series again with singleEvents=false
//     (fixtures 01, 03); deleting a series lists its bare id, or with
//     singleEvents=true each instance cancelled.
//   - Recurring events: instances "<id>_<YYYYMMDDTHHMMSSZ>" (all-day
//     "<id>_<YYYYMMDD>") with recurringEventId and originalStartTime, start
//     and end in the series' zone, wall-clock times kept across DST.
//     Writing an instance makes an exception; a series change leaves
//     exceptions alone and cancels occurrences that no longer exist.
//   - insert: client ids must match [0-9a-v]{5,1024} (400 invalid); an id in
//     use, deleted or not, is 409 duplicate; without one the server assigns
//     one from that alphabet. get returns deleted events with status
//     cancelled; delete answers 204, then 410 deleted; unknown ids 404.
//     patch replaces the top-level fields present (null clears one),
//     update replaces the event (a deleted one stays deleted unless the
//     body sets status). Every write bumps updated and etag, inserts,
//     patches and updates sequence too (a delete, or an instance change
//     that lists its series again, does not: fixture 01). Fields are kept exactly as sent (reminders.useDefault
//     false, extendedProperties). Error bodies have Google's JSON shape and
//     messages (fixtures 09_*). If-Match mismatches are 412. Reminders
//     with useDefault true and overrides, more than 5 overrides, an unknown
//     transparency or an extended property value over 1024 characters are
//     400; extended property keys over 44 characters are dropped silently.
//   - The fields parameter (partial response: "items(id,start/dateTime)",
//     "*") trims every answer, so a field a client forgot to ask for is
//     missing here too; a malformed selection is 400.
//   - freeBusy: busy spans of opaque, non-cancelled events the owner has not
//     declined, clipped to the window and merged, formatted in the request's
//     timeZone; unknown calendars get errors [{global, notFound}].
//
// # Simplified
//
//   - Recurrence: one RRULE with FREQ DAILY, WEEKLY, MONTHLY or YEARLY,
//     INTERVAL, COUNT, UNTIL, WKST, and plain BYDAY on DAILY and WEEKLY;
//     EXDATE and RDATE. Anything else is refused (400 from the API, a panic
//     from Put). A series is expanded when written, up to 366 days past the
//     clock and at most 2000 instances, its first occurrence always.
//   - patch does not merge nested objects: start, end, reminders and
//     extendedProperties present in the body replace the stored ones whole.
//   - An undecodable sync token is 410 fullSyncRequired, like an expired one.
//   - The list parameter timeZone only sets the answer's timeZone;
//     maxAttendees, showHiddenInvitations, sendUpdates and
//     conferenceDataVersion are ignored, and so are organizer and creator
//     sent through the API (a new event's are the calendar's owner).
//     calendarList.list answers everything on one page.
//   - No events.instances, move, import, quickAdd or watch; no ACLs, no
//     authentication: every caller owns every calendar.
//   - Keys that are not part of the event resource are dropped, as the Go
//     client drops them.
//
// It must not be imported by non-test code other than `debrief demo`, and must
// not differ from Google's documented behaviour: where they differ, the fake
// is wrong.
package calendartest
