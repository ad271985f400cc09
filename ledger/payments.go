package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

func checkAmount(amount int64, what string) error {
	if amount <= 0 {
		return Errorf(EINVALID, "%s must be above zero", what)
	}
	if amount > MaxAmount {
		return Errorf(EINVALID, "%s is too large: at most %d minor units (10^15)", what, int64(MaxAmount))
	}
	return nil
}

// firstTransfer returns the first transfer of kind linked to a fee or a
// request (column fee_id or request_id): the one a reversal points at.
func (tx *Tx) firstTransfer(column string, id int64, kind string) (int64, error) {
	if err := tx.flushTransfers(); err != nil {
		return 0, err
	}
	var t int64
	err := tx.queryRow(`SELECT id FROM transfers WHERE `+column+` = ? AND kind = ? ORDER BY id LIMIT 1`, id, kind).Scan(&t)
	return t, err
}

// RequestPayout puts part of what a deal is owed in the Payouts queue
// (owed -> requested) and returns the request's ID. A request above owed is
// refused: Payouts never pays more than is owed.
func (s *Store) RequestPayout(ctx context.Context, in RequestInput) (int64, error) {
	return s.do(ctx, in.OpID, "payout.request", in, func(tx *Tx) (int64, error) { return tx.requestPayout(in) })
}

func (tx *Tx) requestPayout(in RequestInput) (int64, error) {
	if err := checkAmount(in.Amount, "payout amount"); err != nil {
		return 0, err
	}
	date, err := tx.pastDate(in.Date, "payout request")
	if err != nil {
		return 0, err
	}
	d, err := tx.deal(in.DealID)
	if err != nil {
		return 0, err
	}
	if in.Amount > d.Owed {
		if d.Owed <= 0 {
			return 0, Errorf(EINVALID, "%s has nothing owed to request (owed %s)", tx.dealLabel(d.ID), Display(d.Owed, d.Currency))
		}
		return 0, Errorf(EINVALID, "payout of %s is above what %s is owed (%s)", Display(in.Amount, d.Currency), tx.dealLabel(d.ID), Display(d.Owed, d.Currency))
	}
	reqID, err := tx.insertID(`INSERT INTO requests (deal_id, amount, currency, status, comment, created_at, created_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, in.Amount, d.Currency, StatusRequested, in.Comment, ms(tx.now), tx.operator, ms(tx.now))
	if err != nil {
		return 0, err
	}
	err = tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccOwed, To: AccRequested,
		Amount: in.Amount, Kind: KindRequest, Date: date, Comment: in.Comment, RequestID: reqID})
	return reqID, err
}

// pastDate reads an effective date that must not be in the future: empty
// means the operation's day. "The future" is after today's local date plus
// one day of slack, so that a payment made today somewhere east of here is
// not refused.
func (tx *Tx) pastDate(text, what string) (string, error) {
	if strings.TrimSpace(text) == "" {
		return tx.today(), nil
	}
	d, err := ParseDate(text)
	if err != nil {
		return "", err
	}
	date := d.Format(DateLayout)
	if latest := tx.now.Local().AddDate(0, 0, 1).Format(DateLayout); date > latest {
		return "", Errorf(EINVALID, "%s date %s is in the future: record it once it has happened", what, date)
	}
	return date, nil
}

// requestDate is the date of a payout request: that of its request
// transfer.
func (tx *Tx) requestDate(requestID int64) (string, error) {
	if err := tx.flushTransfers(); err != nil {
		return "", err
	}
	var date string
	err := tx.queryRow(`SELECT date FROM transfers WHERE request_id = ? AND kind = ? ORDER BY id LIMIT 1`, requestID, KindRequest).Scan(&date)
	return date, err
}

// requestRow is a request as an operation reads it, with what paying or
// cancelling it checks besides: the key of a Stripe attempt that may be in
// flight (checkNoStripeInFlight) and who requested it (checkApproval, in
// Request.CreatedBy). One read: each is a round trip on PostgreSQL.
type requestRow struct {
	Request
	stripeKey string
}

func (tx *Tx) request(id int64) (requestRow, error) {
	var r requestRow
	var ref sql.NullString
	err := tx.queryRow(`SELECT id, deal_id, amount, currency, status, comment, method, reference, created_by, idempotency_key
		FROM requests WHERE id = ?`, id).Scan(
		&r.ID, &r.DealID, &r.Amount, &r.Currency, &r.Status, &r.Comment, &r.Method, &ref, &r.CreatedBy, &r.stripeKey)
	if errors.Is(err, sql.ErrNoRows) {
		return r, Errorf(ENOTFOUND, "payout request %d not found", id)
	}
	r.Reference = ref.String
	return r, err
}

// CancelRequest takes a request out of the queue (requested -> owed).
func (s *Store) CancelRequest(ctx context.Context, opID string, requestID int64, comment string) error {
	_, err := s.do(ctx, opID, "payout.cancel", struct {
		Request int64
		Comment string
	}{requestID, comment}, func(tx *Tx) (int64, error) { return requestID, tx.cancelRequest(requestID, comment) })
	return err
}

func (tx *Tx) cancelRequest(requestID int64, comment string) error {
	r, err := tx.request(requestID)
	if err != nil {
		return err
	}
	if r.Status != StatusRequested && r.Status != StatusFailed {
		if r.Status == StatusCancelled {
			return Errorf(ECONFLICT, "%s", tx.requestDone(requestID, r.Status))
		}
		return Errorf(ECONFLICT, "%s and cannot be cancelled", tx.requestDone(requestID, r.Status))
	}
	if err := tx.checkNoStripeInFlight(r); err != nil {
		return err
	}
	reqTransfer, err := tx.firstTransfer("request_id", requestID, KindRequest)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE requests SET status = ?, updated_at = ? WHERE id = ?`, StatusCancelled, ms(tx.now), requestID); err != nil {
		return err
	}
	err = tx.post(transfer{DealID: r.DealID, Currency: r.Currency, From: AccRequested, To: AccOwed,
		Amount: r.Amount, Kind: KindRequestCancel, Comment: comment, RequestID: requestID, Reverses: reqTransfer})
	return err
}

// ParseDate reads an effective date, YYYY-MM-DD.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return t, Errorf(EINVALID, "invalid date %q: use YYYY-MM-DD", s)
	}
	return t, nil
}

// normalize trims and checks a payment's input; method defaults to bank.
func (in *PayInput) normalize() error {
	in.Reference = strings.TrimSpace(in.Reference)
	if len(in.RequestIDs) > 0 && in.RequestID != 0 {
		return Errorf(EINVALID, "give one payout request or the list a payment pays, not both")
	}
	if len(in.RequestIDs) == 1 {
		// A list of one is the payment of one request, recorded (and
		// hashed) as it always was.
		in.RequestID, in.RequestIDs = in.RequestIDs[0], nil
	}
	in.Method = strings.ToLower(strings.TrimSpace(in.Method))
	if in.Method == "" {
		in.Method = MethodBank
	}
	switch in.Method {
	case MethodBank, MethodPayPal, MethodOther:
	default:
		return Errorf(EINVALID, "unknown payment method %q: use bank, paypal or other", in.Method)
	}
	if in.Reference == "" {
		return Errorf(EINVALID, "payment reference required (the bank or PayPal transaction reference)")
	}
	if err := normalizeHome(&in.HomeAmount, &in.HomeCurrency); err != nil {
		return err
	}
	if in.Date != "" {
		d, err := ParseDate(in.Date)
		if err != nil {
			return err
		}
		in.Date = d.Format(DateLayout)
	}
	return nil
}

// PayOffline records that a request was paid outside Payouts, by bank
// transfer, PayPal or otherwise (requested -> offline cash). The reference
// identifies the payment and pays once: a reference already used by
// another payment is refused. One payment may pay several requests of one
// creator in one currency (in.RequestIDs), as one operation: all are paid,
// or none.
func (s *Store) PayOffline(ctx context.Context, in PayInput) error {
	// Normalized first: the operation's input hash is of what is recorded.
	if err := in.normalize(); err != nil {
		return err
	}
	result := in.RequestID
	if len(in.RequestIDs) > 0 {
		result = in.RequestIDs[0]
	}
	_, err := s.do(ctx, in.OpID, "payout.pay_offline", in, func(tx *Tx) (int64, error) { return result, tx.payOffline(in) })
	return err
}

// payOffline records a payment of one request or of several paid
// together; in is normalized.
func (tx *Tx) payOffline(in PayInput) error {
	if len(in.RequestIDs) == 0 {
		return tx.payRequest(in, in.RequestID, 0)
	}
	if err := tx.checkOnePayment(in.RequestIDs, in.Reference); err != nil {
		return err
	}
	shares, err := tx.homeShares(in.RequestIDs, in.HomeAmount)
	if err != nil {
		return err
	}
	// The payment's key is its first request: every request it pays
	// carries it, so the reference is theirs and no other payment's.
	for i, id := range in.RequestIDs {
		one := in
		one.HomeAmount = shares[i]
		if err := tx.payRequest(one, id, in.RequestIDs[0]); err != nil {
			return err
		}
	}
	return nil
}

// homeShares shares a payment's home amount out among the requests it
// pays, in proportion to their amounts (rounded half up, the last taking
// what rounding left), so that the shares add up to what the bank debited.
func (tx *Tx) homeShares(ids []int64, home int64) ([]int64, error) {
	shares := make([]int64, len(ids))
	if home == 0 {
		return shares, nil
	}
	amounts := make([]int64, len(ids))
	var total int64
	for i, id := range ids {
		r, err := tx.request(id)
		if err != nil {
			return nil, err
		}
		amounts[i] = r.Amount
		total += r.Amount
	}
	left := home
	for i := range ids[:len(ids)-1] {
		v, err := MulDivRound(home, amounts[i], total)
		if err != nil {
			return nil, err
		}
		if v > left {
			v = left
		}
		shares[i], left = v, left-v
	}
	shares[len(ids)-1] = left
	for i, v := range shares {
		if v <= 0 {
			return nil, Errorf(EINVALID, "a home amount of %d minor units is too small to share among %d payout requests (%s gets none)",
				home, len(ids), tx.requestLabel(ids[i]))
		}
	}
	return shares, nil
}

// payRequest pays one request, alone (payment 0) or as part of the payment
// whose key is payment.
func (tx *Tx) payRequest(in PayInput, requestID, payment int64) error {
	r, err := tx.request(requestID)
	if err != nil {
		return err
	}
	switch r.Status {
	case StatusRequested, StatusFailed:
	case StatusSettling:
		return Errorf(ECONFLICT, "%s is being paid with Stripe", tx.requestLabel(r.ID))
	default:
		return Errorf(ECONFLICT, "%s", tx.requestDone(r.ID, r.Status))
	}
	if err := tx.checkNoStripeInFlight(r); err != nil {
		return err
	}
	if err := tx.checkApproval(r.ID, r.CreatedBy); err != nil {
		return err
	}
	if err := tx.payeeReady(r.DealID); err != nil {
		return err
	}
	key := payment
	if key == 0 {
		key = r.ID
	}
	var other int64
	err = tx.queryRow(`SELECT id FROM requests WHERE reference = ? AND coalesce(payment, id) <> ? ORDER BY id LIMIT 1`, in.Reference, key).Scan(&other)
	if err == nil {
		return Errorf(ECONFLICT, "reference %q already paid %s", in.Reference, tx.requestLabel(other))
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// A payment is never dated before its request, nor in the future: it
	// would fall in another period of the books (a 2025 export would show
	// a negative requested balance, a tax year the wrong payments).
	date, err := tx.pastDate(in.Date, "payment")
	if err != nil {
		return err
	}
	requested, err := tx.requestDate(r.ID)
	if err != nil {
		return err
	}
	if date < requested {
		return Errorf(EINVALID, "payment date %s is before %s was made (%s)", date, tx.requestLabel(r.ID), requested)
	}
	var group sql.NullInt64
	if payment != 0 {
		group = sql.NullInt64{Int64: payment, Valid: true}
	}
	// Nothing reads what it changes before the operation's end: on
	// PostgreSQL it waits for the batched tail (execLater).
	if err := tx.execLater(`UPDATE requests SET status = ?, method = ?, reference = ?, payment = ?, paid_date = ?, paid_by = ?, updated_at = ? WHERE id = ?`,
		StatusPaid, in.Method, in.Reference, group, date, tx.operator, ms(tx.now), r.ID); err != nil {
		return err
	}
	comment := in.Comment
	if comment == "" {
		comment = r.Comment
	}
	err = tx.post(transfer{DealID: r.DealID, Currency: r.Currency, From: AccRequested, To: AccOfflineCash,
		Amount: r.Amount, Kind: KindPaid, Date: date, Method: in.Method, Reference: in.Reference, Comment: comment, RequestID: r.ID})
	if err != nil {
		return err
	}
	return tx.recordHomeAmount(r.Currency, in.HomeAmount, in.HomeCurrency)
}

// payeeReady refuses to pay a deal whose creator has no payout details:
// the rule is the ledger's, whoever asks to pay.
// The journal read the creator with the deal; a deal the transaction added
// (the builder's) reads it here, once.
func (tx *Tx) payeeReady(dealID int64) error {
	d, err := tx.journal().deal(dealID)
	if err != nil {
		return err
	}
	if !d.named {
		err := tx.queryRow(`SELECT name, `+detailsOnFileSQL+` FROM creators cr WHERE id = ?`, d.CreatorID).Scan(&d.creator, &d.payable)
		if err != nil {
			return orNotFound(err, "deal %d not found", dealID)
		}
		d.named = true
	}
	if !d.payable {
		return ErrPayoutDetailsMissing(d.creator)
	}
	return nil
}

// checkOnePayment refuses a payment of several requests that is not one
// payment: a request listed twice, requests of two creators (one transfer
// reaches one account) or in two currencies.
func (tx *Tx) checkOnePayment(ids []int64, reference string) error {
	seen := map[int64]bool{}
	var firstCreator int64
	var firstName, firstCurrency string
	for i, id := range ids {
		if seen[id] {
			return Errorf(EINVALID, "%s is listed twice in one payment", tx.requestLabel(id))
		}
		seen[id] = true
		var creator int64
		var name, currency string
		err := tx.queryRow(`SELECT d.creator_id, cr.name, r.currency FROM requests r JOIN deals d ON d.id = r.deal_id
			JOIN creators cr ON cr.id = d.creator_id WHERE r.id = ?`, id).Scan(&creator, &name, &currency)
		if err != nil {
			return orNotFound(err, "payout request %d not found", id)
		}
		if i == 0 {
			firstCreator, firstName, firstCurrency = creator, name, currency
			continue
		}
		if creator != firstCreator {
			return Errorf(EINVALID, "one payment pays one creator: %s and %s cannot share reference %q; record a payment for each", firstName, name, reference)
		}
		if currency != firstCurrency {
			return Errorf(EINVALID, "one payment is in one currency: %s's requests are in %s and %s; record a payment for each currency", name, firstCurrency, currency)
		}
	}
	return nil
}
