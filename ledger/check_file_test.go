package ledger_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// Check runs SQLite's integrity check of the file in parts (checkFile):
// an index of transfers, the table checked on its own connection, an index
// of another table, and pages no table or index uses (which only the
// file-wide part sees) are each named.
func TestCheckFileParts(t *testing.T) {
	sqliteOnly(t)
	for _, tt := range []struct {
		name, sql, want string
	}{
		{"TransfersIndex", `UPDATE sqlite_schema SET sql = 'CREATE INDEX transfers_deal ON transfers(amount, id)' WHERE name = 'transfers_deal'`, "transfers_deal"},
		{"FeesIndex", `UPDATE sqlite_schema SET sql = 'CREATE INDEX fees_deal ON fees(amount)' WHERE name = 'fees_deal'`, "fees_deal"},
		{"PagesNeverUsed", `DELETE FROM sqlite_schema WHERE name = 'requests_status'`, "never used"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFixture(t)
			path := f.s.Path()
			MustCheck(t, f.s)
			if err := f.s.Close(); err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`PRAGMA writable_schema = ON`, tt.sql, `PRAGMA writable_schema = OFF`} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db.Close()
			s, err := ledger.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			problems, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				if strings.HasPrefix(p, "integrity_check: ") && strings.Contains(p, tt.want) {
					return
				}
			}
			t.Fatalf("check found %q, want SQLite's integrity check naming %q", problems, tt.want)
		})
	}
}
