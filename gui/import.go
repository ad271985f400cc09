package gui

import (
	"context"
	"errors"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// What the Import flow reads.
const (
	formatShopify = "Shopify orders export"
	formatMapped  = "Other store (CSV with a column mapping)"
	newMapping    = "New mapping…"
	presetPrefix  = "Preset: "
	noColumn      = "(none)"
	fixedCurrency = "(one currency for all)"
	previewRows   = 8
	summaryLines  = 100 // of each list shown in the window; the saved file has all
)

// importFlow is File > Import orders: choose a file, see its first rows,
// say whether it is Shopify's export or map the columns of another store's
// CSV (the mapping is saved by name for next time), then a progress bar
// while it is read and posted off the UI goroutine, and a summary that can
// be saved as a file.
type importFlow struct {
	// u, when set, lets the preview add a deal for a code no deal has.
	u      *ui
	app    fyne.App
	w      fyne.Window
	store  *ledger.Store
	onDone func()

	dlg       *dialog.CustomDialog
	browse    *dialog.FileDialog // the last Choose… dialog, for tests
	body      *fyne.Container
	path      *widget.Entry
	format    *widget.RadioGroup
	preview   *widget.Table
	header    []string
	rows      [][]string
	errLabel  *widget.Label
	importBtn *widget.Button
	earn      *earnings // what each order will earn
	quiet     bool      // while choices are made for the user: no preview yet

	// The mapping step, for other stores' CSV.
	mappingBox  *fyne.Container
	mappingName *widget.Select
	newName     *widget.Entry
	cols        map[string]*widget.Select // by mapping field
	fixedCur    *widget.Select
	mappings    map[string]orders.Mapping
	// base is the saved mapping or preset chosen: its status words, date
	// format and decimal comma carry over to what is imported or saved.
	base orders.Mapping

	// While importing, and after.
	progress *widget.ProgressBar
	busy     *widget.ProgressBarInfinite
	stage    *widget.Label
	running  *dialog.CustomDialog
	cancel   context.CancelFunc
	done     *dialog.CustomDialog
	saveBtn  *widget.Button
	res      orders.Result
	// result receives how each import ended (nil: imported), for tests.
	result chan error
}

// Mapping fields, in the order the mapping step shows them.
var mappingFields = []struct{ key, label string }{
	{"order", "Order ID"}, {"date", "Paid date"}, {"code", "Discount code"}, {"amount", "Amount (subtotal)"},
	{"currency", "Currency"}, {"status", "Status (optional)"}, {"refunded", "Refunded (optional)"},
	{"total", "Total with shipping and taxes (optional: refunds are shared against it)"},
}

// newImportFlow prepares the Import orders flow; onDone runs (on the UI
// goroutine) after an import changed the ledger, so screens can refresh.
func newImportFlow(a fyne.App, w fyne.Window, store *ledger.Store, onDone func()) *importFlow {
	if onDone == nil {
		onDone = func() {}
	}
	return &importFlow{app: a, w: w, store: store, onDone: onDone, result: make(chan error, 1)}
}

// Show opens the Import orders dialog.
func (f *importFlow) Show() {
	f.path = &widget.Entry{PlaceHolder: "the exported .csv file", OnSubmitted: f.load}
	browse := &widget.Button{Text: "Choose…", OnTapped: f.onBrowse}
	f.format = widget.NewRadioGroup([]string{formatShopify, formatMapped}, f.onFormat)
	f.format.Horizontal = true
	f.preview = widget.NewTable(f.previewSize, f.previewCell, f.previewUpdate)
	previewBox := container.NewGridWrap(fyne.NewSize(760, 200), f.preview)
	f.errLabel = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	f.errLabel.Hide()
	f.buildMapping()

	form := widget.NewForm(
		widget.NewFormItem("File", container.NewBorder(nil, nil, nil, browse, f.path)),
		widget.NewFormItem("Format", f.format),
	)
	f.body = container.NewVBox(form, widget.NewLabel("First rows of the file:"), previewBox, f.mappingBox, f.buildEarnings(), f.errLabel)
	f.dlg = dialog.NewCustomWithoutButtons("Import orders", container.NewVScroll(f.body), f.w)
	f.importBtn = &widget.Button{Text: "Import", Importance: widget.HighImportance, OnTapped: f.onImport}
	f.importBtn.Disable()
	f.dlg.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Cancel", OnTapped: f.dlg.Hide}, f.importBtn})
	f.dlg.SetOnClosed(f.stopEarnings)
	// As large as the window allows, up to what the two tables need: in a
	// 1024x640 window a taller dialog put its buttons over the preview.
	win := f.w.Canvas().Size()
	f.dlg.Resize(fyne.NewSize(min(840, win.Width-40), min(760, win.Height-40)))
	f.dlg.Show()
}

func (f *importFlow) onBrowse() {
	open := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		rememberFolder(f.app, folderImport, rc.URI().Path())
		f.path.SetText(rc.URI().Path())
		f.load(rc.URI().Path())
	}, f.w)
	open.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	startIn(f.app, open, folderImport, "")
	f.browse = open
	open.Show()
}

// load reads the first rows of the file for the preview and guesses its
// format from the header.
func (f *importFlow) load(path string) {
	// One preview of the earnings at the end, not one per choice made here.
	f.quiet = true
	defer func() { f.quiet = false; f.updateEarnings() }()
	f.errLabel.Hide()
	f.header, f.rows = nil, nil
	path = strings.TrimSpace(path)
	file, err := os.Open(path)
	if err != nil {
		f.showError(ledger.Errorf(ledger.EINVALID, "cannot open %s: %v", path, errors.Unwrap(err)))
		f.refresh()
		return
	}
	defer file.Close()
	f.header, f.rows, err = orders.Preview(file, previewRows)
	if err != nil {
		f.showError(err)
		f.refresh()
		return
	}
	opts := append([]string{noColumn}, f.header...)
	for key, sel := range f.cols {
		sel.Options = opts
		if key == "currency" {
			sel.Options = append([]string{fixedCurrency}, f.header...)
		}
		sel.Refresh()
	}
	for i, h := range f.header {
		// As wide as the column's widest text, within reason.
		w := fyne.MeasureText(h, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
		for _, r := range f.rows {
			if i < len(r) {
				w = max(w, fyne.MeasureText(r[i], theme.TextSize(), fyne.TextStyle{}).Width)
			}
		}
		f.preview.SetColumnWidth(i, min(max(w, 40), 240)+2*theme.InnerPadding()+2*theme.Padding())
	}
	if orders.IsShopify(f.header) {
		f.format.SetSelected(formatShopify)
	} else {
		f.format.SetSelected(formatMapped)
		// A store with a preset previews with it; the user may pick another.
		if p, err := orders.DetectPreset(f.header); err == nil {
			f.mappingName.SetSelected(presetPrefix + p.Name)
		}
	}
	f.refresh()
}

func (f *importFlow) refresh() {
	f.preview.Refresh()
	f.body.Refresh() // lay out what was shown or hidden
	if f.header != nil {
		f.importBtn.Enable()
	} else {
		f.importBtn.Disable()
	}
}

func (f *importFlow) onFormat(format string) {
	if format == formatMapped {
		f.mappingBox.Show()
		if f.mappingName.Selected == "" {
			f.mappingName.SetSelected(newMapping)
		}
	} else {
		f.mappingBox.Hide()
	}
	f.body.Refresh()
	f.updateEarnings()
}
func (f *importFlow) showError(err error) {
	f.errLabel.SetText(ledger.ErrorMessage(err))
	f.errLabel.Show()
	f.body.Refresh()
}
