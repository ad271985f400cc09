// Package gui is the Payouts desktop interface, built with Fyne. It talks to
// the ledger only through its methods: no SQL, no HTTP here. It never
// imports Fyne's app driver, so its tests run headless with Fyne's test
// driver and CGO_ENABLED=0.
package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Create builds the main window's content over the store.
func Create(a fyne.App, w fyne.Window, store *ledger.Store) fyne.CanvasObject {
	return widget.NewLabel("Payouts: " + store.Path())
}
