// Package calendar is debrief's Google Calendar v3 adapter: the OAuth desktop
// flow and token store, incremental sync with a persisted cache, writes of
// reflection blocks, free/busy, retries with backoff, and the mapping of API
// errors to a few sentinel errors. It does not decide what is an interview.
package calendar
