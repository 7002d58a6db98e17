// Package e2e runs the built debrief binary the way a person's systemd
// runs it, for end-to-end tests: it builds cmd/debrief, gives the daemon
// an environment with nothing of the person's in it, starts and stops it
// as a child that dies with the test, and records the notifications it
// delivers through the command backend (the test binary itself is that
// command: see RecordIfAsked). It also holds what such tests share: a
// systemd notification socket to wait for READY=1 on (ListenNotify), an
// output buffer safe to read while the child writes (Buffer), and polling
// (WaitFor, Await); any test sharing a writer with a goroutine uses Buffer.
//
// The calendar side is the test's: calendartest fakes, ICS servers,
// Radicale. cmd/debrief's daemon tests and reliability/ use this package;
// it must not be imported by non-test code.
package e2e
