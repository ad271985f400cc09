package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { teamCommands = append(teamCommands, teamMigrateCmd) }

// teamMigrateCmd moves a ledger file into a team ledger on PostgreSQL.
func teamMigrateCmd(e *env) *cobra.Command {
	var from, to string
	c := &cobra.Command{
		Use:   "migrate --to postgres://USER@HOST:5432/DB [--from FILE]",
		Short: "Copy a ledger file into an empty PostgreSQL database, compare every row and run check",
		Long: `Copy the ledger file --from (default: --db) into the empty PostgreSQL database
--to, every table with its ids in one transaction, then read every table of
both back row by row and compare every column, and run check on the copy.
A difference names the table, the row and the column, and nothing is kept:
the transaction rolls back (a copy that fails its check is removed again).
The ledger file is only read; it is never changed. The database must be
empty: a ledger moves in once. The copy's counts per table, the comparison
and the check are printed.

--to may also be a new file: a copy of the ledger in a new SQLite file.`,
		Example: `  payouts team migrate --from ledger.payouts --to postgres://alice@db.example.com:5432/payouts`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return fail(ledger.Errorf(ledger.EINVALID, "--to required: the PostgreSQL database to move the ledger into (postgres://USER@HOST:5432/DB)"))
			}
			if from == "" {
				from = e.dbPath
			}
			if ledger.IsServerURL(from) {
				return fail(ledger.Errorf(ledger.EINVALID, "--from is a ledger file; to copy a PostgreSQL ledger into a file, use 'payouts --db %s backup --out FILE'", from))
			}
			// Read-only: the file is never changed, not even brought up to
			// date (an older file is refused, saying so).
			src, err := ledger.OpenWith(from, ledger.OpenOptions{ReadOnly: true, MustExist: true})
			if err != nil {
				return fail(err)
			}
			defer src.Close()
			start := time.Now()
			rep, err := ledger.MoveLedger(cmd.Context(), src, to, func(table string, rows int64) {
				if rows%100000 == 0 && rows > 0 {
					fmt.Fprintf(os.Stderr, "copying %s: %d rows\n", table, rows)
				}
			})
			if err != nil {
				return fail(err)
			}
			printCopy(rep)
			fmt.Printf("moved %s to %s in %s; %s was not changed\n", from, ledger.ShowLocation(to), time.Since(start).Round(100*time.Millisecond), from)
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "the ledger file to copy (default: --db)")
	c.Flags().StringVar(&to, "to", "", "the empty PostgreSQL database to copy it into (postgres://USER@HOST:PORT/DB)")
	return c
}

// printCopy prints what a copy copied, compared and checked.
func printCopy(rep ledger.CopyReport) {
	for _, t := range rep.Tables {
		fmt.Printf("  %-16s %9d rows\n", t.Name, t.Rows)
	}
	if rep.Verified {
		fmt.Printf("verified: %d rows of %d tables compared equal, column by column (%s)\n", rep.Rows, len(rep.Tables), rep.VerifyTime.Round(time.Millisecond))
	}
	if len(rep.Problems) == 0 {
		fmt.Printf("check: no problems (%s)\n", rep.CheckTime.Round(time.Millisecond))
	}
}
