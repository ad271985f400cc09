package ledger

import (
	"strconv"
	"strings"
)

// An import's reads of many rows at once, on PostgreSQL (issue 18). Each
// statement is one round trip and one plan, so a chunk of an import reads
// its deals and its known orders with one statement each, the IDs in an
// array, not 500 per IN list.
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
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(x, 10))
	}
	b.WriteByte('}')
	return b.String()
}

func pgTexts(xs []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(arrayQuoter.Replace(x))
		b.WriteByte('"')
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
