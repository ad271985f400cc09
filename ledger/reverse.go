package ledger

import (
	"context"
	"strings"
)

// ReverseInput undoes a payment that went wrong (a bank returned it, the
// wrong account was paid, a transfer was reversed in Stripe).
type ReverseInput struct {
	OpID      string `json:"-"`
	RequestID int64
	Reason    string // required: kept in the history with who and when
	// Reference is the Stripe Transfer Reversal (trr_...) of a Stripe
	// payment: Stripe is reversed first, then the ledger records it.
	Reference string
}

// ReversePayment undoes a paid request: its amount goes from the cash
// account it was paid from back to owed (a new line that points at the
// payment; both stay in the history), the request is closed as cancelled
// with the reason, and its reference is freed so it can be used again. A
// Stripe payment needs the Stripe reversal's ID: the money comes back in
// Stripe first (see ledger/stripe).
func (s *Store) ReversePayment(ctx context.Context, in ReverseInput) error {
	in.Reason = oneLine(strings.TrimSpace(in.Reason))
	in.Reference = strings.TrimSpace(in.Reference)
	if in.Reason == "" {
		return Errorf(EINVALID, "a reason is required to reverse a payment")
	}
	_, err := s.do(ctx, in.OpID, "payout.reverse", in, func(tx *Tx) (int64, error) {
		r, err := tx.request(in.RequestID)
		if err != nil {
			return 0, err
		}
		if r.Status != StatusPaid {
			return 0, Errorf(ECONFLICT, "payout request %d is %s, not paid: nothing to reverse", r.ID, r.Status)
		}
		cash := AccOfflineCash
		if r.Method == MethodStripe {
			cash = AccStripeCash
			if !strings.HasPrefix(in.Reference, "trr_") {
				return 0, Errorf(EINVALID, "payout request %d was paid with Stripe (%s): reverse it with Stripe first (payouts payout reverse, with the Stripe key set)", r.ID, r.Reference)
			}
		}
		paid, err := tx.firstTransfer("request_id", r.ID, KindPaid)
		if err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE requests SET status = ?, reference = NULL, failure = ?, updated_at = ? WHERE id = ?`,
			StatusCancelled, "payment "+r.Reference+" reversed: "+in.Reason, ms(tx.now), r.ID); err != nil {
			return 0, err
		}
		err = tx.post(transfer{DealID: r.DealID, Currency: r.Currency, From: cash, To: AccOwed, Amount: r.Amount,
			Kind: KindPaidReversed, Method: r.Method, Reference: in.Reference, Comment: in.Reason, RequestID: r.ID, Reverses: paid})
		if err != nil {
			return 0, err
		}
		return r.ID, tx.carryHomeAmount(paid)
	})
	return err
}
