package ledger

import (
	"context"
	"fmt"
)

// checkLinks checks what the balances alone cannot show: that each
// transfer's kind moves money between the accounts that kind may move it
// between, and that every fee, payout request and order agrees with the
// transfers that point at it (its status, amount and deal).
func (s *Store) checkLinks(ctx context.Context, add func(string, ...any)) error {
	// Kinds: one row per (kind, from, to) found in the file.
	err := s.each(ctx, "check transfer kinds", `SELECT kind, from_account, to_account, min(id), count(*)
		FROM transfers GROUP BY kind, from_account, to_account`, func(scan scanFunc) error {
		var kind, from, to string
		var first, n int64
		if err := scan(&kind, &from, &to, &first, &n); err != nil {
			return err
		}
		if !FlowAllowed(kind, from, to) {
			add("transfer %d (and %d like it): a %s transfer cannot move money from %s to %s", first, n-1, kind, from, to)
		}
		return nil
	})
	if err != nil {
		return err
	}

	// Fees: one agreement; confirmed once if confirmed; voided once (from
	// owed exactly when it had been confirmed) if voided; every transfer
	// of the fee's amount, on the fee's deal.
	err = s.each(ctx, "check fees", `SELECT f.id, f.status,
			count(t.id), coalesce(sum(t.kind = 'fee'), 0), coalesce(sum(t.kind = 'fee_confirmed'), 0),
			coalesce(sum(t.kind = 'fee_voided'), 0), coalesce(sum(t.kind = 'fee_voided' AND t.from_account = 'owed'), 0),
			coalesce(sum(t.amount <> f.amount OR t.deal_id <> f.deal_id), 0)
		FROM fees f LEFT JOIN transfers t ON t.fee_id = f.id GROUP BY f.id ORDER BY f.id`, func(scan scanFunc) error {
		var id, all, agreed, confirmed, voided, voidedFromOwed, mismatched int64
		var status string
		if err := scan(&id, &status, &all, &agreed, &confirmed, &voided, &voidedFromOwed, &mismatched); err != nil {
			return err
		}
		if mismatched > 0 || all != agreed+confirmed+voided {
			add("fee %d: its transfers are not of its amount, deal and kinds", id)
		}
		says := "inconsistent"
		switch {
		case agreed != 1 || confirmed > 1 || voided > 1:
		case voided == 1 && voidedFromOwed == confirmed:
			says = FeeVoided
		case voided == 0 && confirmed == 1:
			says = FeeConfirmed
		case voided == 0 && confirmed == 0:
			says = FeeScheduled
		}
		if says != status {
			add("fee %d is %s but its transfers say %s", id, status, says)
		}
		return nil
	})
	if err != nil {
		return err
	}

	// Requests: one request transfer; paid once if paid, cancelled once if
	// cancelled (or paid once and that payment reversed once), neither while
	// open; every transfer of the request's
	// amount, on its deal. A Stripe failure returns the request to the
	// queue without a transfer, so failed counts as open.
	err = s.each(ctx, "check payout requests", `SELECT r.id, r.status,
			count(t.id), coalesce(sum(t.kind = 'request'), 0), coalesce(sum(t.kind = 'request_cancel'), 0),
			coalesce(sum(t.kind = 'paid'), 0), coalesce(sum(t.kind = 'paid_reversed'), 0),
			coalesce(sum(t.amount <> r.amount OR t.deal_id <> r.deal_id OR t.currency <> r.currency), 0)
		FROM requests r LEFT JOIN transfers t ON t.request_id = r.id GROUP BY r.id ORDER BY r.id`, func(scan scanFunc) error {
		var id, all, requested, cancelled, paid, reversed, mismatched int64
		var status string
		if err := scan(&id, &status, &all, &requested, &cancelled, &paid, &reversed, &mismatched); err != nil {
			return err
		}
		if mismatched > 0 || all != requested+cancelled+paid+reversed {
			add("payout request %d: its transfers are not of its amount, deal and kinds", id)
		}
		says := "inconsistent"
		switch {
		case requested != 1 || cancelled+paid > 1 || reversed > paid:
		case reversed == 1:
			says = StatusCancelled
		case paid == 1:
			says = StatusPaid
		case cancelled == 1:
			says = StatusCancelled
		default:
			says = "open"
		}
		open := status == StatusRequested || status == StatusSettling || status == StatusFailed
		if says != status && !(open && says == "open") {
			add("payout request %d is %s but its transfers say %s", id, status, says)
		}
		return nil
	})
	if err != nil {
		return err
	}

	// Orders: the commission and the held part stored on each order equal
	// what its transfers moved.
	return s.each(ctx, "check orders", `WITH t AS (SELECT order_key,
			`+fieldSQL("", "commission")+` AS comm,
			`+fieldSQL("", "held")+` AS held,
			sum(deal_id <> (SELECT deal_id FROM orders o WHERE o.id = order_key)) AS other
			FROM transfers WHERE order_key IS NOT NULL GROUP BY order_key)
		SELECT o.id, o.source, o.order_id, d.currency, o.commission, o.held, coalesce(t.comm, 0), coalesce(t.held, 0), coalesce(t.other, 0)
		FROM orders o JOIN deals d ON d.id = o.deal_id LEFT JOIN t ON t.order_key = o.id
		WHERE o.commission <> coalesce(t.comm, 0) OR o.held <> coalesce(t.held, 0) OR coalesce(t.other, 0) <> 0
		ORDER BY o.id LIMIT 20`, func(scan scanFunc) error {
		var id, comm, held, tComm, tHeld, other int64
		var source, orderID, cur string
		if err := scan(&id, &source, &orderID, &cur, &comm, &held, &tComm, &tHeld, &other); err != nil {
			return err
		}
		what := fmt.Sprintf("order %s of %s", orderID, source)
		if comm != tComm {
			add("%s: stored commission %s differs from its transfers (%s)", what, Format(comm, cur), Format(tComm, cur))
		}
		if held != tHeld {
			add("%s: stored held %s differs from its transfers (%s)", what, Format(held, cur), Format(tHeld, cur))
		}
		if other != 0 {
			add("%s: some of its transfers are on another deal", what)
		}
		return nil
	})
}
