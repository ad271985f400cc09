package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

func init() {
	extraCommands = append(extraCommands, importCmd, releaseCmd)
}

func importCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Import store orders: commissions from Shopify or other CSV exports",
		Long: `Import a store's order export. Each order is attributed to the deal whose
discount code it used, and its commission is held for the deal's hold days,
then owed. Importing the same orders again changes nothing; a later export
with refunds posts only the difference. Only paid orders earn, held from
their paid date; an order already imported keeps its deal; a row older than
the ledger (a smaller refund, a refunded order paid again) is listed as stale
and not applied. A file whose quoting breaks is refused whole. Rows that
cannot be read are listed with their line and skipped; the exit status is
then 3. See the README's "Importing orders" for every rule.`,
	}
	c.AddCommand(importShopifyCmd(e), importCSVCmd(e), mappingCmd(e), presetCmd(e))
	return c
}

// importFlags are the flags every import takes.
type importFlags struct {
	opID    string
	summary string
}

func (f *importFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.opID, "op-id", "", "operation ID: repeating it with the same files does nothing")
	c.Flags().StringVar(&f.summary, "summary", "", "also save the summary (with every unattributed order and rejected row) to this file")
}

// report prints an import's summary and turns rejected rows into exit 3.
func (f *importFlags) report(res orders.Result) error {
	sum := res.Summary()
	fmt.Print(sum)
	if f.summary != "" {
		// The import is committed by now: a summary that cannot be saved
		// is a warning, not exit 1, which says the ledger is unchanged.
		if err := os.WriteFile(f.summary, []byte(sum), 0o600); err != nil {
			fmt.Fprintf(os.Stderr, "payouts: warning: the import was saved, but its summary could not be written: %v\n", err)
		}
	}
	if n := len(res.Rejected); n > 0 {
		return &exitError{code: exitRejected, err: ledger.Errorf(ledger.EINVALID, "%d rows rejected (listed above); everything else was imported", n)}
	}
	return nil
}

func importShopifyCmd(e *env) *cobra.Command {
	var f importFlags
	c := &cobra.Command{
		Use:   "shopify FILE...",
		Short: "Import Shopify orders exports (Orders > Export > CSV)",
		Args:  cobra.MinimumNArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			// A copy of the ledger as it was, before the import changes it.
			if _, err := s.AutoBackup(ctx, "import"); err != nil {
				return err
			}
			defer s.Announce("an import of orders from " + strings.Join(args, ", "))()
			res, err := orders.ImportShopify(ctx, s, f.opID, args...)
			if err != nil {
				return err
			}
			return f.report(res)
		}),
	}
	f.add(c)
	return c
}

func importCSVCmd(e *env) *cobra.Command {
	var f importFlags
	var mapping, preset, currency string
	c := &cobra.Command{
		Use:   "csv FILE... [--mapping NAME | --preset NAME]",
		Short: "Import another store's CSV export through a preset or a saved column mapping",
		Long: `Import CSV exports of a store other than Shopify, one row per order, through
a built-in preset ('payouts import preset list') or a column mapping saved with
'payouts import mapping set'. Without either, the preset is detected from the
header when exactly one matches, and the import says which it used. The
mapping's or preset's name is the source: the same order ID from the same
source is the same order.`,
		Args: cobra.MinimumNArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if mapping != "" && preset != "" {
				return ledger.Errorf(ledger.EINVALID, "give --mapping or --preset, not both")
			}
			if mapping != "" && currency != "" {
				return ledger.Errorf(ledger.EINVALID, "--currency is for presets: a mapping has its own currency")
			}
			// A copy of the ledger as it was, before the import changes it.
			if _, err := s.AutoBackup(ctx, "import"); err != nil {
				return err
			}
			defer s.Announce("an import of orders from " + strings.Join(args, ", "))()
			if mapping != "" {
				res, err := orders.ImportCSV(ctx, s, f.opID, mapping, args...)
				if err != nil {
					return err
				}
				return f.report(res)
			}
			res, p, err := orders.ImportPreset(ctx, s, f.opID, preset, currency, args...)
			if p.Name != "" && (err == nil || preset == "") {
				how := "detected from the header"
				if preset != "" {
					how = "chosen"
				}
				fmt.Printf("Preset %s (%s: %s), %s.\n", p.Name, p.Store, p.Where, how)
			}
			if err != nil {
				return err
			}
			return f.report(res)
		}),
	}
	f.add(c)
	c.Flags().StringVar(&mapping, "mapping", "", "name of a saved column mapping")
	c.Flags().StringVar(&preset, "preset", "", "name of a built-in preset (see 'payouts import preset list'); detected from the header when neither is given")
	c.Flags().StringVar(&currency, "currency", "", "the store's currency, for a preset whose export has no currency column (WooCommerce Analytics)")
	return c
}

func presetCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "preset", Short: "The built-in presets of store exports"}
	var format string
	list := &cobra.Command{
		Use: "list", Short: "List the presets: store, where to export, what earns", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			t := table{header: []string{"name", "store", "export", "paying_statuses", "date_format", "note"}}
			for _, p := range orders.Presets {
				paying := strings.Join(p.Mapping.PaidStatuses, ",")
				if p.Mapping.Status == "" {
					paying = "(every row)"
				}
				t.rows = append(t.rows, []string{p.Name, p.Store, p.Where, paying, p.Mapping.DateFormat, p.Note})
			}
			return t.write(format)
		},
	}
	formatFlag(list, &format)
	c.AddCommand(list)
	return c
}

func mappingCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "mapping", Short: "Define and list the column mappings of CSV imports"}
	var m orders.Mapping
	var paid, notPaid string
	set := &cobra.Command{
		Use:   "set NAME",
		Short: "Save a column mapping under NAME (replacing one of that name)",
		Example: `  payouts import mapping set woo --order-id "Order Number" --date "Order Date" \
    --code "Coupon Code" --amount "Order Subtotal Amount" --currency "Order Currency" \
    --status "Order Status" --paid-status "completed,processing" \
    --not-paid-status "pending payment,on hold,failed,cancelled,refunded" --refunded "Refund Amount"`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			m.PaidStatuses, m.NotPaidStatuses = orders.SplitStatuses(paid), orders.SplitStatuses(notPaid)
			if err := orders.SaveMapping(ctx, s, args[0], m); err != nil {
				return err
			}
			// Say which rows will earn: a mapping without a status column
			// pays on every row, which the user must know when saving it.
			fmt.Printf("Mapping %q saved. %s.\n", strings.TrimSpace(args[0]), m.StatusRule())
			return nil
		}),
	}
	set.Flags().StringVar(&m.OrderID, "order-id", "", "column of the order ID (required)")
	set.Flags().StringVar(&m.Date, "date", "", "column of the paid date (required)")
	set.Flags().StringVar(&m.Code, "code", "", "column of the discount code(s) (required)")
	set.Flags().StringVar(&m.Amount, "amount", "", "column of the subtotal the commission is on (required)")
	set.Flags().StringVar(&m.Currency, "currency", "", "column of the currency")
	set.Flags().StringVar(&m.FixedCurrency, "fixed-currency", "", "the currency of every order, when the file has no currency column")
	set.Flags().StringVar(&m.Status, "status", "", "column of the financial status (only paid, partially_refunded, refunded earn; without it every order is paid)")
	set.Flags().StringVar(&paid, "paid-status", "", "status words of a paid order, comma-separated, any case (\"completed,processing\"); any word in neither list rejects its row")
	set.Flags().StringVar(&notPaid, "not-paid-status", "", "status words of an order that earns nothing (\"pending payment,on hold,failed\"); refunded and cancelled take back a paid order's commission")
	set.Flags().StringVar(&m.DateFormat, "date-format", "", "how dates are written: iso (2026-10-05 10:12:00, RFC 3339), mdy (10/05/2026) or dmy (05/10/2026, 05.10.2026); without it a date like 03/04/2026 is an error")
	set.Flags().BoolVar(&m.DecimalComma, "decimal-comma", false, "amounts are written with a decimal comma (1.234,56)")
	set.Flags().StringVar(&m.Refunded, "refunded", "", "column of the amount refunded")
	set.Flags().StringVar(&m.Total, "total", "", "column of the order total with shipping and taxes (a refund is shared against it)")
	var format string
	list := &cobra.Command{
		Use: "list", Short: "List the saved mappings", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			all, err := orders.Mappings(ctx, s)
			if err != nil {
				return err
			}
			names := make([]string, 0, len(all))
			for n := range all {
				names = append(names, n)
			}
			sort.Strings(names)
			t := table{header: []string{"name", "order_id", "date", "code", "amount", "currency", "status", "refunded", "total", "paid_statuses", "not_paid_statuses"}}
			for _, n := range names {
				m := all[n]
				cur := m.Currency
				if cur == "" {
					cur = "(all " + m.FixedCurrency + ")"
				}
				t.rows = append(t.rows, []string{n, m.OrderID, m.Date, m.Code, m.Amount, cur, m.Status, m.Refunded, m.Total, strings.Join(m.PaidStatuses, ","), strings.Join(m.NotPaidStatuses, ",")})
			}
			return t.write(format)
		}),
	}
	formatFlag(list, &format)
	c.AddCommand(set, list)
	return c
}

func releaseCmd(e *env) *cobra.Command {
	var opID string
	c := &cobra.Command{
		Use:   "release",
		Short: "Move commissions whose hold has run out from held to owed",
		Long: `Move every commission whose hold has run out (paid date + the deal's hold
days, on or before today) from held to owed. Imports and the app's start do
this too; this is for scripts. Prints how many were released.`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			n, err := s.Release(ctx, opID)
			if err == nil {
				fmt.Println(n)
			}
			return err
		}),
	}
	c.Flags().StringVar(&opID, "op-id", "", "operation ID")
	return c
}
