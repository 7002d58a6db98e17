package systemd

import _ "embed"

// Unit is debrief.service, whose ExecStart runs %h/.local/bin/debrief.
//
//go:embed debrief.service
var Unit string
