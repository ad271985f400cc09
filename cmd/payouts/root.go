package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/ledger"
)

// env holds what every command shares: the global flags and the open ledger.
type env struct {
	dbPath   string
	operator string
	screen   string // the screen the desktop app opens on
	store    *ledger.Store
}

// DefaultDBPath is the ledger a user gets without --db or PAYOUTS_DB: a file
// in the user's data directory.
func DefaultDBPath() string {
	if p := os.Getenv("PAYOUTS_DB"); p != "" {
		return p
	}
	var dir string
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		dir = os.Getenv("XDG_DATA_HOME")
		if dir == "" {
			home, _ := os.UserHomeDir()
			dir = filepath.Join(home, ".local", "share")
		}
		dir = filepath.Join(dir, "payouts")
	default:
		base, err := os.UserConfigDir()
		if err != nil {
			base = "."
		}
		dir = filepath.Join(base, "Payouts")
	}
	return filepath.Join(dir, "ledger.payouts")
}

// open opens the ledger named by --db, creating it (and its folder, 0700)
// when it does not exist.
func (e *env) open() (*ledger.Store, error) { return e.openWith(ledger.OpenOptions{}) }

// openWith opens the ledger named by --db as o says. The app's own data
// folder is made private (0700) when an older Payouts left it open to
// others; a folder the user chose for a ledger is left as it is.
func (e *env) openWith(o ledger.OpenOptions) (*ledger.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	// A URL names a database on a server: no folder of ours to fix.
	if dir := filepath.Dir(DefaultDBPath()); !ledger.IsServerURL(e.dbPath) && filepath.Dir(e.dbPath) == dir {
		ledger.FixFolderMode(dir)
	}
	s, err := ledger.OpenWith(e.dbPath, o)
	if err != nil {
		return nil, err
	}
	if op := strings.TrimSpace(e.operator); op != "" {
		s.Operator = op
	}
	s.OnWait = func(msg string) { fmt.Fprintln(os.Stderr, "payouts: "+msg) }
	e.store = s
	return s, nil
}

func newRoot() *cobra.Command {
	e := &env{}
	root := &cobra.Command{
		Use:   "payouts",
		Short: "Payouts keeps the money side of creator partnerships",
		Long: `Payouts keeps what each creator has earned (commissions, fixed fees, bonuses),
what has been requested for payment, and what has been paid, in one local
SQLite ledger. With no subcommand it opens the desktop app.`,
		// --version is what a packaged install is checked with: the
		// version of FyneApp.toml, which assets repeats (and a test keeps equal).
		Version:       assets.Version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGUI(e)
		},
		PersistentPostRun: func(cmd *cobra.Command, args []string) {
			if e.store != nil {
				e.store.Close()
			}
		},
	}
	root.SetVersionTemplate(assets.Name + " {{.Version}}\n")
	root.PersistentFlags().StringVar(&e.dbPath, "db", DefaultDBPath(), "ledger file, or the postgres://user@host:5432/database URL of a team ledger (env PAYOUTS_DB)")
	root.Flags().StringVar(&e.screen, "screen", "", "open the desktop app on this screen (deals, payouts, creators, campaigns, reports, reports/charts, settings)")
	root.PersistentFlags().StringVar(&e.operator, "operator", ledger.DefaultOperator(), "who is recorded as doing each operation (env PAYOUTS_OPERATOR)")
	root.AddCommand(
		creatorCmd(e), campaignCmd(e), dealCmd(e), feeCmd(e), bonusCmd(e), payoutCmd(e),
		balancesCmd(e), historyCmd(e), checkCmd(e), demoCmd(e),
	)
	for _, c := range extraCommands {
		root.AddCommand(c(e))
	}
	return root
}

// extraCommands are added by other files of this package (import, export,
// release), so each feature registers its own commands.
var extraCommands []func(*env) *cobra.Command

// withStore wraps a command body that needs the open ledger, creating it
// when missing (commands that write).
func (e *env) withStore(fn func(ctx context.Context, s *ledger.Store, args []string) error) func(*cobra.Command, []string) error {
	return e.storeCommand(ledger.OpenOptions{}, fn)
}

// readStore wraps a command that only reads: it refuses a path where no
// ledger exists ("no ledger at PATH") rather than creating an empty one
// behind a mistyped --db.
func (e *env) readStore(fn func(ctx context.Context, s *ledger.Store, args []string) error) func(*cobra.Command, []string) error {
	return e.storeCommand(ledger.OpenOptions{MustExist: true}, fn)
}

func (e *env) storeCommand(o ledger.OpenOptions, fn func(ctx context.Context, s *ledger.Store, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		s, err := e.openWith(o)
		if err != nil {
			return fail(err)
		}
		err = fn(cmd.Context(), s, args)
		if err == nil {
			// SQLite flagged the file damaged while the command ran (or
			// before): whatever it printed cannot be trusted, so no exit 0.
			err = s.Damaged()
		}
		return fail(err)
	}
}
