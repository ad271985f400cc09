package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

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
