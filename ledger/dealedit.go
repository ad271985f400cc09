package ledger

import "context"

// DealEdit changes a deal's terms, as the deal page's Edit does: its
// discount codes and its hold days, together in one operation, so an edit
// is applied whole or not at all.
type DealEdit struct {
	OpID     string `json:"-"`
	DealID   int64
	Codes    []string // the deal's codes from now on; empty removes all
	HoldDays int      // for commissions recorded from now on
}

// EditDeal applies a DealEdit in one transaction. A code of another deal is
// a conflict and changes nothing.
func (s *Store) EditDeal(ctx context.Context, in DealEdit) error {
	v := DealInput{Currency: "USD", Rule: Rule{Kind: RulePerOrder, Value: 1}, Codes: in.Codes, HoldDays: in.HoldDays}
	if err := v.Validate(); err != nil {
		return err
	}
	in.Codes = v.Codes
	_, err := s.do(ctx, in.OpID, "deal.edit", in, func(tx *Tx) (int64, error) {
		if err := tx.setHoldDays(in.DealID, in.HoldDays); err != nil {
			return 0, err
		}
		return in.DealID, tx.replaceCodes(in.DealID, in.Codes)
	})
	return err
}

// replaceCodes makes codes (validated) the deal's discount codes.
func (tx *Tx) replaceCodes(dealID int64, codes []string) error {
	if _, err := tx.deal(dealID); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM deal_codes WHERE deal_id = ?`, dealID); err != nil {
		return err
	}
	return tx.addCodes(dealID, codes)
}

// setHoldDays sets the deal's hold days (validated). Commissions already
// held keep the release date they were given.
func (tx *Tx) setHoldDays(dealID int64, days int) error {
	res, err := tx.exec(`UPDATE deals SET hold_days = ? WHERE id = ?`, days, dealID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "deal %d not found", dealID)
	}
	return nil
}
