//go:build !unix

package notifytest

import "syscall"

// Where processes cannot be stopped, Freeze fails; dunst does not run
// there anyway, so Start skips first.
var sigStop, sigCont = syscall.Signal(-1), syscall.Signal(-1)
