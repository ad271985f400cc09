package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// The GUI benchmarks run on a generated ledger: 10,000 deals (one per
// creator, over 20 campaigns in USD and EUR) and orders whose commissions
// are posted and, past their hold, released: two transfers per order.
// PAYOUTS_BENCH_DEALS and PAYOUTS_BENCH_ORDERS change the size; -short
// makes it small. One deal takes many orders, so its history is long.

var bench struct {
	once   sync.Once
	path   string
	hot    int64 // the deal with the longest history
	counts ledger.Counts
	took   time.Duration
	err    error
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchLedger builds the generated ledger once per test process.
func benchLedger(b *testing.B) (path string, hot int64) {
	b.Helper()
	bench.once.Do(func() {
		deals, orders := envInt("PAYOUTS_BENCH_DEALS", 10000), envInt("PAYOUTS_BENCH_ORDERS", 300000)
		if testing.Short() {
			deals, orders = 1000, 20000
		}
		dir := os.TempDir()
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			dir = "/dev/shm"
		}
		bench.path = filepath.Join(dir, fmt.Sprintf("payouts-gui-bench-%d-%d.payouts", os.Getpid(), deals))
		start := time.Now()
		bench.hot, bench.err = generate(bench.path, deals, orders)
		bench.took = time.Since(start)
		if bench.err == nil {
			s, err := ledger.Open(bench.path)
			if err == nil {
				bench.counts, bench.err = s.Counts(context.Background())
				s.Close()
			} else {
				bench.err = err
			}
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path, bench.hot
}

// TestMain removes the generated ledger once every benchmark ran.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench.path != "" {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(bench.path + suffix)
		}
	}
	os.Exit(code)
}

// generate writes the benchmark ledger through the ledger's operations.
func generate(path string, deals, orders int) (hot int64, err error) {
	ctx := context.Background()
	os.Remove(path)
	s, err := ledger.Open(path)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	var camps []int64
	for i := 0; i < 20; i++ {
		id, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: fmt.Sprintf("Campaign %02d", i)})
		if err != nil {
			return 0, err
		}
		camps = append(camps, id)
	}
	ids := make([]int64, 0, deals)
	curs := make([]string, 0, deals)
	for i := 0; i < deals; i++ {
		details := fmt.Sprintf("IBAN DE%02d %08d", i%97, i)
		if i%11 == 3 {
			details = ""
		}
		cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: fmt.Sprintf("Creator %05d", i), Handle: fmt.Sprintf("@c%d", i), PayoutDetails: details})
		if err != nil {
			return 0, err
		}
		cur := "USD"
		if i%4 == 3 {
			cur = "EUR"
		}
		id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camps[i%len(camps)], Currency: cur,
			Rule: ledger.Rule{Kind: ledger.RulePercent, Value: int64(500 + 250*(i%7))}, Codes: []string{fmt.Sprintf("CODE%05d", i)}, HoldDays: 30})
		if err != nil {
			return 0, err
		}
		ids, curs = append(ids, id), append(curs, cur)
	}
	// Orders over the last 400 days; every tenth goes to the hot deal.
	batch := make([]ledger.OrderInput, 0, 50000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := s.ImportOrders(ctx, "", "bench", batch)
		batch = batch[:0]
		return err
	}
	for k := 0; k < orders; k++ {
		d := (k * 7919) % deals
		if k%10 == 0 {
			d = 0
		}
		batch = append(batch, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", k), DealID: ids[d], Currency: curs[d],
			PaidDate: now.AddDate(0, 0, -400+k*400/orders).Format(ledger.DateLayout), Base: int64(2000 + (k*37)%28000)})
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	// Fees, bonuses and requests on a share of deals.
	for i := 0; i < deals; i += 10 {
		if _, err := s.AddFee(ctx, ledger.FeeInput{DealID: ids[i], Amount: 50000, Comment: "Launch video", Confirm: i%20 == 0}); err != nil {
			return 0, err
		}
		if i%30 == 0 {
			d, err := s.Deal(ctx, ids[i])
			if err != nil {
				return 0, err
			}
			if d.Owed > 0 {
				if _, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: ids[i], Amount: d.Owed}); err != nil {
					return 0, err
				}
			}
		}
	}
	return ids[0], nil
}

// benchUI opens the generated ledger and builds the window over it, as the
// app does at start.
func benchUI(b *testing.B, path string) (*ui, *ledger.Store) {
	s, err := ledger.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	u := newUI(a, w, s)
	w.SetContent(u.build())
	w.Resize(fyne.NewSize(1280, 800))
	return u, s
}

// visibleRows is how many rows a 800-pixel window shows.
const visibleRows = 20

// drawDeals asks the deals table for the cells of its first screen, as the
// table does when it draws.
func drawDeals(dt *dealTable) {
	for r := 0; r < visibleRows && r < dt.total; r++ {
		for c := range dealColumns {
			tableText(dt.table, r, c)
		}
	}
}

func reportSize(b *testing.B) {
	b.ReportMetric(float64(bench.counts.Deals), "deals")
	b.ReportMetric(float64(bench.counts.Transfers), "transfers")
	b.Logf("ledger: %d deals, %d transfers, %d orders (generated in %s)", bench.counts.Deals, bench.counts.Transfers, bench.counts.Orders, bench.took.Round(time.Millisecond))
}

// BenchmarkGUIDealsPopulated times opening the window until the Deals
// screen shows its first rows: counting the deals, reading the first page
// of cached balances and formatting the visible cells.
func BenchmarkGUIDealsPopulated(b *testing.B) {
	path, _ := benchLedger(b)
	_, s := benchUI(b, path)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := test.NewTempApp(b)
		w := test.NewTempWindow(b, nil)
		u := newUI(a, w, s)
		w.SetContent(u.build())
		drawDeals(u.deals.deals)
		if u.deals.deals.total != int(bench.counts.Deals) {
			b.Fatalf("deals: got %d, want %d", u.deals.deals.total, bench.counts.Deals)
		}
	}
	b.StopTimer()
	reportSize(b)
}

// BenchmarkGUIDealsSearch times typing a search term until the filtered
// list shows: the count and the first page of matches.
func BenchmarkGUIDealsSearch(b *testing.B) {
	path, _ := benchLedger(b)
	u, _ := benchUI(b, path)
	terms := []string{"Creator 0123", "Campaign 07", "code0999", "reator 42", "zzz"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.deals.search.SetText(terms[i%len(terms)])
		drawDeals(u.deals.deals)
	}
	b.StopTimer()
	reportSize(b)
}

// BenchmarkGUIDealsScroll times scrolling to the middle of the list: one
// page read by offset.
func BenchmarkGUIDealsScroll(b *testing.B) {
	path, _ := benchLedger(b)
	u, _ := benchUI(b, path)
	dt := u.deals.deals
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		row := (i*dealPageSize*3 + dt.total/2) % dt.total
		dt.pages = map[int][]ledger.Deal{}
		dt.recent = nil
		tableText(dt.table, row, 0)
	}
	b.StopTimer()
	reportSize(b)
}

// BenchmarkGUIOpenDeal times opening the deal with the longest history:
// its figures, fees and the newest page of its transactions.
func BenchmarkGUIOpenDeal(b *testing.B) {
	path, hot := benchLedger(b)
	u, s := benchUI(b, path)
	var n int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.openDeal(hot)
		h := u.dealPage.history
		for r := 0; r < visibleRows && r < len(h.lines); r++ {
			for c := range h.columns {
				tableText(h.table, r, c)
			}
		}
		n = len(h.lines)
	}
	b.StopTimer()
	if n == 0 {
		b.Fatal("no history")
	}
	var all int
	for before := int64(0); ; {
		page, err := s.History(context.Background(), ledger.HistoryQuery{DealID: hot, Before: before, Limit: 5000})
		if err != nil {
			b.Fatal(err)
		}
		all += len(page)
		if len(page) < 5000 {
			break
		}
		before = page[len(page)-1].ID
	}
	b.ReportMetric(float64(all), "history-lines")
	reportSize(b)
}
