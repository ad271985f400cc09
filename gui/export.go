package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/payouts/payouts/ledger"
)

// exportFlow is the Export workbook flow (owned by the export work: this
// placeholder is replaced by the real flow with range, progress and
// "open folder").
type exportFlow struct {
	w     fyne.Window
	store *ledger.Store
}

// newExportFlow prepares the Export flow.
func newExportFlow(a fyne.App, w fyne.Window, store *ledger.Store) *exportFlow {
	return &exportFlow{w: w, store: store}
}

// Show starts the flow.
func (f *exportFlow) Show() {
	dialog.ShowInformation("Export", "Export is not available yet.", f.w)
}
