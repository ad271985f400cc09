package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
	"github.com/payouts/payouts/ledger/orders"
)

func demoCmd(e *env) *cobra.Command {
	var opt demo.Options
	var large bool
	var deals, orderCount, rows int
	var csvPath string
	var c *cobra.Command
	c = &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty ledger with a realistic demo program",
		Long: `Fill an empty ledger with a realistic demo program.

Without --orders (or --large) it writes the small demo: 40 creators in four
campaigns, through the ledger's own operations. With --orders it generates a
large program day by day over two years up to today, in one bulk operation:
--creators creators (default 10,000), --deals deals (default 1.2 per
creator) over 20 campaigns in USD, EUR and GBP, --orders orders with their
commissions, refunds, releases, fixed fees, bonuses, monthly payout
requests and offline payments. --large is the benchmarks' size: 10,000
creators, 12,000 deals, 1,000,000 orders.

--shopify-csv also writes a Shopify orders export whose discount codes are
the program's (for "payouts import"); --orders 0 fills only the deals, to
import that export into.`,
		Example: `  payouts --db big.payouts demo --large
  payouts --db big.payouts demo --creators 2000 --orders 100000 --seed 7
  payouts --db deals.payouts demo --large --orders 0 --shopify-csv orders.csv --rows 1000000`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			flags := func(name string) bool { return c.Flags().Changed(name) }
			if !large && !flags("orders") && !flags("deals") && !flags("shopify-csv") {
				return fillSmall(ctx, s, opt)
			}
			l := demo.DefaultLarge()
			l.Seed = opt.Seed
			if flags("creators") {
				l.Creators = opt.Creators
				l.Deals = opt.Creators * 6 / 5
			}
			if flags("deals") {
				l.Deals = deals
			}
			if flags("orders") {
				l.Orders = orderCount
			}
			return fillLarge(ctx, s, l, csvPath, rows)
		}),
	}
	c.Flags().Uint64Var(&opt.Seed, "seed", 1, "random seed: the same seed gives the same program")
	c.Flags().IntVar(&opt.Creators, "creators", 40, "number of creators (10,000 for the large program)")
	c.Flags().BoolVar(&large, "large", false, "the large program: 10,000 creators, 12,000 deals, 1,000,000 orders")
	c.Flags().IntVar(&deals, "deals", 0, "number of deals of the large program (default 1.2 per creator)")
	c.Flags().IntVar(&orderCount, "orders", 1_000_000, "number of orders of the large program")
	c.Flags().StringVar(&csvPath, "shopify-csv", "", "also write a Shopify orders export matching the program's discount codes to this file")
	c.Flags().IntVar(&rows, "rows", 1_000_000, "rows (line items) of the Shopify export")
	return c
}

func fillSmall(ctx context.Context, s *ledger.Store, opt demo.Options) error {
	if err := demo.Fill(ctx, s, opt); err != nil {
		return err
	}
	return printCounts(ctx, s)
}

func printCounts(ctx context.Context, s *ledger.Store) error {
	n, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("demo ledger: %d creators, %d campaigns, %d deals, %d transfers, %d payout requests\n",
		n.Creators, n.Campaigns, n.Deals, n.Transfers, n.Requests)
	return nil
}

// fillLarge generates the large program, reporting progress on stderr, and
// writes the matching Shopify export when csvPath is set.
func fillLarge(ctx context.Context, s *ledger.Store, l demo.Large, csvPath string, rows int) error {
	if l.Creators <= 0 || l.Orders < 0 || l.Deals < l.Creators {
		return ledger.Errorf(ledger.EINVALID, "the large program needs creators above zero, deals at least as many as creators, and orders zero or more")
	}
	start := time.Now()
	last := start
	res, err := demo.FillLarge(ctx, s, l, func(day int, n int64) {
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "day %d of %d: %d transfers\n", day+1, l.Days, n)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d transfers in %s\n", res.Transfers, time.Since(start).Round(time.Millisecond))
	if err := printCounts(ctx, s); err != nil {
		return err
	}
	if csvPath == "" {
		return nil
	}
	f, err := os.Create(csvPath)
	if err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write %s: %v", csvPath, err)
	}
	n, err := orders.GenerateShopify(f, orders.GenerateOptions{Rows: rows, Seed: l.Seed, Codes: demo.LargeCodes(l),
		Start: s.Now().UTC().AddDate(-1, 0, 0)})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write %s: %v", csvPath, err)
	}
	fmt.Printf("Shopify export: %s, %d rows, %d orders\n", csvPath, rows, n)
	return nil
}
