//go:build !unix

package pgtest

import (
	"os"
	"syscall"
)

// account: on systems without Unix users the server runs as ourselves.
type account struct{}

func serverAccount() (account, error)          { return account{}, nil }
func (account) chown(string) error             { return nil }
func (account) attr(bool) *syscall.SysProcAttr { return nil }
func lockThread()                              {}
func stopNow(p *os.Process)                    { p.Kill() }
func alive(pid int) bool                       { _, err := os.FindProcess(pid); return err == nil }
