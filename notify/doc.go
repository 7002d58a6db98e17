// Package notify delivers notifications: on the desktop over D-Bus, through a
// command, or to the log, with sanitised text and a hard deadline. On the
// desktop it shows buttons where the server can, and reports the person's
// choice (NotifyActions, Listen); elsewhere the page's address goes in the
// text. It does not decide when to notify, nor what a button does.
//
// It must not decide when to notify: the daemon does.
package notify
