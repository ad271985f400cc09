package export

import (
	"context"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// entry is one transfer as a journal entry: a debit of the GL account the
// money left and a credit of the one it went to, the same amount. Every
// journal format (the CSV, the Xero and QuickBooks presets, the plain-text
// journal) writes these, so they all carry the same entries.
type entry struct {
	r             *ledger.ExportRow
	debit, credit ledger.GLAccount
}

// memo is the entry's one-line description: what happened, to whom, in
// which campaign, the payment method of a payment, its reference and the
// comment. Line breaks in a comment become spaces: importers reject a
// field that spans lines.
func (e *entry) memo() string {
	r := e.r
	memo := []string{ledger.KindLabel(r.Kind), r.CreatorName, r.CampaignName}
	if isCash(r.From) || isCash(r.To) {
		memo = append(memo, methodLabel(r.Method))
	}
	if r.Reference != "" {
		memo = append(memo, r.Reference)
	}
	if r.Comment != "" {
		memo = append(memo, r.Comment)
	}
	if r.DocumentDate != "" && r.DocumentDate != r.Date {
		// Posted after its own day: it arrived when its period was
		// closed. The memo keeps the day it happened.
		memo = append(memo, "dated "+r.DocumentDate)
	}
	return oneLine(strings.Join(memo, " | "))
}

// eachEntry calls fn for every transfer of flt (already a snapshot) as an
// entry, with the accounts mapped through the chart of accounts.
func eachEntry(ctx context.Context, s *ledger.Store, flt ledger.ExportFilter, fn func(*entry) error) error {
	chart, err := s.Chart(ctx)
	if err != nil {
		return err
	}
	var e entry
	return s.EachTransfer(ctx, flt, func(r *ledger.ExportRow) error {
		e.r = r
		e.debit = chart.For(ledger.ChartKey(r.From, r.Method), r.Currency)
		e.credit = chart.For(ledger.ChartKey(r.To, r.Method), r.Currency)
		return fn(&e)
	})
}

// rangeCurrencies returns the currencies of the transfers of flt (a
// snapshot), sorted.
func rangeCurrencies(ctx context.Context, s *ledger.Store, flt ledger.ExportFilter) ([]string, error) {
	totals, err := s.AccountTotals(ctx, flt)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range totals {
		if len(out) == 0 || out[len(out)-1] != t.Currency {
			out = append(out, t.Currency) // AccountTotals is ordered by currency
		}
	}
	return out, nil
}
