// Package reliability holds debrief's reliability tests, and nothing else:
// the built `debrief` binary run against calendartest over HTTP under
// injected faults (soak), kill -9 at random moments (crash loop), the
// daemon and several command-line processes writing the notebook at once,
// hostile calendar payloads, broken files and a full disk, and the
// security checks (no secret in logs or notifications, the OAuth listener,
// file modes, event text never becoming a command).
//
// The tests build cmd/debrief once (TestMain) and run it as a person's
// systemd would; the test binary itself doubles as the notification
// command, appending each notification it is run with to a file. The long
// variants are selected by flags:
//
//	go test ./reliability -run Soak -soak=10m
//	go test ./reliability -run CrashLoop -kills=100
//
// docs/RELIABILITY.md holds the figures these tests print and the
// commands that reproduce them.
//
// It must not be imported by anything.
package reliability
