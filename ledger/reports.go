package ledger

import (
	"context"
	"strings"
	"time"
)

// What a report groups by.
const (
	ReportByDeal     = "deal"
	ReportByCreator  = "creator"
	ReportByCampaign = "campaign"
)

// ReportQuery selects the figures of a report: a grouping, an inclusive
// date range (empty ends are open) and optional filters.
type ReportQuery struct {
	By         string // deal, creator (the default) or campaign
	From, To   string // YYYY-MM-DD, inclusive; "" is open
	Currency   string // "" is every currency, each in rows of its own
	CampaignID int64
	CreatorID  int64
	DealID     int64
	UpTo       int64 // only transfers with ID <= UpTo (an export's snapshot); 0 is all
}

// ReportRow is what a deal, a creator or a campaign brought in against what
// it cost, in one currency over the report's range. Revenue and orders count
// by the order's paid date; commission, fees, bonuses and paid by the
// posting date of their transfers (a refund lowers commission on the day it
// is posted, its order's revenue in the month the order was paid).
type ReportRow struct {
	DealID       int64 // by deal only
	CreatorID    int64 // by deal and by creator
	CreatorName  string
	CampaignID   int64 // by deal and by campaign
	CampaignName string
	Currency     string
	Orders       int64 // orders that earn: paid, not cancelled (base above zero)
	Revenue      int64 // commission base of those orders, after refunds
	Commission   int64 // commission posted, net of refunds and clawbacks
	Fees         int64 // fixed fees agreed, net of voids
	Bonuses      int64
	Paid         int64 // paid out, by any method
}

// Cost is what the row cost the brand: commission + fees + bonuses.
func (r ReportRow) Cost() int64 { return r.Commission + r.Fees + r.Bonuses }

// Net is revenue less cost.
func (r ReportRow) Net() int64 { return r.Revenue - r.Cost() }

// ReturnOnSpend is revenue / cost in hundredths (3.25 is 325), rounded half
// up; ok is false when there was no cost (nothing spent has no return: it is
// shown as none, not as infinity).
func (r ReportRow) ReturnOnSpend() (hundredths int64, ok bool) {
	cost := r.Cost()
	if cost <= 0 {
		return 0, false
	}
	v, err := MulDivRound(r.Revenue, 100, cost)
	return v, err == nil
}

// ReturnOnSpendText is ReturnOnSpend with two decimals ("3.25"), or "" when
// there is none.
func (r ReportRow) ReturnOnSpendText() string {
	v, ok := r.ReturnOnSpend()
	if !ok {
		return ""
	}
	return FormatMinor(v, Currency{Exponent: 2})
}

// CostPerOrder is cost / orders in minor units, rounded half up; ok is false
// without orders.
func (r ReportRow) CostPerOrder() (int64, bool) { return perOrder(r.Cost(), r.Orders) }

// AverageOrderValue is revenue / orders in minor units, rounded half up; ok
// is false without orders.
func (r ReportRow) AverageOrderValue() (int64, bool) { return perOrder(r.Revenue, r.Orders) }

func perOrder(amount, orders int64) (int64, bool) {
	if orders <= 0 {
		return 0, false
	}
	v, err := MulDivRound(amount, 1, orders)
	return v, err == nil
}

// MonthCosts is what a month cost, per kind, in one currency.
type MonthCosts struct {
	Month      string // YYYY-MM
	Currency   string
	Commission int64
	Fees       int64
	Bonuses    int64
}

// Total is the month's cost of every kind.
func (m MonthCosts) Total() int64 { return m.Commission + m.Fees + m.Bonuses }

// reportKinds are the transfers a report reads: what the brand spent and
// what it paid. transfers_deal_report (deal_id, kind, posting_date, amount) covers them.
const reportKinds = `'commission', 'refund', 'fee', 'fee_voided', 'bonus', 'paid'`

// Report returns the figures per deal, creator or campaign, one row per
// currency: amounts in different currencies are never added. The sums are
// SQL GROUP BYs over covering indexes (transfers_deal_report, orders_deal_report): a
// year of a million orders is never loaded into Go.
func (s *Store) Report(ctx context.Context, q ReportQuery) ([]ReportRow, error) {
	return report(ctx, s.db, q)
}

// Report is Store.Report on the export's connection: with q.UpTo set to the
// export's snapshot, its figures agree with the workbook's other sheets.
func (r *ExportReader) Report(ctx context.Context, q ReportQuery) ([]ReportRow, error) {
	return report(ctx, r.conn, q)
}

func report(ctx context.Context, db querier, q ReportQuery) ([]ReportRow, error) {
	query, args, err := ReportSQL(q)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "read report")
	}
	defer rows.Close()
	var out []ReportRow
	for rows.Next() {
		var r ReportRow
		if err := rows.Scan(&r.DealID, &r.CreatorID, &r.CampaignID, &r.CreatorName, &r.CampaignName, &r.Currency,
			&r.Orders, &r.Revenue, &r.Commission, &r.Fees, &r.Bonuses, &r.Paid); err != nil {
			return nil, wrap(err, "read report")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "read report")
}

// ReportSQL is the one statement Report runs for q and its arguments
// (numbered ?1, ?2, ...): payouts-bench times the same statement in the
// sqlite3 CLI as the floor of the report.
func ReportSQL(q ReportQuery) (string, []any, error) {
	from, to, err := q.dates()
	if err != nil {
		return "", nil, err
	}
	// group names the key of each table whose name the row shows, so that
	// PostgreSQL knows the name is one per group (SQLite takes it as is).
	var key, group, names, order string
	switch q.By {
	case ReportByDeal:
		key = "d.id, d.creator_id, d.campaign_id"
		group = key + ", cr.id, ca.id"
		names = "cr.name, ca.name"
		order = "cr.name COLLATE NOCASE, ca.name COLLATE NOCASE, d.currency"
	case ReportByCreator, "":
		key = "0, d.creator_id, 0"
		group = "d.creator_id, cr.id"
		names = "cr.name, ''"
		order = "cr.name COLLATE NOCASE, d.currency"
	case ReportByCampaign:
		key = "0, 0, d.campaign_id"
		group = "d.campaign_id, ca.id"
		names = "'', ca.name"
		order = "ca.name COLLATE NOCASE, d.currency"
	default:
		return "", nil, Errorf(EINVALID, "unknown report grouping %q: use deal, creator or campaign", q.By)
	}
	filter, args := q.filter(from, to)
	upTo := ""
	if q.UpTo > 0 {
		args = append(args, q.UpTo)
		upTo = " AND id <= ?" + itoa(int64(len(args)))
	}
	// Per deal first, then the grouping of the report over at most one row
	// per deal and source. "deal_id IN (deals)" makes SQLite walk each
	// deal's range of the deal-first covering index in order: no sort of a
	// million rows for the GROUP BY (4x faster on orders than a date-first
	// index), and a filter (campaign, currency) reads only its deals.
	// Transfers are summed per (deal, kind), the index's own order, and only
	// those few sums go through the CASEs: a third less work than a CASE per
	// transfer.
	query := `WITH f AS (
		SELECT deal_id, count(*) AS n, sum(base) AS revenue, 0 AS commission, 0 AS fees, 0 AS bonuses, 0 AS paid
		FROM orders WHERE deal_id IN (SELECT d.id FROM deals d WHERE 1 = 1` + filter + `)
			AND paid_date >= ?1 AND paid_date <= ?2 AND base > 0 GROUP BY deal_id
		UNION ALL
		SELECT deal_id, 0, 0,
			sum(CASE kind WHEN 'commission' THEN a WHEN 'refund' THEN -a ELSE 0 END),
			sum(CASE kind WHEN 'fee' THEN a WHEN 'fee_voided' THEN -a ELSE 0 END),
			sum(CASE kind WHEN 'bonus' THEN a ELSE 0 END),
			sum(CASE kind WHEN 'paid' THEN a ELSE 0 END)
		FROM (SELECT deal_id, kind, sum(amount) AS a FROM transfers
			WHERE deal_id IN (SELECT d.id FROM deals d WHERE 1 = 1` + filter + `)
			AND kind IN (` + reportKinds + `) AND posting_date >= ?1 AND posting_date <= ?2` + upTo + ` GROUP BY deal_id, kind) AS k
		GROUP BY deal_id)
	SELECT ` + key + `, ` + names + `, d.currency,
		sum(f.n), sum(f.revenue), sum(f.commission), sum(f.fees), sum(f.bonuses), sum(f.paid)
	FROM f JOIN deals d ON d.id = f.deal_id
	JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
	GROUP BY ` + group + `, d.currency
	ORDER BY ` + order
	return query, args, nil
}

// ReportMonths returns the cost of each month of the range by kind
// (commission, fees, bonuses), per currency, by posting date, for the same
// filters as Report (its By is ignored). Months without cost are left out.
func (s *Store) ReportMonths(ctx context.Context, q ReportQuery) ([]MonthCosts, error) {
	from, to, err := q.dates()
	if err != nil {
		return nil, err
	}
	filter, args := q.filter(from, to)
	query := `WITH m AS (
		SELECT substr(posting_date, 1, 7) AS month, deal_id,
			sum(CASE kind WHEN 'commission' THEN amount WHEN 'refund' THEN -amount ELSE 0 END) AS commission,
			sum(CASE kind WHEN 'fee' THEN amount WHEN 'fee_voided' THEN -amount ELSE 0 END) AS fees,
			sum(CASE kind WHEN 'bonus' THEN amount ELSE 0 END) AS bonuses
		FROM transfers WHERE deal_id IN (SELECT d.id FROM deals d WHERE 1 = 1` + filter + `)
			AND kind IN (` + reportKinds + `) AND kind <> 'paid' AND posting_date >= ?1 AND posting_date <= ?2
		GROUP BY deal_id, month)
	SELECT m.month, d.currency, sum(m.commission), sum(m.fees), sum(m.bonuses)
	FROM m JOIN deals d ON d.id = m.deal_id
	GROUP BY m.month, d.currency
	ORDER BY m.month, d.currency`
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "read monthly costs")
	}
	defer rows.Close()
	var out []MonthCosts
	for rows.Next() {
		var m MonthCosts
		if err := rows.Scan(&m.Month, &m.Currency, &m.Commission, &m.Fees, &m.Bonuses); err != nil {
			return nil, wrap(err, "read monthly costs")
		}
		if m.Commission != 0 || m.Fees != 0 || m.Bonuses != 0 {
			out = append(out, m)
		}
	}
	return out, wrap(rows.Err(), "read monthly costs")
}

// dates checks the range and returns it with open ends closed by dates
// that sort before and after every real one.
func (q ReportQuery) dates() (from, to string, err error) {
	from, to = strings.TrimSpace(q.From), strings.TrimSpace(q.To)
	for _, d := range []string{from, to} {
		if _, ok := validDate(d); d != "" && !ok {
			return "", "", Errorf(EINVALID, "invalid date %q: use YYYY-MM-DD", d)
		}
	}
	if from != "" && to != "" && from > to {
		return "", "", Errorf(EINVALID, "the range starts (%s) after it ends (%s)", from, to)
	}
	if from == "" {
		from = "0000-00-00"
	}
	if to == "" {
		to = "9999-99-99"
	}
	return from, to, nil
}

// filter is the WHERE clause (over deals d) of the query's filters and the
// arguments after the range's ?1 and ?2.
func (q ReportQuery) filter(from, to string) (string, []any) {
	args := []any{from, to}
	var b strings.Builder
	if c := strings.ToUpper(strings.TrimSpace(q.Currency)); c != "" {
		args = append(args, c)
		b.WriteString(" AND d.currency = ?" + itoa(int64(len(args))))
	}
	for _, f := range []struct {
		col string
		id  int64
	}{{"d.campaign_id", q.CampaignID}, {"d.creator_id", q.CreatorID}, {"d.id", q.DealID}} {
		if f.id != 0 {
			args = append(args, f.id)
			b.WriteString(" AND " + f.col + " = ?" + itoa(int64(len(args))))
		}
	}
	return b.String(), args
}

// Range presets of a report.
const (
	RangeThisMonth   = "this month"
	RangeLastMonth   = "last month"
	RangeThisQuarter = "this quarter"
	RangeThisYear    = "this year"
	RangeAllTime     = "all time"
)

// RangePresets are the presets in the order a picker lists them.
var RangePresets = []string{RangeThisMonth, RangeLastMonth, RangeThisQuarter, RangeThisYear, RangeAllTime}

// PresetRange returns the inclusive dates of a preset on the day today
// ("" and "" for all time).
func PresetRange(preset string, today time.Time) (from, to string, err error) {
	y, m, _ := today.Date()
	first := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	span := func(start time.Time, months int) (string, string) {
		return start.Format(DateLayout), start.AddDate(0, months, -1).Format(DateLayout)
	}
	switch preset {
	case RangeThisMonth:
		from, to = span(first(y, m), 1)
	case RangeLastMonth:
		from, to = span(first(y, m).AddDate(0, -1, 0), 1)
	case RangeThisQuarter:
		from, to = span(first(y, m-(m-1)%3), 3)
	case RangeThisYear:
		from, to = span(first(y, 1), 12)
	case RangeAllTime:
	default:
		return "", "", Errorf(EINVALID, "unknown range %q", preset)
	}
	return from, to, nil
}
