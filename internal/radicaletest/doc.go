// Package radicaletest starts a real Radicale CalDAV server for tests: on
// a free loopback port, with a throwaway storage folder and `auth type =
// none` (any user name and password are accepted; each user owns the
// collections under /USER/). Tests that need it skip with the apt line
// when radicale is not installed.
//
// It must not be imported by non-test code.
package radicaletest
