//go:build !unix

package ledger

import "os"

// writable reports whether this process may write path. Without access(2)
// a folder is taken as writable (SQLite reports it if not) and a file is
// tried for writing.
func writable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		return true
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// lockedByOther cannot test another process's SQLite locks here; Windows
// refuses to replace a file another process has open, which Restore reports.
func lockedByOther(path string) (bool, error) { return false, nil }

// processAlive cannot be told cheaply here: a note is trusted.
func processAlive(pid int) bool { return pid > 0 }

// fileID cannot name a file here: every Store counts as sharing it.
func fileID(path string) (any, bool) { return nil, false }

// otherProcessHasOpen cannot be told here: another process is assumed.
func otherProcessHasOpen(path string) (bool, error) { return true, nil }
