package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func bonusCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "bonus", Short: "Bonuses (extra payments): add, void"}
	var dealArg idFlag
	var amount, comment, opID string
	add := &cobra.Command{
		Use: "add --deal ID --amount AMOUNT", Short: "Add a bonus, payable at once; prints the bonus's ID (its transfer's)", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			v, err := dealAmount(ctx, s, deal, amount)
			if err != nil {
				return err
			}
			id, err := s.AddBonus(ctx, ledger.BonusInput{OpID: opID, DealID: deal, Amount: v, Comment: comment})
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	add.Flags().Var(&dealArg, "deal", "deal ID")
	add.Flags().StringVar(&amount, "amount", "", "bonus amount")
	add.Flags().StringVar(&comment, "comment", "", "comment")
	add.Flags().StringVar(&opID, "op-id", "", "operation ID")
	add.MarkFlagRequired("deal")
	add.MarkFlagRequired("amount")
	c.AddCommand(add, bonusVoidCmd(e))
	return c
}

func bonusVoidCmd(e *env) *cobra.Command {
	var comment, opID string
	c := &cobra.Command{
		Use:   "void BONUS_ID [--comment TEXT]",
		Short: "Void a bonus (a reversing transfer; history is kept)",
		Long: `Void a bonus given by mistake: its amount is taken back from what the deal
is owed, by a transfer that reverses the bonus. If the bonus was already
requested or paid, owed goes below zero: the next payouts make up for it.
The bonus's ID is what "bonus add" printed; "deal show" lists the bonuses.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("bonus", args[0])
			if err != nil {
				return err
			}
			return s.VoidBonus(ctx, opID, id, comment)
		}),
	}
	c.Flags().StringVar(&comment, "comment", "", "why it is voided")
	c.Flags().StringVar(&opID, "op-id", "", "operation ID")
	return c
}
