package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// What an import does with one order (OrderOutcome.Outcome).
const (
	OutcomeNew          = "new"          // first seen: its commission is credited to its deal
	OutcomeUpdated      = "updated"      // known, with other figures: the difference is credited
	OutcomeUnchanged    = "unchanged"    // known, with the same money
	OutcomeNotPaid      = "not paid"     // pending, authorized, voided...: earns nothing yet
	OutcomeUnattributed = "unattributed" // paid, but no deal has its code
	OutcomeRejected     = "rejected"     // cannot be posted (Reason)
	OutcomeStale        = "stale"        // older than what the ledger holds (Reason)
)

// OrderOutcome is what an import did, or would do, with one order.
type OrderOutcome struct {
	Outcome string
	// DealID is the deal the order earns for (an order already imported
	// stays with the deal that earned it); 0 for none.
	DealID int64
	// Commission is the change to that deal's commission, in its
	// currency: the whole commission of a new order, the difference for
	// an updated one (negative after a refund).
	Commission int64
	Reason     string // why it was rejected or is stale; the status of one not paid
}

// PreviewOrders says what ImportOrders would do with orders now, order by
// order (ImportResult.Outcomes) and per deal (Credited), and changes
// nothing. It is the import itself, not a copy of its rules: the same code
// runs over the same ledger state, in a read transaction, with its writes
// left out. Holds of other orders that have run out, which an import
// releases too, are not counted.
func (s *Store) PreviewOrders(ctx context.Context, source string, orders []OrderInput) (ImportResult, error) {
	res := newImportResult()
	res.Outcomes = make([]OrderOutcome, len(orders))
	source = strings.TrimSpace(source)
	if source == "" {
		return res, Errorf(EINVALID, "order source required")
	}
	// ReadOnly makes the driver open a deferred transaction: a preview
	// takes no write lock, so it never waits for nor blocks a writer.
	t, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, s.storageError(fmt.Errorf("orders.preview: %w", err))
	}
	defer t.Rollback()
	tx := &Tx{Tx: t, ctx: ctx, store: s, now: s.Now().UTC(), operator: s.OperatorName()}
	defer tx.close()
	// One pass over every order, so that an order twice in the input and
	// the deals' balances carry from the first to the second as in the
	// import's chunks.
	if err := tx.importOrders(source, orders, 0, len(orders), &res, nil); err != nil {
		if ErrorCode(err) == EINTERNAL {
			return res, s.storageError(fmt.Errorf("orders.preview: %w", err))
		}
		return res, err
	}
	return res, nil
}

// DealName is who and what a deal is, for people: its creator and campaign.
type DealName struct {
	CreatorID int64
	Creator   string
	Campaign  string
	Currency  string
}

// DealNames returns the names of the deals ids (those that exist), for
// showing what an import credited without a query per deal.
func (s *Store) DealNames(ctx context.Context, ids []int64) (map[int64]DealName, error) {
	out := make(map[int64]DealName, len(ids))
	const batch = 500
	for len(ids) > 0 {
		n := min(len(ids), batch)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.creator_id, cr.name, ca.name, d.currency
			FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
			WHERE d.id IN (?`+strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return nil, wrap(err, "read deal names")
		}
		for rows.Next() {
			var id int64
			var d DealName
			if err := rows.Scan(&id, &d.CreatorID, &d.Creator, &d.Campaign, &d.Currency); err != nil {
				rows.Close()
				return nil, wrap(err, "read deal names")
			}
			out[id] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, wrap(err, "read deal names")
		}
	}
	return out, nil
}
