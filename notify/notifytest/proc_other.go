//go:build !linux

package notifytest

import "os/exec"

// dieWithParent does nothing where the kernel cannot kill a child with its
// parent; the cleanups stop the processes.
func dieWithParent(*exec.Cmd) {}
