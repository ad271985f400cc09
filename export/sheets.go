package export

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// transactionCols: Posting date is the day of the books a transfer is in
// (what the range selects); Document date is when it happened, earlier
// when it arrived after its period was closed; Recorded at is when it was
// written.
var transactionCols = []column{
	{"Posting date", 11}, {"Deal", 7}, {"Creator", 24}, {"Campaign", 22}, {"Kind", 18}, {"From account", 26}, {"To account", 26},
	{"Amount", 14}, {"Currency", 9}, {"Method", 9}, {"Reference", 20}, {"Operator", 14}, {"Comment", 30}, {"Operation ID", 34},
	// IDs that trace a row: the transfer (the journal's reference), the
	// transfer a reversal undoes, and the request, fee or order it is of.
	// Last, so the columns the Summary's formulas read stay where they are.
	{"Transfer", 14}, {"Reverses", 14}, {"Request", 9}, {"Fee", 9}, {"Order", 16},
	{"Document date", 11}, {"Recorded at (UTC)", 19},
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
	lastID  int64 // the highest transfer ID in the range
	count   map[string]int
	debits  map[accountKey]int64
	credits map[accountKey]int64
	// balances are built from the rows when the range starts at the first
	// transfer: then the rows are every transfer up to the end, and a
	// second pass over the ledger (BalancesAsOf) would read them again.
	balances map[int64]*ledger.DealBalance
	// activity is what the rows moved on the creator accounts, per
	// currency and kind: the Summary's roll-forward.
	activity ledger.RollForwardActivity
}

// accountKey is an account of one currency.
type accountKey struct{ currency, account string }

// progressEvery is how many rows pass between progress reports.
const progressEvery = 4096

func (b *book) writeTransactions(ctx context.Context, rd *ledger.ExportReader, flt ledger.ExportFilter, total int, progress func(int, int)) (txTotals, error) {
	t := txTotals{lastRow: 1, count: map[string]int{}, debits: map[accountKey]int64{}, credits: map[accountKey]int64{},
		activity: ledger.RollForwardActivity{}}
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
		row[19] = b.dateCell(r.DocumentDate)
		row[20] = excelize.Cell{StyleID: b.datetime, Value: timeSerial(ledger.FromMillis(r.RecordedAt))}
		n++
		t.lastID = max(t.lastID, r.ID)
		if err := setRow(sw, n+1, row); err != nil {
			return err
		}
		t.count[r.Currency]++
		t.debits[accountKey{r.Currency, r.From}] += r.Amount
		t.credits[accountKey{r.Currency, r.To}] += r.Amount
		t.activity.Apply(r)
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

// balanceCols: each deal's balances at the range's end (everything posted
// up to it, "to date", Paid included), then at its start (everything
// posted before it, the opening balances); the headers say which, beside
// the Summary's figures for the range. The closing balances come first,
// where they always were, so a reader's formulas over them keep working.
var balanceCols = []column{
	{"Deal", 7}, {"Creator", 24}, {"Campaign", 22}, {"Currency", 9},
	{"Scheduled at end, to date", 17}, {"Held at end, to date", 15}, {"Owed at end, to date", 15},
	{"Requested at end, to date", 18}, {"Paid at end, to date", 15}, {"Remaining at end, to date", 18},
	{"Opening scheduled, before range", 17}, {"Opening held, before range", 15}, {"Opening owed, before range", 15},
	{"Opening requested, before range", 18}, {"Opening paid, before range", 15}, {"Opening remaining, before range", 18},
}

// Columns of Balances the Summary's formulas read: the currency, the
// closing balances of the four creator accounts and their remaining, and
// the opening balances of the four.
const (
	balCurrencyCol  = "D"
	balRemainingCol = "J"
)

var (
	balClosingCols = [4]string{"E", "F", "G", "H"} // scheduled, held, owed, requested at the end
	balOpeningCols = [4]string{"K", "L", "M", "N"} // the same, before the range
)

// balTotals is what writing Balances learned: its last data row and the
// currencies it holds.
type balTotals struct {
	lastRow    int
	currencies []string
}

// writeBalances writes the deals' balances as of the range's end (built
// from the stream when the range has no start, else as read with
// BalancesAsOf) and as of its start (opening, read apart; none when the
// range has no start).
func (b *book) writeBalances(deals, opening []ledger.DealBalance, tx txTotals) (balTotals, error) {
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
	open := make(map[int64]ledger.DealBalance, len(opening))
	for _, d := range opening {
		open[d.DealID] = d
	}
	seen := map[string]bool{}
	for i, d := range deals {
		if !seen[d.Currency] {
			seen[d.Currency] = true
			t.currencies = append(t.currencies, d.Currency)
		}
		// A deal with no transfer before the range opens at zero. Every
		// deal with one is among the closing balances too: they read
		// every transfer up to a later day.
		o := open[d.DealID]
		if err := setRow(sw, i+2, []any{d.DealID, b.text(d.CreatorName), b.text(d.CampaignName), d.Currency,
			b.money(d.Scheduled, d.Currency), b.money(d.Held, d.Currency), b.money(d.Owed, d.Currency),
			b.money(d.Requested, d.Currency), b.money(d.Paid, d.Currency), b.money(d.Remaining(), d.Currency),
			b.money(o.Scheduled, d.Currency), b.money(o.Held, d.Currency), b.money(o.Owed, d.Currency),
			b.money(o.Requested, d.Currency), b.money(o.Paid, d.Currency), b.money(o.Remaining(), d.Currency)}); err != nil {
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

// creatorCols: the payments posted in the range, per calendar year of
// their paid date; the headers say so, as every figure's does.
var creatorCols = []column{{"Creator", 26}, {"Email", 30}, {"Year paid", 7}, {"Currency", 9}, {"Payments in range", 10},
	{"Paid in range", 14}, {"Creator ID", 10}}

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
