package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// CreatorCursor is where a page of creators starts: just after the creator
// with this name and ID. The list is in name order ignoring case (NOCASE:
// ASCII letters), then ID.
type CreatorCursor struct {
	Name string
	ID   int64
}

// CreatorQuery selects a page of the Creators list.
type CreatorQuery struct {
	Search string // matches name, email or handle
	// After starts the page just after this creator (keyset paging), so a
	// page deep in the list costs what the first one does.
	After *CreatorCursor
	Limit int // 0 means all
}

// CursorAfter returns the cursor of the page that follows creator c.
func (q CreatorQuery) CursorAfter(c *CreatorSummary) CreatorCursor {
	return CreatorCursor{Name: c.Name, ID: c.ID}
}

// CreatorSummary is one row of the Creators list: the creator, whether
// payout details are on file, and what is still unpaid to them.
type CreatorSummary struct {
	Creator
	PayeeReady bool // detailsOnFileSQL: the same rule that refuses a payment
	// Unpaid is what the creator's deals still owe them (On hold + Not yet
	// requested + In queue), one amount per currency in currency order,
	// never summed across currencies; currencies with nothing unpaid are
	// left out.
	Unpaid []Amount
}

// CreatorList returns a page of creators with what each is owed. It reads
// the deals' cached balances, never transfers.
func (s *Store) CreatorList(ctx context.Context, q CreatorQuery) ([]CreatorSummary, error) {
	where, args := creatorWhere(q, true)
	limit := ""
	if q.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	// The page is chosen first on the name index alone; only its creators'
	// deals are then summed, per currency, with the deal list's own
	// Unpaid expression (one rule, not typed twice). Every column of the
	// page is grouped on: PostgreSQL takes no column that is not (SQLite
	// does, and the page's columns are one per creator anyway).
	rows, err := s.db.QueryContext(ctx, `WITH page AS (SELECT cr.id, cr.name, cr.email, cr.handle, cr.notes, cr.payout_details,
		cr.stripe_account, cr.created_at, `+detailsOnFileSQL+` AS ready FROM creators cr`+where+` ORDER BY cr.name COLLATE NOCASE, cr.id`+limit+`)
		SELECT p.id, p.name, p.email, p.handle, p.notes, p.payout_details, p.stripe_account, p.created_at, p.ready,
			d.currency, coalesce(sum(`+dealSorts["remaining"].sql+`), 0)
		FROM page p LEFT JOIN deals d ON d.creator_id = p.id
		GROUP BY p.id, p.name, p.email, p.handle, p.notes, p.payout_details, p.stripe_account, p.created_at, p.ready, d.currency
		ORDER BY p.name COLLATE NOCASE, p.id, d.currency`, args...)
	if err != nil {
		return nil, wrap(err, "list creators")
	}
	defer rows.Close()
	var out []CreatorSummary
	for rows.Next() {
		var c CreatorSummary
		var at int64
		var cur *string
		var unpaid int64
		if err := rows.Scan(&c.ID, &c.Name, &c.Email, &c.Handle, &c.Notes, &c.PayoutDetails, &c.StripeAccount, &at,
			&c.PayeeReady, &cur, &unpaid); err != nil {
			return nil, wrap(err, "list creators")
		}
		c.CreatedAt = FromMillis(at)
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			out = append(out, c)
		}
		if cur != nil && unpaid != 0 {
			last := &out[len(out)-1]
			last.Unpaid = append(last.Unpaid, Amount{Minor: unpaid, Currency: *cur})
		}
	}
	for i := range out {
		sort.Slice(out[i].Unpaid, func(a, b int) bool { return out[i].Unpaid[a].Currency < out[i].Unpaid[b].Currency })
	}
	return out, wrap(rows.Err(), "list creators")
}

// CountCreators counts the creators a query selects (ignoring its page).
func (s *Store) CountCreators(ctx context.Context, q CreatorQuery) (int, error) {
	where, args := creatorWhere(q, false)
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM creators cr`+where, args...).Scan(&n)
	return n, wrap(err, "count creators")
}

// CreatorPageStarts returns the cursor each page of size creators starts
// after: element p-1 starts page p. It reads names and IDs only, so the
// list can jump to a deep page without reading the pages before it.
func (s *Store) CreatorPageStarts(ctx context.Context, q CreatorQuery, size int) ([]CreatorCursor, error) {
	if size <= 0 {
		return nil, Errorf(EINVALID, "page size must be positive")
	}
	where, args := creatorWhere(q, false)
	rows, err := s.db.QueryContext(ctx, `SELECT name, id FROM (SELECT cr.name AS name, cr.id AS id,
		row_number() OVER (ORDER BY cr.name COLLATE NOCASE, cr.id) AS n FROM creators cr`+where+`) AS pages WHERE n % ? = 0 ORDER BY n`, append(args, size)...)
	if err != nil {
		return nil, wrap(err, "page creators")
	}
	defer rows.Close()
	var out []CreatorCursor
	for rows.Next() {
		var c CreatorCursor
		if err := rows.Scan(&c.Name, &c.ID); err != nil {
			return nil, wrap(err, "page creators")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "page creators")
}

// creatorWhere is the WHERE clause of a query, with a leading space; the
// cursor is applied only when after is set.
func creatorWhere(q CreatorQuery, after bool) (string, []any) {
	var conds []string
	var args []any
	if s := strings.TrimSpace(q.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		conds = append(conds, `(cr.name LIKE ? ESCAPE '\' OR cr.email LIKE ? ESCAPE '\' OR cr.handle LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	if c := q.After; after && c != nil {
		// A row value compares the name ignoring case, then the ID,
		// exactly as ORDER BY sorts them. The collation is written on the
		// parameter: PostgreSQL's name column has none (see
		// migrations_pg), and on the column side SQLite would no longer
		// search its name index.
		conds = append(conds, `(cr.name, cr.id) > (? COLLATE NOCASE, ?)`)
		args = append(args, c.Name, c.ID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// CreatorPosition returns where creator id stands in the list a query
// selects (0 for the first), so a screen can select it without reading the
// pages before it; ENOTFOUND when the query does not select it.
func (s *Store) CreatorPosition(ctx context.Context, q CreatorQuery, id int64) (int, error) {
	c, err := s.Creator(ctx, id)
	if err != nil {
		return 0, err
	}
	q.After = nil
	where, args := creatorWhere(q, false)
	var n, found int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE (cr.name, cr.id) < (? COLLATE NOCASE, ?)), count(*) FILTER (WHERE cr.id = ?)
		FROM creators cr`+where, append([]any{c.Name, c.ID, c.ID}, args...)...).Scan(&n, &found)
	if err != nil {
		return 0, wrap(err, "find creator in list")
	}
	if found == 0 {
		return 0, Errorf(ENOTFOUND, "%s is not in the list", c.Name)
	}
	return n, nil
}
