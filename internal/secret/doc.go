// Package secret reads the secrets of calendar sources (a calendar's secret
// address, a CalDAV password) from files only their owner can read, or from
// a command, and redacts addresses for messages and logs. It never logs.
//
// It must not log, and must never put a secret in an error message.
package secret
