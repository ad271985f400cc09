package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// An import's reads and writes of many rows at once, on PostgreSQL (issue
// 18). Each statement is one round trip and one plan, so a chunk of an
// import reads its deals and its known orders with one statement each,
// the IDs in an array, not 500 per IN list; and it writes the figures of
// the deals it changed with one statement.
//
// The known orders are looked up one by one, by source and order ID, in
// the unique index: the LIMIT keeps the planner from joining the two as
// sets. With the IN list it chose on statistics, and those lag behind a
// table that an import fills: taking the source's orders for a few dozen,
// it read every order of the source and filtered out all but the listed
// ones, each query reading more than the one before (44,000 orders per
// query by the middle of a million-row import, 10 s of it).
const knownOrdersPG = `SELECT o.* FROM unnest(CAST(?2 AS text[])) AS i(order_id)
	CROSS JOIN LATERAL (SELECT ` + orderColumns + ` FROM orders WHERE source = ?1 AND order_id = i.order_id LIMIT 1) o`

// pgInts and pgTexts are the text of a PostgreSQL array, for one
// parameter; texts are quoted, so any text goes.
func pgInts(xs []int64) string {
	return pgArray(xs, func(b *strings.Builder, x int64) { b.WriteString(strconv.FormatInt(x, 10)) })
}

func pgTexts(xs []string) string {
	return pgArray(xs, func(b *strings.Builder, x string) {
		b.WriteByte('"')
		b.WriteString(arrayQuoter.Replace(x))
		b.WriteByte('"')
	})
}

// pgArray writes xs as the text of a PostgreSQL array, each element by
// elem.
func pgArray[T any](xs []T, elem func(b *strings.Builder, x T)) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		elem(&b, x)
	}
	b.WriteByte('}')
	return b.String()
}

// uniqueTexts returns xs without repeats, in their first order.
func uniqueTexts(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

var arrayQuoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// On PostgreSQL a flush that changed many deals (an import's chunk changes
// thousands) writes their figures with one UPDATE, not one per deal: the
// server parses, plans and runs each statement of a batch on its own, and
// per deal that cost as much as the writing itself. A million-row import
// writes 150,000 deal rows (each chunk most of the 12,000 deals): one
// UPDATE per deal took 24.6 s of the server's time in a run on a loaded
// machine, one per chunk 12.8 s in the next. What was left was mostly the
// indexes: every new row version went into the deals' 13. Since schema
// 19 no index of deals covers a figure on PostgreSQL and the pages keep
// room, so these updates are HOT and write no index entry
// (migrations_pg/0019, TestImportDealUpdatesHOTPostgres).
//
// The statement sets what dealUpdate would have set, deal by deal: a
// figure that did not change is sent as NULL and keeps the row's value, so
// each row gets only its own changes, and every CHECK and index sees the
// same rows. The deals are listed by ID, not in the journal's map order,
// so the same changes make the same statement.

// dealsBatchMin is the fewest changed deals written by one statement: an
// interactive operation's one or two deals keep their plain UPDATE, which
// reads better in the server's logs and costs the same.
const dealsBatchMin = 8

// dealsUpdate is the one UPDATE of the figures of deals, each against what
// the database holds (saved), and its arguments: one array of IDs, then
// one array per figure that any of them changed, NULL where a deal's did
// not. It returns "" when no figure changed.
func dealsUpdate(deals []*journalDeal) (string, []any) {
	slices.SortFunc(deals, func(a, b *journalDeal) int { return cmp.Compare(a.ID, b.ID) })
	figs := dealFigures()
	var cols []string
	var arrays []*strings.Builder
	for _, f := range figs {
		var col *strings.Builder
		for i, d := range deals {
			v, was := *d.Balances.fieldOf(f), *d.saved.fieldOf(f)
			if v == was && col == nil {
				continue
			}
			if col == nil { // the first deal that changed f: NULL for those before
				col = &strings.Builder{}
				col.WriteString("{" + strings.Repeat("NULL,", i))
			} else {
				col.WriteByte(',')
			}
			if v == was {
				col.WriteString("NULL")
			} else {
				col.WriteString(strconv.FormatInt(v, 10))
			}
		}
		if col != nil {
			col.WriteByte('}')
			cols = append(cols, f)
			arrays = append(arrays, col)
		}
	}
	if len(cols) == 0 {
		return "", nil
	}
	ids := make([]int64, len(deals))
	for i, d := range deals {
		ids[i] = d.ID
	}
	args := []any{pgInts(ids)}
	set := make([]string, len(cols))
	unnest := []string{"$1::bigint[]"}
	for i, c := range cols {
		set[i] = c + " = coalesce(v." + c + ", d." + c + ")"
		unnest = append(unnest, "$"+strconv.Itoa(i+2)+"::bigint[]")
		args = append(args, arrays[i].String())
	}
	return pgRaw + `UPDATE deals AS d SET ` + strings.Join(set, ", ") + `
		FROM unnest(` + strings.Join(unnest, ", ") + `) AS v(id, ` + strings.Join(cols, ", ") + `)
		WHERE d.id = v.id`, args
}
