// Package notify delivers notifications: on the desktop over D-Bus, through a
// command, or to the log, with sanitised text and a hard deadline. It does not
// decide when to notify.
package notify
