// Package calendar is debrief's Google Calendar v3 adapter: the OAuth desktop
// flow and token store, incremental sync with a persisted cache, writes of
// reflection blocks, free/busy, retries with backoff, and the mapping of API
// errors to a few sentinel errors. It does not decide what is an interview.
//
// A Client (New) talks to the API through the real
// google.golang.org/api/calendar/v3 client over the *http.Client it is given,
// which carries the authorization. Every call is retried by the Client itself
// (not by a transport): up to Config.MaxAttempts attempts, each under its own
// Config.RequestTimeout, on 429, 5xx, 403 rateLimitExceeded,
// userRateLimitExceeded or quotaExceeded, and network errors, sleeping a full
// jitter backoff or the server's Retry-After. Every other answer returns at
// once. Failures wrap one of the Err* sentinels; test them with errors.Is.
//
// Sync keeps, per calendar, a snapshot and an append-only journal under
// Config.StateDir/calendar/, so a restarted daemon continues incrementally and
// an offline one still has its last known events.
//
// It must not decide what is an interview: that is the daemon's.
package calendar
