package ledger

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// NewOpID returns a fresh random operation ID.
func NewOpID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// do runs fn as one operation: one SQLite transaction, recorded under opID.
// The same opID with the same kind and input returns the first result without
// running fn again; with another kind or input it is a conflict. An empty
// opID gets a fresh one. Nothing fn wrote survives an error.
func (s *Store) do(ctx context.Context, opID, kind string, input any, fn func(tx *Tx) (int64, error)) (int64, error) {
	opID = strings.TrimSpace(opID)
	if opID == "" {
		opID = NewOpID()
	}
	hash, err := opHash(kind, input)
	if err != nil {
		return 0, err
	}

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
	tx.close()
	if err := tx.Commit(); err != nil {
		return 0, s.storageError(fmt.Errorf("%s: commit: %w", kind, err))
	}
	return result, nil
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
// hash, and its result; recorded for another change it is a conflict.
func (tx *Tx) priorOp(opID, kind, hash string) (bool, int64, error) {
	var prevKind, prevHash string
	var prevResult int64
	err := tx.queryRow(`SELECT kind, input_hash, result FROM operations WHERE id = ?`, opID).Scan(&prevKind, &prevHash, &prevResult)
	switch {
	case err == nil:
		if prevKind == kind && prevHash == hash {
			return true, prevResult, nil
		}
		return false, 0, Errorf(ECONFLICT, "operation ID %s was already used for a different change", opID)
	case !errors.Is(err, sql.ErrNoRows):
		return false, 0, tx.store.storageError(fmt.Errorf("%s: %w", kind, err))
	}
	return false, 0, nil
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

// post writes one transfer and, in the same transaction, every cached
// balance it changes, which is what keeps them equal to a recomputation.
// Under a Bulk load it hands the transfer to Bulk.post, its in-memory twin.
func (tx *Tx) post(t transfer) (int64, error) {
	if tx.bulk != nil {
		return tx.bulk.post(t)
	}
	if t.Amount <= 0 {
		return 0, Errorf(EINTERNAL, "post %s: amount %d is not positive", t.Kind, t.Amount)
	}
	fa, ok1 := accountOf(t.From)
	ta, ok2 := accountOf(t.To)
	if !ok1 || !ok2 || !FlowAllowed(t.Kind, t.From, t.To) {
		return 0, Errorf(EINTERNAL, "post %s: bad accounts %s -> %s", t.Kind, t.From, t.To)
	}
	// Each side's figure moves by its sign in the table of accounts.
	fromCol, fromSign := fa.field, "-"
	if fa.sign < 0 {
		fromSign = "+"
	}
	toCol, toSign := ta.field, "+"
	if ta.sign < 0 {
		toSign = "-"
	}
	q := fmt.Sprintf(`UPDATE deals SET %[1]s = %[1]s %[2]s ?1, %[3]s = %[3]s %[4]s ?1 WHERE id = ?2 AND currency = ?3 RETURNING %[5]s`,
		fromCol, fromSign, toCol, toSign, remainingColumns())
	var remaining int64
	if err := tx.queryRow(q, t.Amount, t.DealID, t.Currency).Scan(&remaining); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, Errorf(EINTERNAL, "post %s: deal %d in %s not found", t.Kind, t.DealID, t.Currency)
		}
		return 0, fmt.Errorf("post %s: update balances: %w", t.Kind, err)
	}
	for _, side := range []struct {
		acc  string
		sign int64
	}{{t.From, -1}, {t.To, 1}} {
		if IsDealAccount(side.acc) {
			continue
		}
		if _, err := tx.exec(`INSERT INTO brand_accounts (kind, currency, balance) VALUES (?1, ?2, ?3)
			ON CONFLICT (kind, currency) DO UPDATE SET balance = balance + excluded.balance`,
			side.acc, t.Currency, side.sign*t.Amount); err != nil {
			return 0, fmt.Errorf("post %s: brand balance: %w", t.Kind, err)
		}
	}
	date := t.Date
	if date == "" {
		date = tx.now.Format(DateLayout)
	}
	res, err := tx.exec(`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at,
		operator, op_id, method, reference, comment, reverses, fee_id, request_id, order_key, remaining_after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.DealID, t.Currency, t.From, t.To, t.Amount, t.Kind, date, ms(tx.now),
		tx.operator, tx.opID, t.Method, t.Reference, t.Comment, nullID(t.Reverses), nullID(t.FeeID), nullID(t.RequestID), nullID(t.OrderKey), remaining)
	if err != nil {
		return 0, fmt.Errorf("post %s: insert transfer: %w", t.Kind, err)
	}
	return res.LastInsertId()
}

// DateLayout is how effective dates are written: 2026-11-21.
const DateLayout = "2006-01-02"

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
