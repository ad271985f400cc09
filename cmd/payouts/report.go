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
	var format string
	var dealArg idFlag
	var limit int
	c := &cobra.Command{
		Use: "history --deal ID", Short: "A deal's transactions, newest first, with the remaining balance after each", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			deal, err := dealArg.id("deal")
			if err != nil {
				return err
			}
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
	c.Flags().Var(&dealArg, "deal", "deal ID")
	c.Flags().IntVar(&limit, "limit", 0, "at most this many lines (0: all)")
	c.MarkFlagRequired("deal")
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
