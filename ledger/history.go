package ledger

import (
	"context"
	"strings"
)

// HistoryQuery selects a page of transfers, newest first. Pages are keyed
// on transfer ID (keyset pagination), so the thousandth page costs what the
// first does.
type HistoryQuery struct {
	DealID    int64 // one deal's history ...
	CreatorID int64 // ... or every deal of a creator
	Before    int64 // only transfers with a smaller ID; 0 = from the newest
	Oldest    bool  // the oldest page instead (still shown newest first)
	Limit     int   // 0 means all
	// ByDate orders by the date each transfer is dated (newest first, then
	// the last recorded first) rather than by when it was recorded: a past
	// payment recorded today sits at its own date. Its next page starts
	// after BeforeDate and Before, the date and ID of the last line read.
	ByDate     bool
	BeforeDate string
}

const historyCols = `t.id, t.deal_id, t.date, t.at, t.kind, t.from_account, t.to_account, t.amount, t.currency, t.operator,
	t.method, t.reference, t.comment, coalesce(t.reverses, 0), t.op_id, t.remaining_after,
	coalesce(t.fee_id, 0), coalesce(t.order_key, 0)`

// History returns transfers of a deal (or of all a creator's deals), each
// with the deal's remaining balance right after it.
func (s *Store) History(ctx context.Context, q HistoryQuery) ([]HistoryLine, error) {
	var conds []string
	var args []any
	query := `SELECT ` + historyCols + `, '', '' FROM transfers t`
	switch {
	case q.DealID != 0:
		conds = append(conds, "t.deal_id = ?")
		args = append(args, q.DealID)
	case q.CreatorID != 0:
		query = `SELECT ` + historyCols + `, ca.name, cr.name FROM transfers t JOIN deals d ON d.id = t.deal_id
			JOIN campaigns ca ON ca.id = d.campaign_id JOIN creators cr ON cr.id = d.creator_id`
		conds = append(conds, "t.deal_id IN (SELECT id FROM deals WHERE creator_id = ?)")
		args = append(args, q.CreatorID)
	default:
		return nil, Errorf(EINVALID, "history needs a deal or a creator")
	}
	switch {
	case q.ByDate && q.Before > 0:
		conds = append(conds, "(t.date < ? OR (t.date = ? AND t.id < ?))")
		args = append(args, q.BeforeDate, q.BeforeDate, q.Before)
	case q.Before > 0:
		conds = append(conds, "t.id < ?")
		args = append(args, q.Before)
	}
	query += " WHERE " + strings.Join(conds, " AND ")
	if q.ByDate {
		query += " ORDER BY t.date DESC, t.id DESC"
	} else if q.Oldest {
		query += " ORDER BY t.id ASC"
	} else {
		query += " ORDER BY t.id DESC"
	}
	if q.Limit > 0 {
		query += " LIMIT " + itoa(int64(q.Limit))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "read history")
	}
	defer rows.Close()
	var out []HistoryLine
	for rows.Next() {
		var h HistoryLine
		var at int64
		if err := rows.Scan(&h.ID, &h.DealID, &h.Date, &at, &h.Kind, &h.From, &h.To, &h.Amount, &h.Currency, &h.Operator,
			&h.Method, &h.Reference, &h.Comment, &h.Reverses, &h.OpID, &h.Remaining, &h.FeeID, &h.OrderKey,
			&h.CampaignName, &h.CreatorName); err != nil {
			return nil, wrap(err, "read history")
		}
		h.At = FromMillis(at)
		out = append(out, h)
	}
	if q.Oldest {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, wrap(rows.Err(), "read history")
}

// PaidTotals returns what a creator has been paid over their lifetime, per
// currency.
func (s *Store) PaidTotals(ctx context.Context, creatorID int64) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT currency, sum(paid) FROM deals WHERE creator_id = ? GROUP BY currency`, creatorID)
	if err != nil {
		return nil, wrap(err, "paid totals")
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var cur string
		var v int64
		if err := rows.Scan(&cur, &v); err != nil {
			return nil, wrap(err, "paid totals")
		}
		out[cur] = v
	}
	return out, wrap(rows.Err(), "paid totals")
}

// Counts are the sizes of the ledger's main tables.
type Counts struct {
	Creators, Campaigns, Deals, Transfers, Requests, Orders int64
}

// Counts returns how many of each thing the ledger holds. An empty ledger
// (no creators, no campaigns) is a first run.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM creators), (SELECT count(*) FROM campaigns), (SELECT count(*) FROM deals),
		(SELECT coalesce(max(id), 0) FROM transfers), (SELECT count(*) FROM requests), (SELECT count(*) FROM orders)`).
		Scan(&c.Creators, &c.Campaigns, &c.Deals, &c.Transfers, &c.Requests, &c.Orders)
	return c, wrap(err, "count")
}
