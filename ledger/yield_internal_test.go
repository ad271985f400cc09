//go:build unix

package ledger

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// The kernel's table of locks, read for another process's lock on the
// ledger or its -shm, matched by inode whatever the device, a waiting
// process's line ("->") included, this process's own locks not.
func TestOtherProcessHasOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "l.payouts")
	for _, p := range []string{path, path + "-shm"} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ino := func(p string) uint64 {
		var st syscall.Stat_t
		if err := syscall.Stat(p, &st); err != nil {
			t.Fatal(err)
		}
		return uint64(st.Ino)
	}
	file, shm, self := ino(path), ino(path+"-shm"), os.Getpid()
	for _, c := range []struct {
		name, table string
		want        bool
	}{
		{"empty", "", false},
		{"another's lock on the -shm", fmt.Sprintf("1: POSIX  ADVISORY  READ 99999 fd:01:%d 128 128\n", shm), true},
		{"another's lock on the file, other device", fmt.Sprintf("1: POSIX  ADVISORY  READ 99999 00:2a:%d 1073741824 1073741824\n", file), true},
		{"a waiting process", fmt.Sprintf("1: POSIX  ADVISORY  WRITE 5 fd:01:7 0 EOF\n1: -> POSIX  ADVISORY  WRITE 99999 fd:01:%d 120 120\n", shm), true},
		{"this process's own", fmt.Sprintf("1: POSIX  ADVISORY  READ %d fd:01:%d 128 128\n", self, shm), false},
		{"other files", "1: FLOCK  ADVISORY  WRITE 42 fd:01:1 0 EOF\n2: OFDLCK ADVISORY  READ -1 fd:01:2 0 EOF\n", false},
		{"a short line", "1: POSIX\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			table := filepath.Join(dir, "locks")
			if err := os.WriteFile(table, []byte(c.table), 0o600); err != nil {
				t.Fatal(err)
			}
			old := procLocks
			procLocks = table
			defer func() { procLocks = old }()
			if got, err := otherProcessHasOpen(path); err != nil || got != c.want {
				t.Fatalf("otherProcessHasOpen = %v, %v; want %v", got, err, c.want)
			}
		})
	}
	old := procLocks
	procLocks = filepath.Join(dir, "none")
	defer func() { procLocks = old }()
	if got, err := otherProcessHasOpen(path); !got || err == nil {
		t.Fatalf("without a table: %v, %v; want true and the error", got, err)
	}
}

// sortByDeal orders the queue as a stable sort by deal would, moving the
// rows in place.
func TestSortByDeal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		for _, deals := range []int{1, 3, 50} {
			j := &journal{}
			for i := range n {
				j.queue = append(j.queue, queued{transfer: transfer{DealID: int64(r.IntN(deals) + 1), Amount: int64(i + 1)}})
			}
			want := slices.Clone(j.queue)
			slices.SortStableFunc(want, func(a, b queued) int { return cmp.Compare(a.DealID, b.DealID) })
			j.sortByDeal()
			for i := range want {
				if j.queue[i].DealID != want[i].DealID || j.queue[i].Amount != want[i].Amount {
					t.Fatalf("n=%d deals=%d: row %d is deal %d #%d, want deal %d #%d", n, deals, i,
						j.queue[i].DealID, j.queue[i].Amount, want[i].DealID, want[i].Amount)
				}
			}
		}
	}
}
