package main

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/gui"
)

// runGUI opens the desktop app on the ledger named by --db. Only this file
// imports Fyne's app driver (cgo, OpenGL): everything else tests headless.
func runGUI(e *env) error {
	s, err := e.open()
	if err != nil {
		return fail(err)
	}
	// Commissions whose hold ran out while the app was closed become owed.
	if _, err := s.Release(context.Background(), ""); err != nil {
		return fail(err)
	}
	a := app.NewWithID(assets.AppID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Payouts")
	w.SetContent(gui.Create(a, w, s))
	w.Resize(fyne.NewSize(1200, 760))
	w.ShowAndRun()
	return nil
}
