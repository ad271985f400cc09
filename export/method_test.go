package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// TestJournalCashPerMethod: a bank, a PayPal and a Stripe payment go to
// cash accounts of their own, and the memo names the method, so the
// accountant can reconcile each against its own statement.
func TestJournalCashPerMethod(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := export.WriteJournal(ctx, s, &buf, export.CSVOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	paid, err := s.PaidRequests(ctx, mustSnap(t, s))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ledger.MethodBank: "Offline cash - bank", ledger.MethodPayPal: "Offline cash - PayPal",
		ledger.MethodOther: "Offline cash - other", ledger.MethodStripe: "Stripe cash"}
	seen := map[string]bool{}
	for _, p := range paid {
		ref := p.Reference
		found := false
		for _, r := range rows[1:] {
			if r[col["Credit"]] == "" || !strings.HasPrefix(r[col["Account"]], "Offline cash") && r[col["Account"]] != "Stripe cash" {
				continue
			}
			if !strings.Contains(r[col["Memo"]], strings.TrimPrefix(ref, "'")) || r[col["Date"]] != p.Date {
				continue
			}
			found = true
			if got := r[col["Account"]]; got != want[p.Method] {
				t.Errorf("payment %s by %s: account %q, want %q", ref, p.Method, got, want[p.Method])
			}
			if !strings.Contains(r[col["Memo"]], ledger.MethodLabel(p.Method)) {
				t.Errorf("payment %s: memo %q does not name the method %s", ref, r[col["Memo"]], ledger.MethodLabel(p.Method))
			}
		}
		if !found {
			t.Errorf("payment %s (%s) not in the journal", ref, p.Method)
		}
		seen[p.Method] = true
	}
	if !seen[ledger.MethodBank] || !seen[ledger.MethodPayPal] {
		t.Fatalf("fixture has methods %v: want bank and PayPal payments", seen)
	}
}

// TestBankStatementMethod: the bank statement holds the bank's payments
// only, unless the method is chosen; "all" keeps every method.
func TestBankStatementMethod(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	paid, err := s.PaidRequests(ctx, mustSnap(t, s))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, p := range paid {
		if p.Currency == "USD" {
			count[p.Method]++
			count["all"]++
		}
	}
	for _, tc := range []struct{ method, label string }{
		{"", ledger.MethodBank}, {"bank", ledger.MethodBank}, {"paypal", ledger.MethodPayPal}, {"all", "all"},
	} {
		t.Run("Method"+tc.method, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.WriteBankStatement(ctx, s, &buf, export.CSVOptions{Currency: "USD", Method: tc.method}); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(rows) - 1; got != count[tc.label] || got == 0 {
				t.Errorf("got %d lines, want %d (%s)", got, count[tc.label], tc.label)
			}
			if tc.label == ledger.MethodBank {
				for _, r := range rows[1:] {
					if strings.Contains(r[3], "PayPal") {
						t.Errorf("PayPal payment in the bank statement: %v", r)
					}
				}
			}
		})
	}
}

func mustSnap(t *testing.T, s *ledger.Store) ledger.ExportFilter {
	t.Helper()
	f, err := s.Snapshot(context.Background(), ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}
