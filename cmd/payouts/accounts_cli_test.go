package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAccountsCLI: a mapping set with "accounts map" is listed by
// "accounts list" and carried by every journal export: the CSV's code
// column, Xero's AccountCode, QuickBooks' Account Name and the plain-text
// journal's account and code tag.
func TestAccountsCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.payouts")
	ok(t, db, "demo", "--creators", "12")

	list := ok(t, db, "accounts", "list", "--format", "csv")
	if !strings.Contains(list, "owed,all,2120,Creators - owed,liability,default") || !strings.Contains(list, "paypal_cash,all,1020,") {
		t.Fatalf("defaults: got\n%s", list)
	}
	ok(t, db, "accounts", "map", "commission_expense", "--code", "6150", "--name", "Creator commissions")
	ok(t, db, "accounts", "map", "commission_expense", "--currency", "eur", "--code", "6151")
	list = ok(t, db, "accounts", "list", "--format", "csv")
	for _, want := range []string{"commission_expense,all,6150,Creator commissions,expense,mapped", "commission_expense,EUR,6151,Creator commissions,expense,mapped"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}

	journal := ok(t, db, "export", "journal", "--no-bom", "--currency", "EUR")
	if !strings.HasPrefix(journal, "Date,Account,Debit,Credit,Currency,Memo,Reference,Creator,Account Code\r\n") ||
		!strings.Contains(journal, ",Creator commissions,") || !strings.Contains(journal, ",6151\r\n") {
		t.Errorf("journal: got %.300q", journal)
	}
	if strings.Contains(journal, ",USD,") {
		t.Errorf("journal --currency EUR has USD lines")
	}
	xero := ok(t, db, "export", "journal", "--format", "xero", "--currency", "EUR", "--to", "2026-09-30")
	if !strings.HasPrefix(xero, "\xEF\xBB\xBFNarration,Date,Description,AccountCode,TaxRate,Amount\r\n") || !strings.Contains(xero, ",6151,Tax Exempt,") {
		t.Errorf("xero: got %.300q", xero)
	}
	if got := ok(t, db, "accounts", "xero-tax-rate"); got != "Tax Exempt" {
		t.Errorf("xero-tax-rate: got %q", got)
	}
	ok(t, db, "accounts", "xero-tax-rate", "No VAT")
	if got := ok(t, db, "accounts", "xero-tax-rate"); got != "No VAT" {
		t.Errorf("xero-tax-rate after set: got %q", got)
	}
	if xero := ok(t, db, "export", "journal", "--format", "xero", "--currency", "EUR", "--to", "2026-09-30"); !strings.Contains(xero, ",No VAT,") || strings.Contains(xero, "Tax Exempt") {
		t.Errorf("xero with the setting: got %.300q", xero)
	}
	qb := ok(t, db, "export", "journal", "--format", "quickbooks", "--to", "2026-09-30")
	if !strings.HasPrefix(qb, "\xEF\xBB\xBFJournal No.,Journal Date,Account Name,Debits,Credits,Description,Name,Currency\r\n") || !strings.Contains(qb, ",Creator commissions,") {
		t.Errorf("quickbooks: got %.300q", qb)
	}

	out := filepath.Join(dir, "books.journal")
	ok(t, db, "export", "ledger", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "    Expenses:Creator commissions  ") || !strings.Contains(string(b), "; code:6151") {
		t.Errorf("plain-text journal lacks the mapped account: %.400s", b)
	}

	// A Xero journal over 300 lines is split when written to a file.
	xout := filepath.Join(dir, "xero.csv")
	if got := ok(t, db, "export", "journal", "--format", "xero", "--currency", "USD", "--out", xout); !strings.Contains(got, "xero-1.csv") {
		t.Errorf("split: got %q", got)
	}

	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"ErrUnknownAccount": {[]string{"accounts", "map", "cash", "--code", "1000"}, "unknown account"},
		"ErrColon":          {[]string{"accounts", "map", "owed", "--name", "Liabilities:Owed"}, `":"`},
		"ErrXeroCurrencies": {[]string{"export", "journal", "--format", "xero"}, "--currency"},
		"ErrXeroStdout":     {[]string{"export", "journal", "--format", "xero", "--currency", "USD"}, "--out"},
		"ErrFormat":         {[]string{"export", "journal", "--format", "sage"}, "unknown journal format"},
	} {
		t.Run(name, func(t *testing.T) {
			r := payouts(t, db, tc.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
				t.Errorf("got exit %d, stderr %q; want exit 1 and one line with %q", r.code, r.stderr, tc.want)
			}
		})
	}
}
