//go:build unix

package ledger

import (
	"os"
	"strconv"
	"strings"
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

// fileKey is a file's identity: its device and inode.
type fileKey struct{ dev, ino uint64 }

// fileID returns the identity of the file at path, the same for every name
// it has.
func fileID(path string) (any, bool) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nil, false
	}
	return fileKey{uint64(st.Dev), uint64(st.Ino)}, true
}

// procLocks is the kernel's table of file locks (Linux).
var procLocks = "/proc/locks"

// otherProcessHasOpen reports whether another process holds a lock on the
// ledger at path or its -shm: an SQLite connection keeps one on the -shm
// for as long as it has a WAL ledger open. It reads the kernel's table of
// locks rather than testing with F_GETLK, which needs the file open, and
// closing it would drop this process's own SQLite locks on it (POSIX
// locks belong to the process, not to the descriptor). The files are
// matched by inode alone: the table's device numbers are not always
// stat's (overlay file systems), and a lock on another file of the same
// inode number only costs a pause. Without the table (not Linux) it
// answers true.
func otherProcessHasOpen(path string) (bool, error) {
	want := map[uint64]bool{}
	for _, p := range []string{path, path + "-shm"} {
		var st syscall.Stat_t
		if err := syscall.Stat(p, &st); err == nil {
			want[uint64(st.Ino)] = true
		}
	}
	data, err := os.ReadFile(procLocks)
	if err != nil {
		return true, err
	}
	self := strconv.Itoa(os.Getpid())
	for line := range strings.Lines(string(data)) {
		// "1: POSIX  ADVISORY  READ 1234 fd:01:5678 128 128", with "->"
		// after the number for a process waiting for the lock.
		f := strings.Fields(line)
		if len(f) > 1 && f[1] == "->" {
			f = append(f[:1:1], f[2:]...)
		}
		if len(f) < 6 || f[4] == self {
			continue
		}
		id := strings.Split(f[5], ":")
		if ino, err := strconv.ParseUint(id[len(id)-1], 10, 64); err == nil && want[ino] {
			return true, nil
		}
	}
	return false, nil
}
