package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

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

// registerOpen counts one more Store open on the file at path, until the
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
	id, ok := fileID(s.path)
	if !ok {
		return true
	}
	openFiles.Lock()
	n := openFiles.n[id]
	openFiles.Unlock()
	if n > 1 {
		return true
	}
	other, err := otherProcessHasOpen(s.path)
	return other || err != nil
}

// importPause is how long an import leaves the lock free between chunks
// when no one else writes: one retry of a waiting program's busy handler.
const importPause = 110 * time.Millisecond

// importYields bounds the pauses after one chunk while other programs keep
// writing, so that a busy app cannot stall an import.
const importYields = 5

// onImportPause, when set (tests only), is called before each pause
// between chunks.
var onImportPause func()

// importYield leaves the write lock free after a chunk until no other
// program has committed for one pause (at most importYields pauses). A
// program waiting for the lock retries about every 100 ms (SQLite's busy
// handler) and nothing queues them: without a pause the import would take
// the lock back at once, chunk after chunk, and with one pause only one of
// several waiting programs would get in per chunk. When no one else has
// the ledger open no one can be waiting, and it does not pause
// (othersMayWait).
func (s *Store) importYield(ctx context.Context, watch *sql.Conn) error {
	if watch == nil {
		return nil // PostgreSQL: writers lock rows, not the ledger
	}
	if !s.othersMayWait(1) { // the import holds watch
		return nil
	}
	version := func() (int64, error) {
		var v int64
		err := watch.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		return v, err
	}
	v, err := version()
	for i := 0; i < importYields && err == nil; i++ {
		if onImportPause != nil {
			onImportPause()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(importPause):
		}
		var w int64
		if w, err = version(); w == v {
			break
		}
		v = w
	}
	if err != nil {
		return s.storageError(fmt.Errorf("orders.import: data version: %w", err))
	}
	return nil
}
