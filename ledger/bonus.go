package ledger

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Bonus is an extra payment of a deal. A bonus is its transfer: its ID is
// the transfer's, the one AddBonus returns.
type Bonus struct {
	ID        int64
	DealID    int64
	Amount    int64
	Currency  string
	Comment   string
	Date      string // the bonus's posting date
	Operator  string
	CreatedAt time.Time
	Voided    bool
}

// VoidBonus withdraws a bonus given by mistake: owed -> bonus expense, a
// reversal that points at the bonus, so the history keeps both lines with
// who voided it and why. Like a confirmed fee's void, it may leave owed
// negative when the bonus was already requested or paid: a clawback carried
// into the next payout. A bonus is voided once.
func (s *Store) VoidBonus(ctx context.Context, opID string, bonusID int64, comment string) error {
	_, err := s.do(ctx, opID, "bonus.void", struct {
		Bonus   int64
		Comment string
	}{bonusID, comment}, func(tx *Tx) (int64, error) {
		var b Bonus
		var kind string
		if err := tx.flushTransfers(); err != nil {
			return 0, err
		}
		err := tx.queryRow(`SELECT deal_id, currency, amount, kind FROM transfers WHERE id = ?`, bonusID).Scan(&b.DealID, &b.Currency, &b.Amount, &kind)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != KindBonus) {
			return 0, Errorf(ENOTFOUND, "bonus %d not found", bonusID)
		} else if err != nil {
			return 0, err
		}
		// The deal's transfers are indexed; reverses alone is not.
		var voids int
		if err := tx.queryRow(`SELECT count(*) FROM transfers WHERE deal_id = ? AND kind = ? AND reverses = ?`,
			b.DealID, KindBonusVoided, bonusID).Scan(&voids); err != nil {
			return 0, err
		}
		if voids > 0 {
			return 0, Errorf(ECONFLICT, "bonus %d is already voided", bonusID)
		}
		err = tx.post(transfer{DealID: b.DealID, Currency: b.Currency, From: AccOwed, To: AccBonusExpense,
			Amount: b.Amount, Kind: KindBonusVoided, Comment: comment, Reverses: bonusID})
		return bonusID, err
	})
	return err
}

// Bonuses lists a deal's bonuses, newest first, each saying whether it was
// voided.
func (s *Store) Bonuses(ctx context.Context, dealID int64) ([]Bonus, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.id, b.deal_id, b.amount, b.currency, b.comment, b.date, b.operator, b.at,
		EXISTS (SELECT 1 FROM transfers v WHERE v.deal_id = b.deal_id AND v.kind = ? AND v.reverses = b.id)
		FROM transfers b WHERE b.deal_id = ? AND b.kind = ? ORDER BY b.id DESC`, KindBonusVoided, dealID, KindBonus)
	if err != nil {
		return nil, wrap(err, "list bonuses")
	}
	defer rows.Close()
	var out []Bonus
	for rows.Next() {
		var b Bonus
		var at int64
		if err := rows.Scan(&b.ID, &b.DealID, &b.Amount, &b.Currency, &b.Comment, &b.Date, &b.Operator, &at, &b.Voided); err != nil {
			return nil, wrap(err, "list bonuses")
		}
		b.CreatedAt = FromMillis(at)
		out = append(out, b)
	}
	return out, wrap(rows.Err(), "list bonuses")
}

// AddBonus pays a deal an extra amount: bonus expense -> owed. It returns the
// transfer's ID.
func (s *Store) AddBonus(ctx context.Context, in BonusInput) (int64, error) {
	return s.do(ctx, in.OpID, "bonus.add", in, func(tx *Tx) (int64, error) { return tx.addBonus(in) })
}

func (tx *Tx) addBonus(in BonusInput) (int64, error) {
	if err := checkAmount(in.Amount, "bonus amount"); err != nil {
		return 0, err
	}
	d, err := tx.deal(in.DealID)
	if err != nil {
		return 0, err
	}
	if err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccBonusExpense, To: AccOwed,
		Amount: in.Amount, Kind: KindBonus, Comment: in.Comment}); err != nil {
		return 0, err
	}
	return tx.journal().lastTransfer()
}
