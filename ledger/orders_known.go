package ledger

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
)

// knownOrders follows, across the chunks of one import on SQLite, whether
// the ledger can hold any order of the next chunk. It cannot when it held
// no order of the import's source as the import began, the import's order
// IDs all differ, and no other program has added an order since: the
// largest order ID is still the one this import's last chunk left (SQLite
// writes one transaction at a time, and IDs only grow). A chunk then need
// not look its orders up (readKnown: about 0.8 s of a million-row import).
// Anything else, or any doubt, and the chunk reads them as before.
type knownOrders struct {
	checked bool  // the first chunk has looked
	none    bool  // no order of a chunk can be in the ledger
	maxID   int64 // the largest order ID when the last chunk committed
	next    int64 // the largest as this chunk ends, kept once it commits
}

// skipRead reports whether the chunk in tx can leave its orders unread.
// kn is nil for a preview and for PostgreSQL, whose sessions write at once
// and take IDs from a sequence in any order.
func (kn *knownOrders) skipRead(tx *Tx, source string, orders []OrderInput) (bool, error) {
	if kn == nil || tx.store.pg != nil {
		return false, nil
	}
	if !kn.checked {
		kn.checked = true
		var any bool
		if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM orders WHERE source = ?)`, source).Scan(&any); err != nil {
			return false, fmt.Errorf("orders of %s: %w", source, err)
		}
		kn.none = !any && distinctOrderIDs(orders)
	} else if kn.none {
		max, err := maxOrderID(tx)
		if err != nil {
			return false, err
		}
		kn.none = max == kn.maxID
	}
	return kn.none, nil
}

// ended notes, in the chunk's transaction before it commits, the largest
// order ID it leaves; committed makes it the one the next chunk expects.
// A chunk that fails and runs again finds the ID it began with, not this
// one, and reads its orders.
func (kn *knownOrders) ended(tx *Tx) error {
	if kn == nil || !kn.none {
		return nil
	}
	max, err := maxOrderID(tx)
	kn.next = max
	return err
}

func (kn *knownOrders) committed() {
	if kn != nil {
		kn.maxID = kn.next
	}
}

func maxOrderID(tx *Tx) (int64, error) {
	var max int64
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) FROM orders`).Scan(&max); err != nil {
		return 0, fmt.Errorf("largest order ID: %w", err)
	}
	return max, nil
}

// distinctOrderIDs reports whether no order ID appears twice among orders
// (as readKnown compares them: trimmed, empty ones aside). It compares 64-bit
// hashes, so two IDs that merely share one count as the same: a doubt.
func distinctOrderIDs(orders []OrderInput) bool {
	seed := maphash.MakeSeed()
	sums := make([]uint64, 0, len(orders))
	for _, o := range orders {
		if id := strings.TrimSpace(o.OrderID); id != "" {
			sums = append(sums, maphash.String(seed, id))
		}
	}
	slices.Sort(sums)
	for i := 1; i < len(sums); i++ {
		if sums[i] == sums[i-1] {
			return false
		}
	}
	return true
}
