package export

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// payoutCols: the home-currency columns come last, so that importers
// mapped by position keep theirs.
var payoutCols = []column{
	{"Paid date", 11}, {"Creator", 24}, {"Campaign", 22}, {"Amount", 14}, {"Currency", 9}, {"Method", 9},
	{"Reference", 26}, {"Processed by", 14}, {"Comment", 30}, {"Request", 9}, {"Transfer", 14},
	{"Home amount", 14}, {"Home currency", 9}, {"Implied rate", 13}, {"Reversed", 10},
}

// Columns of Payouts the home total reads.
const payoutHomeCol = "L"

// ratePlaces is how many decimals the implied rate shows.
const ratePlaces = 6

// homeOf is a payment's amount in the home currency: the one recorded with
// it, or its own amount when it was paid in the home currency; ok is false
// when neither is known.
func homeOf(p ledger.PaidRow, home string) (amount int64, currency string, ok bool) {
	switch {
	case p.HomeAmount > 0:
		return p.HomeAmount, p.HomeCurrency, true
	case home != "" && p.Currency == home:
		return p.Amount, home, true
	}
	return 0, "", false
}

// writePayouts writes the paid requests of the range, each with what the
// bank debited in the home currency and the rate that implies, and below
// them the total in the home currency: when every payment has an amount in
// it, else a line saying how many lack one.
func (b *book) writePayouts(paid []ledger.PaidRow, home string) error {
	sw, err := b.table(SheetPayouts, payoutCols, len(paid))
	if err != nil {
		return err
	}
	rateStyle, err := b.amountStyles(ratePlaces)
	if err != nil {
		return err
	}
	lacking := 0
	for i, p := range paid {
		var req any
		if p.RequestID != 0 {
			req = p.RequestID
		}
		row := []any{b.dateCell(p.Date), b.text(p.CreatorName), b.text(p.CampaignName), b.money(p.Amount, p.Currency),
			p.Currency, b.text(methodLabel(p.Method)), b.text(p.Reference), b.text(p.PaidBy), b.text(p.Comment), req,
			journalRef(p.TransferID)}
		if amount, cur, ok := homeOf(p, home); ok {
			// The rate is worked out on integers (ledger.ImpliedRate) and
			// only its decimal text becomes the cell's number.
			rate, _ := strconv.ParseFloat(ledger.ImpliedRate(p.Amount, p.Currency, amount, cur, ratePlaces), 64)
			row = append(row, b.money(amount, cur), cur, excelize.Cell{StyleID: rateStyle, Value: rate})
			if cur != home {
				lacking++ // recorded in a home currency since changed
			}
		} else {
			lacking++
			row = append(row, nil, nil, nil)
		}
		// A payment reversed since stays listed (the bank did debit it; the
		// reversal is on Transactions, carrying its home amount back).
		if p.Reversed {
			row = append(row, "Reversed")
		}
		if err := setRow(sw, i+2, row); err != nil {
			return err
		}
	}
	if home != "" && len(paid) > 0 {
		// Below a blank row, so that sorting or filtering leaves it alone.
		r := len(paid) + 3
		var row []any
		if lacking == 0 {
			c := b.currency(home)
			label := fmt.Sprintf("Total in %s, the home currency", home)
			row = []any{excelize.Cell{StyleID: b.bold, Value: label}, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
				formula(c.total, "SUM("+colRange("", payoutHomeCol, 2, len(paid)+1)+")"), excelize.Cell{StyleID: b.bold, Value: home}}
		} else {
			row = []any{excelize.Cell{StyleID: b.bold, Value: fmt.Sprintf("No total in %s, the home currency: %d of %d payments have no home amount",
				home, lacking, len(paid))}}
		}
		if err := setRow(sw, r, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetPayouts, err)
	}
	return nil
}
