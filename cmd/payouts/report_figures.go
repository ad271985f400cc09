package main

import (
	"context"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, reportCmd) }

// reportCmd prints what each deal, creator or campaign brought in against
// what it cost: the figures of the Reports screen and of the workbook's
// Attribution sheet.
func reportCmd(e *env) *cobra.Command {
	var by, from, to, currency, format string
	c := &cobra.Command{
		Use:   "report",
		Short: "Revenue against cost per deal, creator or campaign, per currency, over a date range",
		Long: `Revenue against cost per deal, creator or campaign, one row per currency
(amounts in different currencies are never added). Orders and revenue count by
the order's paid date (an order counts once it earns: paid, not cancelled;
revenue is its commission base after refunds); commission, fees, bonuses and
paid by their posting date. Cost is commission + fees + bonuses, net is revenue
- cost, return on spend is revenue / cost (empty when there was no cost).`,
		Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if currency != "" {
				cur, err := ledger.LookupCurrency(strings.ToUpper(strings.TrimSpace(currency)))
				if err != nil {
					return err
				}
				currency = cur.Code
			}
			switch format {
			case "", "table", "csv", "json":
			default:
				return ledger.Errorf(ledger.EINVALID, "unknown format %q: use table, csv or json", format)
			}
			rows, err := s.Report(ctx, ledger.ReportQuery{By: by, From: from, To: to, Currency: currency})
			if err != nil {
				return err
			}
			return reportTable(by, rows, format == "" || format == "table").write(format)
		}),
	}
	c.Flags().StringVar(&by, "by", ledger.ReportByCreator, "one row per deal, creator or campaign (and currency)")
	c.Flags().StringVar(&from, "from", "", "first day, YYYY-MM-DD (default: the first record)")
	c.Flags().StringVar(&to, "to", "", "last day, YYYY-MM-DD, included (default: the last record)")
	c.Flags().StringVar(&currency, "currency", "", "only this currency (default: every currency, each in its own rows)")
	formatFlag(c, &format)
	c.AddCommand(taxReportCmd(e))
	return c
}

// reportColumns are the figures after the row's names, from currency on.
var reportColumns = []string{"currency", "orders", "revenue", "commission", "fees", "bonuses", "cost", "paid", "net", "return_on_spend"}

// reportTable lays the rows out with the names of the grouping first; with
// totals, a footer line per currency sums them (the table format only).
func reportTable(by string, rows []ledger.ReportRow, totals bool) table {
	var names []string
	switch by {
	case ledger.ReportByDeal:
		names = []string{"deal", "creator", "campaign"}
	case ledger.ReportByCampaign:
		names = []string{"campaign"}
	default:
		names = []string{"creator"}
	}
	t := table{header: append(append([]string{}, names...), reportColumns...), right: map[int]bool{}}
	for i := len(names) + 1; i < len(t.header); i++ {
		t.right[i] = true
	}
	sums := map[string]*ledger.ReportRow{}
	var order []string
	for _, r := range rows {
		var lead []string
		switch by {
		case ledger.ReportByDeal:
			lead = []string{itoa(r.DealID), r.CreatorName, r.CampaignName}
		case ledger.ReportByCampaign:
			lead = []string{r.CampaignName}
		default:
			lead = []string{r.CreatorName}
		}
		t.rows = append(t.rows, append(lead, reportFigures(r)...))
		s := sums[r.Currency]
		if s == nil {
			s = &ledger.ReportRow{Currency: r.Currency}
			sums[r.Currency] = s
			order = append(order, r.Currency)
		}
		s.Orders += r.Orders
		s.Revenue += r.Revenue
		s.Commission += r.Commission
		s.Fees += r.Fees
		s.Bonuses += r.Bonuses
		s.Paid += r.Paid
	}
	if totals && len(rows) > 1 {
		sort.Strings(order)
		for _, cur := range order {
			lead := make([]string, len(names))
			lead[0] = "total"
			t.footer = append(t.footer, append(lead, reportFigures(*sums[cur])...))
		}
	}
	return t
}

// reportFigures are a row's columns from currency on: amounts as in
// balances (plain decimals), return on spend with two decimals.
func reportFigures(r ledger.ReportRow) []string {
	f := func(v int64) string { return ledger.Format(v, r.Currency) }
	return []string{r.Currency, itoa(r.Orders), f(r.Revenue), f(r.Commission), f(r.Fees), f(r.Bonuses), f(r.Cost()),
		f(r.Paid), f(r.Net()), r.ReturnOnSpendText()}
}
