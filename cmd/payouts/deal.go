package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func dealCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "deal", Short: "Add and list deals"}
	var creator, campaign, currency, percent, perOrder, opID string
	var codes []string
	var hold int
	add := &cobra.Command{
		Use:   "add --creator NAME --campaign NAME --currency CUR (--percent P | --per-order AMOUNT)",
		Short: "Add a deal (a creator in a campaign); prints its ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cr, err := s.CreatorByName(ctx, creator)
			if err != nil {
				return err
			}
			ca, err := s.CampaignByName(ctx, campaign)
			if err != nil {
				return err
			}
			cur, err := ledger.LookupCurrency(currency)
			if err != nil {
				return err
			}
			in := ledger.DealInput{OpID: opID, CreatorID: cr.ID, CampaignID: ca.ID, Currency: cur.Code, Codes: codes, HoldDays: hold}
			switch {
			case percent != "" && perOrder != "":
				return ledger.Errorf(ledger.EINVALID, "give either --percent or --per-order, not both")
			case percent != "":
				bp, err := ledger.ParsePercent(percent)
				if err != nil {
					return err
				}
				in.Rule = ledger.Rule{Kind: ledger.RulePercent, Value: int64(bp)}
			case perOrder != "":
				v, err := ledger.ParseAmount(perOrder, cur, false)
				if err != nil {
					return err
				}
				in.Rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: v}
			default:
				return ledger.Errorf(ledger.EINVALID, "commission rule required: --percent P or --per-order AMOUNT")
			}
			id, err := s.AddDeal(ctx, in)
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	add.Flags().StringVar(&creator, "creator", "", "creator name")
	add.Flags().StringVar(&campaign, "campaign", "", "campaign name")
	add.Flags().StringVar(&currency, "currency", "", "ISO 4217 currency, such as USD")
	add.Flags().StringVar(&percent, "percent", "", "commission percent of each order, such as 12.5")
	add.Flags().StringVar(&perOrder, "per-order", "", "flat commission per paying order")
	add.Flags().StringArrayVar(&codes, "code", nil, "discount code attributing orders to this deal (repeatable)")
	add.Flags().IntVar(&hold, "hold-days", ledger.DefaultHoldDays, "days a commission is held (the return window)")
	add.Flags().StringVar(&opID, "op-id", "", "operation ID")
	for _, f := range []string{"creator", "campaign", "currency"} {
		add.MarkFlagRequired(f)
	}
	c.AddCommand(add)
	return c
}
