package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"os"
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

// TestImportChunksCheckpointed: a chunk of an import that others follow
// commits without checkpointing the WAL (its connection's automatic
// checkpoint is off for that transaction only), and the import copies the
// WAL into the file before the next chunk begins: the file alone holds
// every chunk committed so far. The last chunk checkpoints as any
// operation does, and every connection has its automatic checkpoint back.
func TestImportChunksCheckpointed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.payouts")
	s, err := Open(path)
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
	// The orders in the file itself, without its WAL: a copy of the file
	// alone, opened read-only.
	inFile := func() int {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cp := filepath.Join(t.TempDir(), "copy.payouts")
		if err := os.WriteFile(cp, body, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+cp+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'orders'`).Scan(&n); err != nil || n == 0 {
			return -1 // the schema itself is still in the WAL
		}
		if err := db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	defer func(n int) { importChunkSize, inImportTx = n, nil }(importChunkSize)
	importChunkSize = 10
	var autos, filed []int
	inImportTx = func(tx *Tx) {
		var v int
		if err := tx.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&v); err != nil {
			t.Error(err)
		}
		autos = append(autos, v)
		filed = append(filed, inFile())
	}
	var in []OrderInput
	for i := range 25 {
		in = append(in, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-01-02", Base: 1000})
	}
	res, err := s.ImportOrders(ctx, "", "shop", in)
	if err != nil || res.New != 25 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if fmt.Sprint(autos) != "[0 0 1000]" {
		t.Errorf("wal_autocheckpoint in the import's chunks: %v, want [0 0 1000] (off but in the last)", autos)
	}
	if len(filed) != 3 || fmt.Sprint(filed[1:]) != "[10 20]" {
		t.Errorf("orders in the file (without its WAL) as each chunk began: %v, want 10 and 20 as the second and third began", filed)
	}
	s.db.SetMaxIdleConns(1)
	s.db.SetMaxOpenConns(1)
	var v int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&v); err != nil || v != 1000 {
		t.Errorf("wal_autocheckpoint after the import %d (%v), want 1000", v, err)
	}
}
