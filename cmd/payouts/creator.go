package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

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
