// Package notifytest starts a real notification server for tests: dunst on
// a private session bus and a virtual X display (Xvfb). Every test that needs
// a desktop notification server uses it; it never touches the session the
// tests run in, and it D-Bus-activates nothing.
//
// A test that needs it calls Start, which skips the test (or fails it in CI,
// where CI=true) when a program is missing, naming the apt line that installs
// them. The server's actions can be invoked as a person would click them:
// Invoke chooses one through dunst's context menu, whose "dmenu" program is a
// picker script Start installs.
//
// It must not be imported by non-test code.
package notifytest
