package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	platform := "go1.26.0 " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
		{Key: "vcs.modified", Value: "false"},
	}
	modified := append(vcs[:3:3], debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	for _, tc := range []struct {
		name     string
		bi       *debug.BuildInfo
		override string
		stamped  string
		want     string
	}{
		{"go-install-tag", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}},
			"", "", "debrief v1.2.3 (commit unknown; " + platform + ")"},
		{"checkout", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"", "", "debrief (devel) (commit 0123456789ab, 2026-11-30T10:00:00Z; " + platform + ")"},
		{"checkout-modified", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v0.0.0-20261130100000-0123456789ab+dirty"}, Settings: modified},
			"", "", "debrief v0.0.0-20261130100000-0123456789ab+dirty (commit 0123456789ab, 2026-11-30T10:00:00Z, modified; " + platform + ")"},
		{"release-stamped", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"v1.3.0", "fedcba9876543210", "debrief v1.3.0 (commit 0123456789ab, 2026-11-30T10:00:00Z; " + platform + ")"},
		{"release-without-vcs-info", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			"v1.3.0", "fedcba9876543210fedcba", "debrief v1.3.0 (commit fedcba987654; " + platform + ")"},
		{"no-build-info", nil, "", "", "debrief (devel) (commit unknown; " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionLine(tc.bi, tc.override, tc.stamped); got != tc.want {
				t.Errorf("versionLine() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		stdout, stderr, code := runDebrief(t, args...)
		if code != 0 || !strings.HasPrefix(stdout, "debrief ") || !strings.Contains(stdout, runtime.GOOS+"/"+runtime.GOARCH) || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 0 and one version line", args, code, stdout, stderr)
		}
	}
}
