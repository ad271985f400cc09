package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ExportFilter selects what an export reads: transfers posted in [From, To]
// (either end may be empty: unbounded), optionally of one campaign, and
// never beyond the snapshot UpTo. Exports select by posting date, never by
// document date: what arrives late for a closed period is posted after it,
// so the export of a closed period never changes.
//
// Transfers are append only and their IDs grow with each commit, so "every
// transfer with an ID up to UpTo" is a consistent snapshot of the ledger:
// an export that reads several times, while the app keeps writing, still
// sees one state. Snapshot returns the filter with UpTo set.
type ExportFilter struct {
	From       string // YYYY-MM-DD, inclusive; "" from the first transfer
	To         string // YYYY-MM-DD, inclusive; "" up to the last
	CampaignID int64  // 0 for every campaign
	UpTo       int64  // only transfers with ID <= UpTo; 0 before Snapshot
}

// Validate checks and normalizes the filter's dates.
func (f *ExportFilter) Validate() error {
	for _, d := range []*string{&f.From, &f.To} {
		if strings.TrimSpace(*d) == "" {
			*d = ""
			continue
		}
		t, err := ParseDate(*d)
		if err != nil {
			return err
		}
		*d = t.Format(DateLayout)
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return Errorf(EINVALID, "the range starts (%s) after it ends (%s)", f.From, f.To)
	}
	return nil
}

// Snapshot validates the filter and pins it to the ledger as it is now: the
// reads that take the returned filter all see the same transfers.
func (s *Store) Snapshot(ctx context.Context, f ExportFilter) (ExportFilter, error) {
	return snapshot(ctx, s, s.db, f)
}

func snapshot(ctx context.Context, s *Store, q querier, f ExportFilter) (ExportFilter, error) {
	if err := f.Validate(); err != nil {
		return f, err
	}
	if f.CampaignID != 0 {
		if _, err := s.Campaign(ctx, f.CampaignID); err != nil {
			return f, err
		}
	}
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM transfers`).Scan(&f.UpTo)
	return f, wrap(err, "export snapshot")
}

// where returns the conditions of f on transfers aliased t, dates in range
// when ranged is set, else only up to To (balances as of the end).
func (f ExportFilter) where(ranged bool) (string, []any) {
	conds := []string{"t.id <= ?"}
	args := []any{f.UpTo}
	if ranged && f.From != "" {
		conds = append(conds, "t.posting_date >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "t.posting_date <= ?")
		args = append(args, f.To)
	}
	if f.CampaignID != 0 {
		conds = append(conds, "t.deal_id IN (SELECT id FROM deals WHERE campaign_id = ?)")
		args = append(args, f.CampaignID)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// querier is what the export's reads run on: the store's pool, or the
// connection of an ExportReader.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// exportCacheKiB is the page cache of an ExportReader's connection. An
// export reads each page about once, so the pool's large cache (64 MiB per
// connection) would only hold pages never read again; SQLite also sizes its
// in-memory sorter (GROUP BY) from it. A small one keeps an export of a
// million transfers within its memory budget.
const exportCacheKiB = 8192

// ExportReader reads one export on a connection of its own, with a small
// page cache, so that a large export neither fills the pool's connections
// with its pages nor holds more memory than it needs. Its methods are those
// of Store of the same names. It is used by one goroutine at a time, and
// must be closed.
type ExportReader struct {
	s     *Store
	conn  *sql.Conn
	cache int64 // the connection's cache_size, restored on Close
}

// ExportReader opens a reader for an export.
func (s *Store) ExportReader(ctx context.Context) (*ExportReader, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.storageError(wrap(err, "export"))
	}
	r := &ExportReader{s: s, conn: conn}
	if s.pg != nil {
		return r, nil // the server's cache is its own
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&r.cache); err != nil {
		conn.Close()
		return nil, wrap(err, "export")
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, exportCacheKiB)); err != nil {
		conn.Close()
		return nil, wrap(err, "export")
	}
	return r, nil
}

// Close gives the connection back to the pool with its cache size as it was.
func (r *ExportReader) Close() error {
	if r.s.pg != nil {
		return r.conn.Close()
	}
	r.conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, r.cache))
	return r.conn.Close()
}

// Snapshot is Store.Snapshot.
func (r *ExportReader) Snapshot(ctx context.Context, f ExportFilter) (ExportFilter, error) {
	return snapshot(ctx, r.s, r.conn, f)
}

// CountTransfers is Store.CountTransfers.
func (r *ExportReader) CountTransfers(ctx context.Context, f ExportFilter) (int, error) {
	return countTransfers(ctx, r.conn, f)
}

// EachTransfer is Store.EachTransfer.
func (r *ExportReader) EachTransfer(ctx context.Context, f ExportFilter, fn func(*ExportRow) error) error {
	return eachTransfer(ctx, r.conn, f, fn)
}

// PaidRequests is Store.PaidRequests.
func (r *ExportReader) PaidRequests(ctx context.Context, f ExportFilter) ([]PaidRow, error) {
	return paidRequests(ctx, r.conn, f)
}

// BalancesAsOf is Store.BalancesAsOf.
func (r *ExportReader) BalancesAsOf(ctx context.Context, f ExportFilter) ([]DealBalance, error) {
	return balancesAsOf(ctx, r.conn, f)
}

// PaidByCreatorYear is Store.PaidByCreatorYear.
func (r *ExportReader) PaidByCreatorYear(ctx context.Context, f ExportFilter) ([]CreatorYearPaid, error) {
	return paidByCreatorYear(ctx, r.conn, f)
}

// AccountTotals is Store.AccountTotals.
func (r *ExportReader) AccountTotals(ctx context.Context, f ExportFilter) ([]AccountTotal, error) {
	return accountTotals(ctx, r.conn, f)
}

// ExportRow is one transfer as the accountant's export shows it, with the
// names of its deal's creator and campaign.
type ExportRow struct {
	ID           int64
	DealID       int64
	Date         string // posting date, YYYY-MM-DD: the day of the books it is in
	DocumentDate string // when it happened; before Date when it arrived after its period closed
	RecordedAt   int64  // when it was written, unix milliseconds
	Kind         string
	From, To     string // accounts: money flows From (debit) -> To (credit)
	Amount       int64  // minor units, positive
	Currency     string
	Method       string
	Reference    string
	Operator     string
	Comment      string
	OpID         string
	Reverses     int64  // the transfer this one undoes, 0 if none
	RequestID    int64  // the payout request, 0 if none
	FeeID        int64  // the fixed fee, 0 if none
	OrderID      string // the order's ID in its shop ("#1120"), "" if none
	CreatorName  string
	CampaignName string
}

// dealNames maps deal IDs to their creator and campaign names.
type dealNames struct{ creator, campaign string }

func dealNamesOf(ctx context.Context, q querier, campaignID int64) (map[int64]dealNames, error) {
	query := `SELECT d.id, cr.name, ca.name FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id`
	var args []any
	if campaignID != 0 {
		query += ` WHERE d.campaign_id = ?`
		args = append(args, campaignID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "read deal names")
	}
	defer rows.Close()
	out := map[int64]dealNames{}
	for rows.Next() {
		var id int64
		var n dealNames
		if err := rows.Scan(&id, &n.creator, &n.campaign); err != nil {
			return nil, wrap(err, "read deal names")
		}
		out[id] = n
	}
	return out, wrap(rows.Err(), "read deal names")
}

// CountTransfers counts the transfers EachTransfer would give.
func (s *Store) CountTransfers(ctx context.Context, f ExportFilter) (int, error) {
	return countTransfers(ctx, s.db, f)
}

func countTransfers(ctx context.Context, q querier, f ExportFilter) (int, error) {
	where, args := f.where(true)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM transfers t`+where, args...).Scan(&n)
	return n, wrap(err, "count transfers")
}

// EachTransfer calls fn for every transfer the filter selects, in date
// order (then recording order), without holding them all in memory: an
// export of a million transfers streams. The names of creators and
// campaigns are joined from one read of the deals, not per row. An error
// from fn stops the walk and is returned.
func (s *Store) EachTransfer(ctx context.Context, f ExportFilter, fn func(*ExportRow) error) error {
	return eachTransfer(ctx, s.db, f, fn)
}

func eachTransfer(ctx context.Context, q querier, f ExportFilter, fn func(*ExportRow) error) error {
	names, err := dealNamesOf(ctx, q, f.CampaignID)
	if err != nil {
		return err
	}
	where, args := f.where(true)
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.deal_id, t.posting_date, t.date, t.at, t.kind, t.from_account, t.to_account, t.amount, t.currency,
		t.method, t.reference, t.operator, t.comment, t.op_id, coalesce(t.reverses, 0), coalesce(t.request_id, 0),
		coalesce(t.fee_id, 0), coalesce(o.order_id, '')
		FROM transfers t LEFT JOIN orders o ON o.id = t.order_key`+where+` ORDER BY t.posting_date, t.id`, args...)
	if err != nil {
		return wrap(err, "read transfers")
	}
	defer rows.Close()
	var r ExportRow
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.DealID, &r.Date, &r.DocumentDate, &r.RecordedAt, &r.Kind, &r.From, &r.To, &r.Amount, &r.Currency,
			&r.Method, &r.Reference, &r.Operator, &r.Comment, &r.OpID, &r.Reverses, &r.RequestID, &r.FeeID, &r.OrderID); err != nil {
			return wrap(err, "read transfers")
		}
		n := names[r.DealID]
		r.CreatorName, r.CampaignName = n.creator, n.campaign
		if err := fn(&r); err != nil {
			return err
		}
	}
	return wrap(rows.Err(), "read transfers")
}

// PaidRow is one paid payout request: its payment transfer with the
// request's own record of it.
type PaidRow struct {
	TransferID   int64 // the payment transfer
	RequestID    int64
	DealID       int64
	Date         string // paid date (the document date: a late payment is posted after it)
	CreatorName  string
	CampaignName string
	Amount       int64
	Currency     string
	Method       string // stripe, bank, paypal, other
	Reference    string // offline reference or Stripe transfer ID
	PaidBy       string
	Comment      string
	HomeAmount   int64 // what the bank debited in HomeCurrency; 0 when not recorded
	HomeCurrency string
	Reversed     bool // the payment was reversed since (its request is closed as cancelled)
}

// PaidRequests returns the payout requests whose payment is posted in the
// filter's range, in posting order. A request is paid by exactly one payment transfer (the
// ledger's check guarantees it), so each appears once.
func (s *Store) PaidRequests(ctx context.Context, f ExportFilter) ([]PaidRow, error) {
	return paidRequests(ctx, s.db, f)
}

func paidRequests(ctx context.Context, q querier, f ExportFilter) ([]PaidRow, error) {
	where, args := f.where(true)
	rows, err := q.QueryContext(ctx, `SELECT t.id, coalesce(t.request_id, 0), t.deal_id, t.date, cr.name, ca.name, t.amount, t.currency,
		coalesce(nullif(r.method, ''), t.method), coalesce(nullif(r.reference, ''), t.reference), coalesce(nullif(r.paid_by, ''), t.operator), t.comment,
		coalesce(fx.home_amount, 0), coalesce(fx.home_currency, ''), coalesce(r.status, '') = 'cancelled'
		FROM transfers t JOIN deals d ON d.id = t.deal_id JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
		LEFT JOIN requests r ON r.id = t.request_id LEFT JOIN payment_fx fx ON fx.transfer_id = t.id`+where+` AND t.kind = ? ORDER BY t.posting_date, t.id`, append(args, KindPaid)...)
	if err != nil {
		return nil, wrap(err, "read paid requests")
	}
	defer rows.Close()
	var out []PaidRow
	for rows.Next() {
		var p PaidRow
		if err := rows.Scan(&p.TransferID, &p.RequestID, &p.DealID, &p.Date, &p.CreatorName, &p.CampaignName, &p.Amount, &p.Currency,
			&p.Method, &p.Reference, &p.PaidBy, &p.Comment, &p.HomeAmount, &p.HomeCurrency, &p.Reversed); err != nil {
			return nil, wrap(err, "read paid requests")
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err(), "read paid requests")
}

// DealBalance is a deal's balances as of a date.
type DealBalance struct {
	DealID       int64
	CreatorName  string
	CampaignName string
	Currency     string
	Scheduled    int64
	Held         int64
	Owed         int64
	Requested    int64
	Paid         int64
}

// Remaining is held + owed + requested.
func (b DealBalance) Remaining() int64 { return b.balances().Remaining() }

// balances are b's figures as a deal's Balances, which the table of
// accounts moves.
func (b DealBalance) balances() Balances {
	return Balances{Scheduled: b.Scheduled, Held: b.Held, Owed: b.Owed, Requested: b.Requested, Paid: b.Paid}
}

// Apply adds one transfer of the deal to its balances, as BalancesAsOf
// sums them: an export that streams every transfer up to a day can build
// the balances as of that day without a second pass.
func (b *DealBalance) Apply(r *ExportRow) {
	v := b.balances()
	if v.move(r.From, r.To, r.Amount) == nil {
		b.Scheduled, b.Held, b.Owed, b.Requested, b.Paid = v.Scheduled, v.Held, v.Owed, v.Requested, v.Paid
	}
}

// BalancesAsOf returns each deal's balances as of the filter's end (all
// transfers when To is empty), ignoring its start: a balance is everything
// up to a day. Deals with no transfer by then are left out. Ordered by
// currency, creator, campaign.
//
// It reads whichever side of the end is smaller, in one read transaction:
// the transfers up to the end, summed; or the deals' cached balances (which
// post keeps equal to all their transfers) less the transfers after the end
// and after the snapshot. An export of a recent range reads a few
// transfers instead of the whole ledger.
func (s *Store) BalancesAsOf(ctx context.Context, f ExportFilter) ([]DealBalance, error) {
	return balancesAsOf(ctx, s.db, f)
}

// txBeginner opens read transactions: the pool or one connection.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// balancesPath forces one way of computing balances (tests): "cache" or
// "transfers"; "" picks the cheaper.
var balancesPath = ""

// balanceFields are the figures of a DealBalance.
var balanceFields = []string{"scheduled", "held", "owed", "requested", "paid"}

// balanceSums is the WITH clause of two tables: sel, the transfers that
// where (a condition on transfers aliased t) selects, and name, their sums
// per deal, one per balance field, from the table of accounts.
//
// sel is materialized first: asked for the sums directly, SQLite's planner
// reads every transfer of the ledger through the deal index, in the order
// of the GROUP BY, one lookup of the row per transfer, even when the
// condition selects none of them (a range ending today). Selected apart, the
// condition uses the posting date index or the rowid, and only the rows it
// selects are sorted: a workbook of a year's range of the large ledger read
// its closing balances in 43 s and now in under a second (sqlite3 CLI, same
// query). PostgreSQL reads AS MATERIALIZED the same way.
func balanceSums(name, where string) string {
	var sums []string
	for _, f := range balanceFields {
		sums = append(sums, fieldSQL("s.", f)+" AS "+f)
	}
	return `WITH sel AS MATERIALIZED (SELECT t.deal_id, t.from_account, t.to_account, t.amount FROM transfers t` + where + `),
		` + name + ` AS (SELECT s.deal_id, ` + strings.Join(sums, ",\n\t\t\t") + ` FROM sel s GROUP BY s.deal_id)`
}

// after is the condition on transfers aliased t that came after f's end:
// posted after it, or after the snapshot.
func (f ExportFilter) after() (string, []any) {
	if f.To != "" {
		return "(t.posting_date > ? OR t.id > ?)", []any{f.To, f.UpTo}
	}
	return "t.id > ?", []any{f.UpTo}
}

// balancesQuery reads every deal's balances at f's end: with cache, the
// deals' cached figures less the transfers after the end; else the sums of
// the transfers up to it.
func balancesQuery(f ExportFilter, cache bool) (string, []any) {
	where, args := f.where(false) // " WHERE t.id <= ? [AND t.posting_date <= ?] [AND campaign]"
	if !cache {
		return balanceSums("b", where) + `
			SELECT d.id, cr.name, ca.name, d.currency, b.scheduled, b.held, b.owed, b.requested, b.paid
			FROM b JOIN deals d ON d.id = b.deal_id JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
			ORDER BY d.currency, cr.name COLLATE NOCASE, ca.name COLLATE NOCASE, d.id`, args
	}
	after, afterArgs := f.after()
	return balanceSums("a", " WHERE "+after) + `
			SELECT d.id, cr.name, ca.name, d.currency, d.scheduled - coalesce(a.scheduled, 0), d.held - coalesce(a.held, 0),
				d.owed - coalesce(a.owed, 0), d.requested - coalesce(a.requested, 0), d.paid - coalesce(a.paid, 0)
			FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id LEFT JOIN a ON a.deal_id = d.id
			WHERE EXISTS (SELECT 1 FROM transfers t` + where + ` AND t.deal_id = d.id)
			ORDER BY d.currency, cr.name COLLATE NOCASE, ca.name COLLATE NOCASE, d.id`, append(afterArgs, args...)
}

func balancesAsOf(ctx context.Context, db txBeginner, f ExportFilter) ([]DealBalance, error) {
	// ReadOnly makes the driver open a deferred transaction, not the
	// write lock the store's other transactions take.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, wrap(err, "read balances")
	}
	defer tx.Rollback()

	after, afterArgs := f.after()
	path := balancesPath
	if path == "" {
		var total, later int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transfers`).Scan(&total); err != nil {
			return nil, wrap(err, "read balances")
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transfers t WHERE `+after, afterArgs...).Scan(&later); err != nil {
			return nil, wrap(err, "read balances")
		}
		path = "transfers"
		if later < total-later {
			path = "cache"
		}
	}
	query, args := balancesQuery(f, path == "cache")
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "read balances")
	}
	defer rows.Close()
	var out []DealBalance
	for rows.Next() {
		var b DealBalance
		if err := rows.Scan(&b.DealID, &b.CreatorName, &b.CampaignName, &b.Currency, &b.Scheduled, &b.Held, &b.Owed, &b.Requested, &b.Paid); err != nil {
			return nil, wrap(err, "read balances")
		}
		out = append(out, b)
	}
	return out, wrap(rows.Err(), "read balances")
}
