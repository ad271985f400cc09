package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, teamCmd) }

// teamCmd is who may do what with a ledger: roles (a team ledger on
// PostgreSQL) and approvals (any ledger).
func teamCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "team", Short: "People, roles and approvals: who may pay what"}

	approvals := &cobra.Command{
		Use:   "approvals [on|off]",
		Short: "Show, or turn on or off, approvals: a payout request is paid only by someone other than who requested it",
		Long: `With approvals on, a payout request is paid only by someone other than the
person who requested it, however it is paid (offline, a batch with one
reference, Stripe), and a past payment cannot be recorded in one step (its
request and its payment would be one person's). Only the ledger's owner may
turn approvals on or off.`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"on", "off"},
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if len(args) == 1 {
				switch args[0] {
				case "on", "off":
				default:
					return ledger.Errorf(ledger.EINVALID, "approvals are on or off, not %q", args[0])
				}
				if err := s.SetApprovals(ctx, args[0] == "on"); err != nil {
					return err
				}
			}
			on, err := s.Approvals(ctx)
			if err != nil {
				return err
			}
			fmt.Println(approvalsText(on))
			return nil
		}),
	}

	whoami := &cobra.Command{
		Use:   "whoami",
		Short: "Who this ledger records you as, and what your role lets you do",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			rule, err := s.PayRule(ctx)
			if err != nil {
				return err
			}
			fmt.Printf("%s: %s (%s)\n", rule.Operator, rule.Role, roleText(rule.Role))
			fmt.Println(approvalsText(rule.Approvals))
			return nil
		}),
	}

	c.AddCommand(approvals, whoami)
	for _, sub := range teamCommands {
		c.AddCommand(sub(e))
	}
	return c
}

// teamCommands are the team commands of other files (the PostgreSQL roles).
var teamCommands []func(*env) *cobra.Command

func approvalsText(on bool) string {
	if on {
		return "approvals: on (a payout request is paid by someone other than who requested it)"
	}
	return "approvals: off (whoever may pay may pay any request)"
}

// roleText says what a role may do, as the issue groups it.
func roleText(r ledger.Role) string {
	switch r {
	case ledger.RoleViewer:
		return "may read and export"
	case ledger.RoleClerk:
		return "may read, export, and add creators, deals, fees, bonuses, imports and payout requests"
	case ledger.RoleApprover:
		return "may do what a clerk does, and confirm fees, pay, reverse payments and close periods"
	case ledger.RoleOwner:
		return "may do everything"
	}
	return "may do nothing"
}
