package ledger_test

import (
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// A writer that finds the ledger locked by another program's write waits
// for it (up to a minute) instead of failing, and says after two seconds
// what it waits for.
func TestWriterWaitsAndSays(t *testing.T) {
	p := filepath.Join(t.TempDir(), "wait.payouts")
	a, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	deal := MustDeal(t, a, "Ana", "USD", pct10)
	b, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var note atomic.Value
	b.OnWait = func(msg string) { note.Store(msg) }

	// The other program's long write: a transaction holding the write lock.
	defer a.Announce("an import of orders.csv")()
	tx, err := a.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('k', 'v')`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100})
		done <- err
	}()
	time.Sleep(2500 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("the write did not wait for the lock: %v", err)
	default:
	}
	if msg, _ := note.Load().(string); !strings.Contains(msg, "an import of orders.csv (process") {
		t.Fatalf("note after two seconds of waiting: %q", msg)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the waiting write failed once the lock was free: %v", err)
	}
}
