package export_test

import (
	"archive/zip"
	"context"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// TestAttributionSheet: one row per deal with the ledger's report figures
// (numbers in their currency's format), cost, net and return on spend as
// formulas, and a chart of revenue against cost per campaign per currency.
func TestAttributionSheet(t *testing.T) {
	ctx := context.Background()
	s := mustLedger(t)
	f, path := writeBook(t, s, export.Options{Version: "test"})
	want, err := s.Report(ctx, ledger.ReportQuery{By: ledger.ReportByDeal})
	if err != nil {
		t.Fatal(err)
	}
	sh := export.SheetAttribution
	curs := map[string]bool{}
	for i, r := range want {
		n := i + 2
		id, _ := f.GetCellValue(sh, cellName("A", n))
		cur, _ := f.GetCellValue(sh, cellName("D", n))
		if id != strconv.FormatInt(r.DealID, 10) || cur != r.Currency {
			t.Fatalf("row %d: deal %s %s, want %d %s", n, id, cur, r.DealID, r.Currency)
		}
		curs[r.Currency] = true
		for col, v := range map[string]int64{"F": r.Revenue, "G": r.Commission, "H": r.Fees, "I": r.Bonuses, "K": r.Paid} {
			if got := minor(t, f, sh, cellName(col, n), r.Currency); got != v {
				t.Errorf("row %d column %s: got %d, want %d", n, col, got, v)
			}
		}
		for col, fm := range map[string]string{"J": "SUM(G%[1]d:I%[1]d)", "L": "F%[1]d-J%[1]d", "M": `IF(J%[1]d>0,F%[1]d/J%[1]d,"")`} {
			got, _ := f.GetCellFormula(sh, cellName(col, n))
			if want := strings.ReplaceAll(fm, "%[1]d", strconv.Itoa(n)); got != want {
				t.Errorf("row %d column %s formula: got %q, want %q", n, col, got, want)
			}
		}
		c, _ := ledger.LookupCurrency(r.Currency)
		wantFmt := "#,##0"
		if c.Exponent > 0 {
			wantFmt += "." + strings.Repeat("0", c.Exponent)
		}
		if got := numFmt(t, f, sh, cellName("J", n)); got != wantFmt {
			t.Errorf("row %d cost format: got %q, want %q", n, got, wantFmt)
		}
	}
	if last, _ := f.GetCellValue(sh, cellName("A", len(want)+2)); last != "" {
		t.Errorf("a row after the last deal: %q", last)
	}
	// A chart per currency, plotting the campaign block.
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts := 0
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		charts++
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, want := range []string{"Attribution!$R$", "Attribution!$S$", "Attribution!$O$", "Revenue and cost per campaign ("} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", zf.Name, want)
			}
		}
	}
	if charts != len(curs) {
		t.Errorf("got %d charts, want one per currency (%d)", charts, len(curs))
	}
}

// TestLibreOfficeAttribution: LibreOffice computes the sheet's formulas to
// the figures of the report fixture worked out by hand (the same as
// `payouts report` and the Reports screen show).
func TestLibreOfficeAttribution(t *testing.T) {
	soffice := sofficeOrSkip(t)
	ctx := context.Background()
	s, err := ledger.Open(filepath.Join(t.TempDir(), "report.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.ReportFixture(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }
	_, path := writeBook(t, s, export.Options{Version: "test"})
	rows := recalcWithLibreOffice(t, soffice, path)[export.SheetAttribution]
	ratio := func(v string) string {
		if v == "" {
			return ""
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("return on spend %q", v)
		}
		return strconv.FormatFloat(math.Round(f*100)/100, 'f', 2, 64)
	}
	amount := func(v, cur string) string { return ledger.Format(loAmount(t, v, cur), cur) }
	var deals, campaigns []string
	for _, r := range rows[1:] {
		if len(r) < 21 {
			t.Fatalf("row %v", r)
		}
		if r[0] != "" {
			cur := r[3]
			deals = append(deals, strings.Join([]string{r[1], r[2], cur, r[4], amount(r[5], cur), amount(r[9], cur), amount(r[10], cur),
				amount(r[11], cur), ratio(r[12])}, ","))
		}
		if r[14] != "" {
			cur := r[15]
			campaigns = append(campaigns, strings.Join([]string{r[14], cur, r[16], amount(r[17], cur), amount(r[18], cur), amount(r[19], cur), ratio(r[20])}, ","))
		}
	}
	// creator, campaign, currency, orders, revenue, cost, paid, net, return on spend
	wantDeals := []string{
		"Ana,Autumn,EUR,1,120.00,12.00,0.00,108.00,10.00",
		"Ana,Spring,USD,3,290.00,29.00,35.00,261.00,10.00",
		"Ben,Spring,USD,0,0.00,350.00,0.00,-350.00,0.00",
		"Cleo,Spring,EUR,2,100.00,5.00,0.00,95.00,20.00",
	}
	// campaign, currency, orders, revenue, cost, net, return on spend
	wantCampaigns := []string{
		"Autumn,EUR,1,120.00,12.00,108.00,10.00",
		"Spring,EUR,2,100.00,5.00,95.00,20.00",
		"Spring,USD,3,290.00,379.00,-89.00,0.77",
	}
	if strings.Join(deals, "\n") != strings.Join(wantDeals, "\n") {
		t.Errorf("deals, as LibreOffice computed them:\n%s\nwant\n%s", strings.Join(deals, "\n"), strings.Join(wantDeals, "\n"))
	}
	if strings.Join(campaigns, "\n") != strings.Join(wantCampaigns, "\n") {
		t.Errorf("campaigns, as LibreOffice computed them:\n%s\nwant\n%s", strings.Join(campaigns, "\n"), strings.Join(wantCampaigns, "\n"))
	}
}
