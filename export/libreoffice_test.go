package export_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// loCSVFilter makes LibreOffice write every sheet to its own CSV
// (book-Summary.csv, ...): comma, double quotes, UTF-8, raw values (not as
// shown), and sheet -1, which is "all sheets, one file each" (7.2+).
const loCSVFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// sofficeOrSkip returns the LibreOffice binary, or skips the test when
// there is none, unless PAYOUTS_FULL_TEST asks for every test to run.
func sofficeOrSkip(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PAYOUTS_FULL_TEST") != "" {
		t.Fatal("LibreOffice (soffice) is not installed: install libreoffice-calc (make deps-test)")
	}
	t.Skip("LibreOffice (soffice) is not installed; PAYOUTS_FULL_TEST=1 makes this a failure")
	return ""
}

// recalcWithLibreOffice converts the workbook at path to one CSV per sheet
// with LibreOffice, which computes every formula (the workbook stores none
// of their results), and returns the CSVs' rows by sheet.
func recalcWithLibreOffice(t *testing.T, soffice, path string) map[string][][]string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A private profile: parallel runs (and a user's open LibreOffice) do
	// not share, or lock, one.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", loCSVFilter, "--outdir", filepath.Join(dir, "out"), path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	base := filepath.Base(path)
	base = base[:len(base)-len(filepath.Ext(base))]
	sheets := map[string][][]string{}
	for _, sheet := range export.Sheets {
		f, err := os.Open(filepath.Join(dir, "out", base+"-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice wrote no CSV for %s: %v\n%s", sheet, err, out)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("read %s CSV: %v", sheet, err)
		}
		sheets[sheet] = rows
	}
	return sheets
}

// loAmount reads a number LibreOffice computed as minor units of cur. A
// sum LibreOffice computed in floating point may carry an error far below
// the minor unit (1e-12); that is rounded away, and anything larger fails.
func loAmount(t *testing.T, v, cur string) int64 {
	t.Helper()
	c, err := ledger.LookupCurrency(cur)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := ledger.ParseAmount(v, c, true); err == nil {
		return m
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("LibreOffice value %q is not a number", v)
	}
	scaled := f * math.Pow10(c.Exponent)
	if math.Abs(scaled-math.Round(scaled)) > 1e-6 {
		t.Fatalf("LibreOffice value %q is not a whole number of %s minor units", v, cur)
	}
	return int64(math.Round(scaled))
}

func TestLibreOfficeRecomputesTotals(t *testing.T) {
	soffice := sofficeOrSkip(t)
	ctx := context.Background()
	s := mustLedger(t)
	_, path := writeBook(t, s, export.Options{Version: "test"})
	sheets := recalcWithLibreOffice(t, soffice, path)

	totals, err := s.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ledger.CurrencyTotals{}
	for _, tot := range totals {
		want[tot.Currency] = tot
	}

	t.Run("BalancesTotals", func(t *testing.T) {
		seen := 0
		for _, r := range sheets[export.SheetBalances] {
			if len(r) < 10 || r[0] != "Total" {
				continue
			}
			tot, ok := want[r[3]]
			if !ok {
				t.Fatalf("totals row for %q, a currency the ledger does not have", r[3])
			}
			seen++
			for i, w := range []int64{tot.Scheduled, tot.Held, tot.Owed, tot.Requested, tot.Paid, tot.Remaining()} {
				if got := loAmount(t, r[4+i], tot.Currency); got != w {
					t.Errorf("%s %s total: LibreOffice got %s, ledger %s", tot.Currency, sheets[export.SheetBalances][0][4+i],
						r[4+i], ledger.Format(w, tot.Currency))
				}
			}
		}
		if seen != len(want) {
			t.Errorf("got %d totals rows, want one per currency (%d)", seen, len(want))
		}
	})

	t.Run("SummaryCheck", func(t *testing.T) {
		rows := sheets[export.SheetSummary]
		for _, tot := range totals {
			i := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == tot.Currency })
			if i < 0 {
				t.Fatalf("no summary row for %s", tot.Currency)
			}
			r := rows[i]
			if r[9] != "OK" {
				t.Errorf("%s roll-forward check: LibreOffice got %q, want OK (row %v)", tot.Currency, r[9], r)
			}
			for i, w := range []int64{tot.Remaining(), tot.Scheduled, tot.Remaining() + tot.Scheduled} {
				if got := loAmount(t, r[6+i], tot.Currency); got != w {
					t.Errorf("%s %s: LibreOffice got %s, ledger %s", tot.Currency, rows[0][6+i], r[6+i], ledger.Format(w, tot.Currency))
				}
			}
		}
	})

	t.Run("FormulaTextStaysText", func(t *testing.T) {
		found := map[string]bool{}
		for _, r := range sheets[export.SheetTransactions][1:] {
			if slices.Contains(formulaNames, r[2]) {
				found[r[2]] = true
			}
			if r[12] != "" && r[12] != "=cmd|' /C calc'!A0" && r[4] == "Bonus" && slices.Contains(formulaNames, r[2]) {
				t.Errorf("comment: LibreOffice got %q, want the text as written", r[12])
			}
		}
		for _, n := range formulaNames {
			if !found[n] {
				t.Errorf("creator %q: LibreOffice did not keep the name as text", n)
			}
		}
	})
}
