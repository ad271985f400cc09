package main

import (
	"context"
	"log"
	"os"

	"fyne.io/fyne/v2/app"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/gui"
	"github.com/payouts/payouts/ledger"
)

// runGUI opens the desktop app on the ledger named by --db or PAYOUTS_DB,
// else on the one last chosen in Settings, else on the default file. Only
// this file imports Fyne's app driver (cgo, OpenGL): everything else tests
// headless.
func runGUI(e *env) error {
	if err := gui.CheckStartScreen(e.screen); err != nil {
		return fail(err)
	}
	a := app.NewWithID(assets.AppID)
	a.SetIcon(assets.Icon)
	remembered := false // the ledger is the one last used, not one asked for
	if e.dbPath == DefaultDBPath() && os.Getenv("PAYOUTS_DB") == "" {
		if p := gui.LedgerPath(a); ledger.IsServerURL(p) {
			e.dbPath, remembered = gui.WithSavedPassword(p), true
		} else if p != "" {
			if _, err := os.Stat(p); err == nil {
				e.dbPath = p
			} else {
				log.Printf("payouts: the ledger last used, %s, is gone: opening %s", p, e.dbPath)
			}
		}
	}
	s, err := e.open()
	if err != nil && remembered {
		// The team ledger last used cannot be reached (server down, no
		// network, password changed): open the ledger file instead and
		// say so, rather than leave the person without an app.
		note := "Could not open the team ledger " + ledger.ShowLocation(e.dbPath) + ": " + ledger.ErrorMessage(err)
		log.Printf("payouts: %s", note)
		e.dbPath = gui.LastLedgerFile(a, DefaultDBPath())
		if s, err = e.open(); err == nil {
			gui.NoteAtStart(a, note+". Opened "+e.dbPath+" instead: Settings > Ledger connects again.")
		}
	}
	if err != nil {
		return fail(err)
	}
	// Commissions whose hold ran out while the app was closed become owed,
	// recorded under the operator name of Settings; a read-only or damaged
	// ledger opens as it is, with its banner.
	if err := gui.Start(a, s); err != nil {
		return fail(err)
	}
	if !ledger.IsServerURL(e.dbPath) {
		// A team ledger's server keeps its own backups and checks its own
		// pages: the daily backup and quick_check are about a file.
		go dailyCare(s)
	}
	w := a.NewWindow("Payouts")
	w.SetContent(gui.CreateAt(a, w, s, e.screen))
	gui.FitWindow(a, w) // the size it had when last closed
	w.ShowAndRun()
	return nil
}

// dailyCare takes the day's backup when there is none yet, then asks SQLite
// to read every page (quick_check) at most once a day, after the backup:
// damage found turns the window read-only with its banner at the next poll.
func dailyCare(s *ledger.Store) {
	ctx := context.Background()
	_, made, err := s.DailyBackup(ctx)
	if err != nil {
		log.Printf("payouts: daily backup: %s", ledger.ErrorMessage(err))
		return
	}
	if made {
		if err := s.CheckFile(ctx, true); err != nil {
			log.Printf("payouts: %s", ledger.ErrorMessage(err))
		}
	}
}
