package ledger

import "context"

// CreatorYearPaid is what one creator was paid in one calendar year in one
// currency: the figure a year-end contractor tax form needs.
type CreatorYearPaid struct {
	CreatorID   int64
	CreatorName string
	Email       string
	Year        int
	Currency    string
	Payments    int
	Paid        int64 // net of any payment reversed out of cash
}

// PaidByCreatorYear sums payments per creator, calendar year (of the paid
// date) and currency, within the filter's range.
func (s *Store) PaidByCreatorYear(ctx context.Context, f ExportFilter) ([]CreatorYearPaid, error) {
	return paidByCreatorYear(ctx, s.db, f)
}

func paidByCreatorYear(ctx context.Context, q querier, f ExportFilter) ([]CreatorYearPaid, error) {
	where, args := f.where(true)
	rows, err := q.QueryContext(ctx, `SELECT cr.id, cr.name, cr.email, CAST(substr(t.date, 1, 4) AS INTEGER) AS year, t.currency,
			sum(CASE WHEN t.to_account IN `+cashSQL()+` THEN 1 ELSE 0 END),
			sum(CASE WHEN t.to_account IN `+cashSQL()+` THEN t.amount ELSE -t.amount END)
		FROM transfers t JOIN deals d ON d.id = t.deal_id JOIN creators cr ON cr.id = d.creator_id`+where+`
			AND (t.to_account IN `+cashSQL()+` OR t.from_account IN `+cashSQL()+`)
		GROUP BY cr.id, year, t.currency ORDER BY cr.name COLLATE NOCASE, cr.id, year, t.currency`, args...)
	if err != nil {
		return nil, wrap(err, "read paid per creator")
	}
	defer rows.Close()
	var out []CreatorYearPaid
	for rows.Next() {
		var c CreatorYearPaid
		if err := rows.Scan(&c.CreatorID, &c.CreatorName, &c.Email, &c.Year, &c.Currency, &c.Payments, &c.Paid); err != nil {
			return nil, wrap(err, "read paid per creator")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "read paid per creator")
}

// AccountTotal is what moved through one account in one currency in a
// range: the sum of the transfers out of it (debits) and into it (credits).
type AccountTotal struct {
	Account  string
	Currency string
	Debits   int64
	Credits  int64
}

// AccountTotals sums, per account and currency, the transfers in the
// filter's range on each side. It is computed by SQL apart from
// EachTransfer, so an export can check its rows against it.
func (s *Store) AccountTotals(ctx context.Context, f ExportFilter) ([]AccountTotal, error) {
	return accountTotals(ctx, s.db, f)
}

func accountTotals(ctx context.Context, q querier, f ExportFilter) ([]AccountTotal, error) {
	where, args := f.where(true)
	args = append(args, args...)
	rows, err := q.QueryContext(ctx, `SELECT acc, currency, sum(dr), sum(cr) FROM (
			SELECT t.from_account AS acc, t.currency, t.amount AS dr, 0 AS cr FROM transfers t`+where+`
			UNION ALL SELECT t.to_account, t.currency, 0, t.amount FROM transfers t`+where+`) AS sides
		GROUP BY currency, acc ORDER BY currency, acc`, args...)
	if err != nil {
		return nil, wrap(err, "read account totals")
	}
	defer rows.Close()
	var out []AccountTotal
	for rows.Next() {
		var a AccountTotal
		if err := rows.Scan(&a.Account, &a.Currency, &a.Debits, &a.Credits); err != nil {
			return nil, wrap(err, "read account totals")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "read account totals")
}

// CashLabel is how the cash account of a payment reads in an export: cash
// is split per payment method ("Offline cash - bank", "Offline cash -
// PayPal", "Offline cash - other", "Stripe cash"), because each method is
// a statement of its own that the accountant reconciles apart. For any
// other account it is AccountLabel.
func CashLabel(acc, method string) string {
	if acc != AccOfflineCash {
		return AccountLabel(acc)
	}
	switch method {
	case MethodBank:
		return "Offline cash - bank"
	case MethodPayPal:
		return "Offline cash - PayPal"
	}
	// Payments are recorded with a method (bank by default); anything else
	// is "other", never a new account per unexpected value.
	return "Offline cash - other"
}
