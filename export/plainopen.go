package export

import (
	"bufio"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/payouts/payouts/ledger"
)

// openingEquity is the account the opening entries balance against: what
// earlier periods' expenses left in the books.
const openingEquity = "Equity:Opening balances"

// plainOpening is the opening of a ranged plain-text journal: per currency,
// the balance of each balance-sheet account (creator liabilities per deal,
// cash per method) at the end of the day before the range.
type plainOpening struct {
	balances map[string]map[string]int64 // currency -> account name -> balance (debit positive)
	tags     map[string]string           // account name -> declaration tags
}

// readOpening sums every transfer before the range (same campaign, same
// snapshot) into the balance-sheet accounts they moved. Expense accounts
// are left out: a period's journal shows its own expenses, and earlier
// ones are in the opening equity.
func readOpening(ctx context.Context, s *ledger.Store, flt ledger.ExportFilter) (*plainOpening, error) {
	o := &plainOpening{balances: map[string]map[string]int64{}, tags: map[string]string{}}
	if flt.From == "" {
		return o, nil
	}
	from, err := time.Parse(ledger.DateLayout, flt.From)
	if err != nil {
		return nil, err
	}
	before := flt
	before.From, before.To = "", from.AddDate(0, 0, -1).Format(ledger.DateLayout)
	err = eachEntry(ctx, s, before, func(e *entry) error {
		for _, p := range []struct {
			acc ledger.GLAccount
			v   int64
		}{{e.debit, e.r.Amount}, {e.credit, -e.r.Amount}} {
			if p.acc.Type == ledger.GLExpense {
				continue
			}
			name, tags := plainAccount(p.acc, e.r)
			o.tags[name] = tags
			m := o.balances[e.r.Currency]
			if m == nil {
				m = map[string]int64{}
				o.balances[e.r.Currency] = m
			}
			m[name] += p.v
		}
		return nil
	})
	return o, err
}

// currencies are those with an opening balance.
func (o *plainOpening) currencies() []string {
	var out []string
	for c, m := range o.balances {
		for _, v := range m {
			if v != 0 {
				out = append(out, c)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// write writes one entry per currency dated the range's first day: each
// account's balance, and the opening equity that balances them. It records
// the accounts it used in accounts.
func (o *plainOpening) write(bw *bufio.Writer, date string, accounts map[string]string) {
	for _, cur := range o.currencies() {
		m := o.balances[cur]
		names := make([]string, 0, len(m))
		for n, v := range m {
			if v != 0 {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		fmt.Fprintf(bw, "%s * Opening balances %s\n    ; opening:%s\n", date, cur, cur)
		var sum int64
		for _, n := range names {
			sum += m[n]
			accounts[n] = o.tags[n]
			fmt.Fprintf(bw, "    %s  %s %s\n", n, ledger.Format(m[n], cur), cur)
		}
		accounts[openingEquity] = "type:E"
		fmt.Fprintf(bw, "    %s  %s %s\n\n", openingEquity, ledger.Format(-sum, cur), cur)
	}
}
