package ledger

import (
	"context"
	"database/sql"
	"sort"
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
	// Search matches the creator, the campaign or the payment reference.
	Search string
	// Sort is a RequestSorts key; "" lists by ID (the order requests were
	// made), paged with AfterID or Before. With a key, a page starts after
	// the request After (the last one shown), in Desc order or not; ties
	// fall back to the ID.
	Sort  string
	After *Request
}

// requestSort is how the queue sorts on one column: SQL expressions, and
// the same values read from a request, for the keyset of the next page.
type requestSort struct {
	exprs []string
	key   func(r *Request) []any
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// requestSorts are the queue's sort keys. Amounts sort within a currency:
// EUR 50 against USD 40 by raw number would mean nothing.
var requestSorts = map[string]requestSort{
	"requested":    {[]string{"r.created_at"}, func(r *Request) []any { return []any{r.CreatedAt.UnixMilli()} }},
	"paid":         {[]string{"r.paid_date"}, func(r *Request) []any { return []any{r.PaidDate} }},
	"creator":      {[]string{"cr.name COLLATE NOCASE"}, func(r *Request) []any { return []any{r.CreatorName} }},
	"campaign":     {[]string{"ca.name COLLATE NOCASE"}, func(r *Request) []any { return []any{r.CampaignName} }},
	"amount":       {[]string{"r.currency", "r.amount"}, func(r *Request) []any { return []any{r.Currency, r.Amount} }},
	"method":       {[]string{"r.method"}, func(r *Request) []any { return []any{r.Method} }},
	"reference":    {[]string{"coalesce(r.reference, '')"}, func(r *Request) []any { return []any{r.Reference} }},
	"requested_by": {[]string{"r.created_by COLLATE NOCASE"}, func(r *Request) []any { return []any{r.CreatedBy} }},
	"paid_by":      {[]string{"r.paid_by COLLATE NOCASE"}, func(r *Request) []any { return []any{r.PaidBy} }},
	"comment":      {[]string{"r.comment COLLATE NOCASE"}, func(r *Request) []any { return []any{r.Comment} }},
	"details": {[]string{detailsOnFileSQL, "cr.payout_details COLLATE NOCASE"}, func(r *Request) []any {
		return []any{boolInt(r.PayeeReady), r.PayoutDetails}
	}},
	"stripe": {[]string{payeeReadySQL, "r.failure", payeeAccountSQL}, func(r *Request) []any {
		return []any{boolInt(r.StripeReady), r.Failure, r.StripeAccount}
	}},
}

// RequestSortKeys are the keys RequestQuery.Sort takes.
func RequestSortKeys() []string {
	keys := make([]string, 0, len(requestSorts))
	for k := range requestSorts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const requestSelect = `SELECT r.id, r.deal_id, d.creator_id, cr.name, ca.name, r.amount, r.currency, r.status, r.comment,
	r.created_at, r.created_by, r.method, coalesce(r.reference, ''), r.paid_date, r.paid_by,
	` + detailsOnFileSQL + `, r.failure, ` + payeeAccountSQL + `, ` + payeeReadySQL + `, cr.payout_details
	FROM requests r JOIN deals d ON d.id = r.deal_id JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id
	LEFT JOIN payees p ON p.account = ` + payeeAccountSQL

// Requests lists payout requests.
func (s *Store) Requests(ctx context.Context, q RequestQuery) ([]Request, error) {
	query, args, err := requestsSQL(q)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "list requests")
	}
	defer rows.Close()
	return scanRequests(rows)
}

// requestsSQL is the query that reads q's requests, and its arguments.
func requestsSQL(q RequestQuery) (string, []any, error) {
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
	if t := strings.TrimSpace(q.Search); t != "" {
		like := "%" + escapeLike(t) + "%"
		conds = append(conds, `(cr.name LIKE ? ESCAPE '\' OR ca.name LIKE ? ESCAPE '\' OR coalesce(r.reference, '') LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	order := " ORDER BY r.id"
	if q.Sort != "" {
		srt, ok := requestSorts[q.Sort]
		if !ok {
			return "", nil, Errorf(EINVALID, "unknown sort %q: use one of %s", q.Sort, strings.Join(RequestSortKeys(), ", "))
		}
		dir, cmp := "", ">"
		if q.Desc {
			dir, cmp = " DESC", "<"
		}
		cols := append(append([]string{}, srt.exprs...), "r.id")
		if q.After != nil {
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
			conds = append(conds, "("+strings.Join(cols, ", ")+") "+cmp+" ("+marks+")")
			args = append(append(args, srt.key(q.After)...), q.After.ID)
		}
		order = " ORDER BY " + strings.Join(cols, dir+", ") + dir
	} else if q.Desc {
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
	return query, args, nil
}

// scanRequests reads the rows of requestSelect.
func scanRequests(rows *sql.Rows) ([]Request, error) {
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
