//go:build unix && !linux

package pgtest

import "syscall"

// Only Linux has a parent-death signal: elsewhere a killed test process
// leaves its postmaster running until someone stops it.
func setPdeathsig(attr *syscall.SysProcAttr, on bool) {}
