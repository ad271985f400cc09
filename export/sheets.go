package export

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

var transactionCols = []column{
	{"Date", 11}, {"Deal", 7}, {"Creator", 24}, {"Campaign", 22}, {"Kind", 18}, {"From account", 26}, {"To account", 26},
	{"Amount", 14}, {"Currency", 9}, {"Method", 9}, {"Reference", 20}, {"Operator", 14}, {"Comment", 30}, {"Operation ID", 34},
	// IDs that trace a row: the transfer (the journal's reference), the
	// transfer a reversal undoes, and the request, fee or order it is of.
	// Last, so the columns the Summary's formulas read stay where they are.
	{"Transfer", 14}, {"Reverses", 14}, {"Request", 9}, {"Fee", 9}, {"Order", 16},
}

// journalRef is a transfer's reference in the journal CSV and the
// Transactions sheet: "PAYOUTS-T36".
func journalRef(id int64) string { return "PAYOUTS-T" + strconv.FormatInt(id, 10) }

// idRow fills the ID columns (14 on) of a Transactions row; an absent ID is
// nil, an empty cell.
func idRow(row []any, r *ledger.ExportRow, text func(string) any) {
	row[14], row[15], row[16], row[17], row[18] = journalRef(r.ID), nil, nil, nil, nil
	if r.Reverses != 0 {
		row[15] = journalRef(r.Reverses)
	}
	if r.RequestID != 0 {
		row[16] = r.RequestID
	}
	if r.FeeID != 0 {
		row[17] = r.FeeID
	}
	if r.OrderID != "" {
		row[18] = text(r.OrderID)
	}
}

// Columns of Transactions the Summary's formulas read.
const (
	txAmountCol   = "H"
	txCurrencyCol = "I"
)

// txTotals is what writing Transactions learned: its last row, how many
// transfers each currency has, what moved through each account (exact
// int64 sums of the rows written), and, when the range is open at its
// start, every deal's balances as of its end.
type txTotals struct {
	lastRow int
	count   map[string]int
	debits  map[accountKey]int64
	credits map[accountKey]int64
	// balances are built from the rows when the range starts at the first
	// transfer: then the rows are every transfer up to the end, and a
	// second pass over the ledger (BalancesAsOf) would read them again.
	balances map[int64]*ledger.DealBalance
}

// accountKey is an account of one currency.
type accountKey struct{ currency, account string }

// progressEvery is how many rows pass between progress reports.
const progressEvery = 4096

func (b *book) writeTransactions(ctx context.Context, rd *ledger.ExportReader, flt ledger.ExportFilter, total int, progress func(int, int)) (txTotals, error) {
	t := txTotals{lastRow: 1, count: map[string]int{}, debits: map[accountKey]int64{}, credits: map[accountKey]int64{}}
	if flt.From == "" {
		t.balances = map[int64]*ledger.DealBalance{}
	}
	sw, err := b.table(SheetTransactions, transactionCols, total)
	if err != nil {
		return t, err
	}
	row := make([]any, len(transactionCols))
	n := 0
	err = eachTransferAhead(ctx, rd, flt, func(r *ledger.ExportRow) error {
		if n >= total {
			// The snapshot's count and its rows disagree only if the
			// ledger changed under the snapshot, which it cannot.
			return ledger.Errorf(ledger.EINTERNAL, "export: more transfers than counted")
		}
		row[0] = b.dateCell(r.Date)
		row[1] = r.DealID
		row[2] = b.text(r.CreatorName)
		row[3] = b.text(r.CampaignName)
		row[4] = ledger.KindLabel(r.Kind)
		row[5] = ledger.CashLabel(r.From, r.Method)
		row[6] = ledger.CashLabel(r.To, r.Method)
		row[7] = b.money(r.Amount, r.Currency)
		row[8] = r.Currency
		row[9] = b.text(methodLabel(r.Method))
		row[10] = b.text(r.Reference)
		row[11] = b.text(r.Operator)
		row[12] = b.text(r.Comment)
		row[13] = b.text(r.OpID)
		idRow(row, r, b.text)
		n++
		if err := setRow(sw, n+1, row); err != nil {
			return err
		}
		t.count[r.Currency]++
		t.debits[accountKey{r.Currency, r.From}] += r.Amount
		t.credits[accountKey{r.Currency, r.To}] += r.Amount
		if t.balances != nil {
			d := t.balances[r.DealID]
			if d == nil {
				d = &ledger.DealBalance{DealID: r.DealID, CreatorName: r.CreatorName, CampaignName: r.CampaignName, Currency: r.Currency}
				t.balances[r.DealID] = d
			}
			d.Apply(r)
		}
		if n%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress(n, total)
		}
		return nil
	})
	if err != nil {
		return t, err
	}
	t.lastRow = n + 1
	if err := sw.Flush(); err != nil {
		return t, fmt.Errorf("sheet %s: %w", SheetTransactions, err)
	}
	return t, nil
}

func methodLabel(m string) string {
	if m == "" {
		return ""
	}
	return ledger.MethodLabel(m)
}

var payoutCols = []column{
	{"Paid date", 11}, {"Creator", 24}, {"Campaign", 22}, {"Amount", 14}, {"Currency", 9}, {"Method", 9},
	{"Reference", 26}, {"Processed by", 14}, {"Comment", 30}, {"Request", 9}, {"Transfer", 14},
}

func (b *book) writePayouts(paid []ledger.PaidRow) error {
	sw, err := b.table(SheetPayouts, payoutCols, len(paid))
	if err != nil {
		return err
	}
	for i, p := range paid {
		var req any
		if p.RequestID != 0 {
			req = p.RequestID
		}
		if err := setRow(sw, i+2, []any{b.dateCell(p.Date), b.text(p.CreatorName), b.text(p.CampaignName), b.money(p.Amount, p.Currency),
			p.Currency, b.text(methodLabel(p.Method)), b.text(p.Reference), b.text(p.PaidBy), b.text(p.Comment), req,
			journalRef(p.TransferID)}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetPayouts, err)
	}
	return nil
}

// balanceCols: every figure is a balance as of the range's end, everything
// up to it ("to date"), Paid included; the headers say so, beside the
// Summary's figures for the range.
var balanceCols = []column{
	{"Deal", 7}, {"Creator", 24}, {"Campaign", 22}, {"Currency", 9}, {"Scheduled, to date", 17}, {"Held, to date", 15},
	{"Owed, to date", 15}, {"Requested, to date", 18}, {"Paid, to date", 15}, {"Remaining, to date", 18},
}

// Columns of Balances the Summary's formulas read.
const (
	balCurrencyCol  = "D"
	balRemainingCol = "J"
)

// balTotals is what writing Balances learned: its last data row and the
// currencies it holds.
type balTotals struct {
	lastRow    int
	currencies []string
}

// writeBalances writes the deals' balances as of the range's end: built
// from the stream when the range has no start, else as read (BalancesAsOf).
func (b *book) writeBalances(deals []ledger.DealBalance, tx txTotals) (balTotals, error) {
	var t balTotals
	if tx.balances != nil {
		deals = make([]ledger.DealBalance, 0, len(tx.balances))
		for _, d := range tx.balances {
			deals = append(deals, *d)
		}
		// The order of BalancesAsOf, where names compare as SQLite's
		// NOCASE does.
		sort.Slice(deals, func(i, j int) bool {
			a, c := deals[i], deals[j]
			if a.Currency != c.Currency {
				return a.Currency < c.Currency
			}
			if x, y := foldASCII(a.CreatorName), foldASCII(c.CreatorName); x != y {
				return x < y
			}
			if x, y := foldASCII(a.CampaignName), foldASCII(c.CampaignName); x != y {
				return x < y
			}
			return a.DealID < c.DealID
		})
	}
	sw, err := b.table(SheetBalances, balanceCols, len(deals))
	if err != nil {
		return t, err
	}
	seen := map[string]bool{}
	for i, d := range deals {
		if !seen[d.Currency] {
			seen[d.Currency] = true
			t.currencies = append(t.currencies, d.Currency)
		}
		if err := setRow(sw, i+2, []any{d.DealID, b.text(d.CreatorName), b.text(d.CampaignName), d.Currency,
			b.money(d.Scheduled, d.Currency), b.money(d.Held, d.Currency), b.money(d.Owed, d.Currency),
			b.money(d.Requested, d.Currency), b.money(d.Paid, d.Currency), b.money(d.Remaining(), d.Currency)}); err != nil {
			return t, err
		}
	}
	t.lastRow = len(deals) + 1
	sort.Strings(t.currencies)
	// One totals row per currency, below a blank row so that sorting or
	// filtering the table leaves them alone. Each is a SUMIF over the
	// currency column: amounts of different currencies are never added.
	for i, code := range t.currencies {
		r := t.lastRow + 2 + i
		c := b.currency(code)
		row := []any{excelize.Cell{StyleID: b.bold, Value: "Total"}, nil, nil, excelize.Cell{StyleID: b.bold, Value: code}}
		for col := 5; col <= len(balanceCols); col++ {
			name, _ := excelize.ColumnNumberToName(col)
			row = append(row, formula(c.total, fmt.Sprintf("SUMIF(%s,$%s$%d,%s)",
				colRange("", balCurrencyCol, 2, t.lastRow), balCurrencyCol, r, colRange("", name, 2, t.lastRow))))
		}
		if err := setRow(sw, r, row); err != nil {
			return t, err
		}
	}
	if err := sw.Flush(); err != nil {
		return t, fmt.Errorf("sheet %s: %w", SheetBalances, err)
	}
	return t, nil
}

var creatorCols = []column{{"Creator", 26}, {"Email", 30}, {"Year", 7}, {"Currency", 9}, {"Payments", 10}, {"Paid", 14},
	{"Creator ID", 10}}

func (b *book) writeCreators(rows []ledger.CreatorYearPaid) error {
	sw, err := b.table(SheetCreators, creatorCols, len(rows))
	if err != nil {
		return err
	}
	for i, c := range rows {
		if err := setRow(sw, i+2, []any{b.text(c.CreatorName), b.text(c.Email), c.Year, c.Currency, c.Payments, b.money(c.Paid, c.Currency),
			c.CreatorID}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetCreators, err)
	}
	return nil
}

// summaryCols: the activity columns are for the range; Remaining is the
// balance to date (as of the range's end), as on the Balances sheet.
var summaryCols = []column{
	{"Currency", 20}, {"Transfers in range", 20}, {"Commission in range", 19}, {"Fixed fees in range", 19},
	{"Bonuses in range", 17}, {"Paid in range", 15}, {"Remaining, to date", 18}, {"Debits (sheet)", 16}, {"Credits", 16}, {"Difference", 13}, {"Check", 9},
}

// currencyFigures are a currency's totals over the range, from the sums per
// account of the transfers written.
type currencyFigures struct {
	commission, fees, bonuses, paid, credits int64
}

func (b *book) writeSummary(s *ledger.Store, flt ledger.ExportFilter, opt Options, tx txTotals, bal balTotals) error {
	figs := map[string]*currencyFigures{}
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
			f = &currencyFigures{}
			figs[k.currency] = f
		}
		net := tx.debits[k] - tx.credits[k] // what left the account
		f.credits += tx.credits[k]
		switch k.account {
		case ledger.AccCommissionExpense:
			f.commission += net
		case ledger.AccFeeExpense:
			f.fees += net
		case ledger.AccBonusExpense:
			f.bonuses += net
		case ledger.AccStripeCash, ledger.AccOfflineCash:
			f.paid -= net
		}
	}
	codes := make([]string, 0, len(figs)+len(bal.currencies))
	for code := range figs {
		codes = append(codes, code)
	}
	for _, code := range bal.currencies {
		if figs[code] == nil {
			figs[code] = &currencyFigures{}
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)

	sw, err := b.table(SheetSummary, summaryCols, len(codes))
	if err != nil {
		return err
	}
	for i, code := range codes {
		r := i + 2
		f, c := figs[code], b.currency(code)
		ref := "$A$" + strconv.Itoa(r)
		if err := setRow(sw, r, []any{
			code, tx.count[code],
			b.money(f.commission, code), b.money(f.fees, code), b.money(f.bonuses, code), b.money(f.paid, code),
			formula(c.amount, fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(SheetBalances, balCurrencyCol, 2, bal.lastRow), ref,
				colRange(SheetBalances, balRemainingCol, 2, bal.lastRow))),
			formula(c.amount, fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(SheetTransactions, txCurrencyCol, 2, tx.lastRow), ref,
				colRange(SheetTransactions, txAmountCol, 2, tx.lastRow))),
			b.money(f.credits, code),
			// Spreadsheets add in binary floating point: a sum of
			// cents can be off by 1e-12, so the difference is rounded
			// to the currency's decimals before it is judged.
			formula(c.amount, fmt.Sprintf("ROUND(H%d-I%d,%d)", r, r, c.Exponent)),
			formula(0, fmt.Sprintf(`IF(J%d=0,"OK","MISMATCH")`, r)),
		}); err != nil {
			return err
		}
	}

	// What the export is: below the table, label and value.
	r := len(codes) + 3
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
		{"Last transfer ID", flt.UpTo},
		{"Check", "Debits (sheet) is this workbook's sum of the Transactions amounts; Credits is what the ledger credited to every account; OK when they are equal"},
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

// foldASCII lowercases ASCII letters only, as SQLite's NOCASE collation.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
