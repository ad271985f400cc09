package ledger_test

import (
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// An import writes each transaction's transfers deal by deal (their
// indexes begin with the deal), each deal's in the order posted: the
// ledger's transfers change deal only a few times per chunk, every order's
// release follows its earning in its deal's history, and Check, which
// recomputes every remaining balance in the order of the IDs, is clean.
func TestImportWritesTransfersDealByDeal(t *testing.T) {
	sqliteOnly(t) // PostgreSQL's COPY batches go in the order posted
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	deal2 := MustDeal(t, s, "Bo", "USD", ledger.Rule{Kind: ledger.RulePerOrder, Value: 300})
	chunks := 1
	defer ledger.SetImportChunk(300, func(int) { chunks++ })()
	if _, err := s.ImportOrders(ctx, "op", "shop", chunkOrders(1000, deal, deal2)); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	var all []ledger.HistoryLine
	for _, d := range []int64{deal, deal2} {
		lines, err := s.History(ctx, ledger.HistoryQuery{DealID: d})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(lines) // oldest first
		seen := map[string]bool{}
		for _, l := range lines {
			switch l.Kind {
			case ledger.KindRelease:
				if !seen[l.Reference] {
					t.Fatalf("deal %d: order %s released (transfer %d) before it was earned", d, l.Reference, l.ID)
				}
			default:
				seen[l.Reference] = true
			}
		}
		all = append(all, lines...)
	}
	slices.SortFunc(all, func(a, b ledger.HistoryLine) int { return int(a.ID - b.ID) })
	switches := 0
	for i := 1; i < len(all); i++ {
		if all[i].DealID != all[i-1].DealID {
			switches++
		}
	}
	// Written in the order posted, one order in three on the other deal
	// would switch some 700 times.
	if switches > 2*chunks {
		t.Fatalf("the %d transfers switch deal %d times in %d chunks: not written deal by deal", len(all), switches, chunks)
	}
}

// An import pauses between chunks for programs waiting to write only when
// one may be: with the ledger open nowhere else it goes straight on; with
// another Store of this process, or another process, having it open, it
// pauses.
func TestImportPausesOnlyWhenOthersHaveTheLedger(t *testing.T) {
	sqliteOnly(t) // PostgreSQL's writers lock rows: an import never pauses
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	deal2 := MustDeal(t, s, "Bo", "USD", pct10)
	pauses := 0
	defer ledger.SetImportPause(func() { pauses++ })()
	defer ledger.SetImportChunk(100, nil)()
	source := 0
	run := func() int {
		pauses = 0
		source++
		if _, err := s.ImportOrders(ctx, "", string(rune('a'+source)), chunkOrders(300, deal, deal2)); err != nil {
			t.Fatal(err)
		}
		return pauses
	}
	if n := run(); n != 0 {
		t.Fatalf("alone: %d pauses, want none", n)
	}

	other, err := ledger.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if n := run(); n == 0 {
		t.Fatal("another Store of this process has the ledger open: no pause")
	}
	other.Close()
	if n := run(); n != 0 {
		t.Fatalf("the other Store closed: %d pauses, want none", n)
	}

	// Another process: this test's binary, opening the ledger and reading
	// it, then waiting for its input to close.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLedger$")
	cmd.Env = append(os.Environ(), "PAYOUTS_HOLD_LEDGER="+s.Path())
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer in.Close()
	buf := make([]byte, 64)
	if n, err := out.Read(buf); err != nil || string(buf[:n]) != "open\n" {
		t.Fatalf("helper: %q, %v", buf[:n], err)
	}
	if n := run(); n == 0 {
		t.Fatal("another process has the ledger open: no pause")
	}
}

// TestHelperHoldLedger is the other process of the test above.
func TestHelperHoldLedger(t *testing.T) {
	path := os.Getenv("PAYOUTS_HOLD_LEDGER")
	if path == "" {
		t.Skip("helper process only")
	}
	s, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Counts(ctx); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("open\n")
	os.Stdin.Read(make([]byte, 1)) // until the test closes it
}
