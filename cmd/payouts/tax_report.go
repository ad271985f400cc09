package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

// taxReportCmd prints the tax-year report: what each creator was paid in a
// calendar year per currency, by method, processor apart from direct.
func taxReportCmd(e *env) *cobra.Command {
	var year int
	var format string
	var showTaxID bool
	c := &cobra.Command{
		Use:   "tax --year YYYY",
		Short: "Paid per creator and currency in a calendar year: by method, processor (PayPal, Stripe) apart from direct (bank, other)",
		Long: `Paid per creator and currency in a calendar year, by payment date, split by method.
Payments through a payment processor (PayPal, Stripe) are reported by the
processor (1099-K in the US) and shown apart from direct payments (bank,
other), which the payer reports (1099-NEC). over_threshold is yes when direct
payments reach the currency's reporting threshold (payouts settings
tax-threshold; 600.00 USD unless set); form_missing is yes when no tax form is
on file. A payment that was reversed does not count.`,
		Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			switch format {
			case "", "table", "csv", "json":
			default:
				return ledger.Errorf(ledger.EINVALID, "unknown format %q: use table, csv or json", format)
			}
			rows, err := s.TaxYearReport(ctx, year)
			if err != nil {
				return err
			}
			return taxReportTable(rows, showTaxID).write(format)
		}),
	}
	c.Flags().IntVar(&year, "year", time.Now().Year()-1, "calendar year (default: last year)")
	c.Flags().BoolVar(&showTaxID, "show-tax-id", false, "print tax IDs whole (masked to the last four characters otherwise)")
	formatFlag(c, &format)
	return c
}

func taxReportTable(rows []ledger.TaxYearRow, showTaxID bool) table {
	t := table{header: []string{"creator_id", "creator", "legal_name", "country", "tax_id", "tax_form", "form_received", "currency", "payments",
		"bank", "paypal", "stripe", "other", "processor", "direct", "paid", "threshold", "over_threshold", "form_missing"},
		right: map[int]bool{8: true, 9: true, 10: true, 11: true, 12: true, 13: true, 14: true, 15: true, 16: true}}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return ""
	}
	for _, r := range rows {
		f := func(v int64) string { return ledger.Format(v, r.Currency) }
		id := ledger.MaskTaxID(r.Tax.TaxID)
		if showTaxID {
			id = r.Tax.TaxID
		}
		threshold := ""
		if r.Threshold > 0 {
			threshold = f(r.Threshold)
		}
		t.rows = append(t.rows, []string{itoa(r.CreatorID), r.CreatorName, r.Tax.LegalName, r.Tax.Country, id, r.Tax.Form, r.Tax.FormReceived,
			r.Currency, strconv.Itoa(r.Payments), f(r.Bank), f(r.PayPal), f(r.Stripe), f(r.Other), f(r.Processor()), f(r.Direct()), f(r.Paid()),
			threshold, yes(r.OverThreshold()), yes(r.FormMissing())})
	}
	return t
}

func init() { extraCommands = append(extraCommands, settingsCmd) }

// settingsCmd reads and changes the ledger's settings that have no other
// command: the home currency and the tax reporting thresholds.
func settingsCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "settings", Short: "Ledger settings: home currency, tax reporting thresholds"}
	home := &cobra.Command{
		Use: "home-currency [CODE]", Short: `Print the home currency, or set it (ISO 4217; "" clears it)`, Args: cobra.MaximumNArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if len(args) == 1 {
				return s.SetHomeCurrency(ctx, args[0])
			}
			cur, err := s.HomeCurrency(ctx)
			if err == nil {
				fmt.Println(cur)
			}
			return err
		}),
	}
	var format string
	threshold := &cobra.Command{
		Use: "tax-threshold [CURRENCY AMOUNT|none]", Short: "List the tax reporting thresholds, or set one currency's (none: no threshold)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 || len(args) > 2 {
				return ledger.Errorf(ledger.EINVALID, "give a currency and an amount (or none), or nothing to list them")
			}
			return nil
		},
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if len(args) == 2 {
				cur, err := ledger.LookupCurrency(args[0])
				if err != nil {
					return err
				}
				var amount int64
				if v := strings.TrimSpace(args[1]); !strings.EqualFold(v, "none") {
					if amount, err = typedAmount(v, cur); err != nil {
						return err
					}
					if amount == 0 {
						return ledger.Errorf(ledger.EINVALID, "a threshold of zero flags everyone: give an amount above zero, or none")
					}
				}
				return s.SetTaxThreshold(ctx, cur.Code, amount)
			}
			th, err := s.TaxThresholds(ctx)
			if err != nil {
				return err
			}
			t := table{header: []string{"currency", "threshold"}, right: map[int]bool{1: true}}
			codes := make([]string, 0, len(th))
			for code := range th {
				codes = append(codes, code)
			}
			sort.Strings(codes)
			for _, code := range codes {
				t.rows = append(t.rows, []string{code, ledger.Format(th[code], code)})
			}
			return t.write(format)
		}),
	}
	formatFlag(threshold, &format)
	c.AddCommand(home, threshold)
	return c
}

// parseHomeAmount reads --home-amount in the home currency of the
// settings; "" is none.
func parseHomeAmount(ctx context.Context, s *ledger.Store, text string) (int64, string, error) {
	if strings.TrimSpace(text) == "" {
		return 0, "", nil
	}
	home, err := s.HomeCurrency(ctx)
	if err != nil {
		return 0, "", err
	}
	if home == "" {
		return 0, "", ledger.Errorf(ledger.EINVALID, "set the home currency first (payouts settings home-currency EUR): --home-amount is in it")
	}
	cur, _ := ledger.LookupCurrency(home)
	amount, err := typedAmount(text, cur)
	if err != nil {
		return 0, "", ledger.Errorf(ledger.EINVALID, "--home-amount: %s", ledger.ErrorMessage(err))
	}
	if amount == 0 {
		return 0, "", ledger.Errorf(ledger.EINVALID, "--home-amount must be above zero")
	}
	return amount, home, nil
}
