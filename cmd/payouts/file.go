package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, initCmd, backupCmd, restoreCmd) }

func initCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create a new, empty ledger at --db (its folder 0700, the file 0600)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ledger.IsServerURL(e.dbPath) {
				return initServer(e)
			}
			if _, err := os.Stat(e.dbPath); err == nil {
				return fail(ledger.Errorf(ledger.ECONFLICT, "a ledger already exists at %s: nothing was changed", e.dbPath))
			}
			if _, err := e.open(); err != nil {
				return fail(err)
			}
			fmt.Printf("created %s\n", e.dbPath)
			return nil
		},
	}
}

func backupCmd(e *env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "backup [--out FILE]",
		Short: "Write a checked, consistent copy of the ledger (to the backups folder beside it, or to FILE)",
		Long: `Write a consistent copy of the ledger with SQLite's VACUUM INTO (never a file
copy, which can miss what is still in the -wal), check the copy with
PRAGMA integrity_check, and print where it is. Without --out the copy goes to
the backups folder beside the ledger, which keeps the newest backup of each of
the last 7 days, 4 weeks and 12 months. Payouts also backs up by itself before
every migration and import, and daily when the app opens.

On a PostgreSQL ledger (--db postgres://...) the backup is a new SQLite ledger
file (--out FILE, default payouts-DATABASE-TIME.payouts in the current folder):
every row copied and compared, check run on the copy, then the file's own
integrity check; it opens as a ledger, or restores into one. Back up the
database itself with the server's tools: the command prints the pg_dump line.`,
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if out == "" && ledger.IsServerURL(e.dbPath) {
				return fail(errServerBackups)
			}
			return nil
		},
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			if s.Backend() == ledger.BackendPostgres {
				return backupPostgres(ctx, s, out)
			}
			var b ledger.Backup
			var err error
			if out != "" {
				b, err = s.Backup(ctx, out)
			} else {
				b, err = s.BackupNow(ctx, "manual")
			}
			if err != nil {
				return err
			}
			fmt.Printf("backed up to %s (%s, integrity check ok)\n", b.Path, size(b.Size))
			return nil
		}),
	}
	c.Flags().StringVar(&out, "out", "", "write the backup to this file (must not exist)")
	c.AddCommand(&cobra.Command{
		Use: "list", Short: "List the backups in the backups folder beside the ledger, newest first", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ledger.IsServerURL(e.dbPath) {
				return fail(errServerBackups)
			}
			if _, err := os.Stat(e.dbPath); err != nil {
				return fail(ledger.Errorf(ledger.ENOTFOUND, "no ledger at %s", e.dbPath))
			}
			list, err := ledger.ListBackups(e.dbPath)
			if err != nil {
				return fail(err)
			}
			if len(list) == 0 {
				fmt.Printf("no backups in %s\n", ledger.BackupDir(e.dbPath))
				return nil
			}
			for _, b := range list {
				fmt.Printf("%s  %-9s  %9s  %s\n", b.Time.Format("2006-01-02 15:04:05"), b.Reason, size(b.Size), b.Path)
			}
			return nil
		},
	})
	return c
}

func restoreCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the ledger with a backup (the current ledger is kept as a backup first)",
		Long: `Replace the ledger at --db with the backup FILE. The backup is checked first;
the restore is refused while another program (the app, another command) has
the ledger open; the current ledger is kept in the backups folder; stale -wal
and -shm files are removed, so the ledger then holds exactly the backup.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ledger.IsServerURL(e.dbPath) {
				// Restore swaps files; a database on a server is not one.
				return fail(ledger.Errorf(ledger.EINVALID, "payouts restore replaces a ledger file; a team ledger on PostgreSQL is restored on its server (pg_restore of its pg_dump), or a backup file is moved in with payouts team migrate"))
			}
			res, err := ledger.Restore(cmd.Context(), e.dbPath, args[0])
			if err != nil {
				return fail(err)
			}
			if res.Kept != "" {
				fmt.Printf("the ledger as it was is kept at %s\n", res.Kept)
			}
			fmt.Printf("restored %s from %s\n", e.dbPath, args[0])
			return nil
		},
	}
}

// errServerBackups says where the backups of a team ledger are: a
// database on a server has no folder beside it for Payouts to keep them in.
var errServerBackups = ledger.Errorf(ledger.EINVALID, "a team ledger on PostgreSQL has no backups folder: its server keeps its backups (pg_dump); payouts backup --out FILE writes a SQLite copy of it")

// initServer makes a new ledger in the (empty) database a URL names,
// refusing one that already holds a ledger, as init does for a file.
func initServer(e *env) error {
	where := ledger.ShowLocation(e.dbPath)
	if s, err := e.openWith(ledger.OpenOptions{MustExist: true}); err == nil {
		s.Close()
		e.store = nil
		return fail(ledger.Errorf(ledger.ECONFLICT, "a ledger already exists at %s: nothing was changed", where))
	} else if ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return fail(err)
	}
	if _, err := e.open(); err != nil {
		return fail(err)
	}
	fmt.Printf("created a ledger at %s\n", where)
	return nil
}

// size prints a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// backupPostgres writes a PostgreSQL ledger's backup: a checked SQLite copy,
// and one line on backing up the database itself.
func backupPostgres(ctx context.Context, s *ledger.Store, out string) error {
	u, _ := url.Parse(s.Path())
	db := "ledger"
	if u != nil && strings.Trim(u.Path, "/") != "" {
		db = strings.Trim(u.Path, "/")
	}
	if out == "" {
		out = fmt.Sprintf("payouts-%s-%s.payouts", db, s.Now().Local().Format("20060102-150405"))
	}
	b, err := s.Backup(ctx, out)
	if err != nil {
		return err
	}
	fmt.Printf("backed up to %s (%s, a SQLite copy: every row compared, integrity check ok)\n", b.Path, size(b.Size))
	if len(b.Problems) > 0 {
		fmt.Printf("check found %d problems in the ledger (the copy has them too); the first: %s\n", len(b.Problems), b.Problems[0])
	}
	fmt.Printf("the database itself: pg_dump -Fc -f %s.dump '%s' (restore with pg_restore; or the server's own backups)\n", db, s.Path())
	return nil
}
