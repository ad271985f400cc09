package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/payouts/payouts/ledger"
)

func payoutCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "payout", Short: "The payout queue: request, cancel, pay, list"}
	var dealArg idFlag
	var amount, comment, opID, reqDate string
	req := &cobra.Command{
		Use: "request --deal ID --amount AMOUNT", Short: "Put a payout in the queue; prints the request's ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			v, err := dealAmount(ctx, s, deal, amount)
			if err != nil {
				return err
			}
			id, err := s.RequestPayout(ctx, ledger.RequestInput{OpID: opID, DealID: deal, Amount: v, Comment: comment, Date: reqDate})
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	req.Flags().Var(&dealArg, "deal", "deal ID")
	req.Flags().StringVar(&amount, "amount", "", "amount to pay, at most what is owed")
	req.Flags().StringVar(&comment, "comment", "", "internal comment")
	req.Flags().StringVar(&reqDate, "date", "", "the request's date, YYYY-MM-DD, not in the future (default today); to record a payout made earlier, give the request and the payment the same past date")
	req.Flags().StringVar(&opID, "op-id", "", "operation ID")
	req.MarkFlagRequired("deal")
	req.MarkFlagRequired("amount")

	cancel := &cobra.Command{
		Use: "cancel REQUEST_ID", Short: "Cancel a request: the amount is owed again", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("payout request", args[0])
			if err != nil {
				return err
			}
			return s.CancelRequest(ctx, opID, id, comment)
		}),
	}
	cancel.Flags().StringVar(&comment, "comment", "", "why it is cancelled")
	cancel.Flags().StringVar(&opID, "op-id", "", "operation ID")

	var offline, viaStripe bool
	var reference, method, date, homeAmount string
	pay := &cobra.Command{
		Use:   "pay REQUEST_ID... (--stripe | --offline --reference REF)",
		Short: "Pay requests with Stripe, or record them as paid outside Payouts (several requests of one creator and currency paid by one transfer share one reference)",
		Args:  cobra.MinimumNArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			ids := make([]int64, len(args))
			for i, a := range args {
				id, err := parseID("payout request", a)
				if err != nil {
					return err
				}
				ids[i] = id
			}
			switch {
			case viaStripe && offline:
				return ledger.Errorf(ledger.EINVALID, "choose one: --stripe or --offline")
			case viaStripe && homeAmount != "":
				return ledger.Errorf(ledger.EINVALID, "--home-amount is for payments made outside Payouts (--offline)")
			case viaStripe:
				return payStripe(ctx, s, ids)
			case !offline:
				return ledger.Errorf(ledger.EINVALID, "say how it is paid: --stripe (sends it now) or --offline --reference REF (paid elsewhere)")
			}
			if reference == "" {
				return ledger.Errorf(ledger.EINVALID, "payment reference required with --offline (the bank or PayPal transaction reference)")
			}
			home, homeCur, err := parseHomeAmount(ctx, s, homeAmount)
			if err != nil {
				return err
			}
			// Several IDs are one payment: all are recorded, or none.
			in := ledger.PayInput{OpID: opID, Method: method, Date: date, Reference: reference, Comment: comment, RequestIDs: ids,
				HomeAmount: home, HomeCurrency: homeCur}
			if err := s.PayOffline(ctx, in); err != nil {
				return err
			}
			remitAfterPay(ctx, s, ids...)
			return nil
		}),
	}
	pay.Flags().BoolVar(&offline, "offline", false, "the payment was made outside Payouts")
	// --ref is what people type for --reference (the bank's own word).
	pay.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "ref" {
			name = "reference"
		}
		return pflag.NormalizedName(name)
	})
	pay.Flags().BoolVar(&viaStripe, "stripe", false, "send it now with a Stripe transfer to the deal's connected account")
	pay.Flags().StringVar(&reference, "reference", "", "the payment's reference: one payment, of one or several requests of one creator in one currency")
	pay.Flags().StringVar(&method, "method", ledger.MethodBank, "bank, paypal or other")
	pay.Flags().StringVar(&date, "date", "", "payment date, YYYY-MM-DD (default today): not before the request's date, not in the future")
	pay.Flags().StringVar(&comment, "comment", "", "comment")
	pay.Flags().StringVar(&homeAmount, "home-amount", "", "what the bank actually debited, in the home currency (payouts settings home-currency), for a payment in another currency")
	pay.Flags().StringVar(&opID, "op-id", "", "operation ID")

	var status, format string
	var listDeal idFlag
	var list *cobra.Command
	list = &cobra.Command{
		Use: "list [--status S] [--deal ID]", Short: "List payout requests; the table ends with totals per status and currency, as the queue shows them", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			q := ledger.RequestQuery{Status: status}
			if list.Flags().Changed("deal") {
				deal, err := listDeal.id("deal")
				if err != nil {
					return err
				}
				if _, err := s.Deal(ctx, deal); err != nil {
					return err
				}
				q.DealID = deal
			}
			rs, err := s.Requests(ctx, q)
			if err != nil {
				return err
			}
			t := table{header: []string{"id", "deal", "creator", "campaign", "currency", "amount", "status", "method", "reference", "paid_date", "payee"}}
			for _, r := range rs {
				payee := "ready"
				if !r.PayeeReady {
					payee = "Payout details missing"
				}
				t.rows = append(t.rows, []string{itoa(r.ID), itoa(r.DealID), r.CreatorName, r.CampaignName, r.Currency,
					ledger.Format(r.Amount, r.Currency), r.Status, r.Method, r.Reference, r.PaidDate, payee})
			}
			t.right = map[int]bool{5: true}
			if (format == "" || format == "table") && q.DealID == 0 {
				if t.footer, err = requestTotalsRows(ctx, s, status); err != nil {
					return err
				}
			}
			return t.write(format)
		}),
	}
	list.Flags().StringVar(&status, "status", "", "only this status: requested, paid, cancelled ...")
	list.Flags().Var(&listDeal, "deal", "only this deal's requests")
	formatFlag(list, &format)
	var reason string
	reverse := &cobra.Command{
		Use: "reverse REQUEST_ID --reason TEXT", Short: "Undo a payment: back to owed, both lines kept (a Stripe payment is reversed in Stripe first)", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("payout request", args[0])
			if err != nil {
				return err
			}
			r, err := s.Request(ctx, id)
			if err != nil {
				return err
			}
			if r.Method != ledger.MethodStripe {
				return s.ReversePayment(ctx, ledger.ReverseInput{OpID: opID, RequestID: id, Reason: reason})
			}
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			trr, err := sv.Reverse(ctx, id, reason)
			if err == nil {
				fmt.Printf("request %d reversed in Stripe: %s\n", id, trr)
			}
			return err
		}),
	}
	reverse.Flags().StringVar(&reason, "reason", "", "why (kept in the history)")
	reverse.Flags().StringVar(&opID, "op-id", "", "operation ID")
	reverse.MarkFlagRequired("reason")
	c.AddCommand(req, cancel, pay, reverse, list)
	return c
}

// requestTotalsRows are the queue's totals per status and currency (summed
// by the ledger, never across currencies), as footer rows of payout list.
func requestTotalsRows(ctx context.Context, s *ledger.Store, status string) ([][]string, error) {
	totals, err := s.RequestTotals(ctx)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, t := range totals {
		if status != "" && t.Status != status {
			continue
		}
		rows = append(rows, []string{"total", "", "", "", t.Currency, ledger.Format(t.Amount, t.Currency), t.Status, "", "", "",
			fmt.Sprintf("%d request(s)", t.Count)})
	}
	return rows, nil
}
