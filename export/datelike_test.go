package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// TestReferencesStayText: references that a spreadsheet would turn into a
// date ("11-21" becomes 21 November) or a number (the zeros of "0012345"
// dropped, a 20-digit ID rounded) keep their text: a leading apostrophe in
// the CSV, a string cell with the quote prefix in the workbook.
func TestReferencesStayText(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	bal, err := s.BalancesAsOf(ctx, mustSnap(t, s))
	if err != nil {
		t.Fatal(err)
	}
	var deal int64
	for _, b := range bal {
		if b.Currency == "JPY" && b.Owed >= 400 {
			deal = b.DealID
		}
	}
	if deal == 0 {
		t.Fatal("no JPY deal with 400 owed in the fixture")
	}
	refs := []string{"11-21", "0012345", "2026/11", "12345678901234567890", "3.4"}
	for _, ref := range refs {
		req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 50, Date: "2026-11-20"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Date: "2026-11-20", Reference: ref}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := export.WriteBankStatement(ctx, s, &buf, export.CSVOptions{Currency: "JPY", NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		got[r[4]] = true
	}
	for _, ref := range refs {
		if !got["'"+ref] {
			t.Errorf("CSV reference %q: want it written as '%s, got references %v", ref, ref, got)
		}
	}
	f, _ := writeBook(t, s, export.Options{})
	prows, err := f.GetRows(export.SheetPayouts)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, r := range prows[1:] {
		if len(r) < 7 {
			continue
		}
		for _, ref := range refs {
			if r[6] != ref {
				continue
			}
			found++
			cell := cellName("G", i+2)
			if typ, _ := f.GetCellType(export.SheetPayouts, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s %q: cell type %v, want text", cell, ref, typ)
			}
			style, _ := f.GetCellStyle(export.SheetPayouts, cell)
			if qp := f.Styles.CellXfs.Xf[style].QuotePrefix; qp == nil || !*qp {
				t.Errorf("%s %q: no quote prefix (typing over it would make a date)", cell, ref)
			}
		}
	}
	if found != len(refs) {
		t.Errorf("found %d of the %d references on the Payouts sheet", found, len(refs))
	}
}
