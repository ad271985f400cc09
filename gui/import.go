package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/payouts/payouts/ledger"
)

// importFlow is the Import orders flow (owned by the orders import work:
// this placeholder is replaced by the real preview/mapping/progress flow).
type importFlow struct {
	w      fyne.Window
	store  *ledger.Store
	onDone func()
}

// newImportFlow prepares the Import orders flow; onDone runs (on the UI
// goroutine) after an import changed the ledger, so screens can refresh.
func newImportFlow(a fyne.App, w fyne.Window, store *ledger.Store, onDone func()) *importFlow {
	return &importFlow{w: w, store: store, onDone: onDone}
}

// Show starts the flow.
func (f *importFlow) Show() {
	dialog.ShowInformation("Import orders", "Importing orders is not available yet.", f.w)
}
