package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, accountsCmd) }

// accountsCmd is the chart of accounts: which GL account code and name each
// ledger account exports as.
func accountsCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "accounts", Short: "The chart of accounts: GL codes and names the exports use"}

	var in ledger.MapAccountInput
	mapCmd := &cobra.Command{
		Use:   "map ACCOUNT [--code CODE] [--name NAME] [--currency CUR] [--reset]",
		Short: "Map a ledger account to a GL account code and name (for every currency, or one)",
		Long: `Map a ledger account to the code and name of an account in your general
ledger. The journal CSV, the Xero and QuickBooks presets and the plain-text
journal write them. ACCOUNT is one of the names "accounts list" shows:
commission_expense, fee_expense, bonus_expense, scheduled, held, owed,
requested, bank_cash, paypal_cash, stripe_cash, other_cash.

A code or a name alone changes only that; --currency maps the account for
one currency (a USD bank account apart from a EUR one); --reset removes a
mapping, back to the every-currency one or the built-in default.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			in.Account = args[0]
			return s.MapAccount(ctx, in)
		}),
	}
	mapCmd.Flags().StringVar(&in.Code, "code", "", "GL account code (letters, digits, - . _; at most 10)")
	mapCmd.Flags().StringVar(&in.Name, "name", "", `GL account name (one line, no ":")`)
	mapCmd.Flags().StringVar(&in.Currency, "currency", "", "only for this currency (default: every currency)")
	mapCmd.Flags().BoolVar(&in.Reset, "reset", false, "remove the mapping")
	mapCmd.Flags().StringVar(&in.OpID, "op-id", "", "operation ID")

	var format string
	list := &cobra.Command{
		Use:   "list [--format table|csv|json]",
		Short: "List the chart of accounts: each ledger account's GL code and name",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			accs, err := s.ChartList(ctx)
			if err != nil {
				return err
			}
			t := table{header: []string{"account", "currency", "code", "name", "type", "source"}}
			for _, a := range accs {
				cur, src := a.Currency, "default"
				if cur == "" {
					cur = "all"
				}
				if a.Mapped {
					src = "mapped"
				}
				t.rows = append(t.rows, []string{a.Account, cur, a.Code, a.Name, a.Type, src})
			}
			return t.write(format)
		}),
	}
	formatFlag(list, &format)

	taxRate := &cobra.Command{
		Use:   "xero-tax-rate [NAME]",
		Short: `Print or set the TaxRate of Xero journals ("" returns to "` + export.XeroTaxRate + `")`,
		Long: `Print or set the TaxRate column of Xero journal exports: the name of a tax
rate of your Xero organisation, which differs per region ("Tax Exempt" in the
US, "No VAT" in the UK, "No GST" in New Zealand, "BAS Excluded" in
Australia). export journal --tax-rate overrides it for one export.`,
		Args: cobra.MaximumNArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if len(args) == 1 {
				return export.SetXeroTaxRate(ctx, s, args[0])
			}
			v, err := export.XeroTaxRateOf(ctx, s)
			if err == nil {
				fmt.Println(v)
			}
			return err
		}),
	}
	c.AddCommand(mapCmd, list, taxRate)
	return c
}
