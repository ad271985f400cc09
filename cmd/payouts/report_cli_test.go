package main_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// reportDB writes the report fixture (see demo.ReportFixture for the orders,
// fees and payouts, ledger/reports_test.go for the sums by hand).
func reportDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "report.payouts")
	s, err := ledger.Open(ledgerAt(t, db, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.ReportFixture(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestReportCSV(t *testing.T) {
	db := reportDB(t)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"ByCreator", []string{"report", "--by", "creator", "--format", "csv"}, `
creator,currency,orders,revenue,commission,fees,bonuses,cost,paid,net,return_on_spend
Ana,EUR,1,120.00,12.00,0.00,0.00,12.00,0.00,108.00,10.00
Ana,USD,3,290.00,29.00,0.00,0.00,29.00,35.00,261.00,10.00
Ben,USD,0,0.00,0.00,300.00,50.00,350.00,0.00,-350.00,0.00
Cleo,EUR,2,100.00,5.00,0.00,0.00,5.00,0.00,95.00,20.00`},
		{"ByDeal", []string{"report", "--by", "deal", "--format", "csv"}, `
deal,creator,campaign,currency,orders,revenue,commission,fees,bonuses,cost,paid,net,return_on_spend
2,Ana,Autumn,EUR,1,120.00,12.00,0.00,0.00,12.00,0.00,108.00,10.00
1,Ana,Spring,USD,3,290.00,29.00,0.00,0.00,29.00,35.00,261.00,10.00
3,Ben,Spring,USD,0,0.00,0.00,300.00,50.00,350.00,0.00,-350.00,0.00
4,Cleo,Spring,EUR,2,100.00,5.00,0.00,0.00,5.00,0.00,95.00,20.00`},
		{"ByCampaign", []string{"report", "--by", "campaign", "--format", "csv"}, `
campaign,currency,orders,revenue,commission,fees,bonuses,cost,paid,net,return_on_spend
Autumn,EUR,1,120.00,12.00,0.00,0.00,12.00,0.00,108.00,10.00
Spring,EUR,2,100.00,5.00,0.00,0.00,5.00,0.00,95.00,20.00
Spring,USD,3,290.00,29.00,300.00,50.00,379.00,35.00,-89.00,0.77`},
		// A range that cuts October, one currency (any case).
		{"RangeAndCurrency", []string{"report", "--from", "2026-10-15", "--to", "2026-11-30", "--currency", "usd", "--format", "csv"}, `
creator,currency,orders,revenue,commission,fees,bonuses,cost,paid,net,return_on_spend
Ana,USD,2,250.00,25.00,0.00,0.00,25.00,35.00,225.00,10.00
Ben,USD,0,0.00,0.00,300.00,50.00,350.00,0.00,-350.00,0.00`},
		// Only the clawback after the payout: no cost, so no return on spend.
		{"NoCost", []string{"report", "--from", "2026-12-01", "--format", "csv"}, `
creator,currency,orders,revenue,commission,fees,bonuses,cost,paid,net,return_on_spend
Ana,USD,0,0.00,-6.00,0.00,0.00,-6.00,0.00,6.00,`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ok(t, db, tt.args...); got != strings.TrimSpace(tt.want) {
				t.Errorf("got\n%s\nwant\n%s", got, strings.TrimSpace(tt.want))
			}
		})
	}
}

func TestReportTableAndJSON(t *testing.T) {
	db := reportDB(t)
	out := ok(t, db, "report")
	// The table ends with a total per currency, never one across currencies.
	lines := strings.Split(out, "\n")
	if len(lines) != 7 {
		t.Fatalf("got %d lines:\n%s", len(lines), out)
	}
	for i, want := range []string{"total EUR 3 220.00 17.00", "total USD 3 290.00 29.00 300.00 50.00 379.00 35.00 -89.00 0.77"} {
		if got := strings.Join(strings.Fields(lines[5+i]), " "); !strings.HasPrefix(got, want) {
			t.Errorf("total line %d: got %q, want %q...", i, got, want)
		}
	}
	var rows []map[string]string
	if err := json.Unmarshal([]byte(ok(t, db, "report", "--by", "campaign", "--currency", "EUR", "--format", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1]["campaign"] != "Spring" || rows[1]["revenue"] != "100.00" || rows[1]["return_on_spend"] != "20.00" {
		t.Errorf("json: got %v", rows)
	}
}

func TestReportBadInput(t *testing.T) {
	db := reportDB(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--by", "month"}, `unknown report grouping "month"`},
		{[]string{"report", "--from", "2026-02-30"}, `invalid date "2026-02-30"`},
		{[]string{"report", "--from", "2026-12-01", "--to", "2026-11-01"}, "starts (2026-12-01) after it ends"},
		{[]string{"report", "--currency", "XYZ"}, `unknown currency "XYZ"`},
		{[]string{"report", "--format", "xml"}, `unknown format "xml"`},
	} {
		r := payouts(t, db, tt.args...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one line with %q", tt.args, r.code, r.stdout, r.stderr, tt.want)
		}
	}
}
