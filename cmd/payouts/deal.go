package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func dealCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "deal", Short: "Add, list, show and edit deals"}
	var creator, campaign, currency, percent, perOrder, opID string
	var codes []string
	var hold string
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
			days, err := parseDays("--hold-days", hold)
			if err != nil {
				return err
			}
			in := ledger.DealInput{OpID: opID, CreatorID: cr.ID, CampaignID: ca.ID, Currency: cur.Code, Codes: codes, HoldDays: days}
			switch {
			case percent != "" && perOrder != "":
				return ledger.Errorf(ledger.EINVALID, "give either --percent or --per-order, not both")
			case percent != "":
				bp, err := ledger.NumberFormatFromEnv(os.Getenv).ParsePercent(percent)
				if err != nil {
					return err
				}
				in.Rule = ledger.Rule{Kind: ledger.RulePercent, Value: int64(bp)}
			case perOrder != "":
				v, err := typedAmount(perOrder, cur)
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
	add.Flags().StringVar(&hold, "hold-days", strconv.Itoa(ledger.DefaultHoldDays), "days a commission is held (the return window)")
	add.Flags().StringVar(&opID, "op-id", "", "operation ID")
	for _, f := range []string{"creator", "campaign", "currency"} {
		add.MarkFlagRequired(f)
	}
	c.AddCommand(add, dealListCmd(e), dealShowCmd(e), dealCodesCmd(e), dealEditCmd(e))
	return c
}

func dealCodesCmd(e *env) *cobra.Command {
	var set []string
	var opID string
	var c *cobra.Command
	c = &cobra.Command{
		Use:   "codes ID [--set CODE...]",
		Short: "Print a deal's discount codes, one a line; --set replaces them (an empty --set removes all)",
		Long: `Print a deal's discount codes, one a line. With --set, replace them:
--set ANA10 --set ANA20 (or --set ANA10,ANA20) makes those the deal's codes,
and --set "" removes every code. A code belongs to one deal at a time.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("deal", args[0])
			if err != nil {
				return err
			}
			if c.Flags().Changed("set") {
				return s.SetDealCodes(ctx, opID, id, set)
			}
			d, err := s.Deal(ctx, id)
			if err != nil {
				return err
			}
			for _, code := range d.Codes {
				fmt.Println(code)
			}
			return nil
		}),
	}
	c.Flags().StringSliceVar(&set, "set", nil, "the deal's codes from now on (repeatable, or comma-separated; empty removes all)")
	c.Flags().StringVar(&opID, "op-id", "", "operation ID")
	return c
}

func dealEditCmd(e *env) *cobra.Command {
	var hold, opID string
	var c *cobra.Command
	c = &cobra.Command{
		Use:   "edit ID [--hold-days N]",
		Short: "Change a deal's terms (flags not given keep their value)",
		Long: `Change a deal's terms. --hold-days sets the return window of commissions
recorded from now on; a commission already held keeps its release date.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("deal", args[0])
			if err != nil {
				return err
			}
			if !c.Flags().Changed("hold-days") {
				return ledger.Errorf(ledger.EINVALID, "nothing to change: give --hold-days N")
			}
			days, err := parseDays("--hold-days", hold)
			if err != nil {
				return err
			}
			return s.SetDealHoldDays(ctx, opID, id, days)
		}),
	}
	c.Flags().StringVar(&hold, "hold-days", "", "days a commission is held (the return window), 0 to 3650")
	c.Flags().StringVar(&opID, "op-id", "", "operation ID")
	return c
}
