package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func creatorCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "creator", Short: "Add, edit, list and show creators"}
	var in ledger.CreatorInput
	var addTax ledger.TaxInfo
	var add *cobra.Command
	add = &cobra.Command{
		Use: "add NAME", Short: "Add a creator; prints its ID", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			in.Name = args[0]
			if taxFlagsChanged(add) {
				in.Tax = &addTax
			}
			id, err := s.AddCreator(ctx, in)
			if err == nil {
				fmt.Println(id)
			}
			return err
		}),
	}
	creatorFlags(add, &in)
	taxFlags(add, &addTax)
	var edit ledger.CreatorInput
	var editTax ledger.TaxInfo
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
			if taxFlagsChanged(editCmd) {
				tax, err := s.CreatorTax(ctx, id)
				if err != nil {
					return err
				}
				mergeTaxFlags(f, &tax, editTax)
				next.Tax = &tax
			}
			return s.UpdateCreator(ctx, id, next)
		}),
	}
	creatorFlags(editCmd, &edit)
	taxFlags(editCmd, &editTax)
	editCmd.Flags().StringVar(&edit.Name, "name", "", "new name")
	var format string
	list := &cobra.Command{
		Use: "list", Short: "List creators", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
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
	c.AddCommand(add, editCmd, list, creatorShowCmd(e))
	return c
}

func creatorShowCmd(e *env) *cobra.Command {
	var format string
	var showTaxID bool
	c := &cobra.Command{
		Use: "show ID", Short: "Show a creator: details, payout details, lifetime paid and deals", Args: cobra.ExactArgs(1),
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("creator", args[0])
			if err != nil {
				return err
			}
			cr, err := s.Creator(ctx, id)
			if err != nil {
				return err
			}
			paid, err := s.PaidTotals(ctx, id)
			if err != nil {
				return err
			}
			ds, err := s.Deals(ctx, ledger.DealQuery{CreatorID: id, Sort: "id"})
			if err != nil {
				return err
			}
			tax, err := s.CreatorTax(ctx, id)
			if err != nil {
				return err
			}
			events, err := s.CreatorEvents(ctx, id)
			if err != nil {
				return err
			}
			var r record
			r.add("id", itoa(cr.ID))
			r.add("name", cr.Name)
			r.add("email", cr.Email)
			r.add("handle", cr.Handle)
			r.add("notes", cr.Notes)
			r.add("payout_details", cr.PayoutDetails)
			r.add("stripe_account", cr.StripeAccount)
			r.add("payee", payeeText(cr.PayeeReady()))
			r.add("created", timeText(cr.CreatedAt))
			r.add("paid", paidText(paid))
			addTaxFields(&r, tax, showTaxID)
			r.list("deals", "Deals", dealTable(ds))
			r.list("changes", "Changes", creatorEventTable(events))
			return r.write(format)
		}),
	}
	showFormatFlag(c, &format)
	c.Flags().BoolVar(&showTaxID, "show-tax-id", false, "print the tax ID whole (it is masked to its last four characters otherwise)")
	return c
}

// paidText writes lifetime paid totals per currency, in currency order:
// "800.00 USD, 120.00 EUR" never adds two currencies together.
func paidText(totals map[string]int64) string {
	curs := make([]string, 0, len(totals))
	for c := range totals {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	parts := make([]string, 0, len(curs))
	for _, c := range curs {
		parts = append(parts, ledger.Format(totals[c], c)+" "+c)
	}
	return strings.Join(parts, ", ")
}

func creatorFlags(c *cobra.Command, in *ledger.CreatorInput) {
	c.Flags().StringVar(&in.Email, "email", "", "email address")
	c.Flags().StringVar(&in.Handle, "handle", "", "social handle, such as @ana")
	c.Flags().StringVar(&in.Notes, "notes", "", "free notes")
	c.Flags().StringVar(&in.PayoutDetails, "payout-details", "", "offline payout details (bank or PayPal), as text")
	c.Flags().StringVar(&in.OpID, "op-id", "", "operation ID: repeating it with the same input does nothing")
}
