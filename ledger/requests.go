package ledger

import (
	"context"
	"strings"
)

// RequestQuery selects requests for the queue.
type RequestQuery struct {
	Status  string // one status, or "" for all
	DealID  int64
	AfterID int64 // keyset: requests with a larger ID (ascending) ...
	Desc    bool  // ... or, with Desc, newest first below BeforeID
	Before  int64
	Limit   int
}

const requestSelect = `SELECT r.id, r.deal_id, d.creator_id, cr.name, ca.name, r.amount, r.currency, r.status, r.comment,
	r.created_at, r.created_by, r.method, coalesce(r.reference, ''), r.paid_date, r.paid_by,
	` + detailsOnFileSQL + `, r.failure, ` + payeeAccountSQL + `, ` + payeeReadySQL + `, cr.payout_details
	FROM requests r JOIN deals d ON d.id = r.deal_id JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
	LEFT JOIN payees p ON p.account = ` + payeeAccountSQL

// Requests lists payout requests.
func (s *Store) Requests(ctx context.Context, q RequestQuery) ([]Request, error) {
	var conds []string
	var args []any
	if q.Status != "" {
		conds = append(conds, "r.status = ?")
		args = append(args, q.Status)
	}
	if q.DealID != 0 {
		conds = append(conds, "r.deal_id = ?")
		args = append(args, q.DealID)
	}
	order := " ORDER BY r.id"
	if q.Desc {
		order = " ORDER BY r.id DESC"
		if q.Before > 0 {
			conds = append(conds, "r.id < ?")
			args = append(args, q.Before)
		}
	} else if q.AfterID > 0 {
		conds = append(conds, "r.id > ?")
		args = append(args, q.AfterID)
	}
	query := requestSelect
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	query += order
	if q.Limit > 0 {
		query += " LIMIT " + itoa(int64(q.Limit))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "list requests")
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		var r Request
		var at int64
		if err := rows.Scan(&r.ID, &r.DealID, &r.CreatorID, &r.CreatorName, &r.CampaignName, &r.Amount, &r.Currency, &r.Status, &r.Comment,
			&at, &r.CreatedBy, &r.Method, &r.Reference, &r.PaidDate, &r.PaidBy, &r.PayeeReady,
			&r.Failure, &r.StripeAccount, &r.StripeReady, &r.PayoutDetails); err != nil {
			return nil, wrap(err, "list requests")
		}
		r.CreatedAt = FromMillis(at)
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list requests")
}

// Request returns one payout request.
func (s *Store) Request(ctx context.Context, id int64) (Request, error) {
	rs, err := s.Requests(ctx, RequestQuery{AfterID: id - 1, Limit: 1})
	if err != nil {
		return Request{}, err
	}
	if len(rs) == 0 || rs[0].ID != id {
		return Request{}, Errorf(ENOTFOUND, "payout request %d not found", id)
	}
	return rs[0], nil
}

// StatusTotal is the sum of requests of one status in one currency.
type StatusTotal struct {
	Status   string
	Currency string
	Count    int
	Amount   int64
}

// RequestTotals sums requests per status and currency.
func (s *Store) RequestTotals(ctx context.Context) ([]StatusTotal, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, currency, count(*), sum(amount) FROM requests GROUP BY status, currency ORDER BY status, currency`)
	if err != nil {
		return nil, wrap(err, "request totals")
	}
	defer rows.Close()
	var out []StatusTotal
	for rows.Next() {
		var t StatusTotal
		if err := rows.Scan(&t.Status, &t.Currency, &t.Count, &t.Amount); err != nil {
			return nil, wrap(err, "request totals")
		}
		out = append(out, t)
	}
	return out, wrap(rows.Err(), "request totals")
}
