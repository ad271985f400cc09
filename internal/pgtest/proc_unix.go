//go:build unix

package pgtest

import (
	"fmt"
	"os"
	"os/user"
	"runtime"
	"strconv"
	"syscall"
)

// account is who initdb and postgres run as: the postgres user when we are
// root (both refuse root), else ourselves (cred nil).
type account struct{ cred *syscall.Credential }

func serverAccount() (account, error) {
	if os.Geteuid() != 0 {
		return account{}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return account{}, fmt.Errorf("pgtest: running as root, which initdb refuses, and there is no postgres user to run it as: %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return account{}, fmt.Errorf("pgtest: postgres user: uid %q gid %q", u.Uid, u.Gid)
	}
	return account{&syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}, nil
}

func (a account) chown(dir string) error {
	if a.cred == nil {
		return nil
	}
	return os.Chown(dir, int(a.cred.Uid), int(a.cred.Gid))
}

// attr runs a command as the account. The process switches user itself
// (as runuser -u postgres would) rather than through runuser, so that the
// parent-death signal lands on the postmaster and not on a runuser that
// would leave it running: the kernel sends the postmaster SIGKILL when the
// test process dies, however it dies. Go sets the signal after the user
// switch, which would otherwise clear it.
func (a account) attr(diesWithParent bool) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Credential: a.cred}
	setPdeathsig(attr, diesWithParent)
	return attr
}

// lockThread keeps the calling goroutine on its thread for good: the
// parent-death signal follows the thread that started the child.
func lockThread() { runtime.LockOSThread() }

// stopNow asks for an immediate shutdown (pg_ctl stop -m immediate).
func stopNow(p *os.Process) { p.Signal(syscall.SIGQUIT) }

// alive reports whether a process exists.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
