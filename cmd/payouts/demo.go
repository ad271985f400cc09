package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

func demoCmd(e *env) *cobra.Command {
	var opt demo.Options
	c := &cobra.Command{
		Use: "demo", Short: "Fill an empty ledger with a realistic demo program", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if err := demo.Fill(ctx, s, opt); err != nil {
				return err
			}
			n, err := s.Counts(ctx)
			if err != nil {
				return err
			}
			fmt.Printf("demo ledger: %d creators, %d campaigns, %d deals, %d transfers, %d payout requests\n",
				n.Creators, n.Campaigns, n.Deals, n.Transfers, n.Requests)
			return nil
		}),
	}
	c.Flags().Uint64Var(&opt.Seed, "seed", 1, "random seed: the same seed gives the same program")
	c.Flags().IntVar(&opt.Creators, "creators", 40, "number of creators")
	return c
}
