package ledger

import (
	"context"
	"fmt"
)

// guardTriggers are the schema's triggers that keep the ledger's rules
// against any writer: transfers append-only, sums that cannot overflow, a
// reference that pays one payment.
var guardTriggers = []string{
	"transfers_no_update", "transfers_no_delete", "transfers_no_replace",
	"brand_accounts_no_overflow_insert", "brand_accounts_no_overflow_update", "deals_no_overflow",
	"requests_reference_one_payment_update", "requests_reference_one_payment_insert",
	// Home amounts of payments and the creator history are append-only too.
	"payment_fx_no_update", "payment_fx_no_delete", "creator_events_no_update", "creator_events_no_delete",
}

// closeRows closes rows and returns the error that ended their iteration.
func closeRows(rows interface {
	Err() error
	Close() error
}) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// Check recomputes every cached balance from the transfers and checks every
// invariant of the ledger. It returns one line per problem found; none means
// the ledger is sound. An error means the check itself could not run.
func (s *Store) Check(ctx context.Context) ([]string, error) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// SQLite's own view of the file.
	err := s.each(ctx, "integrity check", `PRAGMA integrity_check`, func(scan scanFunc) error {
		var line string
		if err := scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			add("integrity_check: %s", line)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, "foreign key check", `PRAGMA foreign_key_check`, func(scan scanFunc) error {
		var table, parent string
		var rowid, idx any
		if err := scan(&table, &rowid, &parent, &idx); err != nil {
			return err
		}
		add("foreign key: a row of %s (rowid %v) points at a missing %s", table, rowid, parent)
		return nil
	})
	if err != nil {
		return nil, err
	}

	// The guards of the schema are still there: a dropped trigger would let
	// any writer rewrite history without a trace.
	present := map[string]bool{}
	err = s.each(ctx, "list triggers", `SELECT name FROM sqlite_schema WHERE type = 'trigger'`, func(scan scanFunc) error {
		var name string
		err := scan(&name)
		present[name] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, name := range guardTriggers {
		if !present[name] {
			add("trigger %s is missing: the ledger's guards were removed", name)
		}
	}

	// Each cached deal figure equals the sum of its transfers, by the
	// table of accounts.
	if err := s.checkDealFigures(ctx, add); err != nil {
		return nil, err
	}

	checks := []struct {
		query string
		what  string
	}{
		{`SELECT t.id FROM transfers t JOIN deals d ON d.id = t.deal_id WHERE t.currency <> d.currency LIMIT 20`,
			"transfer %d is not in its deal's currency"},
		{`SELECT id FROM transfers WHERE from_account NOT IN ` + dealSQL() + ` AND to_account NOT IN ` + dealSQL() + ` LIMIT 20`,
			"transfer %d touches no account of its deal"},
		// Paid (net of reversed payments) never exceeds what was ever
		// credited to the deal.
		{`SELECT deal_id FROM transfers GROUP BY deal_id HAVING
			sum(CASE WHEN to_account IN ` + cashSQL() + ` THEN amount ELSE 0 END) -
			sum(CASE WHEN from_account IN ` + cashSQL() + ` THEN amount ELSE 0 END) >
			sum(CASE WHEN from_account IN ` + expenseSQL() + ` THEN amount ELSE 0 END) LIMIT 20`,
			"deal %d was paid more than it ever earned"},
		// The remaining balance stored on each line is the running sum.
		{`SELECT id FROM (SELECT id, remaining_after, sum(` + remainingSQL("") + `)
			OVER (PARTITION BY deal_id ORDER BY id) AS running FROM transfers) WHERE running <> remaining_after LIMIT 20`,
			"transfer %d: remaining balance after it is wrong"},
		// The queue agrees with the requested accounts.
		{`SELECT d.id FROM deals d WHERE d.requested <> coalesce((SELECT sum(amount) FROM requests r WHERE r.deal_id = d.id AND r.status IN ('requested','settling','failed')), 0) LIMIT 20`,
			"deal %d: requested balance differs from its open payout requests"},
		{`SELECT d.id FROM deals d WHERE d.held <> coalesce((SELECT sum(held) FROM orders o WHERE o.deal_id = d.id), 0) LIMIT 20`,
			"deal %d: held balance differs from the commissions on hold"},
		// A fee, a request or an order a transfer points at exists.
		{`SELECT id FROM transfers WHERE fee_id IS NOT NULL AND fee_id NOT IN (SELECT id FROM fees) LIMIT 20`,
			"transfer %d points at a fee that does not exist"},
		{`SELECT id FROM transfers WHERE request_id IS NOT NULL AND request_id NOT IN (SELECT id FROM requests) LIMIT 20`,
			"transfer %d points at a payout request that does not exist"},
		{`SELECT id FROM transfers WHERE order_key IS NOT NULL AND order_key NOT IN (SELECT id FROM orders) LIMIT 20`,
			"transfer %d points at an order that does not exist"},
	}
	for _, c := range checks {
		err := s.each(ctx, "check", c.query, func(scan scanFunc) error {
			var id int64
			err := scan(&id)
			add(c.what, id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if err := s.checkLinks(ctx, add); err != nil {
		return nil, err
	}
	if err := s.checkHomeAmounts(ctx, add); err != nil {
		return nil, err
	}
	if err := s.checkBonusVoids(ctx, add); err != nil {
		return nil, err
	}

	// Brand balances: cached equals recomputed, and every currency balances
	// (double entry: the sum over all accounts is zero).
	err = s.each(ctx, "recompute brand balances", `WITH t AS (
			SELECT currency, to_account AS acc, amount AS v FROM transfers
			UNION ALL SELECT currency, from_account, -amount FROM transfers),
		r AS (SELECT acc, currency, sum(v) AS bal FROM t WHERE acc NOT IN `+dealSQL()+` GROUP BY acc, currency)
		SELECT coalesce(r.acc, b.kind), coalesce(r.currency, b.currency), coalesce(r.bal, 0), coalesce(b.balance, 0)
		FROM r FULL OUTER JOIN brand_accounts b ON b.kind = r.acc AND b.currency = r.currency`, func(scan scanFunc) error {
		var acc, cur string
		var got, cached int64
		if err := scan(&acc, &cur, &got, &cached); err != nil {
			return err
		}
		if got != cached {
			add("brand account %s %s: cached %s differs from recomputed %s", acc, cur, Format(cached, cur), Format(got, cur))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, "check debits and credits", `SELECT currency, total FROM (
		SELECT b.currency, b.total + coalesce((SELECT sum(`+dealAccountsSum()+`) FROM deals d WHERE d.currency = b.currency), 0) AS total
		FROM (SELECT currency, sum(balance) AS total FROM brand_accounts GROUP BY currency) b) WHERE total <> 0`, func(scan scanFunc) error {
		var cur string
		var imbalance int64
		if err := scan(&cur, &imbalance); err != nil {
			return err
		}
		add("%s: debits and credits differ by %s", cur, Format(imbalance, cur))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return problems, nil
}

// scanFunc reads the current row of a query.
type scanFunc func(dest ...any) error

// each runs query and calls fn for every row. A failed query, a row that
// does not scan (a value of the wrong type in the file) and an error that
// ends the rows are returned, named by what, never taken for "no problem".
func (s *Store) each(ctx context.Context, what, query string, fn func(scan scanFunc) error) error {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			rows.Close()
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
