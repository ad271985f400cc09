package export

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// WriteFloor writes the rows and columns of the Transactions sheet, the
// same values, and nothing else, with a bare excelize stream writer: one
// sheet, no styles, no header, panes, filter or formulas, no other sheet,
// saved with excelize's own Write.
// It is the floor the benchmark holds WriteWorkbook against: the cost of
// reading the transfers and of excelize itself.
func WriteFloor(ctx context.Context, s *ledger.Store, w io.Writer, flt ledger.ExportFilter) error {
	return writeFloor(ctx, s, w, flt, false)
}

// WriteFloorFastZip is WriteFloor saved as WriteWorkbook saves: the zip
// straight to w, deflated at the fastest level. Against it, the benchmark's
// ratio shows what the workbook adds to excelize's own work (styles, the
// other sheets, formulas), with the saving method the same on both sides.
func WriteFloorFastZip(ctx context.Context, s *ledger.Store, w io.Writer, flt ledger.ExportFilter) error {
	return writeFloor(ctx, s, w, flt, true)
}

func writeFloor(ctx context.Context, s *ledger.Store, w io.Writer, flt ledger.ExportFilter, fastZip bool) error {
	flt, err := s.Snapshot(ctx, flt)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	curs := map[string]ledger.Currency{}
	row := make([]any, len(transactionCols))
	n := 1
	err = s.EachTransfer(ctx, flt, func(r *ledger.ExportRow) error {
		c, ok := curs[r.Currency]
		if !ok {
			c, _ = ledger.LookupCurrency(r.Currency)
			curs[r.Currency] = c
		}
		date, _ := dateSerial(r.Date)
		row[0], row[1], row[2], row[3], row[4] = date, r.DealID, r.CreatorName, r.CampaignName, ledger.KindLabel(r.Kind)
		row[5], row[6], row[7], row[8], row[9] = ledger.CashLabel(r.From, r.Method), ledger.CashLabel(r.To, r.Method), amountValue(r.Amount, c), r.Currency, methodLabel(r.Method)
		row[10], row[11], row[12], row[13] = r.Reference, r.Operator, r.Comment, r.OpID
		idRow(row, r, func(s string) any { return s })
		for i, v := range row {
			if v == "" {
				row[i] = nil
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		n++
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	if fastZip {
		return save(f, w)
	}
	return f.Write(w)
}
