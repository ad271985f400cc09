package messages

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// statementWorkbook is a statement's attachment: one sheet, one row per
// transaction, amounts as numbers in major units with the currency beside
// them (the export package's workbook covers the whole ledger, not one
// creator, so a statement writes its own small sheet).
func statementWorkbook(creator string, rows []ledger.HistoryLine) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Statement"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	set := func(r int, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		return f.SetSheetRow(sh, cell, &vals)
	}
	if err := set(1, "Statement of "+creator); err != nil {
		return nil, err
	}
	if err := set(2, "Date", "Campaign", "Deal", "Transaction", "Amount", "Remaining", "Currency", "Method", "Reference"); err != nil {
		return nil, err
	}
	for i, h := range rows {
		if err := set(i+3, h.Date, h.CampaignName, h.DealID, ledger.KindLabel(h.Kind), major(h.Signed(), h.Currency),
			major(h.Remaining, h.Currency), h.Currency, h.Method, h.Reference); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, fmt.Errorf("statement workbook: %w", err)
	}
	return b.Bytes(), nil
}

// major is an amount in major units for a spreadsheet cell. The ledger's
// integer is the truth; the cell is a display value.
func major(minor int64, code string) float64 {
	exp := 2
	if c, err := ledger.LookupCurrency(code); err == nil {
		exp = c.Exponent
	}
	d := 1.0
	for i := 0; i < exp; i++ {
		d *= 10
	}
	return float64(minor) / d
}
