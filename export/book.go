package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// book is a workbook being written: the file, its styles and the number
// format of each currency met so far.
type book struct {
	f        *excelize.File
	header   int
	date     int
	datetime int
	quoted   int // text that must stay text: quote prefix
	bold     int
	amount   map[int]int // currency exponent -> number style
	total    map[int]int // the same, bold, for totals rows
	curs     map[string]currency
	printed  map[string]bool // sheets whose print setup is done
}

// currency is a currency with its cell styles.
type currency struct {
	ledger.Currency
	amount, total int
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f, amount: map[int]int{}, total: map[int]int{}, curs: map[string]currency{}}
	if err := f.SetSheetName("Sheet1", Sheets[0]); err != nil {
		return nil, fmt.Errorf("new workbook: %w", err)
	}
	for _, name := range Sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("new workbook: %w", err)
		}
	}
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return nil, fmt.Errorf("new workbook: %w", err)
	}
	dateFmt, dateTimeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	var err error
	styles := []struct {
		id *int
		s  *excelize.Style
	}{
		{&b.header, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border: []excelize.Border{{Type: "bottom", Color: "7F8C9D", Style: 1}}}},
		{&b.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&b.datetime, &excelize.Style{CustomNumFmt: &dateTimeFmt}},
		{&b.bold, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}}},
		// The quote prefix is not in excelize's Style; it is set on the xf
		// below. The alignment only makes this style distinct from the
		// default, so excelize does not hand back style 0.
		{&b.quoted, &excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left"}}},
	}
	for _, st := range styles {
		if *st.id, err = f.NewStyle(st.s); err != nil {
			return nil, fmt.Errorf("new workbook: %w", err)
		}
	}
	yes := true
	f.Styles.CellXfs.Xf[b.quoted].QuotePrefix = &yes
	for _, exp := range []int{0, 2, 3} {
		if _, err := b.amountStyles(exp); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// amountStyles returns (creating once) the number style for amounts with exp
// decimals: "#,##0.00" for two.
func (b *book) amountStyles(exp int) (int, error) {
	if id, ok := b.amount[exp]; ok {
		return id, nil
	}
	format := "#,##0"
	if exp > 0 {
		format += "." + strings.Repeat("0", exp)
	}
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, fmt.Errorf("amount style: %w", err)
	}
	tid, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format, Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}})
	if err != nil {
		return 0, fmt.Errorf("amount style: %w", err)
	}
	b.amount[exp], b.total[exp] = id, tid
	return id, nil
}

// currency returns code's currency and styles. A code the ledger does not
// know (it validates every code it stores) gets two decimals.
func (b *book) currency(code string) currency {
	if c, ok := b.curs[code]; ok {
		return c
	}
	lc, err := ledger.LookupCurrency(code)
	if err != nil {
		lc = ledger.Currency{Code: code, Exponent: 2}
	}
	id, err := b.amountStyles(lc.Exponent)
	if err != nil {
		id = b.amount[2]
	}
	c := currency{Currency: lc, amount: id, total: b.total[lc.Exponent]}
	if c.total == 0 {
		c.total = b.total[2]
	}
	b.curs[code] = c
	return c
}

// text is a text cell's value: nil (no cell) for empty text, and text that
// a spreadsheet would evaluate as a quote-prefixed text cell.
func (b *book) text(s string) any {
	if s == "" {
		return nil
	}
	if needsQuote(s) {
		return excelize.Cell{StyleID: b.quoted, Value: s}
	}
	return s
}

// dateCell is a date cell for an effective date.
func (b *book) dateCell(date string) any {
	if n, ok := dateSerial(date); ok {
		return excelize.Cell{StyleID: b.date, Value: n}
	}
	return b.text(date)
}

// money is an amount cell in its currency's format.
func (b *book) money(minor int64, code string) any {
	c := b.currency(code)
	return excelize.Cell{StyleID: c.amount, Value: amountValue(minor, c.Currency)}
}

// column is a column of a sheet's table.
type column struct {
	title string
	width float64
}

// table opens sheet's stream writer with a frozen, filtered header row over
// rows data rows. The autofilter must be set before the stream writer is
// made, and the panes and widths before its first row.
func (b *book) table(sheet string, cols []column, rows int) (*excelize.StreamWriter, error) {
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := b.f.AutoFilter(sheet, "A1:"+last+strconv.Itoa(rows+1), nil); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	if err := b.printSheet(sheet); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sheet, err)
		}
		head[i] = excelize.Cell{StyleID: b.header, Value: c.title}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", sheet, err)
	}
	return sw, nil
}

// setRow writes values as row number r (1-based) of sw.
func setRow(sw *excelize.StreamWriter, r int, values []any) error {
	if err := sw.SetRow("A"+strconv.Itoa(r), values); err != nil {
		return fmt.Errorf("sheet %s row %d: %w", sw.Sheet, r, err)
	}
	return nil
}

// formula is a formula cell with a style. It carries no cached value: the
// spreadsheet computes it on opening (the workbook asks for a full
// calculation on load).
func formula(style int, f string) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: f}
}

// colRange is an absolute range of one column over rows [from, to]:
// "$H$2:$H$100", prefixed with its sheet when sheet is set.
func colRange(sheet, col string, from, to int) string {
	r := "$" + col + "$" + strconv.Itoa(from) + ":$" + col + "$" + strconv.Itoa(to)
	if sheet != "" {
		return sheet + "!" + r
	}
	return r
}

// printSetup makes every sheet print as an accountant files it: landscape,
// one page wide and as many tall as it needs (a month's rows print on a few
// pages, not sixteen portrait ones split by column), with the header row
// repeated on every page so no figure is printed without its label. A
// streamed sheet has it set before its stream starts (the stream writes
// the sheet's properties as they are then); printSetup does the others.
func (b *book) printSetup() error {
	for _, sheet := range b.f.GetSheetList() {
		if err := b.printSheet(sheet); err != nil {
			return err
		}
	}
	return nil
}

// printSheet sets one sheet's print setup, once.
func (b *book) printSheet(sheet string) error {
	if b.printed[sheet] {
		return nil
	}
	if b.printed == nil {
		b.printed = map[string]bool{}
	}
	b.printed[sheet] = true
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0),
	}); err != nil {
		return fmt.Errorf("sheet %s print setup: %w", sheet, err)
	}
	// Without fitToPage the sheet prints at 100% and the fit is ignored.
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return fmt.Errorf("sheet %s print setup: %w", sheet, err)
	}
	if err := b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet,
	}); err != nil {
		return fmt.Errorf("sheet %s print setup: %w", sheet, err)
	}
	return nil
}
