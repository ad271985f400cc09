package ledger

import (
	"context"
	"fmt"
	"strings"
)

// dealSort is one order the deal list offers: the SQL expression it sorts
// on and the same value read from a Deal, so that the last deal of a page
// gives where the next page starts.
type dealSort struct {
	sql string
	key func(d *Deal) any
	// creatorFirst walks creators by name and each one's deals, which the
	// planner does not choose alone: without it a page sorts every deal.
	creatorFirst bool
	// amount sorts group deals by currency first: € and $ are never
	// ordered against each other by their raw numbers.
	amount bool
	// nocase: a name, sorted and compared ignoring case. SQLite's name
	// columns are declared NOCASE; PostgreSQL's are not (see
	// migrations_pg), so the collation is written out: on the ORDER BY,
	// and on the parameter of a comparison, where SQLite still reads the
	// name's index (on the column side it would sort every deal).
	nocase bool
}

// order is the sort's ORDER BY term.
func (s dealSort) order() string {
	if s.nocase {
		return s.sql + " COLLATE NOCASE"
	}
	return s.sql
}

// param is the placeholder a page's key is compared with.
func (s dealSort) param() string {
	if s.nocase {
		return "? COLLATE NOCASE"
	}
	return "?"
}

// dealSorts are the keys of DealQuery.Sort. Every order ends on the deal ID,
// so that it is total and a page can start after a (key, ID) pair.
var dealSorts = map[string]dealSort{
	"id":         {sql: "d.id", key: func(d *Deal) any { return d.ID }},
	"creator":    {sql: "cr.name", key: func(d *Deal) any { return d.CreatorName }, creatorFirst: true, nocase: true},
	"campaign":   {sql: "ca.name", key: func(d *Deal) any { return d.CampaignName }, nocase: true},
	"currency":   {sql: "d.currency", key: func(d *Deal) any { return d.Currency }},
	"commission": {sql: "d.commission", key: func(d *Deal) any { return d.Commission }, amount: true},
	"fees":       {sql: "d.fees", key: func(d *Deal) any { return d.Fees }, amount: true},
	"owed":       {sql: "d.owed", key: func(d *Deal) any { return d.Owed }, amount: true},
	"requested":  {sql: "d.requested", key: func(d *Deal) any { return d.Requested }, amount: true},
	"paid":       {sql: "d.paid", key: func(d *Deal) any { return d.Paid }, amount: true},
	"remaining":  {sql: "(d.held + d.owed + d.requested)", key: func(d *Deal) any { return d.Remaining() }, amount: true},
	"held":       {sql: "d.held", key: func(d *Deal) any { return d.Held }, amount: true},
	"scheduled":  {sql: "d.scheduled", key: func(d *Deal) any { return d.Scheduled }, amount: true},
	"bonuses":    {sql: "d.bonuses", key: func(d *Deal) any { return d.Bonuses }, amount: true},
	// fees_confirmed is the fixed fees already owed to the creator.
	"fees_confirmed": {sql: "(d.fees - d.scheduled)", key: func(d *Deal) any { return d.ConfirmedFees() }, amount: true},
}

func (q DealQuery) sort() dealSort {
	if s, ok := dealSorts[q.Sort]; ok {
		return s
	}
	return dealSorts["creator"]
}

// DealCursor is where a page of deals starts: just after the deal with this
// sort key and ID. The zero cursor (nil in DealQuery.After) is the start.
type DealCursor struct {
	Currency string // the deal's currency, for the sorts on an amount
	Key      any    // string or int64, as the sort's column holds it
	ID       int64
}

// CursorAfter returns the cursor of the page that follows deal d in the
// query's order.
func (q DealQuery) CursorAfter(d *Deal) DealCursor {
	return DealCursor{Currency: d.Currency, Key: q.sort().key(d), ID: d.ID}
}

// DealQuery selects a page of deals.
type DealQuery struct {
	Search     string // matches creator, campaign or a discount code
	CreatorID  int64  // only this creator's deals, when set
	CampaignID int64  // only this campaign's deals, when set
	Sort       string // a key of the sort columns; default creator
	Desc       bool
	// After starts the page just after this deal (keyset paging): a page
	// deep in the list costs what the first one does, where an OFFSET would
	// build and skip every row before it.
	After *DealCursor
	Limit int // 0 means all
}

// Deals returns a page of deals with their cached balances. It never reads
// transfers, so it stays fast however long the history is.
//
// The page's IDs are chosen first on the sort key alone; the names, codes
// and payee of only those deals are then read, so a sort that no index
// serves sorts narrow rows, not whole deals.
func (s *Store) Deals(ctx context.Context, q DealQuery) ([]Deal, error) {
	where, args := dealWhere(q)
	order := dealOrder(q)
	query := dealListSelect + where + order
	if q.Limit > 0 {
		from, keysWhere, keysArgs := dealKeys(q)
		query = dealSelect + ` WHERE d.id IN (SELECT d.id` + from + keysWhere + order + fmt.Sprintf(` LIMIT %d)`, q.Limit) + order
		args = keysArgs
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "list deals")
	}
	defer rows.Close()
	var out []Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, wrap(err, "list deals")
		}
		out = append(out, d)
	}
	return out, wrap(rows.Err(), "list deals")
}

// DealPageStarts returns, for a query's order, the cursor each page of size
// deals starts after: element p-1 starts page p (page 0 starts at the
// beginning). It reads the sort key and ID of the selected deals only, so a
// list can jump to a deep page without reading the pages before it.
func (s *Store) DealPageStarts(ctx context.Context, q DealQuery, size int) ([]DealCursor, error) {
	if size <= 0 {
		return nil, Errorf(EINVALID, "page size must be positive")
	}
	q.After = nil
	from, where, args := dealKeys(q)
	rows, err := s.db.QueryContext(ctx, `SELECT c, k, id FROM (SELECT d.currency AS c, `+q.sort().sql+` AS k, d.id AS id, row_number() OVER (`+dealOrder(q)[1:]+`) AS n`+
		from+where+`) AS pages
		WHERE n % ? = 0 ORDER BY n`, append(args, size)...)
	if err != nil {
		return nil, wrap(err, "page deals")
	}
	defer rows.Close()
	var out []DealCursor
	for rows.Next() {
		var c DealCursor
		if err := rows.Scan(&c.Currency, &c.Key, &c.ID); err != nil {
			return nil, wrap(err, "page deals")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "page deals")
}

// CountDeals counts the deals a query selects (ignoring its page).
func (s *Store) CountDeals(ctx context.Context, q DealQuery) (int, error) {
	q.After = nil
	where, args := dealWhere(q)
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id`+where, args...).Scan(&n)
	return n, wrap(err, "count deals")
}

// dealFrom is the FROM clause of a page's keys, with a leading space. It
// joins a creator or campaign only when the sort or the search reads its
// name: every deal has both (foreign keys), so the join selects no fewer
// deals, and leaving it out lets a key-ordered index alone list the keys.
func dealFrom(q DealQuery) string {
	search := strings.TrimSpace(q.Search) != ""
	srt := q.sort()
	from := ` FROM deals d`
	if srt.creatorFirst {
		from = ` FROM creators cr CROSS JOIN deals d` // joined in dealKeys' WHERE
	} else if search {
		from += ` JOIN creators cr ON cr.id = d.creator_id`
	}
	if search || srt.sql == "ca.name" {
		from += ` JOIN campaigns ca ON ca.id = d.campaign_id`
	}
	return from
}

// dealKeys is the FROM and WHERE clauses of a page's keys, with their
// arguments. SQLite reads CROSS JOIN as "in this order" (creatorFirst);
// PostgreSQL refuses CROSS JOIN ... ON, so the join's condition is in the
// WHERE clause, where both read it as they would the ON.
func dealKeys(q DealQuery) (from, where string, args []any) {
	from = dealFrom(q)
	where, args = dealWhere(q)
	if q.sort().creatorFirst {
		if where == "" {
			where = " WHERE cr.id = d.creator_id"
		} else {
			where += " AND cr.id = d.creator_id"
		}
	}
	return from, where, args
}

// dealOrder is the ORDER BY clause of a query, with a leading space.
func dealOrder(q DealQuery) string {
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	if srt := q.sort(); srt.amount {
		return fmt.Sprintf(` ORDER BY d.currency %s, %s %s, d.id %s`, dir, srt.order(), dir, dir)
	}
	return fmt.Sprintf(` ORDER BY %s %s, d.id %s`, q.sort().order(), dir, dir)
}

func dealWhere(q DealQuery) (string, []any) {
	var conds []string
	var args []any
	if s := strings.TrimSpace(q.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		conds = append(conds, `(cr.name LIKE ? ESCAPE '\' OR ca.name LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM deal_codes dc WHERE dc.deal_id = d.id AND dc.code LIKE ? ESCAPE '\'))`)
		args = append(args, like, like, like)
	}
	if q.CreatorID != 0 {
		conds = append(conds, `d.creator_id = ?`)
		args = append(args, q.CreatorID)
	}
	if q.CampaignID != 0 {
		conds = append(conds, `d.campaign_id = ?`)
		args = append(args, q.CampaignID)
	}
	if c := q.After; c != nil {
		// A row value compares key first, then ID, names ignoring case
		// (param), exactly as ORDER BY sorts them.
		op := ">"
		if q.Desc {
			op = "<"
		}
		if srt := q.sort(); srt.amount {
			conds = append(conds, fmt.Sprintf(`(d.currency, %s, d.id) %s (?, ?, ?)`, srt.sql, op))
			args = append(args, c.Currency, c.Key, c.ID)
		} else {
			conds = append(conds, fmt.Sprintf(`(%s, d.id) %s (%s, ?)`, srt.sql, op, srt.param()))
			args = append(args, c.Key, c.ID)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
