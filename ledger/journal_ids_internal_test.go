package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteTransferIDsWithoutReturning: on SQLite the journal learns the
// IDs SQLite gave a batch of transfers from the connection's last rowid,
// not from a RETURNING that fills a temporary table with every row's ID
// and reads each back (about a second of a million-row import). The IDs
// it then hands out, and the transfers' links, stay right.
func TestSQLiteTransferIDsWithoutReturning(t *testing.T) {
	if onPostgresRun() {
		t.Skip("SQLite only: PostgreSQL returns the IDs of a batch it numbers")
	}
	ctx := context.Background()
	s, deals := spreadDeals(t, filepath.Join(t.TempDir(), "ids.payouts"), 8, func(i int) int { return 10 })
	var in []OrderInput
	for i := range 3 * journalBatch { // paid long ago: each order's hold runs out in the import
		in = append(in, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deals[i%len(deals)], Currency: "USD", PaidDate: "2026-01-01", Base: 1000})
	}
	take := recordStatements(t, s)
	res, err := s.ImportOrders(ctx, "", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	bonus, err := s.AddBonus(ctx, BonusInput{DealID: deals[0], Amount: 700})
	if err != nil {
		t.Fatal(err)
	}
	inserts := 0
	for _, q := range take() {
		if strings.Contains(q, "INTO transfers") {
			inserts++
			if strings.Contains(q, "RETURNING") {
				t.Fatalf("a batch of transfers read its IDs back: %.120s…", q)
			}
		}
	}
	if res.New != len(in) || res.Released != len(in) || inserts < 6 {
		t.Fatalf("%d new, %d released, %d INSERTs: want %d each and several batches", res.New, res.Released, inserts, len(in))
	}
	var last, kind string
	if err := s.db.QueryRowContext(ctx, `SELECT max(id), (SELECT kind FROM transfers WHERE id = ?) FROM transfers`, bonus).Scan(&last, &kind); err != nil {
		t.Fatal(err)
	}
	if last != fmt.Sprint(bonus) || kind != "bonus" {
		t.Fatalf("the bonus's ID %d names a %q transfer, the last is %s", bonus, kind, last)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
