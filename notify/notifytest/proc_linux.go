package notifytest

import (
	"os/exec"
	"syscall"
)

// dieWithParent has cmd killed when the test binary dies, should a timeout
// skip the cleanups.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
