package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// TestSetDealHoldDays: a new hold applies to commissions recorded after the
// change; one already held keeps its release date.
func TestSetDealHoldDays(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s, clk := MustOpen(t)
		deal := MustDeal(t, s, "Ana", "USD", pct10, "ANA") // held 30 days
		if _, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{{OrderID: "#1", DealID: deal, Currency: "USD", PaidDate: "2026-11-20", Base: 10000}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDealHoldDays(ctx, "op-hold", deal, 3); err != nil {
			t.Fatal(err)
		}
		if d, _ := s.Deal(ctx, deal); d.HoldDays != 3 {
			t.Fatalf("hold days = %d, want 3", d.HoldDays)
		}
		// The same operation again changes nothing; another input under its ID is a conflict.
		if err := s.SetDealHoldDays(ctx, "op-hold", deal, 3); err != nil {
			t.Fatalf("replay: %v", err)
		}
		wantCode(t, s.SetDealHoldDays(ctx, "op-hold", deal, 4), ledger.ECONFLICT)
		if _, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{{OrderID: "#2", DealID: deal, Currency: "USD", PaidDate: "2026-11-21", Base: 20000}}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(4 * 24 * time.Hour) // 2026-11-25: #2's 3 days are over, #1's 30 are not
		if n, err := s.Release(ctx, ""); err != nil || n != 1 {
			t.Fatalf("release = %d, %v; want 1", n, err)
		}
		if b := mustBalances(t, s, deal); b.Owed != 2000 || b.Held != 1000 {
			t.Fatalf("owed %d held %d, want 2000 and 1000", b.Owed, b.Held)
		}
		MustCheck(t, s)
	})
	for _, tt := range []struct {
		name string
		deal int64
		days int
		code string
	}{
		{"ErrNegative", 1, -1, ledger.EINVALID},
		{"ErrTooLong", 1, 3651, ledger.EINVALID},
		{"ErrNoDeal", 99, 10, ledger.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			MustDeal(t, s, "Ana", "USD", pct10)
			wantCode(t, s.SetDealHoldDays(ctx, "", tt.deal, tt.days), tt.code)
			if d, _ := s.Deal(ctx, 1); d.HoldDays != 30 {
				t.Errorf("hold days = %d, want 30 unchanged", d.HoldDays)
			}
		})
	}
}

// TestEditDeal: codes and hold days change together or not at all.
func TestEditDeal(t *testing.T) {
	for _, tt := range []struct {
		name      string
		edit      ledger.DealEdit
		code      string // "" for success
		wantCodes string
		wantHold  int
	}{
		{"OK", ledger.DealEdit{DealID: 1, Codes: []string{"ana30", " ANA40 ", "ana30"}, HoldDays: 7}, "", "ANA30,ANA40", 7},
		{"RemoveAllCodes", ledger.DealEdit{DealID: 1, HoldDays: 30}, "", "", 30},
		{"ErrCodeOfAnotherDeal", ledger.DealEdit{DealID: 1, Codes: []string{"NEW", "BEN"}, HoldDays: 7}, ledger.ECONFLICT, "ANA", 30},
		{"ErrHoldDays", ledger.DealEdit{DealID: 1, Codes: []string{"NEW"}, HoldDays: -1}, ledger.EINVALID, "ANA", 30},
		{"ErrBadCode", ledger.DealEdit{DealID: 1, Codes: []string{"A,B"}, HoldDays: 7}, ledger.EINVALID, "ANA", 30},
		{"ErrNoDeal", ledger.DealEdit{DealID: 9, Codes: []string{"NEW"}, HoldDays: 7}, ledger.ENOTFOUND, "ANA", 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			MustDeal(t, s, "Ana", "USD", pct10, "ANA")
			MustDeal(t, s, "Ben", "USD", pct10, "BEN")
			err := s.EditDeal(ctx, tt.edit)
			if tt.code == "" && err != nil {
				t.Fatal(err)
			} else if tt.code != "" {
				wantCode(t, err, tt.code)
			}
			d, _ := s.Deal(ctx, 1)
			if got := strings.Join(d.Codes, ","); got != tt.wantCodes || d.HoldDays != tt.wantHold {
				t.Errorf("codes %q hold %d, want %q and %d", got, d.HoldDays, tt.wantCodes, tt.wantHold)
			}
			if b, _ := s.Deal(ctx, 2); strings.Join(b.Codes, ",") != "BEN" {
				t.Errorf("Ben's codes = %v", b.Codes)
			}
		})
	}
}
