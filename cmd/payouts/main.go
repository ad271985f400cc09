// Command payouts is the Payouts desktop app and its headless CLI. With no
// subcommand it opens the window; subcommands script the same ledger.
package main

import (
	// First: fixes the locale before Fyne reads it.
	_ "github.com/payouts/payouts/cmd/payouts/internal/locale"

	"errors"
	"fmt"
	"os"

	"github.com/payouts/payouts/ledger"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailed   = 1 // the operation failed; the ledger is unchanged
	exitUsage    = 2 // the command line is wrong
	exitRejected = 3 // an import skipped rows (the rest was imported)
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) (code int) {
	defer func() {
		// No panic reaches a user as a stack dump: report it on one line.
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "payouts: internal error: %v\n", r)
			code = exitFailed
		}
	}()
	cmd := newRoot()
	cmd.SetArgs(args)
	err := cmd.Execute()
	var ex *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ex):
		if ex.err != nil {
			fmt.Fprintln(os.Stderr, "payouts: "+ledger.ErrorMessage(ex.err))
		}
		return ex.code
	default:
		// Anything cobra itself refused is a usage error.
		fmt.Fprintf(os.Stderr, "payouts: %v\nRun 'payouts --help' for usage.\n", err)
		return exitUsage
	}
}

// exitError carries a failure out of a command with its exit status, so
// that failures of the operation (exit 1) stay apart from usage errors.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func fail(err error) error {
	var ex *exitError
	if err == nil || errors.As(err, &ex) {
		return err
	}
	return &exitError{code: exitFailed, err: err}
}
