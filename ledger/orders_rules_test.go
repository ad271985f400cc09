package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// importOne imports orders under the source "shop" and fails on an error.
func importOne(t *testing.T, s *ledger.Store, in ...ledger.OrderInput) ledger.ImportResult {
	t.Helper()
	res, err := s.ImportOrders(ctx, "", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestImportPaidOnly (issue 9 item 1): only a paid order earns; an unpaid
// one is counted and not recorded, so its hold starts at its paid date
// once it is paid; an increase of a known order's commission is held from
// the day it is recorded; a paid date after today is rejected.
func TestImportPaidOnly(t *testing.T) {
	s, _ := MustOpen(t) // today is 2026-11-21
	deal := MustDeal(t, s, "Ana", "USD", pct10, "ANA")

	// Pending, authorized, voided: nothing earned, nothing recorded.
	res := importOne(t, s,
		ledger.OrderInput{OrderID: "#1", DealID: deal, Currency: "USD", PaidDate: "2026-09-01", Base: 10000, Status: "pending"},
		ledger.OrderInput{OrderID: "#2", DealID: deal, Currency: "USD", Base: 10000, Status: "authorized"},
		ledger.OrderInput{OrderID: "#3", DealID: 0, Currency: "USD", Base: 10000, Status: "voided"})
	if res.New != 0 || res.NotPaid["pending"] != 1 || res.NotPaid["authorized"] != 1 || res.NotPaid["voided"] != 1 || len(res.Unattributed) != 0 {
		t.Errorf("unpaid orders: %+v, want none recorded, one of each status not paid", res)
	}
	if b := mustBalances(t, s, deal); b.Commission != 0 {
		t.Errorf("unpaid orders earned %+v", b)
	}

	// #1 paid two days ago: held 30 days from its paid date, not released
	// by this import although it was first seen in September.
	res = importOne(t, s, ledger.OrderInput{OrderID: "#1", DealID: deal, Currency: "USD", PaidDate: "2026-11-19", Base: 10000, Status: ledger.OrderPaid})
	if res.New != 1 || res.Released != 0 {
		t.Errorf("paid later: %+v, want new and not released", res)
	}
	if b := mustBalances(t, s, deal); b.Held != 1000 || b.Owed != 0 {
		t.Errorf("paid later: held %d owed %d, want 1000 held", b.Held, b.Owed)
	}

	// #4 paid long ago is past its hold: owed at once. Its commission then
	// grows (the order was edited): the increase is held from today.
	importOne(t, s, ledger.OrderInput{OrderID: "#4", DealID: deal, Currency: "USD", PaidDate: "2026-08-01", Base: 20000})
	if b := mustBalances(t, s, deal); b.Held != 1000 || b.Owed != 2000 {
		t.Errorf("old order: held %d owed %d, want 1000 and 2000", b.Held, b.Owed)
	}
	res = importOne(t, s, ledger.OrderInput{OrderID: "#4", DealID: deal, Currency: "USD", PaidDate: "2026-08-01", Base: 25000})
	if res.Updated != 1 || res.Released != 0 {
		t.Errorf("increase: %+v, want updated and nothing released", res)
	}
	if b := mustBalances(t, s, deal); b.Held != 1500 || b.Owed != 2000 {
		t.Errorf("increase: held %d owed %d, want the 5.00 more held (1500) and 2000 owed", b.Held, b.Owed)
	}
	n, err := s.Release(ctx, "")
	if err != nil || n != 0 {
		t.Errorf("release today: %d, %v; want nothing", n, err)
	}

	// A paid date after tomorrow (a day of slack for time zones) is rejected.
	res = importOne(t, s,
		ledger.OrderInput{OrderID: "#5", DealID: deal, Currency: "USD", PaidDate: "2031-01-01", Base: 100},
		ledger.OrderInput{OrderID: "#6", DealID: deal, Currency: "USD", PaidDate: "2026-11-23", Base: 100},
		ledger.OrderInput{OrderID: "#7", DealID: deal, Currency: "USD", PaidDate: "2026-11-22", Base: 100})
	if len(res.Rejected) != 2 || !strings.Contains(res.Rejected[0].Reason, "paid date 2031-01-01 is after today") || res.Rejected[1].OrderID != "#6" || res.New != 1 {
		t.Errorf("future dates: %+v, want #5 and #6 rejected, #7 imported", res)
	}
	MustCheck(t, s)
}

// TestImportStale (issue 9 item 2): January (#1 paid), February (#1
// refunded), January again: the refund stays. The same with both files in
// one import, newest first, and for a cancellation and an unpaid row.
func TestImportStale(t *testing.T) {
	jan := ledger.OrderInput{OrderID: "#1", Currency: "USD", PaidDate: "2026-09-10", Base: 100000, Status: ledger.OrderPaid}
	feb := jan
	feb.Status, feb.Refunded, feb.Base = ledger.OrderRefunded, 105000, 0
	partial := jan
	partial.Status, partial.Refunded, partial.Base = ledger.OrderPartiallyRefunded, 50000, 50000
	cancelled := jan
	cancelled.Cancelled, cancelled.Base = true, 0
	pending := jan
	pending.Status, pending.PaidDate = "pending", ""
	for _, tt := range []struct {
		name    string
		imports [][]ledger.OrderInput
		stale   string // reason of the last import's stale row
		comm    int64
	}{
		{"RefundedThenOlder", [][]ledger.OrderInput{{jan}, {feb}, {jan}}, "refunded 0.00 here, 1050.00 in the ledger", 0},
		{"NewestFirstInOneImport", [][]ledger.OrderInput{{feb, jan}}, "refunded 0.00 here, 1050.00 in the ledger", 0},
		{"NewestFirstTwoImports", [][]ledger.OrderInput{{feb}, {jan}}, "refunded 0.00 here, 1050.00 in the ledger", 0},
		{"RefundedThenPartial", [][]ledger.OrderInput{{jan}, {feb}, {partial}}, "refunded 500.00 here, 1050.00 in the ledger", 0},
		{"PartialThenPaid", [][]ledger.OrderInput{{partial}, {jan}}, "refunded 0.00 here, 500.00 in the ledger", 5000},
		{"RefundedStatusWithoutAmount", [][]ledger.OrderInput{{jan}, {ledger.OrderInput{OrderID: "#1", Currency: "USD", PaidDate: "2026-09-10", Status: ledger.OrderRefunded}}, {jan}},
			"paid here, refunded in the ledger", 0},
		{"CancelledThenOlder", [][]ledger.OrderInput{{jan}, {cancelled}, {jan}}, "not cancelled here, cancelled in the ledger", 0},
		{"PaidThenPending", [][]ledger.OrderInput{{jan}, {pending}}, "pending here, paid in the ledger", 10000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			deal := MustDeal(t, s, "Ana", "USD", pct10, "ANA")
			var res ledger.ImportResult
			for _, in := range tt.imports {
				batch := make([]ledger.OrderInput, len(in))
				for i, o := range in {
					o.DealID = deal
					batch[i] = o
				}
				res = importOne(t, s, batch...)
			}
			if len(res.Stale) != 1 || !strings.Contains(res.Stale[0].Reason, tt.stale) {
				t.Errorf("stale = %+v, want one: %s", res.Stale, tt.stale)
			}
			if b := mustBalances(t, s, deal); b.Commission != tt.comm {
				t.Errorf("commission %d, want %d (as the newest data says)", b.Commission, tt.comm)
			}
			MustCheck(t, s)
		})
	}
}

// TestImportKnownOrderKeepsDeal (issue 9 item 3): an order imported before
// is resolved to the deal that earned it, whatever its codes say now, so a
// refund after the code was removed or moved is clawed back from that deal.
func TestImportKnownOrderKeepsDeal(t *testing.T) {
	s, _ := MustOpen(t)
	ana := MustDeal(t, s, "Ana", "USD", pct10, "ANA")
	ben := MustDeal(t, s, "Ben", "USD", pct10, "BEN")
	yen := MustDeal(t, s, "Kai", "JPY", pct10, "KAI")
	order := func(id string, deal, base, refunded int64) ledger.OrderInput {
		st := ledger.OrderPaid
		if refunded > 0 {
			st = ledger.OrderPartiallyRefunded
		}
		return ledger.OrderInput{OrderID: id, DealID: deal, Currency: "USD", PaidDate: "2026-08-01", Base: base, Status: st, Refunded: refunded}
	}
	importOne(t, s, order("#1", ana, 10000, 0), order("#2", ana, 10000, 0), order("#3", ana, 10000, 0))
	// #1's code no longer has a deal, #2's moved to Ben, #3's to a yen deal.
	res := importOne(t, s, order("#1", 0, 5000, 5000), order("#2", ben, 5000, 5000), order("#3", yen, 5000, 5000), order("#4", 0, 100, 0))
	if res.Updated != 3 || len(res.Rejected) != 0 || len(res.Unattributed) != 1 || res.Unattributed[0] != 3 {
		t.Errorf("refunds: %+v, want 3 updated, only the new #4 unattributed", res)
	}
	if b := mustBalances(t, s, ana); b.Commission != 1500 || b.Owed != 1500 {
		t.Errorf("Ana: %+v, want every refund clawed back (15.00 left)", b)
	}
	if b := mustBalances(t, s, ben); b.Commission != 0 {
		t.Errorf("Ben earned %d on an order Ana earned", b.Commission)
	}
	MustCheck(t, s)
}
