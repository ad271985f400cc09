package export_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// writeBook exports s with opt into a temporary file and opens it.
func writeBook(t *testing.T, s *ledger.Store, opt export.Options) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.xlsx")
	if err := export.WriteWorkbookFile(context.Background(), s, path, opt); err != nil {
		t.Fatalf("WriteWorkbookFile: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, path
}

// numFmt returns the custom number format of a cell ("" when none).
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// raw returns a cell's stored value, unformatted.
func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// calc computes a formula cell with excelize's own engine.
func calc(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("calc %s!%s: %v", sheet, cell, err)
	}
	return v
}

// minor reads a numeric cell back as minor units of cur, exactly: the cell
// holds the decimal text of the amount.
func minor(t *testing.T, f *excelize.File, sheet, cell, cur string) int64 {
	t.Helper()
	c, err := ledger.LookupCurrency(cur)
	if err != nil {
		t.Fatal(err)
	}
	v := raw(t, f, sheet, cell)
	m, err := ledger.ParseAmount(v, c, true)
	if err != nil {
		t.Fatalf("%s!%s = %q is not an amount in %s: %v", sheet, cell, v, cur, err)
	}
	return m
}

func amountFormat(cur string) string {
	c, _ := ledger.LookupCurrency(cur)
	switch c.Exponent {
	case 0:
		return "#,##0"
	case 3:
		return "#,##0.000"
	}
	return "#,##0.00"
}

func cellName(col string, row int) string { return col + strconv.Itoa(row) }

func TestWorkbook(t *testing.T) {
	ctx := context.Background()
	s := mustLedger(t)
	f, _ := writeBook(t, s, export.Options{Version: "9.9.9"})

	t.Run("Sheets", func(t *testing.T) {
		if got := f.GetSheetList(); !slices.Equal(got, export.Sheets) {
			t.Errorf("sheets: got %v, want %v", got, export.Sheets)
		}
	})

	t.Run("EverySheetFrozenFilteredUnmerged", func(t *testing.T) {
		names := f.GetDefinedName()
		filters := map[string]bool{}
		for _, n := range names {
			if n.Name == "_xlnm._FilterDatabase" {
				filters[n.Scope] = true
			}
		}
		for _, sheet := range export.Sheets {
			p, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.YSplit != 1 {
				t.Errorf("%s panes: got freeze %v ysplit %d, want the header row frozen", sheet, p.Freeze, p.YSplit)
			}
			if !filters[sheet] {
				t.Errorf("%s: no autofilter", sheet)
			}
			m, err := f.GetMergeCells(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(m) != 0 {
				t.Errorf("%s: got %d merged ranges, want none", sheet, len(m))
			}
			w, err := f.GetColWidth(sheet, "A")
			if err != nil {
				t.Fatal(err)
			}
			if w < 7 {
				t.Errorf("%s column A width: got %v, want a set width", sheet, w)
			}
		}
	})

	t.Run("Transactions", func(t *testing.T) {
		snap, err := s.Snapshot(ctx, ledger.ExportFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var want []ledger.ExportRow
		if err := s.EachTransfer(ctx, snap, func(r *ledger.ExportRow) error { want = append(want, *r); return nil }); err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(export.SheetTransactions)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(want)+1 {
			t.Fatalf("rows: got %d, want %d transfers + header", len(rows), len(want)+1)
		}
		if got := rows[0]; got[0] != "Posting date" || got[7] != "Amount" || got[13] != "Operation ID" || got[14] != "Transfer" || got[19] != "Document date" || len(got) != 21 {
			t.Errorf("header: got %v", got)
		}
		sums := map[string]int64{}
		for i, w := range want {
			r := i + 2
			if got := raw(t, f, export.SheetTransactions, cellName("A", r)); got == "" || got == w.Date {
				t.Fatalf("A%d: got %q, want a date serial for %s", r, got, w.Date)
			}
			if got, _ := f.GetCellValue(export.SheetTransactions, cellName("A", r)); got != w.Date {
				t.Errorf("A%d shown: got %q, want %q", r, got, w.Date)
			}
			if got := numFmt(t, f, export.SheetTransactions, cellName("A", r)); got != "yyyy-mm-dd" {
				t.Errorf("A%d format: got %q, want yyyy-mm-dd", r, got)
			}
			if got := minor(t, f, export.SheetTransactions, cellName("H", r), w.Currency); got != w.Amount {
				t.Errorf("H%d: got %d, want %d %s", r, got, w.Amount, w.Currency)
			}
			if got, want := numFmt(t, f, export.SheetTransactions, cellName("H", r)), amountFormat(w.Currency); got != want {
				t.Errorf("H%d (%s) format: got %q, want %q", r, w.Currency, got, want)
			}
			typ, _ := f.GetCellType(export.SheetTransactions, cellName("H", r))
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("H%d type: got %v, want a number", r, typ)
			}
			if got := rows[i+1][2]; got != w.CreatorName {
				t.Errorf("C%d creator: got %q, want %q", r, got, w.CreatorName)
			}
			if got := rows[i+1][8]; got != w.Currency {
				t.Errorf("I%d currency: got %q, want %q", r, got, w.Currency)
			}
			if got := rows[i+1][13]; got != w.OpID {
				t.Errorf("N%d op ID: got %q, want %q", r, got, w.OpID)
			}
			sums[w.Currency] += w.Amount
		}
		totals, err := s.AccountTotals(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		debits := map[string]int64{}
		for _, a := range totals {
			debits[a.Currency] += a.Debits
		}
		for cur, d := range debits {
			if sums[cur] != d {
				t.Errorf("%s: sheet amounts sum to %d, ledger debits %d", cur, sums[cur], d)
			}
		}
	})

	t.Run("FormulaTextStaysText", func(t *testing.T) {
		rows, _ := f.GetRows(export.SheetTransactions)
		found := map[string]bool{}
		for i, r := range rows[1:] {
			if !slices.Contains(formulaNames, r[2]) {
				continue
			}
			cell := cellName("C", i+2)
			found[r[2]] = true
			typ, _ := f.GetCellType(export.SheetTransactions, cell)
			if typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%q): got type %v, want an inline string", cell, r[2], typ)
			}
			if fm, _ := f.GetCellFormula(export.SheetTransactions, cell); fm != "" {
				t.Errorf("%s: got formula %q, want none", cell, fm)
			}
			id, _ := f.GetCellStyle(export.SheetTransactions, cell)
			if qp := f.Styles.CellXfs.Xf[id].QuotePrefix; qp == nil || !*qp {
				t.Errorf("%s (%q): style %d has no quote prefix", cell, r[2], id)
			}
		}
		for _, n := range formulaNames {
			if !found[n] {
				t.Errorf("creator %q not in Transactions", n)
			}
		}
	})

	t.Run("Balances", func(t *testing.T) {
		deals, err := s.Deals(ctx, ledger.DealQuery{})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]ledger.Deal{}
		for _, d := range deals {
			byID[d.ID] = d
		}
		rows, _ := f.GetRows(export.SheetBalances)
		r := 2
		for ; r <= len(rows) && len(rows[r-1]) > 0 && rows[r-1][0] != ""; r++ {
			id, err := strconv.ParseInt(rows[r-1][0], 10, 64)
			if err != nil {
				t.Fatalf("A%d: %v", r, err)
			}
			d, ok := byID[id]
			if !ok {
				t.Fatalf("A%d: deal %d not in the ledger", r, id)
			}
			for col, want := range map[string]int64{"E": d.Scheduled, "F": d.Held, "G": d.Owed, "H": d.Requested, "I": d.Paid, "J": d.Remaining()} {
				if got := minor(t, f, export.SheetBalances, cellName(col, r), d.Currency); got != want {
					t.Errorf("deal %d %s%d: got %d, want %d", id, col, r, got, want)
				}
			}
			delete(byID, id)
		}
		for id, d := range byID {
			if d.Fees+d.Commission+d.Bonuses != 0 {
				t.Errorf("deal %d with transfers is missing from Balances", id)
			}
		}
		// Totals rows: one per currency, SUMIF formulas equal to the ledger's totals.
		totals, err := s.Totals(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r++ // the blank row
		for _, tot := range totals {
			if got := raw(t, f, export.SheetBalances, cellName("D", r)); got != tot.Currency {
				t.Fatalf("D%d: got %q, want the %s totals row", r, got, tot.Currency)
			}
			fm, _ := f.GetCellFormula(export.SheetBalances, cellName("J", r))
			if fm == "" || fm[:5] != "SUMIF" {
				t.Errorf("J%d: got formula %q, want a SUMIF by currency", r, fm)
			}
			for col, want := range map[string]int64{"E": tot.Scheduled, "F": tot.Held, "G": tot.Owed, "H": tot.Requested, "I": tot.Paid, "J": tot.Remaining()} {
				c, _ := ledger.LookupCurrency(tot.Currency)
				v := calc(t, f, export.SheetBalances, cellName(col, r))
				got, err := ledger.ParseAmount(v, c, true)
				if err != nil || got != want {
					t.Errorf("%s total %s%d: got %q, want %s", tot.Currency, col, r, v, ledger.Format(want, tot.Currency))
				}
				if got, want := numFmt(t, f, export.SheetBalances, cellName(col, r)), amountFormat(tot.Currency); got != want {
					t.Errorf("%s total %s%d format: got %q, want %q", tot.Currency, col, r, got, want)
				}
			}
			r++
		}
	})

	t.Run("Payouts", func(t *testing.T) {
		paid, err := s.Requests(ctx, ledger.RequestQuery{Status: ledger.StatusPaid})
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(export.SheetPayouts)
		if len(rows) != len(paid)+1 {
			t.Fatalf("rows: got %d, want %d paid requests + header", len(rows), len(paid)+1)
		}
		byID := map[string]ledger.Request{}
		for _, p := range paid {
			byID[strconv.FormatInt(p.ID, 10)] = p
		}
		for i, r := range rows[1:] {
			p, ok := byID[r[9]]
			if !ok {
				t.Fatalf("row %d: request %q is not a paid request", i+2, r[9])
			}
			if r[0] != p.PaidDate || r[1] != p.CreatorName || r[4] != p.Currency || r[6] != p.Reference || r[7] != p.PaidBy {
				t.Errorf("row %d: got %v, want %+v", i+2, r, p)
			}
			if got := minor(t, f, export.SheetPayouts, cellName("D", i+2), p.Currency); got != p.Amount {
				t.Errorf("D%d: got %d, want %d", i+2, got, p.Amount)
			}
		}
	})

	t.Run("Creators", func(t *testing.T) {
		rows, _ := f.GetRows(export.SheetCreators)
		got := map[string]int64{} // creator|currency -> paid
		for i, r := range rows[1:] {
			got[r[0]+"|"+r[3]] += minor(t, f, export.SheetCreators, cellName("F", i+2), r[3])
		}
		creators, err := s.Creators(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range creators {
			paid, err := s.PaidTotals(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for cur, v := range paid {
				if v != 0 && got[c.Name+"|"+cur] != v {
					t.Errorf("%s %s: got paid %d, want %d", c.Name, cur, got[c.Name+"|"+cur], v)
				}
			}
		}
	})

	t.Run("Summary", func(t *testing.T) {
		totals, err := s.Totals(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i, tot := range totals {
			r := i + 2
			if got := raw(t, f, export.SheetSummary, cellName("A", r)); got != tot.Currency {
				t.Fatalf("A%d: got %q, want %s", r, got, tot.Currency)
			}
			if got := calc(t, f, export.SheetSummary, cellName("J", r)); got != "OK" {
				t.Errorf("%s roll-forward check: got %q, want OK", tot.Currency, got)
			}
			c, _ := ledger.LookupCurrency(tot.Currency)
			for col, want := range map[string]int64{"C": tot.Commission, "D": tot.Fees, "E": tot.Bonuses, "F": tot.Paid} {
				if got := minor(t, f, export.SheetSummary, cellName(col, r), tot.Currency); got != want {
					t.Errorf("%s %s: got %d, want %d", tot.Currency, col, got, want)
				}
			}
			for col, want := range map[string]int64{"G": tot.Remaining(), "H": tot.Scheduled, "I": tot.Remaining() + tot.Scheduled} {
				v := calc(t, f, export.SheetSummary, cellName(col, r))
				if got, err := ledger.ParseAmount(v, c, true); err != nil || got != want {
					t.Errorf("%s %s: got %q, want %s", tot.Currency, col, v, ledger.Format(want, tot.Currency))
				}
			}
		}
		rows, _ := f.GetRows(export.SheetSummary)
		meta := map[string]string{}
		for _, r := range rows[len(totals)+1:] {
			if len(r) >= 2 {
				meta[r[0]] = r[1]
			}
		}
		for k, want := range map[string]string{"Exported by": "tester", "App version": "9.9.9", "Campaign": "All campaigns",
			"Exported at (UTC)": "2026-11-21 09:30:00", "Ledger file": "test.payouts"} {
			if meta[k] != want {
				t.Errorf("summary %s: got %q, want %q", k, meta[k], want)
			}
		}
	})
}

// TestWorkbookRange exports one campaign over a date range: Transactions
// hold only its transfers in the range, and Balances are as of the range's
// end, recomputed from each deal's history.
//
// With a start, Balances come from a query of their own (BalancesAsOf);
// without one, from the transfers as they are written: both must agree with
// the history.
func TestWorkbookRange(t *testing.T) {
	s := mustLedger(t)
	for name, r := range map[string][2]string{"FromTo": {"2026-09-01", "2026-10-15"}, "To": {"", "2026-10-15"}} {
		t.Run(name, func(t *testing.T) { testWorkbookRange(t, s, r[0], r[1]) })
	}
}

func testWorkbookRange(t *testing.T, s *ledger.Store, from, to string) {
	ctx := context.Background()
	camp, err := s.CampaignByName(ctx, "Spring Launch 2026")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := writeBook(t, s, export.Options{Filter: ledger.ExportFilter{From: from, To: to, CampaignID: camp.ID}})

	rows, _ := f.GetRows(export.SheetTransactions)
	if len(rows) < 10 {
		t.Fatalf("got %d rows, want a range with transfers", len(rows))
	}
	for i, r := range rows[1:] {
		if r[0] < from || r[0] > to || r[3] != camp.Name {
			t.Errorf("row %d: %s %s is outside %s..%s of %s", i+2, r[0], r[3], from, to, camp.Name)
		}
	}

	deals, err := s.Deals(ctx, ledger.DealQuery{CampaignID: camp.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int64{}
	for _, d := range deals {
		h, err := s.History(ctx, ledger.HistoryQuery{DealID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		bal := map[string]int64{}
		any := false
		for _, l := range h {
			if l.Date > to {
				continue
			}
			any = true
			bal[l.To] += l.Amount
			bal[l.From] -= l.Amount
		}
		if any {
			want[strconv.FormatInt(d.ID, 10)] = map[string]int64{"E": bal[ledger.AccScheduled], "F": bal[ledger.AccHeld], "G": bal[ledger.AccOwed],
				"H": bal[ledger.AccRequested], "I": bal[ledger.AccOfflineCash] + bal[ledger.AccStripeCash],
				"J": bal[ledger.AccHeld] + bal[ledger.AccOwed] + bal[ledger.AccRequested]}
		}
	}
	brows, _ := f.GetRows(export.SheetBalances)
	n := 0
	for i, r := range brows[1:] {
		if len(r) == 0 || r[0] == "" {
			break
		}
		n++
		w, ok := want[r[0]]
		if !ok {
			t.Fatalf("Balances row %d: deal %s has no transfer by %s in %s", i+2, r[0], to, camp.Name)
		}
		for col, v := range w {
			if got := minor(t, f, export.SheetBalances, cellName(col, i+2), r[3]); got != v {
				t.Errorf("deal %s %s as of %s: got %d, want %d", r[0], col, to, got, v)
			}
		}
	}
	if n != len(want) {
		t.Errorf("Balances: got %d deals, want %d", n, len(want))
	}
	srows, _ := f.GetRows(export.SheetSummary)
	found := false
	for _, r := range srows {
		if len(r) >= 2 && r[0] == "Campaign" {
			found = r[1] == camp.Name
		}
	}
	if !found {
		t.Errorf("summary does not name the campaign %s", camp.Name)
	}
}

func TestWorkbookErrors(t *testing.T) {
	s := mustLedger(t)
	for name, opt := range map[string]export.Options{
		"ErrBadDate":      {Filter: ledger.ExportFilter{From: "2026-13-01"}},
		"ErrReversed":     {Filter: ledger.ExportFilter{From: "2026-10-02", To: "2026-10-01"}},
		"ErrNoSuchCampgn": {Filter: ledger.ExportFilter{CampaignID: 999}},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.xlsx")
			err := export.WriteWorkbookFile(context.Background(), s, path, opt)
			if code := ledger.ErrorCode(err); code != ledger.EINVALID && code != ledger.ENOTFOUND {
				t.Errorf("got %v (%s), want an invalid or not-found error", err, code)
			}
			if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(matches) != 0 {
				t.Errorf("files left behind: %v", matches)
			}
		})
	}
}
