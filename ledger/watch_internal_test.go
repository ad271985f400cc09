package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestMemoryJournalScope: a transaction begun with withMemoryJournal keeps
// its statement journals in memory (temp_store MEMORY), and the connection
// is set back when it ends, committed or rolled back, so that other work
// on it (sorts, index builds) spills to disk as before.
func TestMemoryJournalScope(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "l.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.SetMaxOpenConns(1) // every transaction on the same connection
	ctx := context.Background()
	for _, end := range []string{"commit", "rollback"} {
		t.Run(end, func(t *testing.T) {
			tx, err := s.db.BeginTx(withMemoryJournal(ctx), nil)
			if err != nil {
				t.Fatal(err)
			}
			var in int
			if err := tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&in); err != nil {
				t.Fatal(err)
			}
			if end == "commit" {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			plain, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Rollback()
			var after int
			if err := plain.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if in != 2 || after != 0 {
				t.Errorf("temp_store in the transaction %d (want 2, memory), after it %d (want 0, default)", in, after)
			}
		})
	}
}

// TestImportJournalInMemory: every transaction of an import, its chunks
// and its last, keeps statement journals in memory: written to a temporary
// file they were a sixth of a million-row import's CPU time.
func TestImportJournalInMemory(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "l.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cr, err := s.AddCreator(ctx, CreatorInput{Name: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := s.AddCampaign(ctx, CampaignInput{Name: "Spring"})
	if err != nil {
		t.Fatal(err)
	}
	deal, err := s.AddDeal(ctx, DealInput{CreatorID: cr, CampaignID: camp, Currency: "USD", Rule: Rule{Kind: RulePercent, Value: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { importChunkSize, inImportTx = n, nil }(importChunkSize)
	importChunkSize = 10
	var stores []int
	inImportTx = func(tx *Tx) {
		var v, cache int
		if err := tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&v); err != nil {
			t.Error(err)
		}
		if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Error(err)
		}
		if cache != -importCacheKiB {
			t.Errorf("cache_size in the import %d, want %d", cache, -importCacheKiB)
		}
		stores = append(stores, v)
	}
	var in []OrderInput
	for i := range 25 {
		in = append(in, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-01-02", Base: 1000})
	}
	res, err := s.ImportOrders(ctx, "", "shop", in)
	if err != nil || res.New != 25 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if fmt.Sprint(stores) != "[2 2 2]" {
		t.Errorf("temp_store in the import's transactions: %v, want [2 2 2] (memory, in each of its 3 chunks)", stores)
	}
	// Every connection is back to the ledger's page cache afterwards.
	s.db.SetMaxIdleConns(1)
	s.db.SetMaxOpenConns(1)
	var cache int
	if err := s.db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil || cache != -65536 {
		t.Errorf("cache_size after the import %d (%v), want -65536", cache, err)
	}
}
