package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

// parseID reads an ID argument.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "invalid %s ID %q", what, s)
	}
	return id, nil
}

// dealAmount parses an amount in the currency of a deal.
func dealAmount(ctx context.Context, s *ledger.Store, dealID int64, text string) (int64, error) {
	d, err := s.Deal(ctx, dealID)
	if err != nil {
		return 0, err
	}
	cur, err := ledger.LookupCurrency(d.Currency)
	if err != nil {
		return 0, err
	}
	return ledger.ParseAmount(text, cur, false)
}

func printID(cmd *cobra.Command, id int64) {
	fmt.Fprintln(cmd.OutOrStdout(), id)
}

func creatorCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "creator", Short: "Add, edit and list creators"}
	var in ledger.CreatorInput
	add := &cobra.Command{
		Use: "add NAME", Short: "Add a creator; prints its ID", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			in.Name = args[0]
			id, err := s.AddCreator(ctx, in)
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	creatorFlags(add, &in)
	var edit ledger.CreatorInput
	var editCmd *cobra.Command
	editCmd = &cobra.Command{
		Use: "edit ID", Short: "Change a creator's details (flags not given keep their value)", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("creator", args[0])
			if err != nil {
				return err
			}
			cur, err := s.Creator(ctx, id)
			if err != nil {
				return err
			}
			next := ledger.CreatorInput{OpID: edit.OpID, Name: cur.Name, Email: cur.Email, Handle: cur.Handle, Notes: cur.Notes, PayoutDetails: cur.PayoutDetails}
			f := editCmd.Flags()
			if f.Changed("name") {
				next.Name = edit.Name
			}
			if f.Changed("email") {
				next.Email = edit.Email
			}
			if f.Changed("handle") {
				next.Handle = edit.Handle
			}
			if f.Changed("notes") {
				next.Notes = edit.Notes
			}
			if f.Changed("payout-details") {
				next.PayoutDetails = edit.PayoutDetails
			}
			return s.UpdateCreator(ctx, id, next)
		}),
	}
	creatorFlags(editCmd, &edit)
	editCmd.Flags().StringVar(&edit.Name, "name", "", "new name")
	var format string
	list := &cobra.Command{
		Use: "list", Short: "List creators", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cs, err := s.Creators(ctx, "")
			if err != nil {
				return err
			}
			t := table{header: []string{"id", "name", "email", "handle", "payout_details"}}
			for _, c := range cs {
				t.rows = append(t.rows, []string{strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Handle, c.PayoutDetails})
			}
			return t.write(format)
		}),
	}
	formatFlag(list, &format)
	c.AddCommand(add, editCmd, list)
	return c
}

func creatorFlags(c *cobra.Command, in *ledger.CreatorInput) {
	c.Flags().StringVar(&in.Email, "email", "", "email address")
	c.Flags().StringVar(&in.Handle, "handle", "", "social handle, such as @ana")
	c.Flags().StringVar(&in.Notes, "notes", "", "free notes")
	c.Flags().StringVar(&in.PayoutDetails, "payout-details", "", "offline payout details (bank or PayPal), as text")
	c.Flags().StringVar(&in.OpID, "op-id", "", "operation ID: repeating it with the same input does nothing")
}

func campaignCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "campaign", Short: "Add and list campaigns"}
	var in ledger.CampaignInput
	add := &cobra.Command{
		Use: "add NAME", Short: "Add a campaign; prints its ID", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			in.Name = args[0]
			id, err := s.AddCampaign(ctx, in)
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	add.Flags().StringVar(&in.Notes, "notes", "", "free notes")
	add.Flags().StringVar(&in.OpID, "op-id", "", "operation ID")
	var format string
	list := &cobra.Command{
		Use: "list", Short: "List campaigns", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cs, err := s.Campaigns(ctx)
			if err != nil {
				return err
			}
			t := table{header: []string{"id", "name", "notes"}}
			for _, c := range cs {
				t.rows = append(t.rows, []string{strconv.FormatInt(c.ID, 10), c.Name, c.Notes})
			}
			return t.write(format)
		}),
	}
	formatFlag(list, &format)
	c.AddCommand(add, list)
	return c
}

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

func feeCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "fee", Short: "Fixed fees: add, confirm, void"}
	var deal int64
	var amount, comment, opID string
	var confirm bool
	add := &cobra.Command{
		Use: "add --deal ID --amount AMOUNT", Short: "Agree a fixed fee; prints the fee's ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
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
	add.Flags().Int64Var(&deal, "deal", 0, "deal ID")
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

func bonusCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "bonus", Short: "Bonuses (extra payments)"}
	var deal int64
	var amount, comment, opID string
	add := &cobra.Command{
		Use: "add --deal ID --amount AMOUNT", Short: "Add a bonus, payable at once; prints the transfer's ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
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
	add.Flags().Int64Var(&deal, "deal", 0, "deal ID")
	add.Flags().StringVar(&amount, "amount", "", "bonus amount")
	add.Flags().StringVar(&comment, "comment", "", "comment")
	add.Flags().StringVar(&opID, "op-id", "", "operation ID")
	add.MarkFlagRequired("deal")
	add.MarkFlagRequired("amount")
	c.AddCommand(add)
	return c
}

func payoutCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "payout", Short: "The payout queue: request, cancel, pay, list"}
	var deal int64
	var amount, comment, opID string
	req := &cobra.Command{
		Use: "request --deal ID --amount AMOUNT", Short: "Put a payout in the queue; prints the request's ID", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			v, err := dealAmount(ctx, s, deal, amount)
			if err != nil {
				return err
			}
			id, err := s.RequestPayout(ctx, ledger.RequestInput{OpID: opID, DealID: deal, Amount: v, Comment: comment})
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	req.Flags().Int64Var(&deal, "deal", 0, "deal ID")
	req.Flags().StringVar(&amount, "amount", "", "amount to pay, at most what is owed")
	req.Flags().StringVar(&comment, "comment", "", "internal comment")
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

	var offline bool
	var reference, method, date string
	pay := &cobra.Command{
		Use: "pay REQUEST_ID --offline --reference REF", Short: "Record a request as paid outside Payouts", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("payout request", args[0])
			if err != nil {
				return err
			}
			if !offline {
				return ledger.Errorf(ledger.EINVALID, "only offline payments can be recorded here: add --offline")
			}
			return s.PayOffline(ctx, ledger.PayInput{OpID: opID, RequestID: id, Method: method, Date: date, Reference: reference, Comment: comment})
		}),
	}
	pay.Flags().BoolVar(&offline, "offline", false, "the payment was made outside Payouts")
	pay.Flags().StringVar(&reference, "reference", "", "the payment's reference (pays once)")
	pay.Flags().StringVar(&method, "method", ledger.MethodBank, "bank, paypal or other")
	pay.Flags().StringVar(&date, "date", "", "payment date, YYYY-MM-DD (default today)")
	pay.Flags().StringVar(&comment, "comment", "", "comment")
	pay.Flags().StringVar(&opID, "op-id", "", "operation ID")
	pay.MarkFlagRequired("reference")

	var status, format string
	list := &cobra.Command{
		Use: "list", Short: "List payout requests", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			rs, err := s.Requests(ctx, ledger.RequestQuery{Status: status})
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
			return t.write(format)
		}),
	}
	list.Flags().StringVar(&status, "status", "", "only this status: requested, paid, cancelled ...")
	formatFlag(list, &format)
	c.AddCommand(req, cancel, pay, list)
	return c
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func balancesCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use: "balances", Short: "Balances of every deal, then totals per currency (table)", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			ds, err := s.Deals(ctx, ledger.DealQuery{Sort: "id"})
			if err != nil {
				return err
			}
			t := table{header: []string{"deal", "creator", "campaign", "currency", "scheduled", "held", "owed", "requested", "paid", "remaining"},
				right: map[int]bool{4: true, 5: true, 6: true, 7: true, 8: true, 9: true}}
			for _, d := range ds {
				t.rows = append(t.rows, balanceRow(itoa(d.ID), d.CreatorName, d.CampaignName, d.Currency, d.Balances))
			}
			if format == "table" || format == "" {
				totals, err := s.Totals(ctx)
				if err != nil {
					return err
				}
				for _, tot := range totals {
					t.footer = append(t.footer, balanceRow("total", "", "", tot.Currency, tot.Balances))
				}
			}
			return t.write(format)
		}),
	}
	formatFlag(c, &format)
	return c
}

func balanceRow(id, creator, campaign, cur string, b ledger.Balances) []string {
	f := func(v int64) string { return ledger.Format(v, cur) }
	return []string{id, creator, campaign, cur, f(b.Scheduled), f(b.Held), f(b.Owed), f(b.Requested), f(b.Paid), f(b.Remaining())}
}

func historyCmd(e *env) *cobra.Command {
	var format string
	var deal int64
	var limit int
	c := &cobra.Command{
		Use: "history --deal ID", Short: "A deal's transactions, newest first, with the remaining balance after each", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if _, err := s.Deal(ctx, deal); err != nil {
				return err
			}
			hs, err := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: limit})
			if err != nil {
				return err
			}
			t := table{header: []string{"id", "date", "kind", "amount", "currency", "from", "to", "operator", "method", "reference", "comment", "remaining"},
				right: map[int]bool{3: true, 11: true}}
			for _, h := range hs {
				t.rows = append(t.rows, []string{itoa(h.ID), h.Date, h.Kind, ledger.Format(h.Amount, h.Currency), h.Currency, h.From, h.To,
					h.Operator, h.Method, h.Reference, h.Comment, ledger.Format(h.Remaining, h.Currency)})
			}
			return t.write(format)
		}),
	}
	c.Flags().Int64Var(&deal, "deal", 0, "deal ID")
	c.Flags().IntVar(&limit, "limit", 0, "at most this many lines (0: all)")
	c.MarkFlagRequired("deal")
	formatFlag(c, &format)
	return c
}

func checkCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use: "check", Short: "Recompute every balance and check every invariant; exit 0 only when all hold", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			problems, err := s.Check(ctx)
			if err != nil {
				return err
			}
			if len(problems) > 0 {
				for _, p := range problems {
					fmt.Println(p)
				}
				return ledger.Errorf(ledger.EINTERNAL, "check failed: %d problem(s)", len(problems))
			}
			c, _ := s.Counts(ctx)
			fmt.Printf("ok: %d deals, %d transfers, every balance and invariant holds\n", c.Deals, c.Transfers)
			return nil
		}),
	}
}
