package ledger_test

import (
	"fmt"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// A transfer or an order written with foreign keys off, pointing at a deal,
// a reversed transfer, an order, a fee or a payout request that does not
// exist, is named by Check. On SQLite the keys of transfers and orders are
// checked by Check's own pass over those tables, not by PRAGMA
// foreign_key_check (which would read them a second time): without the
// pass's check the first three are not named at all.
func TestCheckNamesMissingParents(t *testing.T) {
	// transfer writes a bonus on deal, with column set to value if named.
	transfer := func(deal int64, column string, value int64) string {
		columns, values := "", ""
		if column != "" {
			columns, values = ", "+column, fmt.Sprintf(", %d", value)
		}
		return fmt.Sprintf(`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after%s)
			VALUES (%d, 'USD', 'bonus_expense', 'owed', 100, 'bonus', '2026-11-21', 0, 'x', 'x', 0%s)`, columns, deal, values)
	}
	const order = `INSERT INTO orders (source, order_id, deal_id, paid_date, release_on, base, commission, held)
		VALUES ('shop', '#999', 9999, '2026-11-21', '2026-12-21', 1000, 100, 0)`
	// key names the row as each backend's foreign key check does: its rowid
	// on SQLite, the key on PostgreSQL.
	key := func(s *ledger.Store, table, column string, value int64) string {
		if s.Backend() == ledger.BackendPostgres {
			return fmt.Sprintf("%s %d", column, value)
		}
		var id int64
		if err := s.DB().QueryRow(`SELECT max(id) FROM ` + table).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("rowid %d", id)
	}
	for _, tt := range []struct {
		name string
		sql  func(f checkFixture) string
		want func(f checkFixture) string
	}{
		{"TransferToMissingDeal",
			func(checkFixture) string { return transfer(9999, "", 0) },
			func(f checkFixture) string {
				return fmt.Sprintf("foreign key: a row of transfers (%s) points at a missing deals", key(f.s, "transfers", "deal_id", 9999))
			}},
		{"TransferReversesMissingTransfer",
			func(f checkFixture) string { return transfer(f.deal, "reverses", 999999) },
			func(f checkFixture) string {
				return fmt.Sprintf("foreign key: a row of transfers (%s) points at a missing transfers", key(f.s, "transfers", "reverses", 999999))
			}},
		{"OrderOfMissingDeal",
			func(checkFixture) string { return order },
			func(f checkFixture) string {
				return fmt.Sprintf("foreign key: a row of orders (%s) points at a missing deals", key(f.s, "orders", "deal_id", 9999))
			}},
		{"TransferToMissingOrder",
			func(f checkFixture) string { return transfer(f.deal, "order_key", 999999) },
			func(checkFixture) string { return "points at an order that does not exist" }},
		{"TransferToMissingFee",
			func(f checkFixture) string { return transfer(f.deal, "fee_id", 999999) },
			func(checkFixture) string { return "points at a fee that does not exist" }},
		{"TransferToMissingRequest",
			func(f checkFixture) string { return transfer(f.deal, "request_id", 999999) },
			func(checkFixture) string { return "points at a payout request that does not exist" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFixture(t)
			tamper(t, f.s, []string{`PRAGMA foreign_keys = OFF`, tt.sql(f)})
			wantProblem(t, f.s, tt.want(f))
		})
	}
}
