package ledger

import (
	"context"
	"database/sql"
	"errors"
)

// AddFee agrees a fixed fee on a deal (fee expense -> scheduled) and, with
// Confirm, confirms it at once (scheduled -> owed). It returns the fee's ID.
func (s *Store) AddFee(ctx context.Context, in FeeInput) (int64, error) {
	// Confirming at once is confirming: an approver's, whoever adds it.
	if in.Confirm {
		if err := s.allow(ctx, "fee.confirm"); err != nil {
			return 0, err
		}
	}
	return s.do(ctx, in.OpID, "fee.add", in, func(tx *Tx) (int64, error) { return tx.addFee(in) })
}

// The operations' rules live in these Tx methods, shared by the Store's
// operations (one transaction each) and by Bulk (one transaction for a whole
// generated program); both post through the transaction's journal.

func (tx *Tx) addFee(in FeeInput) (int64, error) {
	if err := checkAmount(in.Amount, "fee amount"); err != nil {
		return 0, err
	}
	d, err := tx.deal(in.DealID)
	if err != nil {
		return 0, err
	}
	status := FeeScheduled
	if in.Confirm {
		status = FeeConfirmed
	}
	feeID, err := tx.insertID(`INSERT INTO fees (deal_id, amount, comment, status, created_at) VALUES (?, ?, ?, ?, ?)`,
		d.ID, in.Amount, in.Comment, status, ms(tx.now))
	if err != nil {
		return 0, err
	}
	if err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccFeeExpense, To: AccScheduled,
		Amount: in.Amount, Kind: KindFee, Comment: in.Comment, FeeID: feeID}); err != nil {
		return 0, err
	}
	if in.Confirm {
		if err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccScheduled, To: AccOwed,
			Amount: in.Amount, Kind: KindFeeConfirmed, Comment: in.Comment, FeeID: feeID}); err != nil {
			return 0, err
		}
	}
	return feeID, nil
}

func (tx *Tx) fee(id int64) (Fee, error) {
	var f Fee
	err := tx.queryRow(`SELECT f.id, f.deal_id, f.amount, d.currency, f.comment, f.status FROM fees f JOIN deals d ON d.id = f.deal_id WHERE f.id = ?`, id).Scan(
		&f.ID, &f.DealID, &f.Amount, &f.Currency, &f.Comment, &f.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return f, Errorf(ENOTFOUND, "fee %d not found", id)
	}
	return f, err
}

// ConfirmFee confirms a scheduled fee: the content is verified, the fee is
// now payable (scheduled -> owed).
func (s *Store) ConfirmFee(ctx context.Context, opID string, feeID int64) error {
	_, err := s.do(ctx, opID, "fee.confirm", feeID, func(tx *Tx) (int64, error) { return feeID, tx.confirmFee(feeID) })
	return err
}

func (tx *Tx) confirmFee(feeID int64) error {
	f, err := tx.fee(feeID)
	if err != nil {
		return err
	}
	if f.Status != FeeScheduled {
		return Errorf(ECONFLICT, "fee %d is already %s", feeID, f.Status)
	}
	if _, err := tx.exec(`UPDATE fees SET status = ? WHERE id = ?`, FeeConfirmed, feeID); err != nil {
		return err
	}
	err = tx.post(transfer{DealID: f.DealID, Currency: f.Currency, From: AccScheduled, To: AccOwed,
		Amount: f.Amount, Kind: KindFeeConfirmed, Comment: f.Comment, FeeID: feeID})
	return err
}

// VoidFee withdraws a fee. A scheduled fee leaves scheduled; a confirmed
// one is taken back from owed, which may leave owed negative: a clawback
// carried into the next payout. The reversal points at the fee's posting.
func (s *Store) VoidFee(ctx context.Context, opID string, feeID int64, comment string) error {
	_, err := s.do(ctx, opID, "fee.void", struct {
		Fee     int64
		Comment string
	}{feeID, comment}, func(tx *Tx) (int64, error) {
		f, err := tx.fee(feeID)
		if err != nil {
			return 0, err
		}
		from := AccScheduled
		switch f.Status {
		case FeeVoided:
			return 0, Errorf(ECONFLICT, "fee %d is already voided", feeID)
		case FeeConfirmed:
			from = AccOwed
		}
		agreed, err := tx.firstTransfer("fee_id", feeID, KindFee)
		if err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE fees SET status = ? WHERE id = ?`, FeeVoided, feeID); err != nil {
			return 0, err
		}
		err = tx.post(transfer{DealID: f.DealID, Currency: f.Currency, From: from, To: AccFeeExpense,
			Amount: f.Amount, Kind: KindFeeVoided, Comment: comment, FeeID: feeID, Reverses: agreed})
		return feeID, err
	})
	return err
}

// Fees lists a deal's fixed fees, newest first.
func (s *Store) Fees(ctx context.Context, dealID int64) ([]Fee, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.id, f.deal_id, f.amount, d.currency, f.comment, f.status, f.created_at
		FROM fees f JOIN deals d ON d.id = f.deal_id WHERE f.deal_id = ? ORDER BY f.id DESC`, dealID)
	if err != nil {
		return nil, wrap(err, "list fees")
	}
	defer rows.Close()
	var out []Fee
	for rows.Next() {
		var f Fee
		var at int64
		if err := rows.Scan(&f.ID, &f.DealID, &f.Amount, &f.Currency, &f.Comment, &f.Status, &at); err != nil {
			return nil, wrap(err, "list fees")
		}
		f.CreatedAt = FromMillis(at)
		out = append(out, f)
	}
	return out, wrap(rows.Err(), "list fees")
}
