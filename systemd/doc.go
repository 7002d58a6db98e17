// Package systemd holds debrief's systemd user unit, debrief.service, so
// that `debrief init` installs the same file the repository and the .deb
// ship.
//
// It must not hold logic beyond embedding the unit file.
package systemd
