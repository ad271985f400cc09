package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, periodCmd) }

func periodCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "period", Short: "Close the books through a day, reopen them, list the closes"}

	var through, opID string
	closeCmd := &cobra.Command{
		Use:   "close --through DATE",
		Short: "Close the books through a day: nothing is posted on or before it from now on",
		Long: `Close the books through a day (the last day of a month you have exported,
say). From then on no transfer is posted on or before it: what belongs to the
closed period but is recorded later (a payment made on October 28, an October
order found in a November import, a reversal) is posted on the first open
day, with its own date kept as its document date. An export of the closed
period never changes.`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if err := s.ClosePeriod(ctx, opID, through); err != nil {
				return err
			}
			lock, err := s.ClosedThrough(ctx)
			if err != nil {
				return err
			}
			fmt.Printf("closed through %s: what is recorded from now on for a day up to it is posted on %s\n", lock, ledger.PostingDate(lock, lock))
			return nil
		}),
	}
	closeCmd.Flags().StringVar(&through, "through", "", "the last day of the period, YYYY-MM-DD")
	closeCmd.Flags().StringVar(&opID, "op-id", "", "operation ID")
	closeCmd.MarkFlagRequired("through")

	var reason, reopenOp string
	reopen := &cobra.Command{
		Use:   "reopen --reason TEXT",
		Short: "Reopen the period closed last, for a reason kept in the period history",
		Args:  cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if err := s.ReopenPeriod(ctx, reopenOp, reason); err != nil {
				return err
			}
			lock, err := s.ClosedThrough(ctx)
			if err != nil {
				return err
			}
			if lock == "" {
				fmt.Println("reopened: no period is closed")
			} else {
				fmt.Printf("reopened: the books are closed through %s\n", lock)
			}
			return nil
		}),
	}
	reopen.Flags().StringVar(&reason, "reason", "", "why the period is reopened (required)")
	reopen.Flags().StringVar(&reopenOp, "op-id", "", "operation ID")
	reopen.MarkFlagRequired("reason")

	var format string
	list := &cobra.Command{
		Use:   "list",
		Short: "Every close and reopen, with who, when and why",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			ev, err := s.Periods(ctx)
			if err != nil {
				return err
			}
			t := table{header: []string{"when", "action", "through", "closed_through", "operator", "reason"}}
			for _, p := range ev {
				after := p.ClosedThrough
				if after == "" && format == "table" {
					after = "(none)"
				}
				t.rows = append(t.rows, []string{p.At.Format("2006-01-02 15:04:05"), p.Action, p.Through, after, p.Operator, p.Reason})
			}
			if format == "" || format == "table" {
				lock, err := s.ClosedThrough(ctx)
				if err != nil {
					return err
				}
				if lock == "" {
					fmt.Println("No period is closed.")
				} else {
					fmt.Printf("Closed through %s.\n", lock)
				}
				if len(t.rows) == 0 {
					return nil
				}
			}
			return t.write(strings.ToLower(format))
		}),
	}
	formatFlag(list, &format)

	c.AddCommand(closeCmd, reopen, list)
	return c
}
