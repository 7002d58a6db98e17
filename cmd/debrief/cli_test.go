package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// runDebrief runs debrief with args in a fresh temp HOME with nothing in
// it, and returns what it printed and its exit code.
func runDebrief(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home := t.TempDir()
	return runIn(t, home, "", args...)
}

// runIn runs debrief with HOME set to home and stdin reading input.
func runIn(t *testing.T, home, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(input), &out, &errb, func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	})
	if err != nil {
		code = exitCode(err)
		fmt.Fprintf(&errb, "debrief: %v\n", err)
	}
	return out.String(), errb.String(), code
}
