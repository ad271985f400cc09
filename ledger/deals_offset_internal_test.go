package ledger

import "fmt"

// DealsOffsetQuery is the OFFSET read the deal list made before keyset
// paging (the full deal row, sorted, skipping offset rows): the benchmark's
// floor of comparison.
func DealsOffsetQuery(q DealQuery, limit, offset int) string {
	return dealSelect + dealOrder(q) + fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, offset)
}
