package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func balancesCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use: "balances", Short: "Balances of every deal, then totals per currency (table)", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
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
	var format, limit string
	var dealArg, creatorArg idFlag
	var c *cobra.Command
	c = &cobra.Command{
		Use:   "history (--deal ID | --creator ID)",
		Short: "A deal's transactions (or every deal's of a creator), newest first, with the remaining balance after each",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			var q ledger.HistoryQuery
			switch byDeal, byCreator := c.Flags().Changed("deal"), c.Flags().Changed("creator"); {
			case byDeal == byCreator:
				return ledger.Errorf(ledger.EINVALID, "give either --deal ID or --creator ID")
			case byDeal:
				deal, err := dealArg.id("deal")
				if err != nil {
					return err
				}
				if _, err := s.Deal(ctx, deal); err != nil {
					return err
				}
				q.DealID = deal
			default:
				creator, err := creatorArg.id("creator")
				if err != nil {
					return err
				}
				if _, err := s.Creator(ctx, creator); err != nil {
					return err
				}
				q.CreatorID = creator
			}
			if limit != "" {
				n, ok := decimal(limit)
				if !ok || n > 1<<31 {
					return ledger.Errorf(ledger.EINVALID, "invalid --limit %q: a whole number of lines, in decimal digits (0: all)", limit)
				}
				q.Limit = int(n)
			}
			hs, err := s.History(ctx, q)
			if err != nil {
				return err
			}
			header := []string{"id", "date", "kind", "amount", "currency", "from", "to", "operator", "method", "reference", "comment", "remaining"}
			if q.CreatorID != 0 {
				// Across deals, each line says whose deal it is.
				header = append([]string{"id", "deal", "campaign"}, header[1:]...)
			}
			t := table{header: header, right: map[int]bool{3: true, 11: true}}
			if q.CreatorID != 0 {
				t.right = map[int]bool{5: true, 13: true}
			}
			for _, h := range hs {
				row := []string{itoa(h.ID), h.Date, h.Kind, ledger.Format(h.Amount, h.Currency), h.Currency, h.From, h.To,
					h.Operator, h.Method, h.Reference, h.Comment, ledger.Format(h.Remaining, h.Currency)}
				if q.CreatorID != 0 {
					row = append([]string{row[0], itoa(h.DealID), h.CampaignName}, row[1:]...)
				}
				t.rows = append(t.rows, row)
			}
			return t.write(format)
		}),
	}
	c.Flags().Var(&dealArg, "deal", "deal ID")
	c.Flags().Var(&creatorArg, "creator", "creator ID: the transactions of all the creator's deals")
	c.Flags().StringVar(&limit, "limit", "", "at most this many lines (0 or none: all)")
	formatFlag(c, &format)
	return c
}

func checkCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use: "check", Short: "Recompute every balance and check every invariant; exit 0 only when all hold", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			// Every page first: balances read from a damaged file prove nothing.
			if err := s.CheckFile(ctx, false); err != nil {
				return err
			}
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
