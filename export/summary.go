package export

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// summaryCols: the activity columns are for the range; the balances are to
// date (as of the range's end), as on the Balances sheet. The scheduled fees
// (agreed, not confirmed) are not owed yet but are committed: they are shown
// beside what is owed, and in a total with it, never left out. Between
// Transfers and Remaining, one column per figure brand accounts move
// (ledger.RangeFigures: commission, fees, bonuses, paid), from the table of
// accounts, so a new account's money is never left out of the Summary.
func summaryCols() []column {
	cols := []column{{"Currency", 20}, {"Transfers in range", 44}}
	for _, f := range ledger.RangeFigures() {
		cols = append(cols, column{f.Label, rangeFigureWidth(f.Field)})
	}
	return append(cols, column{"Remaining at end, to date (held + owed + requested)", 22},
		column{"Scheduled fees at end, to date (agreed, unconfirmed)", 22},
		column{"Owed and committed at end, to date", 20}, column{"Roll-forward check", 12})
}

// rangeFigureWidth is the width of a figure's Summary column: what fits
// its header in two or three lines.
func rangeFigureWidth(field string) float64 {
	switch field {
	case "commission", "fees":
		return 19
	case "bonuses":
		return 17
	}
	return 15
}

// Roll-forward line labels the tests and readers look for.
const (
	RollOpening    = "Opening balance, before range"
	RollClosing    = "Closing balance, end of range (opening + activity)"
	RollBalances   = "Balances sheet, end of range (to date)"
	RollCheck      = "Check: closing = Balances sheet"
	RollCommitment = "Commitment: fixed fees agreed, not confirmed, end of range"
	RollCommitted  = "Owed and committed, end of range"
)

// rollCols are the roll-forward's amount columns: the four creator
// accounts (as the Balances sheet's columns) and what the brand owes.
var rollCols = []string{"C", "D", "E", "F", "G"}

func (b *book) writeSummary(s *ledger.Store, flt ledger.ExportFilter, opt Options, tx txTotals, bal balTotals) error {
	// Each currency's figures of the range, by field (ledger.FigureMoved):
	// what moved through the brand accounts in the rows written.
	figs := map[string]map[string]int64{}
	keys := map[accountKey]bool{}
	for k := range tx.debits {
		keys[k] = true
	}
	for k := range tx.credits {
		keys[k] = true
	}
	for k := range keys {
		f := figs[k.currency]
		if f == nil {
			f = map[string]int64{}
			figs[k.currency] = f
		}
		if field, v, ok := ledger.FigureMoved(k.account, tx.debits[k], tx.credits[k]); ok {
			f[field] += v
		}
	}
	codes := make([]string, 0, len(figs)+len(bal.currencies))
	for code := range figs {
		codes = append(codes, code)
	}
	for _, code := range bal.currencies {
		if figs[code] == nil {
			figs[code] = map[string]int64{}
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)

	cols, figures := summaryCols(), ledger.RangeFigures()
	sw, err := b.table(SheetSummary, cols, len(codes))
	if err != nil {
		return err
	}
	// The columns after the figures: remaining, scheduled, their total.
	remCol, _ := excelize.ColumnNumberToName(3 + len(figures))
	schedCol, _ := excelize.ColumnNumberToName(4 + len(figures))
	// Each currency's roll-forward block starts below the table; its
	// check row is known before the table's row is written.
	kinds := ledger.RollForwardKinds()
	blockStart := len(codes) + 4
	blockRows := len(kinds) + 7 // opening, activity, closing, balances, check, commitment, total, blank
	checkRow := func(i int) int { return blockStart + i*blockRows + len(kinds) + 3 }
	for i, code := range codes {
		r := i + 2
		f, c := figs[code], b.currency(code)
		ref := "$A$" + strconv.Itoa(r)
		sumBal := func(col string) excelize.Cell {
			return formula(c.amount, fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(SheetBalances, balCurrencyCol, 2, bal.lastRow), ref,
				colRange(SheetBalances, col, 2, bal.lastRow)))
		}
		cr := strconv.Itoa(checkRow(i))
		row := make([]any, 0, len(cols))
		row = append(row, code, tx.count[code])
		for _, fig := range figures {
			row = append(row, b.money(f[fig.Field], code))
		}
		row = append(row, sumBal(balRemainingCol), sumBal(balClosingCols[0]),
			formula(c.amount, fmt.Sprintf("%s%d+%s%d", remCol, r, schedCol, r)),
			formula(0, fmt.Sprintf(`IF(COUNTIF(C%s:G%s,"OK")=%d,"OK","MISMATCH")`, cr, cr, len(rollCols))))
		if err := setRow(sw, r, row); err != nil {
			return err
		}
	}

	r := len(codes) + 3
	if err := setRow(sw, r, []any{excelize.Cell{StyleID: b.bold, Value: "Roll-forward"}, excelize.Cell{StyleID: b.bold, Value: "Line"},
		excelize.Cell{StyleID: b.bold, Value: "Scheduled (commitment)"}, excelize.Cell{StyleID: b.bold, Value: "Held"},
		excelize.Cell{StyleID: b.bold, Value: "Owed"}, excelize.Cell{StyleID: b.bold, Value: "Requested"},
		excelize.Cell{StyleID: b.bold, Value: "Owed to creators (held + owed + requested)"}}); err != nil {
		return err
	}
	r++
	for i, code := range codes {
		if r != blockStart+i*blockRows {
			return ledger.Errorf(ledger.EINTERNAL, "export: roll-forward of %s at row %d, expected %d", code, r, blockStart+i*blockRows)
		}
		if r, err = b.writeRollForward(sw, r, code, kinds, tx.activity[code], bal); err != nil {
			return err
		}
	}

	// What the export is: below the roll-forwards, label and value.
	line := func(label string, value any) error {
		err := setRow(sw, r, []any{excelize.Cell{StyleID: b.bold, Value: label}, value})
		r++
		return err
	}
	rangeEnd := func(d, open string) any {
		if d == "" {
			return open
		}
		return b.dateCell(d)
	}
	campaign := "All campaigns"
	if flt.CampaignID != 0 {
		campaign = opt.CampaignName
	}
	for _, l := range []struct {
		label string
		value any
	}{
		{"From", rangeEnd(flt.From, "(first transfer)")},
		{"To", rangeEnd(flt.To, "(last transfer)")},
		{"Campaign", b.text(campaign)},
		{"Exported at (UTC)", excelize.Cell{StyleID: b.datetime, Value: timeSerial(s.Now())}},
		{"Exported by", b.text(s.OperatorName())},
		{"App version", b.text(opt.Version)},
		{"Ledger file", b.text(filepath.Base(s.Path()))},
		// The last transfer posted in the range, not the ledger's: the
		// export of a closed period stays the same, byte for byte, while
		// later periods fill.
		{"Last transfer ID in range", tx.lastID},
		{"Roll-forward check", "OK when, for each creator account, the opening balance (Balances sheet) plus the range's activity " +
			"(the Transactions sheet's transfers by kind) equals the closing balance on the Balances sheet"},
	} {
		if err := line(l.label, l.value); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetSummary, err)
	}
	return nil
}

// writeRollForward writes one currency's roll-forward from row r and
// returns the row after it. The opening and the Balances line are SUMIFs of
// the Balances sheet; the activity is the range's transfers summed by kind
// (values); closing and check are formulas, so the spreadsheet itself shows
// opening + activity = closing, and that closing equals the Balances sheet.
func (b *book) writeRollForward(sw *excelize.StreamWriter, r int, code string, kinds []string, act map[string]*ledger.Creators, bal balTotals) (int, error) {
	c := b.currency(code)
	first := r
	sumBal := func(col string) excelize.Cell {
		return formula(c.amount, fmt.Sprintf(`SUMIF(%s,"%s",%s)`, colRange(SheetBalances, balCurrencyCol, 2, bal.lastRow), code,
			colRange(SheetBalances, col, 2, bal.lastRow)))
	}
	owed := func(row int) excelize.Cell { return formula(c.amount, fmt.Sprintf("D%d+E%d+F%d", row, row, row)) }
	label := func(s string) any { return excelize.Cell{StyleID: b.bold, Value: s} }

	row := []any{code, label(RollOpening)}
	for _, col := range balOpeningCols {
		row = append(row, sumBal(col))
	}
	if err := setRow(sw, r, append(row, owed(r))); err != nil {
		return r, err
	}
	r++
	for _, kind := range kinds {
		var m ledger.Creators
		if a := act[kind]; a != nil {
			m = *a
		}
		if err := setRow(sw, r, []any{code, ledger.RollForwardLabel(kind), b.money(m.Scheduled, code), b.money(m.Held, code),
			b.money(m.Owed, code), b.money(m.Requested, code), owed(r)}); err != nil {
			return r, err
		}
		r++
	}
	closing := r
	row = []any{code, label(RollClosing)}
	for _, col := range rollCols {
		row = append(row, formula(c.total, fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, closing-1)))
	}
	if err := setRow(sw, r, row); err != nil {
		return r, err
	}
	r++
	row = []any{code, RollBalances}
	for _, col := range balClosingCols {
		row = append(row, sumBal(col))
	}
	if err := setRow(sw, r, append(row, sumBal(balRemainingCol))); err != nil {
		return r, err
	}
	r++
	row = []any{code, RollCheck}
	for _, col := range rollCols {
		// Equal within half a minor unit: spreadsheets add cents in
		// binary floating point (off by 1e-12), and excelize's own
		// engine rounds such a difference to a value that is not = 0.
		row = append(row, formula(0, fmt.Sprintf(`IF(ABS(%s%d-%s%d)<%s,"OK","MISMATCH")`, col, closing, col, closing+1, halfUnit(c.Exponent))))
	}
	if err := setRow(sw, r, row); err != nil {
		return r, err
	}
	r++
	if err := setRow(sw, r, []any{code, RollCommitment, formula(c.amount, fmt.Sprintf("C%d", closing))}); err != nil {
		return r, err
	}
	r++
	if err := setRow(sw, r, []any{code, label(RollCommitted), nil, nil, nil, nil,
		formula(c.total, fmt.Sprintf("G%d+C%d", closing, closing))}); err != nil {
		return r, err
	}
	return r + 2, nil
}

// halfUnit is half the minor unit of a currency with exp decimals, as a
// formula's literal: "0.005" for two.
func halfUnit(exp int) string {
	if exp == 0 {
		return "0.5"
	}
	return "0." + strings.Repeat("0", exp) + "5"
}
