package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreatorTaxCLI: creator edit sets the tax data flag by flag (flags not
// given keep their value), show masks the tax ID unless asked, every change
// is in the creator's history, and bad input is one line that changes
// nothing.
func TestCreatorTaxCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tax.payouts")
	ok(t, db, "creator", "add", "Ana Silva", "--payout-details", "IBAN X", "--country", "pt")
	ok(t, db, "creator", "edit", "1", "--legal-name", "Ana M. Silva", "--tax-id", "123-45-6789", "--address", "1 Main St\nSpringfield",
		"--country", "us", "--tax-form", "w9", "--tax-form-received", "2026-01-05")
	ok(t, db, "creator", "edit", "1", "--email", "ana@example.com") // keeps the tax data
	show := func(args ...string) map[string]any {
		var m map[string]any
		out := ok(t, db, append([]string{"creator", "show", "1", "--format", "json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return m
	}
	m := show()
	for k, want := range map[string]string{"legal_name": "Ana M. Silva", "tax_id": "•••• 6789", "address": "1 Main St\nSpringfield",
		"country": "US", "tax_form": "W-9", "tax_form_received": "2026-01-05", "email": "ana@example.com"} {
		if m[k] != want {
			t.Errorf("%s = %v, want %q", k, m[k], want)
		}
	}
	if got := show("--show-tax-id")["tax_id"]; got != "123-45-6789" {
		t.Errorf("--show-tax-id: tax_id = %v", got)
	}
	changes, _ := json.Marshal(m["changes"])
	for _, want := range []string{`"field":"country","from":"PT","operator":"ops@brand","to":"US"`, `"field":"tax ID","from":"","operator":"ops@brand","to":"•••• 6789"`,
		`"field":"email","from":"","operator":"ops@brand","to":"ana@example.com"`} {
		if !strings.Contains(string(changes), want) {
			t.Errorf("changes %s lack %s", changes, want)
		}
	}
	if strings.Contains(string(changes), "123-45") {
		t.Errorf("the history shows the whole tax ID: %s", changes)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--country", "XX"}, `unknown country "XX"`},
		{[]string{"--tax-form", "1099"}, `unknown tax form "1099"`},
		{[]string{"--tax-form", "W-8BEN", "--tax-form-received", "2026-13-01"}, `invalid date "2026-13-01"`},
		{[]string{"--tax-form", "none", "--tax-form-received", "2026-01-05"}, "needs a tax form"},
	} {
		r := payouts(t, db, append([]string{"creator", "edit", "1"}, tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("edit %v: exit %d, stderr %q; want one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if m2 := show(); m2["country"] != "US" || m2["tax_form"] != "W-9" {
		t.Errorf("a refused edit changed the data: %v", m2)
	}
	// Form none clears the date with it.
	ok(t, db, "creator", "edit", "1", "--tax-form", "none")
	if m2 := show(); m2["tax_form"] != "none" || m2["tax_form_received"] != "" || m2["legal_name"] != "Ana M. Silva" {
		t.Errorf("after --tax-form none: %v", m2)
	}
}

// taxCLIFixture records, through the CLI, payments whose tax-year figures
// the test computes by hand:
//
//	Ana USD (W-9)  2026-03-10 bank 400.00; 2026-06-01 bank 250.00, reversed;
//	               2026-07-01 paypal 300.00; 2026-09-01 other 205.50
//	Ana EUR        2026-05-05 bank 700.00 (the bank debited 812.00 USD)
//	Bo USD         2026-02-02 bank 599.99; 2025-12-30 bank 50.00
func taxCLIFixture(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "taxyear.payouts")
	ok(t, db, "creator", "add", "Ana", "--payout-details", "IBAN A", "--tax-id", "123-45-6789", "--country", "US",
		"--tax-form", "W-9", "--tax-form-received", "2026-01-05")
	ok(t, db, "creator", "add", "Bo", "--payout-details", "IBAN B")
	ok(t, db, "campaign", "add", "Launch")
	ok(t, db, "settings", "home-currency", "usd")
	for _, d := range [][]string{{"Ana", "USD"}, {"Ana", "EUR"}, {"Bo", "USD"}} {
		deal := ok(t, db, "deal", "add", "--creator", d[0], "--campaign", "Launch", "--currency", d[1], "--percent", "10")
		ok(t, db, "bonus", "add", "--deal", deal, "--amount", "5000")
	}
	pay := func(deal, date, amount, method string, extra ...string) string {
		req := ok(t, db, "payout", "request", "--deal", deal, "--amount", amount, "--date", date)
		ok(t, db, append([]string{"payout", "pay", req, "--offline", "--reference", "REF-" + req, "--method", method, "--date", date}, extra...)...)
		return req
	}
	pay("1", "2026-03-10", "400.00", "bank")
	returned := pay("1", "2026-06-01", "250.00", "bank")
	ok(t, db, "payout", "reverse", returned, "--reason", "returned by the bank")
	pay("1", "2026-07-01", "300.00", "paypal")
	pay("1", "2026-09-01", "205.50", "other")
	pay("2", "2026-05-05", "700.00", "bank", "--home-amount", "812.00")
	pay("3", "2026-02-02", "599.99", "bank")
	pay("3", "2025-12-30", "50.00", "bank")
	return db
}

func TestTaxYearReportCLI(t *testing.T) {
	db := taxCLIFixture(t)
	got := ok(t, db, "report", "tax", "--year", "2026", "--format", "csv")
	// Ana USD: bank 400.00 (250.00 reversed), paypal 300.00, other 205.50: processor 300.00,
	// direct 400.00 + 205.50 = 605.50 >= 600.00, paid 905.50, 3 payments.
	// Ana EUR: bank 700.00, no EUR threshold. Bo USD: bank 599.99 < 600.00 (the 50.00 is 2025), no form.
	want := `creator_id,creator,legal_name,country,tax_id,tax_form,form_received,currency,payments,bank,paypal,stripe,other,processor,direct,paid,threshold,over_threshold,form_missing
1,Ana,,US,•••• 6789,W-9,2026-01-05,EUR,1,700.00,0.00,0.00,0.00,0.00,700.00,700.00,,,
1,Ana,,US,•••• 6789,W-9,2026-01-05,USD,3,400.00,300.00,0.00,205.50,300.00,605.50,905.50,600.00,yes,
2,Bo,,,,none,,USD,1,599.99,0.00,0.00,0.00,0.00,599.99,599.99,600.00,,yes`
	if got != want {
		t.Errorf("report tax csv:\n%s\nwant:\n%s", got, want)
	}
	// EUR 500.00 flags Ana's 700.00; USD 599.99 flags Bo's 599.99.
	ok(t, db, "settings", "tax-threshold", "EUR", "500")
	ok(t, db, "settings", "tax-threshold", "USD", "599.99")
	if th := ok(t, db, "settings", "tax-threshold", "--format", "csv"); th != "currency,threshold\nEUR,500.00\nUSD,599.99" {
		t.Errorf("thresholds:\n%s", th)
	}
	got = ok(t, db, "report", "tax", "--year", "2026", "--format", "csv", "--show-tax-id")
	for _, line := range []string{"1,Ana,,US,123-45-6789,W-9,2026-01-05,EUR,1,700.00,0.00,0.00,0.00,0.00,700.00,700.00,500.00,yes,",
		"2,Bo,,,,none,,USD,1,599.99,0.00,0.00,0.00,0.00,599.99,599.99,599.99,yes,yes"} {
		if !strings.Contains(got, line+"\n") && !strings.HasSuffix(got, line) {
			t.Errorf("report lacks %s:\n%s", line, got)
		}
	}
	if got := ok(t, db, "report", "tax", "--year", "2025", "--format", "csv"); !strings.HasSuffix(got, "\n2,Bo,,,,none,,USD,1,50.00,0.00,0.00,0.00,0.00,50.00,50.00,599.99,,yes") {
		t.Errorf("2025:\n%s", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "tax", "--year", "26"}, "tax year 26 is not a calendar year"},
		{[]string{"report", "tax", "--format", "xml"}, `unknown format "xml"`},
		{[]string{"settings", "tax-threshold", "XYZ", "5"}, `unknown currency "XYZ"`},
		{[]string{"settings", "tax-threshold", "USD", "5.001"}, "USD"},
		{[]string{"settings", "home-currency", "EURO"}, `unknown currency "EURO"`},
		{[]string{"payout", "pay", "1", "--offline", "--reference", "X", "--home-amount", "abc"}, "--home-amount"},
	} {
		r := payouts(t, db, tc.args...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
