package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// TestHistoryPaging reads a long history a page at a time, by keyset.
func TestHistoryPaging(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 0)
	var orders []ledger.OrderInput
	for i := 0; i < historyPageSize+40; i++ {
		orders = append(orders, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-03-10", Base: 1000})
	}
	if _, err := s.ImportOrders(ctx, "", "shop", orders); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.openDeal(deal)
	h := u.dealPage.history
	if len(h.lines) != historyPageSize || !h.older.Visible() {
		t.Fatalf("first page: %d lines, older visible %v", len(h.lines), h.older.Visible())
	}
	test.Tap(h.older)
	want := historyPageSize + 40
	if len(h.lines) != want || h.older.Visible() {
		t.Fatalf("after Load older: %d lines (want %d), older visible %v", len(h.lines), want, h.older.Visible())
	}
	seen := map[int64]bool{}
	for i, l := range h.lines {
		if seen[l.ID] {
			t.Fatalf("line %d: transfer %d shown twice", i, l.ID)
		}
		seen[l.ID] = true
		if i > 0 && l.ID >= h.lines[i-1].ID {
			t.Fatalf("line %d: not newest first", i)
		}
	}
	if got, want := h.status.Text, fmt.Sprintf("All %d transactions shown.", want); got != want {
		t.Errorf("status: got %q, want %q", got, want)
	}
	if got := u.dealPage.figures[figHeld].Text; got != "$140.00" {
		t.Errorf("held: got %s, want $140.00 (140 orders of $10.00 at 10%%)", got)
	}
}

// TestFeeConfirmedNow agrees and confirms a fee in one step.
func TestFeeConfirmedNow(t *testing.T) {
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 0)
	u, _ := newTestUI(t, s)
	u.openDeal(deal)
	p := u.dealPage
	p.onAddFee()
	test.Type(p.feeForm.amount, "1,250.50")
	test.Tap(p.feeForm.confirm)
	test.Tap(p.feeForm.dlg.submit)
	wantFigures(t, p, map[string]string{figFees: "$1,250.50", figScheduled: "$0.00", figConfirmed: "$1,250.50", figOwed: "$1,250.50"})
	if len(p.fees) != 1 || p.fees[0].Status != ledger.FeeConfirmed || len(p.confirmButtons) != 0 {
		t.Errorf("fees: %+v, %d Confirm buttons", p.fees, len(p.confirmButtons))
	}
	if d := mustDeal(t, s, deal); d.Owed != 125050 || d.Scheduled != 0 {
		t.Errorf("deal: owed %d scheduled %d", d.Owed, d.Scheduled)
	}
}

// TestMenus checks the File menu offers import, export, new deal and the
// ledger file choices.
func TestMenus(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	m := u.mainMenu()
	var labels []string
	for _, it := range m.Items[0].Items {
		labels = append(labels, it.Label)
	}
	want := []string{"Import orders…", "Export workbook…", "", "New deal…", "", "Open ledger…", "New ledger…"}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("File menu: got %q, want %q", labels, want)
	}
	if m.Items[0].Items[3].Shortcut != shortcutNewDeal || m.Items[1].Items[0].Shortcut != shortcutFind {
		t.Error("menu shortcuts missing")
	}
	if findButton(t, u.body, "Import orders") == nil {
		t.Error("welcome panel without Import orders")
	}
}

// TestNewLedgerForm creates a ledger in a new file and refuses to touch an
// existing one.
func TestNewLedgerForm(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 100)
	u, w := newTestUI(t, s)

	u.settings.onNewLedger()
	f := u.settings.newForm
	f.path.SetText(s.Path())
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("existing file: %d dialogs, want the form and the error", dialogsOpen(u))
	}
	if d, err := s.Deals(ctx, ledger.DealQuery{}); err != nil || len(d) != 1 {
		t.Fatalf("existing ledger after refusal: %v %v", d, err)
	}
	u.closeTopDialog()

	path := filepath.Join(t.TempDir(), "sub", "fresh")
	f.path.SetText(path)
	test.Tap(f.dlg.submit)
	if got := LedgerPath(u.app); got != path+".payouts" {
		t.Errorf("remembered: got %q, want %q", got, path+".payouts")
	}
	if findButton(t, w.Content(), "Load demo data") == nil {
		t.Error("the new ledger does not show the welcome panel")
	}
	if _, err := os.Stat(path + ".payouts"); err != nil {
		t.Errorf("new file: %v", err)
	}
}

// TestSearchWaitsForPause filters once typing pauses, with the last text.
func TestSearchWaitsForPause(t *testing.T) {
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	setup(t, s, "Ben", "IBAN B", 0)
	u, _ := newTestUI(t, s)
	ds := u.deals
	ds.searchDelay = time.Second
	var pending []func()
	stopped := 0
	ds.afterFunc = func(d time.Duration, f func()) func() bool {
		if d != time.Second {
			t.Errorf("delay: got %s, want 1s", d)
		}
		pending = append(pending, f)
		return func() bool { stopped++; return true }
	}
	test.Type(ds.search, "be")
	if ds.deals.total != 2 || len(pending) != 2 || stopped != 1 {
		t.Fatalf("while typing: %d rows (want 2), %d timers (want 2), %d stopped (want 1)", ds.deals.total, len(pending), stopped)
	}
	pending[0]() // a timer stopped too late: does nothing
	if ds.deals.total != 2 {
		t.Errorf("after a stale timer: %d rows, want 2", ds.deals.total)
	}
	pending[1]()
	if ds.deals.total != 1 || ds.deals.query.Search != "be" {
		t.Errorf("after the pause: %d rows for %q, want 1 for \"be\"", ds.deals.total, ds.deals.query.Search)
	}
}
