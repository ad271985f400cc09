package main

import (
	"context"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/gui"
)

// runGUI opens the desktop app on the ledger named by --db or PAYOUTS_DB,
// else on the one last chosen in Settings, else on the default file. Only
// this file imports Fyne's app driver (cgo, OpenGL): everything else tests
// headless.
func runGUI(e *env) error {
	a := app.NewWithID(assets.AppID)
	a.SetIcon(assets.Icon)
	if e.dbPath == DefaultDBPath() && os.Getenv("PAYOUTS_DB") == "" {
		if p := gui.LedgerPath(a); p != "" {
			if _, err := os.Stat(p); err == nil {
				e.dbPath = p
			} else {
				log.Printf("payouts: the ledger last used, %s, is gone: opening %s", p, e.dbPath)
			}
		}
	}
	s, err := e.open()
	if err != nil {
		return fail(err)
	}
	// Commissions whose hold ran out while the app was closed become owed.
	if _, err := s.Release(context.Background(), ""); err != nil {
		return fail(err)
	}
	w := a.NewWindow("Payouts")
	w.SetContent(gui.Create(a, w, s))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
	return nil
}
