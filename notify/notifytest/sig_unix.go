//go:build unix

package notifytest

import "syscall"

var sigStop, sigCont = syscall.SIGSTOP, syscall.SIGCONT
