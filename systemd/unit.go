// Package systemd holds debrief's systemd user unit, debrief.service, so
// that `debrief init` installs the same file the repository and the .deb
// ship.
package systemd

import _ "embed"

// Unit is debrief.service, whose ExecStart runs %h/.local/bin/debrief.
//
//go:embed debrief.service
var Unit string
