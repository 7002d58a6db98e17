// Package config owns debrief's TOML configuration file: its types, the
// defaults, expansion of ~ and XDG paths, and validation that names the file,
// line and key of every mistake. It reads nothing but that file and the
// environment function it is given.
//
// It must not read the network or the calendar.
package config
