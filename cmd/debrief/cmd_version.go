package main

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() {
	commands["version"] = command{
		summary: "print the version and commit debrief was built from",
		run:     cmdVersion,
	}
}

// version is set by the release build (scripts/release) with
// -ldflags "-X main.version=v1.2.3"; empty otherwise, and then the module
// version from the build info is used: the tag for `go install …@v1.2.3`,
// a pseudo-version or "(devel)" for a build from a checkout.
var version string

// commit is set by the release build with -X main.commit=…, for builds
// where the toolchain records no VCS information (GOFLAGS=-buildvcs=false,
// a copy of the tree without .git).
var commit string

// cmdVersion prints one line: the version, the commit and its time, whether
// the tree had changes, and the Go toolchain and platform.
func cmdVersion(e *env, args []string) error {
	fs := nbFlags(e, "version", "debrief version")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo() // nil in a binary built without module support
	fmt.Fprintln(e.stdout, versionLine(bi, version, commit))
	return nil
}

// versionLine describes the build: "debrief v1.2.3 (commit 0123abcd4567,
// 2026-11-30T10:00:00Z, modified; go1.26.8 linux/amd64)". override and
// stamped, when set, are the version and commit the release build stamped;
// the build info's commit comes first.
func versionLine(bi *debug.BuildInfo, override, stamped string) string {
	v, goVersion := "(devel)", runtime.Version()
	var commit, when, modified string
	if bi != nil {
		v = cmp.Or(bi.Main.Version, v)
		goVersion = cmp.Or(bi.GoVersion, goVersion)
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", modified"
				}
			}
		}
	}
	v = cmp.Or(override, v)
	commit = cmp.Or(commit, stamped)
	platform := goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
	if commit == "" {
		return fmt.Sprintf("debrief %s (commit unknown; %s)", v, platform)
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if when != "" {
		when = ", " + when
	}
	return fmt.Sprintf("debrief %s (commit %s%s%s; %s)", v, commit, when, modified, platform)
}
