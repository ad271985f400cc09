package pgtest

import "syscall"

func setPdeathsig(attr *syscall.SysProcAttr, on bool) {
	if on {
		attr.Pdeathsig = syscall.SIGKILL
	}
}
