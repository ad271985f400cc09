package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { teamCommands = append(teamCommands, teamInitCmd, teamAddCmd, teamListCmd) }

// teamInitCmd sets up the roles of a team ledger on PostgreSQL.
func teamInitCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init --db postgres://OWNER@HOST/DB",
		Short: "Set up a team ledger's roles: viewer, clerk, approver (run as the ledger's owner; again after an update)",
		Long: `Creates, once per PostgreSQL server, the group roles payouts_viewer,
payouts_clerk and payouts_approver (each includes the one before), and grants
them what they may do in this ledger: a viewer reads and exports; a clerk adds
creators, campaigns, deals, fees, bonuses, imports and payout requests; an
approver also confirms fees, pays, reverses payments and closes periods.
Nobody may change or delete a transfer. The database itself refuses what a
role may not do, and with approvals on a payment by the person who requested
it, so a hand-written SQL client cannot go around the app. Running it again
changes nothing; run it again after updating Payouts.`,
		Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if err := s.TeamInit(ctx); err != nil {
				return err
			}
			fmt.Println("team roles ready: payouts_viewer, payouts_clerk, payouts_approver; add people with 'payouts team add NAME --role clerk'")
			return nil
		}),
	}
}

// teamAddCmd adds a person to the team, or changes their role.
func teamAddCmd(e *env) *cobra.Command {
	var role string
	var passwordStdin bool
	c := &cobra.Command{
		Use:   "add NAME --role viewer|clerk|approver [--password-stdin]",
		Short: "Add a person to a team ledger (a database user who may log in), or change their role",
		Long: `Creates the database user NAME, who may log in, with the password read from
standard input (--password-stdin), and makes them a viewer, clerk or approver
of this ledger. For an existing user (one your managed PostgreSQL made, say),
only the role changes, and the password when one is given. They connect with
--db postgres://NAME@HOST/DB; what they record is recorded as NAME.`,
		Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			password := ""
			if passwordStdin {
				b, err := io.ReadAll(io.LimitReader(os.Stdin, 4096))
				if err != nil {
					return ledger.Errorf(ledger.EUNAVAILABLE, "cannot read the password from standard input: %v", err)
				}
				password = strings.TrimRight(string(b), "\r\n")
				if password == "" {
					return ledger.Errorf(ledger.EINVALID, "--password-stdin: standard input held no password")
				}
			}
			created, err := s.AddMember(ctx, args[0], ledger.Role(strings.ToLower(strings.TrimSpace(role))), password)
			if err != nil {
				return err
			}
			if created {
				fmt.Printf("%s added as %s\n", args[0], strings.ToLower(role))
			} else {
				fmt.Printf("%s is now %s\n", args[0], strings.ToLower(role))
			}
			return nil
		}),
	}
	c.Flags().StringVar(&role, "role", "", "viewer, clerk or approver")
	c.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the new user's password from standard input")
	c.MarkFlagRequired("role")
	return c
}

// teamListCmd lists the team.
func teamListCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "list [--format table|csv|json]",
		Short: "The people of a team ledger and their roles",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			ms, err := s.Members(ctx)
			if err != nil {
				return err
			}
			t := table{header: []string{"name", "role", "can_log_in"}}
			for _, m := range ms {
				login := "yes"
				if !m.Login {
					login = "no"
				}
				t.rows = append(t.rows, []string{m.Name, string(m.Role), login})
			}
			return t.write(format)
		}),
	}
	c.Flags().StringVar(&format, "format", "table", "table, csv or json")
	return c
}
