package ledger

import (
	"context"
	"fmt"
	"time"
)

// Bulk loads a large program (creators, deals, a million orders and what
// follows them) as one operation: one SQLite transaction. It is a thin loop
// over the operations' own rules and the transaction's journal, which keeps
// the deals' figures in memory and writes transfers journalBatch rows per
// statement: the ledger it leaves is the one the operations would leave,
// and passes Check. It exists for the generator of large programs and for
// benchmarks: the application's own operations go through Store's methods.
//
// Orders are held in memory while their commission is on hold and written
// when the hold runs out or the load ends, so memory grows with the orders
// inside their hold window, not with all orders.
type Bulk struct {
	tx *Tx
}

// BulkResult sums up a bulk load.
type BulkResult struct {
	Transfers int64 // transfers posted
}

// Bulk runs fn as one operation over a Bulk loader and writes what it kept
// in memory before committing. Any error leaves the ledger as it was. The
// same opID replays as a no-op, as for every operation.
func (s *Store) Bulk(ctx context.Context, opID string, fn func(b *Bulk) error) (BulkResult, error) {
	var res BulkResult
	// Millions of rows in one transaction: what statement journals remain
	// stay in memory (withMemoryJournal).
	ctx = withMemoryJournal(ctx)
	_, err := s.do(ctx, opID, "bulk.load", "bulk", func(tx *Tx) (int64, error) {
		b, err := newBulk(tx)
		if err != nil {
			return 0, err
		}
		if err := fn(b); err != nil {
			return 0, err
		}
		res.Transfers = b.Transfers()
		return res.Transfers, nil
	})
	if err == nil {
		s.analyzeAfterLoad(ctx)
	}
	return res, err
}

// newBulk starts a load: the journal writes transfers a batch at a time,
// with their IDs known as they are posted (AddBonus returns one without
// writing the batch).
func newBulk(tx *Tx) (*Bulk, error) {
	j := tx.journal()
	j.batch = tx.batchRows()
	tx.behindOK = writesBehind(tx)
	j.ids = &idSource{table: "transfers"}
	return &Bulk{tx: tx}, nil
}

// SetClock sets the time recorded for what follows, so a generated program
// can be written as if it happened day by day. Today (for release dates and
// effective dates left empty) is this time's UTC day.
func (b *Bulk) SetClock(t time.Time) { b.tx.now = t.UTC() }

// Transfers returns how many transfers the load has posted so far.
func (b *Bulk) Transfers() int64 { return b.tx.journal().posted }

// AddCreator adds a creator and returns its ID.
func (b *Bulk) AddCreator(in CreatorInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	id, err := b.tx.insertID(`INSERT INTO creators (name, name_key, email, handle, notes, payout_details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.Name, nameKey(in.Name), in.Email, in.Handle, in.Notes, in.PayoutDetails, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "a creator named %q already exists", in.Name)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add creator: %w", err)
	}
	return id, nil
}

// AddCampaign adds a campaign and returns its ID.
func (b *Bulk) AddCampaign(in CampaignInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	id, err := b.tx.insertID(`INSERT INTO campaigns (name, name_key, notes, created_at) VALUES (?, ?, ?, ?)`, in.Name, nameKey(in.Name), in.Notes, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "a campaign named %q already exists", in.Name)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add campaign: %w", err)
	}
	return id, nil
}

// AddDeal adds a deal with its discount codes and returns its ID.
func (b *Bulk) AddDeal(in DealInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	id, err := b.tx.insertID(`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.CreatorID, in.CampaignID, in.Currency, in.Rule.Kind, in.Rule.Value, in.HoldDays, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "this creator already has a %s deal in this campaign", in.Currency)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add deal: %w", err)
	}
	for _, c := range in.Codes {
		if _, err := b.tx.exec(`INSERT INTO deal_codes (code, deal_id) VALUES (?, ?)`, c, id); isUnique(err) {
			return 0, Errorf(ECONFLICT, "discount code %s already belongs to another deal", c)
		} else if err != nil {
			return 0, fmt.Errorf("bulk: add code: %w", err)
		}
	}
	b.tx.journal().added(dealRow{ID: id, Currency: in.Currency, Rule: in.Rule, HoldDays: in.HoldDays, CreatorID: in.CreatorID})
	return id, nil
}

// AddFee agrees a fixed fee (and with Confirm confirms it) as Store.AddFee
// does, and returns the fee's ID.
func (b *Bulk) AddFee(in FeeInput) (int64, error) { return b.tx.addFee(in) }

// ConfirmFee confirms a scheduled fee (scheduled -> owed).
func (b *Bulk) ConfirmFee(feeID int64) error { return b.tx.confirmFee(feeID) }

// AddBonus pays a deal an extra amount (bonus expense -> owed).
func (b *Bulk) AddBonus(in BonusInput) (int64, error) { return b.tx.addBonus(in) }

// Owed returns what a deal is owed now, as the load has it.
func (b *Bulk) Owed(dealID int64) int64 {
	if d, err := b.tx.journal().deal(dealID); err == nil {
		return d.Owed
	}
	return 0
}

// RequestPayout queues a payout (owed -> requested) as Store.RequestPayout
// does, refusing more than is owed, and returns the request's ID.
func (b *Bulk) RequestPayout(in RequestInput) (int64, error) { return b.tx.requestPayout(in) }

// PayOffline records an offline payment of a request (requested -> offline
// cash) as Store.PayOffline does; a reference pays once.
func (b *Bulk) PayOffline(in PayInput) error {
	if err := in.normalize(); err != nil {
		return err
	}
	return b.tx.payOffline(in)
}

// CancelRequest takes a request out of the queue (requested -> owed).
func (b *Bulk) CancelRequest(requestID int64, comment string) error {
	return b.tx.cancelRequest(requestID, comment)
}
