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
	"github.com/payouts/payouts/ledger/demo"
)

// The GUI benchmarks run on the project's large generated program
// (demo.FillLarge: 10,000 creators, 12,000 deals over 20 campaigns in three
// currencies, 1,000,000 orders over two years with their fees, bonuses,
// requests and payments: about 2.1 million transfers). It takes about a
// minute to generate; -short uses a twentieth of it, PAYOUTS_BENCH_ORDERS
// changes the number of orders, and PAYOUTS_BENCH_LEDGER names a ledger
// made earlier (payouts --db big.payouts demo --large) to use instead.

var bench struct {
	once   sync.Once
	path   string
	hot    int64 // the deal with the most commission: a long history
	counts ledger.Counts
	took   time.Duration
	err    error
	temp   bool // generated here, removed by TestMain
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

// benchLedger returns the benchmark ledger, generating it once per test
// process.
func benchLedger(b *testing.B) (path string, hot int64) {
	b.Helper()
	bench.once.Do(func() {
		bench.path = os.Getenv("PAYOUTS_BENCH_LEDGER")
		if bench.path == "" {
			l := demo.DefaultLarge()
			l.Orders = envInt("PAYOUTS_BENCH_ORDERS", l.Orders)
			if testing.Short() {
				l = l.Scaled(0.05)
			}
			dir := os.TempDir()
			if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
				dir = "/dev/shm" // memory: the benchmark times reads, not the disk
			}
			bench.path = filepath.Join(dir, fmt.Sprintf("payouts-gui-bench-%d.payouts", os.Getpid()))
			bench.temp = true
			start := time.Now()
			bench.err = generate(bench.path, l)
			bench.took = time.Since(start)
		}
		if bench.err == nil {
			bench.hot, bench.counts, bench.err = survey(bench.path)
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path, bench.hot
}

func generate(path string, l demo.Large) error {
	s, err := ledger.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = demo.FillLarge(context.Background(), s, l, nil)
	return err
}

// survey reads the size of the ledger and picks the deal with the most
// commission, whose history is among the longest.
func survey(path string) (int64, ledger.Counts, error) {
	ctx := context.Background()
	s, err := ledger.Open(path)
	if err != nil {
		return 0, ledger.Counts{}, err
	}
	defer s.Close()
	c, err := s.Counts(ctx)
	if err != nil {
		return 0, c, err
	}
	top, err := s.Deals(ctx, ledger.DealQuery{Sort: "commission", Desc: true, Limit: 1})
	if err != nil || len(top) == 0 {
		return 0, c, fmt.Errorf("no deal in the benchmark ledger: %v", err)
	}
	return top[0].ID, c, nil
}

// TestMain removes the generated ledger once every benchmark ran.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench.temp {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(bench.path + suffix)
		}
	}
	os.Exit(code)
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
	u.deals.searchDelay = 0 // time the query, not the pause
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
	u0, s := benchUI(b, path)
	// One test app and window: a new test app clears the font cache, which
	// the real app never does. Each iteration's screens stay in memory until
	// the process ends: the test driver never drops a widget's renderer (the
	// app's driver drops those not drawn for a minute) and a renderer holds
	// its widget. About 0.3 MB an iteration since tables no longer make a
	// divider per row (tablerows.go); 5.3 MB before.
	a, w := u0.app, u0.win
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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
	// What a person types: part of a name, a campaign, a code, a typo.
	terms := []string{"hana oka", "Holiday Gifting 2026", "dario9099", "silva 1", "zzz"}
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
// its figures, fees and the newest page of its transactions. The first
// opening in a process reads the deal's pages into SQLite's cache and
// measures the fonts; it is reported apart (first-open-ms) and left out of
// the time per open, which it would otherwise swamp: on a loaded machine
// that one cold opening took over a second, and go test, seeing one
// iteration exceed -benchtime, stopped there and reported it as the figure.
func BenchmarkGUIOpenDeal(b *testing.B) {
	path, hot := benchLedger(b)
	u, s := benchUI(b, path)
	var n int
	open := func() {
		u.openDeal(hot)
		h := u.dealPage.history
		for r := 0; r < visibleRows && r < len(h.lines); r++ {
			for c := range h.columns {
				tableText(h.table, r, c)
			}
		}
		n = len(h.lines)
	}
	start := time.Now()
	open()
	first := time.Since(start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		open()
	}
	b.StopTimer()
	b.ReportMetric(float64(first.Microseconds())/1000, "first-open-ms")
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
