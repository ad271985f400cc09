package ledger

import (
	"context"
	"strings"
)

// checkDealFigures is Check's recomputation of every deal's cached figures
// from its transfers. The query is generated from the table of accounts:
// one sum per figure the accounts move, compared with the deal's column of
// the same name; then the floors, and double entry within the deal (the
// signed figures add up to zero: money is neither made nor lost inside a
// deal).
func (s *Store) checkDealFigures(ctx context.Context, add func(string, ...any)) error {
	fields, signs := accountFields()
	index := map[string]int{}
	var sums, cols []string
	for i, f := range fields {
		index[f] = i
		sums = append(sums, fieldSQL("", f)+" AS "+f)
		cols = append(cols, "coalesce(t."+f+", 0)", "d."+f)
	}
	q := `WITH t AS (SELECT deal_id, ` + strings.Join(sums, ",\n\t\t\t") + ` FROM transfers GROUP BY deal_id)
	SELECT d.id, d.currency, ` + strings.Join(cols, ", ") + `, d.revenue,
		coalesce((SELECT sum(base) FROM orders o WHERE o.deal_id = d.id), 0)
	FROM deals d LEFT JOIN t ON t.deal_id = d.id ORDER BY d.id`
	return s.each(ctx, "recompute balances", q, func(scan scanFunc) error {
		var id, cachedRev, ordersRev int64
		var cur string
		got := make([]int64, len(fields))
		cached := make([]int64, len(fields))
		dest := []any{&id, &cur}
		for i := range fields {
			dest = append(dest, &got[i], &cached[i])
		}
		if err := scan(append(dest, &cachedRev, &ordersRev)...); err != nil {
			return err
		}
		var sum int64
		for i, f := range fields {
			if got[i] != cached[i] {
				add("deal %d: cached %s %s differs from recomputed %s", id, f, Format(cached[i], cur), Format(got[i], cur))
			}
			sum += signs[i] * got[i]
		}
		if ordersRev != cachedRev {
			add("deal %d: cached %s %s differs from recomputed %s", id, "revenue", Format(cachedRev, cur), Format(ordersRev, cur))
		}
		var floors []string
		below := false
		for _, a := range accounts {
			if !a.deal || !a.floor {
				continue
			}
			v := got[index[a.field]]
			below = below || v < 0
			floors = append(floors, a.name+" "+Format(v, cur))
		}
		if below {
			add("deal %d: an account is below zero (%s)", id, strings.Join(floors, ", "))
		}
		if sum != 0 {
			add("deal %d: balances do not add up to what was earned", id)
		}
		return nil
	})
}
