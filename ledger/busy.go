package ledger

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A long write (an import) leaves a note beside the ledger saying what it
// is, so that a program waiting for the write lock can say what it waits
// for instead of only "another program".

func busyNote(path string) string { return path + "-busy" }

// Announce notes beside the ledger that this program is doing what (such as
// "an import of orders.csv") until the returned function is called.
// A ledger on a PostgreSQL server has no folder to put a note in, and needs
// none: the server lets writers work side by side rather than one at a time.
func (s *Store) Announce(what string) (done func()) {
	if IsServerURL(s.path) {
		return func() {}
	}
	note := fmt.Sprintf("%d\t%s\t%s", os.Getpid(), s.Now().Local().Format("15:04:05"), oneLine(what))
	p := busyNote(s.path)
	if err := os.WriteFile(p, []byte(note), fileMode); err != nil {
		return func() {}
	}
	return func() {
		if b, err := os.ReadFile(p); err == nil && string(b) == note {
			os.Remove(p)
		}
	}
}

// busyWith says what the program holding the ledger announced, while that
// program still runs: "an import of orders.csv (process 1234, since
// 00:12:03)"; "" when nothing is known.
func busyWith(path string) string {
	if IsServerURL(path) {
		return ""
	}
	b, err := os.ReadFile(busyNote(path))
	if err != nil {
		return ""
	}
	parts := strings.SplitN(string(b), "\t", 3)
	if len(parts) != 3 {
		return ""
	}
	pid, err := strconv.Atoi(parts[0])
	if err != nil || !processAlive(pid) {
		return "" // left by a program that was killed
	}
	return fmt.Sprintf("%s (process %d, since %s)", parts[2], pid, parts[1])
}

// waitMessage is what a program waiting for the write lock says.
func (s *Store) waitMessage() string {
	if w := busyWith(s.path); w != "" {
		return "waiting for the ledger: another program is writing to it: " + w + " (Payouts waits up to a minute)"
	}
	return "waiting for the ledger: another program is writing to it (Payouts waits up to a minute)"
}
