package ledger

import (
	"path/filepath"
	"strings"
	"testing"
)

// Names sort ignoring case on both backends, so the collation is written
// out in the SQL (COLLATE NOCASE on the ORDER BY and on the compared
// parameter). On SQLite, whose name columns are declared NOCASE, a page of
// deals by creator or campaign, or of creators, must still be read along
// the name's index, not by sorting every row.
func TestNamePagesUseIndex(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "plan.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := func(query string, args []any) string { return strings.Join(queryPlan(t, s, query, args...), "; ") }
	for _, sortKey := range []string{"creator", "campaign"} {
		for _, desc := range []bool{false, true} {
			for _, after := range []*DealCursor{nil, {Key: "m", ID: 10}} {
				q := DealQuery{Sort: sortKey, Desc: desc, After: after, Limit: 200}
				from, where, args := dealKeys(q)
				query := `SELECT d.id` + from + where + dealOrder(q) + ` LIMIT 200`
				p := plan(query, args)
				index := map[string]string{"creator": "sqlite_autoindex_creators_1", "campaign": "sqlite_autoindex_campaigns_1"}[sortKey]
				// (A creator's few deals may be sorted by ID: "TEMP B-TREE
				// FOR LAST TERM OF ORDER BY". Every deal may not.)
				if strings.Contains(p, "TEMP B-TREE FOR ORDER BY") || !strings.Contains(p, index) {
					t.Errorf("deals by %s desc=%v after=%v: plan %s", sortKey, desc, after != nil, p)
				}
				if after != nil && !strings.Contains(p, "(name") {
					t.Errorf("deals by %s desc=%v after a key: the name index is scanned, not searched: %s", sortKey, desc, p)
				}
			}
		}
	}
	for _, after := range []*CreatorCursor{nil, {Name: "m", ID: 10}} {
		where, args := creatorWhere(CreatorQuery{After: after}, true)
		p := plan(`SELECT cr.id FROM creators cr`+where+` ORDER BY cr.name COLLATE NOCASE, cr.id LIMIT 200`, args)
		if strings.Contains(p, "TEMP B-TREE FOR ORDER BY") || !strings.Contains(p, "sqlite_autoindex_creators_1") || (after != nil && !strings.Contains(p, "(name>?)")) {
			t.Errorf("creators after=%v: plan %s", after != nil, p)
		}
	}
}
