package ledger

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"
)

// NewOpID returns a fresh random operation ID.
func NewOpID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// do runs fn as one operation: one transaction, recorded under opID. The
// same opID with the same kind and input returns the first result without
// running fn again; with another kind or input it is a conflict. An empty
// opID gets a fresh one. Nothing fn wrote survives an error.
//
// On PostgreSQL the transaction is SERIALIZABLE, and when the server
// refuses it because another one changed what it read (or a deadlock), the
// whole operation runs again from the start: fn must therefore compute
// everything it returns or records outside from what it reads, never add
// to what an earlier run left.
func (s *Store) do(ctx context.Context, opID, kind string, input any, fn func(tx *Tx) (int64, error)) (int64, error) {
	opID = strings.TrimSpace(opID)
	if opID == "" {
		opID = NewOpID()
	}
	hash, err := opHash(kind, input)
	if err != nil {
		return 0, err
	}
	// Who may: refused before the transaction waits for any lock.
	if err := s.allow(ctx, kind); err != nil {
		return 0, err
	}
	return retryOp(s, ctx, func() (int64, error) { return s.doOnce(ctx, opID, kind, hash, fn) })
}

// retryOp runs op again while PostgreSQL refuses it for a concurrent
// change, after a random pause that doubles with each attempt up to
// 100 ms (so that of several people writing the same deal at once, one
// gets through each round), for as long as a writer waits on SQLite
// (busyWait).
func retryOp[T any](s *Store, ctx context.Context, op func() (T, error)) (T, error) {
	deadline := time.Now().Add(busyWait)
	for attempt := 0; ; attempt++ {
		v, err := op()
		if s.pg == nil || !pgRetryable(err) {
			return v, err
		}
		if time.Now().After(deadline) {
			return v, errPgContended
		}
		pause := time.Duration(mrand.Int64N(int64(min(time.Millisecond<<min(attempt, 7), 100*time.Millisecond)) + 1))
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(pause):
		}
	}
}

func (s *Store) doOnce(ctx context.Context, opID, kind, hash string, fn func(tx *Tx) (int64, error)) (int64, error) {
	tx, err := s.begin(ctx, opID)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	defer tx.close()

	done, prevResult, err := tx.priorOp(opID, kind, hash)
	if err != nil || done {
		return prevResult, err
	}

	result, err := fn(tx)
	if err == nil {
		// From here to the commit only writes whose answer is "done": on
		// PostgreSQL they go in one round trip (store_pg_batch.go).
		tx.batching = true
		err = tx.flush()
	}
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return 0, s.storageError(fmt.Errorf("%s: %w", kind, err))
		}
		return 0, err
	}
	if _, err := tx.exec(`INSERT INTO operations (id, kind, input_hash, result, operator, at) VALUES (?, ?, ?, ?, ?, ?)`,
		opID, kind, hash, result, tx.operator, ms(tx.now)); err != nil {
		return 0, s.storageError(fmt.Errorf("%s: record operation: %w", kind, err))
	}
	if err := tx.commit(); err != nil {
		return 0, s.storageError(fmt.Errorf("%s: commit: %w", kind, err))
	}
	return result, nil
}

// commit commits an operation's transaction; on PostgreSQL it first
// queues the change notification other stores count (DataVersion).
func (tx *Tx) commit() error {
	if tx.store.pg != nil {
		if err := tx.pgNotify(); err != nil {
			return err
		}
	}
	tx.close()
	return tx.Commit()
}

// opHash stands for an operation's kind and input in the operations table.
func opHash(kind string, input any) (string, error) {
	raw, err := json.Marshal(input)
	if err != nil {
		return "", fmt.Errorf("%s: hash input: %w", kind, err)
	}
	sum := sha256.Sum256(append([]byte(kind+"\x00"), raw...))
	return hex.EncodeToString(sum[:]), nil
}

// priorOp reports whether opID is already recorded with this kind and input
// hash, and its result; recorded for another change it is a conflict. The
// same statement reads what many operations need and would each read on
// their own, a round trip each on PostgreSQL: the closed period in force
// (see postingDate) and the approvals setting (approvalsOn).
func (tx *Tx) priorOp(opID, kind, hash string) (bool, int64, error) {
	var prevKind, prevHash, lock, approvals sql.NullString
	var prevResult sql.NullInt64
	err := tx.queryRow(`SELECT o.kind, o.input_hash, o.result, (SELECT closed_through FROM periods ORDER BY id DESC LIMIT 1),
		(SELECT value FROM settings WHERE key = ?)
		FROM (SELECT 1 AS one) AS x LEFT JOIN operations o ON o.id = ?`, SettingApprovals, opID).Scan(&prevKind, &prevHash, &prevResult, &lock, &approvals)
	if err != nil {
		return false, 0, tx.store.storageError(fmt.Errorf("%s: %w", kind, err))
	}
	tx.lock, tx.approvals = &lock.String, &approvals.String
	if !prevKind.Valid {
		return false, 0, nil
	}
	if prevKind.String == kind && prevHash.String == hash {
		return true, prevResult.Int64, nil
	}
	return false, 0, Errorf(ECONFLICT, "operation ID %s was already used for a different change", opID)
}

// transfer is one posting, before it is written.
type transfer struct {
	DealID    int64
	Currency  string
	From, To  string
	Amount    int64
	Kind      string
	Date      string // effective date; empty means the operation's day
	Method    string
	Reference string
	Comment   string
	Reverses  int64
	FeeID     int64
	RequestID int64
	OrderKey  int64
}

// DateLayout is how effective dates are written: 2026-11-21.
const DateLayout = "2006-01-02"
