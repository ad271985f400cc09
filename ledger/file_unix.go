//go:build unix

package ledger

import (
	"os"
	"syscall"
)

// writable reports whether this process may write path (a file, or a
// folder to create files in).
func writable(path string) bool {
	return syscall.Access(path, 0x2 /* W_OK */) == nil
}

// lockedByOther reports whether another process holds an SQLite lock on
// the ledger at path: a connection of any SQLite program keeps a shared
// lock on the -shm's "DMS" byte for as long as it has a WAL ledger open,
// and a transaction locks bytes of the file itself. F_GETLK tests for them
// without taking any; locks of this process do not count, so the caller
// closes its own connections first.
func lockedByOther(path string) (bool, error) {
	probes := []struct {
		file          string
		start, length int64
	}{
		{path + "-shm", 120, 9},     // the WAL-index locks and the DMS byte
		{path, 0x40000000, 512 + 2}, // SQLite's pending, reserved and shared bytes
	}
	for _, p := range probes {
		f, err := os.OpenFile(p.file, os.O_RDWR, 0)
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			f, err = os.Open(p.file)
			if err != nil {
				return false, err
			}
		}
		lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: p.start, Len: p.length}
		err = syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk)
		f.Close()
		if err != nil {
			return false, err
		}
		if lk.Type != syscall.F_UNLCK {
			return true, nil
		}
	}
	return false, nil
}

// processAlive reports whether a process with this ID runs.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
