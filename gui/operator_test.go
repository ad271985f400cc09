package gui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// heldOrder writes a ledger at path whose one commission is held until
// 2026-03-01, and returns it with its clock moved past that day.
func heldOrder(t *testing.T, path string) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC) }
	s.Operator = "os-user"
	deal := setup(t, s, "Ana", "IBAN 1", 0)
	if _, err := s.ImportOrders(context.Background(), "", "shop", []ledger.OrderInput{
		{OrderID: "#1", DealID: deal, Currency: "USD", PaidDate: "2026-01-30", Base: 10000},
	}); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return testNow }
	return s
}

// releaseOperator is who recorded the release of the order.
func releaseOperator(t *testing.T, s *ledger.Store) string {
	t.Helper()
	h, err := s.History(context.Background(), ledger.HistoryQuery{DealID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range h {
		if l.Kind == ledger.KindRelease {
			return l.Operator
		}
	}
	t.Fatalf("no release in %+v", h)
	return ""
}

// The release at app start is recorded under the operator name of Settings,
// not the OS user's.
func TestStartReleasesAsOperator(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefOperator, "Quinn")
	s := heldOrder(t, filepath.Join(t.TempDir(), "a.payouts"))
	defer s.Close()
	if err := Start(a, s); err != nil {
		t.Fatal(err)
	}
	if got := releaseOperator(t, s); got != "Quinn" {
		t.Fatalf("release recorded by %q, want Quinn (Settings)", got)
	}
}

// Opening another ledger from Settings releases under the same name.
func TestSwitchLedgerReleasesAsOperator(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	s.SetOperator("Quinn")
	path := filepath.Join(t.TempDir(), "b.payouts")
	heldOrder(t, path).Close()
	if !u.switchLedger(path) {
		t.Fatal("switch failed")
	}
	other, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if got := releaseOperator(t, other); got != "Quinn" {
		t.Fatalf("release recorded by %q, want Quinn", got)
	}
}
