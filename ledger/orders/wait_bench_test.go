package orders_test

import (
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
	"github.com/payouts/payouts/ledger/orders/orderbench"
)

// BenchmarkWritersDuringImport runs a large import (PAYOUTS_BENCH_ROWS
// rows, default a million; the issue measured two) while three other
// "programs" (stores of their own on the same file) each add bonuses one
// after another. None may fail with "busy": each waits for the import's
// write, up to a minute. It reports the longest wait of an interactive
// write and how many writes waited past the two-second note.
func BenchmarkWritersDuringImport(b *testing.B) {
	rows := benchRows()
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		p := filepath.Join(dir, "wait.payouts")
		s, err := ledger.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		codes, err := orderbench.Deals(ctx, s, 500)
		if err != nil {
			b.Fatal(err)
		}
		deals, err := s.Deals(ctx, ledger.DealQuery{})
		if err != nil {
			b.Fatal(err)
		}
		csvPath := filepath.Join(dir, "shopify.csv")
		if _, err := orderbench.WriteExport(csvPath, rows, codes); err != nil {
			b.Fatal(err)
		}
		var importing atomic.Bool
		importing.Store(true)
		var maxWait atomic.Int64
		var notes, writes atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for w := 0; w < 3; w++ {
			ws, err := ledger.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			ws.OnWait = func(string) { notes.Add(1) }
			wg.Add(1)
			go func(ws *ledger.Store, deal int64) {
				defer wg.Done()
				defer ws.Close()
				for importing.Load() {
					start := time.Now()
					if _, err := ws.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1}); err != nil {
						errs <- err
						return
					}
					writes.Add(1)
					if d := int64(time.Since(start)); d > maxWait.Load() {
						maxWait.Store(d)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}(ws, deals[w].ID)
		}
		b.ResetTimer()
		res, err := orders.ImportShopify(ctx, s, "", csvPath)
		importing.Store(false)
		b.StopTimer()
		wg.Wait()
		close(errs)
		if err != nil {
			b.Fatal(err)
		}
		for err := range errs {
			b.Fatalf("an interactive write failed during the import of %d orders: %s", res.Orders, ledger.ErrorMessage(err))
		}
		s.Close()
		b.ReportMetric(float64(maxWait.Load())/1e6, "max-wait-ms")
		b.ReportMetric(float64(notes.Load()), "notes")
		b.ReportMetric(float64(writes.Load()), "writes")
		b.StartTimer()
	}
}
