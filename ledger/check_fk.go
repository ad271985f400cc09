package ledger

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// passKeys are the foreign keys checkPass checks itself on SQLite, by
// child table, each "column parent(column)". The pass reads every row of
// transfers and orders anyway; PRAGMA foreign_key_check read the two
// largest tables a second time, through the page cache the integrity
// check beside it needs.
var passKeys = map[string][]string{
	"transfers": {"deal_id deals(id)", "reverses transfers(id)"},
	"orders":    {"deal_id deals(id)"},
}

// foreignKeyChecks returns the PRAGMA foreign_key_check statements Check
// runs on SQLite, one per table with foreign keys, and the tables whose
// keys the pass checks instead: those of passKeys whose keys in the schema
// are exactly those (a key a later migration adds to one of them sends
// that table back to SQLite's check).
func (s *Store) foreignKeyChecks(ctx context.Context) (checks []string, pass map[string]bool, err error) {
	keys := map[string][]string{}
	var tables []string
	err = s.each(ctx, "list foreign keys", `SELECT m.name, f."from", f."table", coalesce(f."to", '') FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' ORDER BY m.name`, func(scan scanFunc) error {
		var table, from, parent, to string
		if err := scan(&table, &from, &parent, &to); err != nil {
			return err
		}
		if _, ok := keys[table]; !ok {
			tables = append(tables, table)
		}
		keys[table] = append(keys[table], fmt.Sprintf("%s %s(%s)", from, parent, to))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	pass = map[string]bool{}
	for _, table := range tables {
		known := passKeys[table]
		if known != nil && !slices.ContainsFunc(keys[table], func(k string) bool { return !slices.Contains(known, k) }) {
			pass[table] = true
			continue
		}
		checks = append(checks, fmt.Sprintf(`PRAGMA foreign_key_check("%s")`, strings.ReplaceAll(table, `"`, `""`)))
	}
	return checks, pass, nil
}

// foreignKey words a row of table whose parent is missing; where is the
// row ("rowid 7" on SQLite, the key on PostgreSQL: "deal_id 9999").
func foreignKey(table, where, parent string) string {
	return fmt.Sprintf("foreign key: a row of %s (%s) points at a missing %s", table, where, parent)
}

// rowid is where a row of SQLite is, for foreignKey.
func rowid(id int64) string { return fmt.Sprintf("rowid %d", id) }

// idSet is the IDs of the transfers, read in order: the first and the
// last, and the gaps between (none in a ledger whose rows were only ever
// appended), so that a reverses key is looked up without a set of two
// million IDs.
type idSet struct {
	first, last int64
	gaps        [][2]int64 // missing IDs, first and last, in order
	any         bool
}

// add records the next ID; IDs come in increasing order.
func (s *idSet) add(id int64) {
	switch {
	case !s.any:
		s.first, s.any = id, true
	case id > s.last+1:
		s.gaps = append(s.gaps, [2]int64{s.last + 1, id - 1})
	}
	s.last = id
}

func (s *idSet) has(id int64) bool {
	if !s.any || id < s.first || id > s.last {
		return false
	}
	i := sort.Search(len(s.gaps), func(i int) bool { return s.gaps[i][1] >= id })
	return i == len(s.gaps) || s.gaps[i][0] > id
}

// reportReverses names each transfer whose reverses key points at no
// transfer, as PRAGMA foreign_key_check would.
func (p *checkPass) reportReverses() {
	for _, r := range p.reverses {
		if !p.ids.has(r[1]) {
			p.add("%s", foreignKey("transfers", rowid(r[0]), "transfers"))
		}
	}
}
