package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

func init() { extraCommands = append(extraCommands, payeeCmd, stripeCmd) }

// stripeKeys is where the CLI finds the secret key: PAYOUTS_STRIPE_KEY,
// else the OS keychain.
var stripeKeys stripe.Keys

func openStripe(ctx context.Context, s *ledger.Store) (*stripe.Service, error) {
	return stripe.Open(ctx, s, &stripeKeys, nil)
}

// creatorArg finds a creator by name, or by ID when the text is a number.
func creatorArg(ctx context.Context, s *ledger.Store, text string) (ledger.Creator, error) {
	if id, ok := decimal(text); ok && id > 0 {
		if c, err := s.Creator(ctx, id); err == nil {
			return c, nil
		}
	}
	return s.CreatorByName(ctx, text)
}

func payeeCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "payee", Short: "Who receives a deal's money: Stripe invite, status, link, unlink"}
	var creator string
	invite := &cobra.Command{
		Use: "invite --creator NAME", Short: "Create the creator's Stripe Express account and print its onboarding link", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cr, err := creatorArg(ctx, s, creator)
			if err != nil {
				return err
			}
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			acct, link, err := sv.Invite(ctx, cr.ID)
			if err != nil {
				return err
			}
			fmt.Printf("Stripe account: %s (%s mode)\n", acct, sv.Client.Mode())
			printLink(cr.Name, link)
			return nil
		}),
	}
	invite.Flags().StringVar(&creator, "creator", "", "creator name (or ID)")
	invite.MarkFlagRequired("creator")

	newLink := &cobra.Command{
		Use: "new-link --creator NAME", Short: "Make a fresh onboarding link for the creator's Stripe account (links expire within minutes)", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cr, err := creatorArg(ctx, s, creator)
			if err != nil {
				return err
			}
			if cr.StripeAccount == "" {
				return ledger.Errorf(ledger.EINVALID, "%s has no Stripe account yet: run `payouts payee invite --creator %q`", cr.Name, cr.Name)
			}
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			link, err := sv.NewLink(ctx, cr.StripeAccount)
			if err != nil {
				return err
			}
			printLink(cr.Name, link)
			return nil
		}),
	}
	newLink.Flags().StringVar(&creator, "creator", "", "creator name (or ID)")
	newLink.MarkFlagRequired("creator")

	var format string
	status := &cobra.Command{
		Use: "status --creator NAME", Short: "Ask Stripe for the status of the accounts of a creator's deals, and show each deal Ready or what is missing", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cr, err := creatorArg(ctx, s, creator)
			if err != nil {
				return err
			}
			deals, err := s.Deals(ctx, ledger.DealQuery{CreatorID: cr.ID})
			if err != nil {
				return err
			}
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			if cr.StripeAccount != "" {
				seen[cr.StripeAccount] = true
				if _, err := sv.Refresh(ctx, cr.StripeAccount); err != nil {
					return err
				}
			}
			t := table{header: []string{"deal", "campaign", "currency", "account", "name", "details_submitted", "payouts_enabled", "status"}}
			for _, d := range deals {
				p, err := s.DealPayee(ctx, d.ID)
				if err != nil {
					return err
				}
				if p.Account != "" && !seen[p.Account] {
					seen[p.Account] = true
					if _, err := sv.Refresh(ctx, p.Account); err != nil {
						return err
					}
					p, _ = s.DealPayee(ctx, d.ID)
				}
				st := "Ready"
				if !p.Ready() {
					st = p.Missing()
				}
				t.rows = append(t.rows, []string{itoa(d.ID), d.CampaignName, d.Currency, p.Account, p.Name,
					yesNo(p.DetailsSubmitted), yesNo(p.PayoutsEnabled), st})
			}
			return t.write(format)
		}),
	}
	status.Flags().StringVar(&creator, "creator", "", "creator name (or ID)")
	status.MarkFlagRequired("creator")
	formatFlag(status, &format)

	var dealArg idFlag
	var account, reason string
	link := &cobra.Command{
		Use: "link --deal ID --account acct_...", Short: "Secure a deal (all its open requests) to a Stripe account, such as an agency's", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			if err := s.LinkPayee(ctx, "", deal, account, reason); err != nil {
				return err
			}
			// The status is asked for now when Stripe is set up; the link
			// stands either way.
			if sv, err := openStripe(ctx, s); err == nil {
				if _, err := sv.Refresh(ctx, strings.TrimSpace(account)); err != nil {
					fmt.Fprintln(os.Stderr, "payouts: linked, but the account's status could not be read: "+ledger.ErrorMessage(err))
				}
			}
			p, err := s.DealPayee(ctx, deal)
			if err != nil {
				return err
			}
			fmt.Println(p.Secured())
			if !p.Ready() {
				fmt.Println(p.Missing())
			}
			return nil
		}),
	}
	link.Flags().Var(&dealArg, "deal", "deal ID")
	link.Flags().StringVar(&account, "account", "", "Stripe connected account ID (acct_...)")
	link.Flags().StringVar(&reason, "reason", "", "why (kept in the deal's history)")
	link.MarkFlagRequired("deal")
	link.MarkFlagRequired("account")

	var yes bool
	unlink := &cobra.Command{
		Use: "unlink --deal ID", Short: "Free a deal from its Stripe account (the wrong person onboarded, a new agency)", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			p, err := s.DealPayee(ctx, deal)
			if err != nil {
				return err
			}
			if p.Account == "" {
				return ledger.Errorf(ledger.ECONFLICT, "deal %d has no Stripe account to unlink", deal)
			}
			open, err := s.OpenRequests(ctx, deal)
			if err != nil {
				return err
			}
			if len(open) > 0 && !yes {
				fmt.Fprintf(os.Stderr, "Unlinking %s from deal %d affects %d open payout request(s):\n", p.Account, deal, len(open))
				for _, r := range open {
					fmt.Fprintf(os.Stderr, "  request %d  %s  %s\n", r.ID, ledger.Display(r.Amount, r.Currency), r.Status)
				}
				if !confirm("Unlink? [y/N] ") {
					return ledger.Errorf(ledger.EINVALID, "not unlinked: confirm with --yes")
				}
			}
			if err := s.UnlinkPayee(ctx, "", deal, reason); err != nil {
				return err
			}
			fmt.Printf("Deal %d is no longer secured by %s; its open requests wait for `payouts payee link` or a new invite.\n", deal, p.Account)
			return nil
		}),
	}
	unlink.Flags().Var(&dealArg, "deal", "deal ID")
	unlink.Flags().StringVar(&reason, "reason", "", "why (kept in the deal's history)")
	unlink.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation")
	unlink.MarkFlagRequired("deal")

	history := &cobra.Command{
		Use: "history --deal ID", Short: "Every link and unlink of a deal's payee, with who and when", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
			ev, err := s.PayeeEvents(ctx, deal)
			if err != nil {
				return err
			}
			t := table{header: []string{"at", "action", "account", "operator", "reason"}}
			for _, e := range ev {
				t.rows = append(t.rows, []string{e.At.Format("2006-01-02 15:04:05Z"), e.Action, e.Account, e.Operator, e.Reason})
			}
			return t.write(format)
		}),
	}
	history.Flags().Var(&dealArg, "deal", "deal ID")
	history.MarkFlagRequired("deal")
	formatFlag(history, &format)

	c.AddCommand(invite, newLink, status, link, unlink, history)
	return c
}

func printLink(name, link string) {
	fmt.Printf("Onboarding link for %s (send it to them; do NOT open it yourself: whoever completes it claims the account; it expires within minutes, `payouts payee new-link` makes a fresh one):\n%s\n", name, link)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// confirm asks on a terminal; anywhere else (a script) the answer is no.
func confirm(prompt string) bool {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	fmt.Fprint(os.Stderr, prompt)
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	return strings.EqualFold(strings.TrimSpace(line), "y") || strings.EqualFold(strings.TrimSpace(line), "yes")
}

// payStripe pays requests with Stripe after checking payees and balance.
func payStripe(ctx context.Context, s *ledger.Store, ids []int64) error {
	sv, err := openStripe(ctx, s)
	if err != nil {
		return err
	}
	plan, err := sv.Prepare(ctx, ids)
	if err != nil {
		return err
	}
	for _, r := range plan.NotReady {
		return ledger.Errorf(ledger.EINVALID, "payout request %d (%s): %s; nothing was sent", r.ID, r.CreatorName, r.Failure)
	}
	for _, sf := range plan.Shortfalls {
		return ledger.Errorf(ledger.EINVALID, "the Stripe balance is short: %s available, %s needed (%s short); nothing was sent",
			ledger.Display(sf.Available, sf.Currency), ledger.Display(sf.Needed, sf.Currency), ledger.Display(sf.Needed-sf.Available, sf.Currency))
	}
	var first error
	var paid []int64
	defer func() { remitAfterPay(ctx, s, paid...) }()
	for _, res := range sv.Pay(ctx, ids) {
		if res.Err != nil {
			if first == nil {
				first = res.Err
			}
			continue
		}
		fmt.Printf("request %d paid: Stripe transfer %s\n", res.RequestID, res.TransferID)
		paid = append(paid, res.RequestID)
	}
	return first
}

func stripeCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "stripe", Short: "Stripe Connect: the key, its account, reconciling interrupted payments"}
	reconcile := &cobra.Command{
		Use: "reconcile", Short: "Resolve payments left settling (a crash, a timeout): record, resend with the same key, or return to the queue", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			res, err := sv.Reconcile(ctx)
			if err != nil {
				return err
			}
			if len(res) == 0 {
				fmt.Println("Nothing to reconcile.")
			}
			var first error
			for _, r := range res {
				line := fmt.Sprintf("request %d: %s", r.RequestID, r.Action)
				if r.TransferID != "" {
					line += " " + r.TransferID
				}
				if r.Err != nil {
					line += ": " + ledger.ErrorMessage(r.Err)
					if first == nil {
						first = r.Err
					}
				}
				fmt.Println(line)
			}
			return first
		}),
	}
	key := &cobra.Command{Use: "key", Short: "The Stripe secret key, kept in the OS keychain"}
	keySet := &cobra.Command{
		Use: "set", Short: "Read a secret key from standard input and keep it in the OS keychain", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
			note, err := stripeKeys.Set(strings.TrimSpace(line))
			if err != nil {
				return fail(err)
			}
			if note != "" {
				fmt.Fprintln(os.Stderr, "payouts: "+note)
			}
			return nil
		},
	}
	keyRemove := &cobra.Command{
		Use: "remove", Short: "Remove the secret key from the OS keychain", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return fail(stripeKeys.Delete()) },
	}
	show := &cobra.Command{
		Use: "status", Short: "Show the mode (test or live) and account of the key, never the key", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			sv, err := openStripe(ctx, s)
			if err != nil {
				return err
			}
			p, err := sv.Client.Platform(ctx)
			if err != nil {
				return err
			}
			_, src := stripeKeys.Get()
			fmt.Printf("Stripe: %s mode, account %s %s(key from %s)\n", p.Mode, p.Account, nameSuffix(p.Name), src)
			return nil
		}),
	}
	key.AddCommand(keySet, keyRemove)
	c.AddCommand(reconcile, key, show)
	return c
}

func nameSuffix(n string) string {
	if n == "" {
		return ""
	}
	return "(" + n + ") "
}
