package ledger

import (
	"context"
	"fmt"
)

// guardTriggers are the schema's triggers that keep the ledger's rules
// against any writer: transfers append-only, sums that cannot overflow.
var guardTriggers = []string{
	"transfers_no_update", "transfers_no_delete", "transfers_no_replace",
	"brand_accounts_no_overflow_insert", "brand_accounts_no_overflow_update", "deals_no_overflow",
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
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, wrap(err, "integrity check")
	}
	for rows.Next() {
		var line string
		rows.Scan(&line)
		if line != "ok" {
			add("integrity_check: %s", line)
		}
	}
	rows.Close()
	fk, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, wrap(err, "foreign key check")
	}
	for fk.Next() {
		var table, parent string
		var rowid, idx any
		fk.Scan(&table, &rowid, &parent, &idx)
		add("foreign key: a row of %s (rowid %v) points at a missing %s", table, rowid, parent)
	}
	fk.Close()

	// The guards of the schema are still there: a dropped trigger would let
	// any writer rewrite history without a trace.
	present := map[string]bool{}
	trows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'trigger'`)
	if err != nil {
		return nil, wrap(err, "list triggers")
	}
	for trows.Next() {
		var name string
		if err := trows.Scan(&name); err != nil {
			trows.Close()
			return nil, wrap(err, "list triggers")
		}
		present[name] = true
	}
	if err := closeRows(trows); err != nil {
		return nil, wrap(err, "list triggers")
	}
	for _, name := range guardTriggers {
		if !present[name] {
			add("trigger %s is missing: the ledger's guards were removed", name)
		}
	}

	// Each cached deal balance equals the sum of its transfers.
	type recomputed struct {
		id                                                                int64
		cur                                                               string
		sched, held, owed, req, paid, comm, fees, bon                     int64
		cSched, cHeld, cOwed, cReq, cPaid, cComm, cFees, cBon, cRev, oRev int64
	}
	q := `WITH t AS (
		SELECT deal_id,
			sum(CASE to_account WHEN 'scheduled' THEN amount ELSE 0 END) - sum(CASE from_account WHEN 'scheduled' THEN amount ELSE 0 END) AS sched,
			sum(CASE to_account WHEN 'held' THEN amount ELSE 0 END) - sum(CASE from_account WHEN 'held' THEN amount ELSE 0 END) AS held,
			sum(CASE to_account WHEN 'owed' THEN amount ELSE 0 END) - sum(CASE from_account WHEN 'owed' THEN amount ELSE 0 END) AS owed,
			sum(CASE to_account WHEN 'requested' THEN amount ELSE 0 END) - sum(CASE from_account WHEN 'requested' THEN amount ELSE 0 END) AS req,
			sum(CASE WHEN to_account IN ('stripe_cash', 'offline_cash') THEN amount ELSE 0 END) - sum(CASE WHEN from_account IN ('stripe_cash', 'offline_cash') THEN amount ELSE 0 END) AS paid,
			sum(CASE from_account WHEN 'commission_expense' THEN amount ELSE 0 END) - sum(CASE to_account WHEN 'commission_expense' THEN amount ELSE 0 END) AS comm,
			sum(CASE from_account WHEN 'fee_expense' THEN amount ELSE 0 END) - sum(CASE to_account WHEN 'fee_expense' THEN amount ELSE 0 END) AS fees,
			sum(CASE from_account WHEN 'bonus_expense' THEN amount ELSE 0 END) - sum(CASE to_account WHEN 'bonus_expense' THEN amount ELSE 0 END) AS bon
		FROM transfers GROUP BY deal_id)
	SELECT d.id, d.currency, coalesce(t.sched,0), coalesce(t.held,0), coalesce(t.owed,0), coalesce(t.req,0), coalesce(t.paid,0),
		coalesce(t.comm,0), coalesce(t.fees,0), coalesce(t.bon,0),
		d.scheduled, d.held, d.owed, d.requested, d.paid, d.commission, d.fees, d.bonuses, d.revenue,
		coalesce((SELECT sum(base) FROM orders o WHERE o.deal_id = d.id), 0)
	FROM deals d LEFT JOIN t ON t.deal_id = d.id ORDER BY d.id`
	drows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, wrap(err, "recompute balances")
	}
	for drows.Next() {
		var r recomputed
		if err := drows.Scan(&r.id, &r.cur, &r.sched, &r.held, &r.owed, &r.req, &r.paid, &r.comm, &r.fees, &r.bon,
			&r.cSched, &r.cHeld, &r.cOwed, &r.cReq, &r.cPaid, &r.cComm, &r.cFees, &r.cBon, &r.cRev, &r.oRev); err != nil {
			drows.Close()
			return nil, wrap(err, "recompute balances")
		}
		for _, c := range []struct {
			name        string
			got, cached int64
		}{{"scheduled", r.sched, r.cSched}, {"held", r.held, r.cHeld}, {"owed", r.owed, r.cOwed}, {"requested", r.req, r.cReq},
			{"paid", r.paid, r.cPaid}, {"commission", r.comm, r.cComm}, {"fees", r.fees, r.cFees}, {"bonuses", r.bon, r.cBon},
			{"revenue", r.oRev, r.cRev}} {
			if c.got != c.cached {
				add("deal %d: cached %s %s differs from recomputed %s", r.id, c.name, Format(c.cached, r.cur), Format(c.got, r.cur))
			}
		}
		// Floors: these accounts never go below zero. Owed may (a clawback).
		if r.sched < 0 || r.held < 0 || r.req < 0 {
			add("deal %d: an account is below zero (scheduled %s, held %s, requested %s)", r.id, Format(r.sched, r.cur), Format(r.held, r.cur), Format(r.req, r.cur))
		}
		// What is scheduled, held, owed, requested or paid is exactly what
		// was earned: money is neither made nor lost inside a deal.
		if r.sched+r.held+r.owed+r.req+r.paid != r.comm+r.fees+r.bon {
			add("deal %d: balances do not add up to what was earned", r.id)
		}
	}
	drows.Close()

	checks := []struct {
		query string
		what  string
	}{
		{`SELECT t.id FROM transfers t JOIN deals d ON d.id = t.deal_id WHERE t.currency <> d.currency LIMIT 20`,
			"transfer %d is not in its deal's currency"},
		{`SELECT id FROM transfers WHERE from_account NOT IN ('scheduled','held','owed','requested') AND to_account NOT IN ('scheduled','held','owed','requested') LIMIT 20`,
			"transfer %d touches no account of its deal"},
		// Paid never exceeds what was ever credited to the deal.
		{`SELECT deal_id FROM transfers GROUP BY deal_id HAVING
			sum(CASE WHEN to_account IN ('stripe_cash','offline_cash') THEN amount ELSE 0 END) >
			sum(CASE WHEN from_account IN ('commission_expense','fee_expense','bonus_expense') THEN amount ELSE 0 END) LIMIT 20`,
			"deal %d was paid more than it ever earned"},
		// The remaining balance stored on each line is the running sum.
		{`SELECT id FROM (SELECT id, remaining_after, sum(CASE WHEN to_account IN ('held','owed','requested') THEN amount ELSE 0 END
			- CASE WHEN from_account IN ('held','owed','requested') THEN amount ELSE 0 END)
			OVER (PARTITION BY deal_id ORDER BY id) AS running FROM transfers) WHERE running <> remaining_after LIMIT 20`,
			"transfer %d: remaining balance after it is wrong"},
		// The queue agrees with the requested accounts.
		{`SELECT d.id FROM deals d WHERE d.requested <> coalesce((SELECT sum(amount) FROM requests r WHERE r.deal_id = d.id AND r.status IN ('requested','settling','failed')), 0) LIMIT 20`,
			"deal %d: requested balance differs from its open payout requests"},
		{`SELECT d.id FROM deals d WHERE d.held <> coalesce((SELECT sum(held) FROM orders o WHERE o.deal_id = d.id), 0) LIMIT 20`,
			"deal %d: held balance differs from the commissions on hold"},
		// NOT IN, not a correlated NOT EXISTS: transfers has no index on
		// request_id, and a scan per paid request is quadratic on a large
		// ledger; NOT IN builds the set of paid requests once.
		{`SELECT r.id FROM requests r WHERE r.status = 'paid' AND r.id NOT IN (SELECT request_id FROM transfers WHERE kind = 'paid' AND request_id IS NOT NULL) LIMIT 20`,
			"payout request %d is marked paid without a payment transfer"},
		{`SELECT request_id FROM transfers WHERE kind = 'paid' GROUP BY request_id HAVING count(*) > 1 LIMIT 20`,
			"payout request %d was paid more than once"},
	}
	for _, c := range checks {
		rows, err := s.db.QueryContext(ctx, c.query)
		if err != nil {
			return nil, wrap(err, "check")
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			add(c.what, id)
		}
		rows.Close()
	}

	// Brand balances: cached equals recomputed, and every currency balances
	// (double entry: the sum over all accounts is zero).
	brows, err := s.db.QueryContext(ctx, `WITH t AS (
			SELECT currency, to_account AS acc, amount AS v FROM transfers
			UNION ALL SELECT currency, from_account, -amount FROM transfers),
		r AS (SELECT acc, currency, sum(v) AS bal FROM t WHERE acc NOT IN ('scheduled','held','owed','requested') GROUP BY acc, currency)
		SELECT coalesce(r.acc, b.kind), coalesce(r.currency, b.currency), coalesce(r.bal, 0), coalesce(b.balance, 0)
		FROM r FULL OUTER JOIN brand_accounts b ON b.kind = r.acc AND b.currency = r.currency`)
	if err != nil {
		return nil, wrap(err, "recompute brand balances")
	}
	for brows.Next() {
		var acc, cur string
		var got, cached int64
		brows.Scan(&acc, &cur, &got, &cached)
		if got != cached {
			add("brand account %s %s: cached %s differs from recomputed %s", acc, cur, Format(cached, cur), Format(got, cur))
		}
	}
	brows.Close()
	var imbalance int64
	var cur string
	err = s.db.QueryRowContext(ctx, `SELECT currency, total FROM (
		SELECT b.currency, b.total + coalesce((SELECT sum(scheduled + held + owed + requested) FROM deals d WHERE d.currency = b.currency), 0) AS total
		FROM (SELECT currency, sum(balance) AS total FROM brand_accounts GROUP BY currency) b) WHERE total <> 0 LIMIT 1`).Scan(&cur, &imbalance)
	if err == nil {
		add("%s: debits and credits differ", cur)
	}
	return problems, nil
}
