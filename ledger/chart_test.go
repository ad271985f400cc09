package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestChartDefaults: every ledger account a transfer can move has a chart
// account with a code and a name, offline cash once per payment method, so
// an export works before anyone maps anything.
func TestChartDefaults(t *testing.T) {
	s, _ := MustOpen(t)
	c, err := s.Chart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	accs := []string{ledger.AccScheduled, ledger.AccHeld, ledger.AccOwed, ledger.AccRequested,
		ledger.AccCommissionExpense, ledger.AccFeeExpense, ledger.AccBonusExpense, ledger.AccStripeCash}
	for _, acc := range accs {
		a := c.For(ledger.ChartKey(acc, ""), "USD")
		if a.Code == "" || a.Name == "" || a.Type == "" || a.Mapped {
			t.Errorf("%s: got %+v, want a default code, name and type", acc, a)
		}
	}
	seen := map[string]bool{}
	for _, m := range []string{ledger.MethodBank, ledger.MethodPayPal, ledger.MethodOther, "", "cheque"} {
		seen[c.For(ledger.ChartKey(ledger.AccOfflineCash, m), "USD").Code] = true
	}
	if len(seen) != 3 {
		t.Errorf("offline cash per method: got codes %v, want 3 (bank, PayPal, other)", seen)
	}
}

func TestMapAccount(t *testing.T) {
	s, _ := MustOpen(t)
	t.Run("OK", func(t *testing.T) {
		if err := s.MapAccount(ctx, ledger.MapAccountInput{Account: "commission_expense", Code: "6100", Name: "Creator commissions"}); err != nil {
			t.Fatal(err)
		}
		// Per currency, only the code: the name is the every-currency one.
		if err := s.MapAccount(ctx, ledger.MapAccountInput{Account: "Commission_Expense", Currency: "eur", Code: "6101"}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Chart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ cur, code, name string }{
			{"USD", "6100", "Creator commissions"},
			{"EUR", "6101", "Creator commissions"},
		} {
			a := c.For(ledger.AccCommissionExpense, tc.cur)
			if a.Code != tc.code || a.Name != tc.name || !a.Mapped || a.Currency != tc.cur {
				t.Errorf("%s: got %+v, want %s %q", tc.cur, a, tc.code, tc.name)
			}
		}
		list, err := s.ChartList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(ledger.ChartDefaults())+1 {
			t.Fatalf("list: got %d accounts, want the defaults and one per-currency mapping", len(list))
		}
		if list[0].Code != "6100" || list[1].Currency != "EUR" || list[1].Code != "6101" {
			t.Errorf("list: got %+v, %+v", list[0], list[1])
		}
	})
	t.Run("Reset", func(t *testing.T) {
		if err := s.MapAccount(ctx, ledger.MapAccountInput{Account: "commission_expense", Currency: "EUR", Reset: true}); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Chart(ctx)
		if a := c.For(ledger.AccCommissionExpense, "EUR"); a.Code != "6100" {
			t.Errorf("after reset: got %+v, want the every-currency mapping 6100", a)
		}
	})
	for _, tc := range []struct {
		name string
		in   ledger.MapAccountInput
		want string
	}{
		{"ErrUnknownAccount", ledger.MapAccountInput{Account: "offline_cash", Code: "1"}, "unknown account"},
		{"ErrNothing", ledger.MapAccountInput{Account: "owed"}, "give a code, a name or both"},
		{"ErrColon", ledger.MapAccountInput{Account: "owed", Name: "Liabilities:Creators"}, `":"`},
		{"ErrNewline", ledger.MapAccountInput{Account: "owed", Name: "Creators\nowed"}, "one line"},
		{"ErrCodeChars", ledger.MapAccountInput{Account: "owed", Code: "21 20"}, "letters, digits"},
		{"ErrCodeLong", ledger.MapAccountInput{Account: "owed", Code: "12345678901"}, "too long"},
		{"ErrCurrency", ledger.MapAccountInput{Account: "owed", Code: "2120", Currency: "XXQ"}, "currency"},
		{"ErrLongName", ledger.MapAccountInput{Account: "owed", Name: strings.Repeat("a", 101)}, "too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.MapAccount(ctx, tc.in)
			if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want EINVALID containing %q", err, tc.want)
			}
		})
	}
	// Refused input wrote nothing.
	c, _ := s.Chart(ctx)
	if a := c.For(ledger.AccOwed, "USD"); a.Mapped {
		t.Errorf("owed: got %+v after refused maps, want the default", a)
	}
}

// TestMapAccountsAllOrNothing: Settings saves its table as one operation;
// one bad row and no row is written.
func TestMapAccountsAllOrNothing(t *testing.T) {
	s, _ := MustOpen(t)
	err := s.MapAccounts(ctx, "", []ledger.MapAccountInput{
		{Account: "owed", Code: "2200"},
		{Account: "held", Name: "Held: commissions"},
	})
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.HasPrefix(ledger.ErrorMessage(err), "held: ") {
		t.Fatalf("got %v, want EINVALID naming held", err)
	}
	c, _ := s.Chart(ctx)
	if a := c.For(ledger.AccOwed, "USD"); a.Mapped {
		t.Errorf("owed: got %+v, want nothing written", a)
	}
	if err := s.MapAccounts(ctx, "", []ledger.MapAccountInput{{Account: "owed", Code: "2200"}, {Account: "held", Name: "Held commissions"}}); err != nil {
		t.Fatal(err)
	}
	c, _ = s.Chart(ctx)
	if a, b := c.For(ledger.AccOwed, "USD"), c.For(ledger.AccHeld, "USD"); a.Code != "2200" || b.Name != "Held commissions" || b.Code != "2110" {
		t.Errorf("got %+v and %+v", a, b)
	}
}
