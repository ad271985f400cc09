package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func feeCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "fee", Short: "Fixed fees: add, confirm, void"}
	var dealArg idFlag
	var amount, comment, opID string
	var confirm bool
	add := &cobra.Command{
		Use: "add --deal ID --amount AMOUNT", Short: "Agree a fixed fee; prints the fee's ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			v, err := dealAmount(ctx, s, deal, amount)
			if err != nil {
				return err
			}
			id, err := s.AddFee(ctx, ledger.FeeInput{OpID: opID, DealID: deal, Amount: v, Comment: comment, Confirm: confirm})
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	add.Flags().Var(&dealArg, "deal", "deal ID")
	add.Flags().StringVar(&amount, "amount", "", "fee amount, such as 500.00")
	add.Flags().StringVar(&comment, "comment", "", "comment")
	add.Flags().BoolVar(&confirm, "confirm", false, "confirm now (the content is verified)")
	add.Flags().StringVar(&opID, "op-id", "", "operation ID")
	add.MarkFlagRequired("deal")
	add.MarkFlagRequired("amount")
	conf := &cobra.Command{
		Use: "confirm FEE_ID", Short: "Confirm a scheduled fee: it becomes payable", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("fee", args[0])
			if err != nil {
				return err
			}
			return s.ConfirmFee(ctx, opID, id)
		}),
	}
	conf.Flags().StringVar(&opID, "op-id", "", "operation ID")
	void := &cobra.Command{
		Use: "void FEE_ID", Short: "Void a fee (a reversing transfer; history is kept)", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("fee", args[0])
			if err != nil {
				return err
			}
			return s.VoidFee(ctx, opID, id, comment)
		}),
	}
	void.Flags().StringVar(&comment, "comment", "", "why it is voided")
	void.Flags().StringVar(&opID, "op-id", "", "operation ID")
	c.AddCommand(add, conf, void)
	return c
}
