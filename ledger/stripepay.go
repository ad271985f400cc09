package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// StripeAttempt is a payout request being paid with Stripe, as it is written
// to the ledger before any call to Stripe: where the money goes, the
// idempotency key the Transfer is created with, and the transfer_group it
// can be found by after a crash.
type StripeAttempt struct {
	RequestID      int64
	DealID         int64
	CreatorID      int64
	CreatorName    string
	CampaignName   string
	Amount         int64
	Currency       string
	Status         string
	Destination    string
	IdempotencyKey string
	TransferGroup  string
	KeyAt          time.Time // when the key was made; Stripe keeps a key 24 hours
}

// KeyLife is how long the ledger reuses an idempotency key: Stripe keeps
// keys at least 24 hours; an hour of margin for clocks and slow retries.
const KeyLife = 23 * time.Hour

// ledgerID names this ledger in transfer groups, so two ledgers paying from
// one Stripe account never take each other's transfers for their own.
func (tx *Tx) ledgerID() (string, error) {
	var id string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = 'ledger_id'`).Scan(&id)
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	id = NewOpID()[:12]
	_, err = tx.exec(`INSERT INTO settings (key, value) VALUES ('ledger_id', ?)`, id)
	return id, err
}

const attemptSelect = `SELECT r.id, r.deal_id, d.creator_id, cr.name, ca.name, r.amount, r.currency, r.status, r.destination,
	r.idempotency_key, r.transfer_group, r.key_at
	FROM requests r JOIN deals d ON d.id = r.deal_id JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id`

func scanAttempt(sc interface{ Scan(...any) error }) (StripeAttempt, error) {
	var a StripeAttempt
	var keyAt int64
	err := sc.Scan(&a.RequestID, &a.DealID, &a.CreatorID, &a.CreatorName, &a.CampaignName, &a.Amount, &a.Currency, &a.Status,
		&a.Destination, &a.IdempotencyKey, &a.TransferGroup, &keyAt)
	if keyAt != 0 {
		a.KeyAt = FromMillis(keyAt)
	}
	return a, err
}

// BeginStripePayment writes a request as settling, with the destination,
// idempotency key and transfer_group of its Transfer, before Stripe is
// called. Only one caller wins: a second click, or a second app on the same
// file, finds the request settling and is refused. A request whose payee is
// not ready is refused ("Payout details missing"). A key kept from an
// attempt whose outcome was unknown is reused while Stripe still holds it,
// so a retry can never make a second transfer.
func (s *Store) BeginStripePayment(ctx context.Context, requestID int64) (StripeAttempt, error) {
	var a StripeAttempt
	// Each call is its own attempt: a fresh operation ID (the request's
	// status is what makes a repeat harmless).
	_, err := s.do(ctx, "", "payout.stripe_begin", requestID, func(tx *Tx) (int64, error) {
		cur, err := scanAttempt(tx.queryRow(attemptSelect+` WHERE r.id = ?`, requestID))
		if errors.Is(err, sql.ErrNoRows) {
			return 0, Errorf(ENOTFOUND, "payout request %d not found", requestID)
		} else if err != nil {
			return 0, err
		}
		switch cur.Status {
		case StatusRequested, StatusFailed:
		case StatusSettling:
			return 0, Errorf(ECONFLICT, "%s is already being paid with Stripe", tx.requestLabel(requestID))
		default:
			return 0, Errorf(ECONFLICT, "%s", tx.requestDone(requestID, cur.Status))
		}
		if err := tx.checkApproval(requestID, ""); err != nil {
			return 0, err
		}
		p, err := dealPayee(tx.ctx, tx.Tx, cur.DealID)
		if err != nil {
			return 0, err
		}
		if !p.Ready() {
			return 0, Errorf(EINVALID, "%s: %s", tx.requestLabel(requestID), p.Missing())
		}
		if cur.TransferGroup == "" {
			lid, err := tx.ledgerID()
			if err != nil {
				return 0, err
			}
			cur.TransferGroup = "payouts-" + lid + "-request-" + itoa(requestID)
		}
		if cur.IdempotencyKey == "" || cur.Destination != p.Account || tx.now.Sub(cur.KeyAt) >= KeyLife {
			cur.IdempotencyKey = "payouts-" + NewOpID()
			cur.KeyAt = tx.now
		}
		cur.Destination = p.Account
		cur.Status = StatusSettling
		if _, err := tx.exec(`UPDATE requests SET status = ?, method = ?, destination = ?, idempotency_key = ?, key_at = ?, transfer_group = ?,
			failure = '', updated_at = ? WHERE id = ?`, StatusSettling, MethodStripe, cur.Destination, cur.IdempotencyKey, ms(cur.KeyAt),
			cur.TransferGroup, ms(tx.now), requestID); err != nil {
			return 0, err
		}
		a = cur
		return requestID, nil
	})
	return a, err
}

// CompleteStripePayment records the Stripe transfer that paid a request:
// requested -> Stripe cash, the transfer ID as the payment's reference.
// Recording the same transfer again is a no-op, so two instances that
// both saw Stripe's answer record it once.
func (s *Store) CompleteStripePayment(ctx context.Context, requestID int64, transferID string) error {
	transferID = strings.TrimSpace(transferID)
	if transferID == "" {
		return Errorf(EINVALID, "Stripe transfer ID required")
	}
	_, err := s.do(ctx, "", "payout.stripe_complete", []any{requestID, transferID}, func(tx *Tx) (int64, error) {
		r, err := tx.request(requestID)
		if err != nil {
			return 0, err
		}
		switch r.Status {
		case StatusSettling, StatusRequested, StatusFailed:
			// Requested: an attempt whose outcome was unknown went through.
		case StatusPaid:
			if r.Reference == transferID {
				return requestID, nil
			}
			return 0, Errorf(ECONFLICT, "payout request %d was already paid (%s); Stripe transfer %s also names it: reverse one of them", requestID, r.Reference, transferID)
		default:
			return 0, Errorf(ECONFLICT, "payout request %d is %s; Stripe transfer %s names it: reverse the transfer in Stripe", requestID, r.Status, transferID)
		}
		var other int64
		err = tx.queryRow(`SELECT id FROM requests WHERE reference = ?`, transferID).Scan(&other)
		if err == nil {
			return 0, Errorf(ECONFLICT, "Stripe transfer %s already paid %s", transferID, tx.requestLabel(other))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		date := tx.today()
		if _, err := tx.exec(`UPDATE requests SET status = ?, method = ?, reference = ?, paid_date = ?, paid_by = ?, failure = '', updated_at = ? WHERE id = ?`,
			StatusPaid, MethodStripe, transferID, date, tx.operator, ms(tx.now), requestID); err != nil {
			return 0, err
		}
		err = tx.post(transfer{DealID: r.DealID, Currency: r.Currency, From: AccRequested, To: AccStripeCash, Amount: r.Amount,
			Kind: KindPaid, Date: date, Method: MethodStripe, Reference: transferID, Comment: r.Comment, RequestID: requestID})
		return requestID, err
	})
	return err
}

// FailStripePayment returns a settling request to the queue with the
// reason shown. keepKey is for a failure whose outcome is unknown (a
// timeout, the network): the next attempt looks the transfer up and reuses
// the key, and until then the request cannot be paid offline or cancelled.
// A refusal from Stripe (balance, key, account) drops the key: Stripe
// remembers a refused key's answer, so a retry needs a new one.
func (s *Store) FailStripePayment(ctx context.Context, requestID int64, reason string, keepKey bool) error {
	reason = oneLine(strings.TrimSpace(reason))
	_, err := s.do(ctx, "", "payout.stripe_fail", []any{requestID, reason, keepKey}, func(tx *Tx) (int64, error) {
		r, err := tx.request(requestID)
		if err != nil {
			return 0, err
		}
		if r.Status != StatusSettling && !(r.Status == StatusRequested && keepKey) {
			return 0, Errorf(ECONFLICT, "payout request %d is %s, not being paid with Stripe", requestID, r.Status)
		}
		q := `UPDATE requests SET status = ?, failure = ?, updated_at = ? WHERE id = ?`
		if !keepKey {
			q = `UPDATE requests SET status = ?, failure = ?, updated_at = ?, idempotency_key = '', key_at = 0 WHERE id = ?`
		}
		_, err = tx.exec(q, StatusRequested, reason, ms(tx.now), requestID)
		return requestID, err
	})
	return err
}

// ClearStripeKey forgets the key of a request whose Stripe attempt is known
// not to have made a transfer (reconcile found none), so it can be paid
// offline or cancelled again.
func (s *Store) ClearStripeKey(ctx context.Context, requestID int64) error {
	_, err := s.do(ctx, "", "payout.stripe_clear", requestID, func(tx *Tx) (int64, error) {
		_, err := tx.exec(`UPDATE requests SET idempotency_key = '', key_at = 0 WHERE id = ? AND status = ?`, requestID, StatusRequested)
		return requestID, err
	})
	return err
}

// StripeAttempt returns the Stripe side of a request.
func (s *Store) StripeAttempt(ctx context.Context, requestID int64) (StripeAttempt, error) {
	a, err := scanAttempt(s.db.QueryRowContext(ctx, attemptSelect+` WHERE r.id = ?`, requestID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, Errorf(ENOTFOUND, "payout request %d not found", requestID)
	}
	return a, wrap(err, "read request")
}

// UnresolvedStripe lists what reconcile resolves: requests left settling
// (a crash or a kill during a payment) and requests returned to the queue
// after a Stripe call whose outcome was unknown.
func (s *Store) UnresolvedStripe(ctx context.Context) ([]StripeAttempt, error) {
	rows, err := s.db.QueryContext(ctx, attemptSelect+` WHERE r.status = ? OR (r.status = ? AND r.idempotency_key <> '') ORDER BY r.id`,
		StatusSettling, StatusRequested)
	if err != nil {
		return nil, wrap(err, "list Stripe attempts")
	}
	defer rows.Close()
	var out []StripeAttempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, wrap(err, "list Stripe attempts")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "list Stripe attempts")
}

// checkNoStripeInFlight refuses to settle a request some other way while a
// Stripe attempt of it may have made a transfer.
func (tx *Tx) checkNoStripeInFlight(r requestRow) error {
	if r.stripeKey != "" {
		return Errorf(ECONFLICT, "a Stripe payment of payout request %d may have gone through: run `payouts stripe reconcile` (or reopen the app) first", r.ID)
	}
	return nil
}
