package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Between two chunks of a large import (ImportOrders) the write lock is
// free for other programs, and the WAL is copied into the file.

// importPause is how long an import leaves the lock free between chunks
// when no one else writes: one retry of a waiting program's busy handler.
const importPause = 110 * time.Millisecond

// importYields bounds the pauses after one chunk while other programs keep
// writing, so that a busy app cannot stall an import.
const importYields = 5

// importYield leaves the write lock free after a chunk until no other
// program has committed for one pause (at most importYields pauses). A
// program waiting for the lock retries about every 100 ms (SQLite's busy
// handler) and nothing queues them: without a pause the import would take
// the lock back at once, chunk after chunk, and with one pause only one of
// several waiting programs would get in per chunk.
func (s *Store) importYield(ctx context.Context, watch *sql.Conn) error {
	if watch == nil {
		return nil // PostgreSQL: writers lock rows, not the ledger
	}
	version := func() (int64, error) {
		var v int64
		err := watch.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		return v, err
	}
	v, err := version()
	for i := 0; i < importYields && err == nil; i++ {
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

// importCheckpoint checkpoints the WAL after a chunk (which left it to the
// import, withImportChunk) on a connection of its own, while the import
// pauses for other programs (importYield) instead of before: the copy of a
// chunk's pages into the file, 50 to 170 ms each in the 1M-row import,
// took as long again as writing them to the WAL. The channel is closed once
// it is done, before the next chunk begins, so the next commit starts the
// WAL over as after an automatic checkpoint. A checkpoint that fails or
// leaves frames (a reader holds them) is as harmless as an automatic one
// that does: the next copies them.
func (s *Store) importCheckpoint(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if s.pg != nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}()
	return done
}
