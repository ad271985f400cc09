package ledger

import "sync"

// An import pauses between its chunks so that programs waiting to write get
// the ledger (importYield). A pause costs the import its length, about a
// second over a million rows, and is only worth it when someone may be
// waiting: another Store of this process on the same file, a connection of
// this Store in use besides the import's, or another process with the
// ledger open (on Linux, /proc/locks says; elsewhere one is assumed). A
// program that opens the ledger during a chunk is seen at the end of that
// chunk: it waits for one chunk, as it would with the pause.

// openFiles counts the Stores of this process open on each ledger file,
// by the file's identity (fileID).
var openFiles struct {
	sync.Mutex
	n map[any]int
}

// registerOpen counts s among the Stores open on its file, until the
// returned function is called.
func registerOpen(path string) (unregister func()) {
	id, ok := fileID(path)
	if !ok {
		return func() {}
	}
	openFiles.Lock()
	defer openFiles.Unlock()
	if openFiles.n == nil {
		openFiles.n = map[any]int{}
	}
	openFiles.n[id]++
	var once sync.Once
	return func() {
		once.Do(func() {
			openFiles.Lock()
			defer openFiles.Unlock()
			if openFiles.n[id]--; openFiles.n[id] <= 0 {
				delete(openFiles.n, id)
			}
		})
	}
}

// othersMayWait reports whether anyone but the import may be waiting to
// write the ledger. inUse is how many of the Store's connections the import
// itself holds between chunks; the connection DataVersion keeps (the
// app's) is no writer either.
func (s *Store) othersMayWait(inUse int) bool {
	if s.db.Stats().InUse > inUse+s.versionConns() {
		return true
	}
	if id, ok := fileID(s.path); !ok {
		return true
	} else {
		openFiles.Lock()
		n := openFiles.n[id]
		openFiles.Unlock()
		if n > 1 {
			return true
		}
	}
	other, err := otherProcessHasOpen(s.path)
	return other || err != nil
}
