package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func campaignCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "campaign", Short: "Add, edit, list and show campaigns"}
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
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
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
	c.AddCommand(add, campaignEditCmd(e), list, campaignShowCmd(e))
	return c
}

func campaignEditCmd(e *env) *cobra.Command {
	var edit ledger.CampaignInput
	var c *cobra.Command
	c = &cobra.Command{
		Use: "edit ID [--name NAME] [--notes TEXT]", Short: "Change a campaign's name or notes (flags not given keep their value)", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("campaign", args[0])
			if err != nil {
				return err
			}
			cur, err := s.Campaign(ctx, id)
			if err != nil {
				return err
			}
			next := ledger.CampaignInput{OpID: edit.OpID, Name: cur.Name, Notes: cur.Notes}
			if c.Flags().Changed("name") {
				next.Name = edit.Name
			}
			if c.Flags().Changed("notes") {
				next.Notes = edit.Notes
			}
			return s.UpdateCampaign(ctx, id, next)
		}),
	}
	c.Flags().StringVar(&edit.Name, "name", "", "new name")
	c.Flags().StringVar(&edit.Notes, "notes", "", "free notes")
	c.Flags().StringVar(&edit.OpID, "op-id", "", "operation ID")
	return c
}

func campaignShowCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use: "show ID", Short: "Show a campaign and its deals", Args: cobra.ExactArgs(1),
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("campaign", args[0])
			if err != nil {
				return err
			}
			ca, err := s.Campaign(ctx, id)
			if err != nil {
				return err
			}
			ds, err := s.Deals(ctx, ledger.DealQuery{CampaignID: id, Sort: "id"})
			if err != nil {
				return err
			}
			var r record
			r.add("id", itoa(ca.ID))
			r.add("name", ca.Name)
			r.add("notes", ca.Notes)
			r.add("created", timeText(ca.CreatedAt))
			r.list("deals", "Deals", dealTable(ds))
			return r.write(format)
		}),
	}
	showFormatFlag(c, &format)
	return c
}
