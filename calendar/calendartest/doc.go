// Package calendartest is an in-memory HTTP fake of the Google Calendar v3
// endpoints debrief uses, faithful to Google's wire format and documented
// rules, with fault injection and a request log. Tests and `debrief demo` use
// it; no other code may.
package calendartest
