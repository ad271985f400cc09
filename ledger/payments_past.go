package ledger

import "context"

// PastPaymentInput records a payout that was made outside Payouts some time
// ago: the request and the payment both carry the day it was paid.
type PastPaymentInput struct {
	OpID      string `json:"-"`
	DealID    int64
	Amount    int64
	Date      string // the day it was paid, YYYY-MM-DD; empty means today
	Method    string // bank, paypal or other
	Reference string
	Comment   string
	// HomeAmount and HomeCurrency: as in PayInput.
	HomeAmount   int64  `json:",omitempty"`
	HomeCurrency string `json:",omitempty"`
}

// RecordPastPayment requests a payout of a deal and records it paid, both
// dated in.Date, as one operation: either both are recorded or neither (a
// refused payment leaves no request behind in the queue). It returns the
// request's ID. The rules are those of RequestPayout and PayOffline: at most
// what is owed, payout details on file, a reference that pays once, a date
// not in the future.
func (s *Store) RecordPastPayment(ctx context.Context, in PastPaymentInput) (int64, error) {
	pay := PayInput{Method: in.Method, Date: in.Date, Reference: in.Reference, Comment: in.Comment,
		HomeAmount: in.HomeAmount, HomeCurrency: in.HomeCurrency}
	if err := pay.normalize(); err != nil {
		return 0, err
	}
	in.Method, in.Date, in.Reference, in.HomeCurrency = pay.Method, pay.Date, pay.Reference, pay.HomeCurrency
	return s.do(ctx, in.OpID, "payout.record_past", in, func(tx *Tx) (int64, error) {
		if err := tx.checkPastApproval(); err != nil {
			return 0, err
		}
		// Date is checked first, so that the refusal of a future date
		// names the payment rather than the request.
		date, err := tx.pastDate(in.Date, "payment")
		if err != nil {
			return 0, err
		}
		d, err := tx.deal(in.DealID)
		if err != nil {
			return 0, err
		}
		if err := tx.payeeReady(d.ID); err != nil {
			return 0, err
		}
		reqID, err := tx.requestPayout(RequestInput{DealID: d.ID, Amount: in.Amount, Comment: in.Comment, Date: date})
		if err != nil {
			return 0, err
		}
		pay.RequestID, pay.Date = reqID, date
		return reqID, tx.payOffline(pay)
	})
}
