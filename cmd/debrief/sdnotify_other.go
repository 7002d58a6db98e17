//go:build !unix

package main

// sdReloading is RELOADING=1: there is no systemd to tell the time to.
func sdReloading() string { return "RELOADING=1" }
