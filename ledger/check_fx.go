package ledger

import "context"

// checkHomeAmounts holds the home amounts of payments against their
// transfers: each is on a payment or a reversal of one, in a currency other
// than the payment's, and a reversal carries exactly its payment's amount
// back.
func (s *Store) checkHomeAmounts(ctx context.Context, add func(string, ...any)) error {
	return s.each(ctx, "check home amounts", `SELECT fx.transfer_id, coalesce(t.kind, ''), coalesce(t.currency, ''), fx.home_currency, fx.home_amount,
			coalesce(p.home_amount, 0), coalesce(p.home_currency, ''), CASE WHEN p.transfer_id IS NOT NULL THEN 1 ELSE 0 END
		FROM payment_fx fx LEFT JOIN transfers t ON t.id = fx.transfer_id
			LEFT JOIN payment_fx p ON p.transfer_id = t.reverses AND t.kind = 'paid_reversed'
		UNION ALL
		SELECT r.id, r.kind, r.currency, '', 0, p.home_amount, p.home_currency, 1
		FROM transfers r JOIN payment_fx p ON p.transfer_id = r.reverses
		WHERE r.kind = 'paid_reversed' AND NOT EXISTS (SELECT 1 FROM payment_fx x WHERE x.transfer_id = r.id)
		ORDER BY 1`, func(scan scanFunc) error {
		var id, amount, paidAmount int64
		var kind, cur, home, paidHome string
		var hasPaid bool
		if err := scan(&id, &kind, &cur, &home, &amount, &paidAmount, &paidHome, &hasPaid); err != nil {
			return err
		}
		switch {
		case kind != KindPaid && kind != KindPaidReversed:
			add("transfer %d has a home amount but is a %s, not a payment", id, orNone(kind))
		case home == "" && hasPaid:
			add("transfer %d reverses a payment with a home amount (%s %s) but carries none back", id, Format(paidAmount, paidHome), paidHome)
		case home == cur:
			add("transfer %d: its home amount is in its own currency %s", id, cur)
		case kind == KindPaidReversed && hasPaid && (amount != paidAmount || home != paidHome):
			add("transfer %d carries back %s %s, but its payment's home amount is %s %s", id, Format(amount, home), home, Format(paidAmount, paidHome), paidHome)
		}
		return nil
	})
}

func orNone(kind string) string {
	if kind == "" {
		return "missing transfer"
	}
	return kind + " transfer"
}
