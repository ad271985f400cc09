package gui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	app    fyne.App
	w      fyne.Window
	store  *ledger.Store
	onDone func()

	dlg       *dialog.CustomDialog
	body      *fyne.Container
	path      *widget.Entry
	format    *widget.RadioGroup
	preview   *widget.Table
	header    []string
	rows      [][]string
	errLabel  *widget.Label
	importBtn *widget.Button

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
	f.body = container.NewVBox(form, widget.NewLabel("First rows of the file:"), previewBox, f.mappingBox, f.errLabel)
	f.dlg = dialog.NewCustomWithoutButtons("Import orders", container.NewVScroll(f.body), f.w)
	f.importBtn = &widget.Button{Text: "Import", Importance: widget.HighImportance, OnTapped: f.onImport}
	f.importBtn.Disable()
	f.dlg.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Cancel", OnTapped: f.dlg.Hide}, f.importBtn})
	f.dlg.Resize(fyne.NewSize(820, 640))
	f.dlg.Show()
}

// buildMapping makes the mapping step: a saved mapping to use, or the
// columns of a new one and its name.
func (f *importFlow) buildMapping() {
	f.mappings, _ = orders.Mappings(context.Background(), f.store)
	names := []string{newMapping}
	for _, p := range orders.Presets {
		names = append(names, presetPrefix+p.Name)
	}
	for _, n := range sortedKeys(f.mappings) {
		names = append(names, n)
	}
	f.cols = map[string]*widget.Select{}
	items := []*widget.FormItem{}
	f.mappingName = widget.NewSelect(names, f.onMappingName)
	f.newName = &widget.Entry{PlaceHolder: "a name for this store, such as woo"}
	items = append(items, widget.NewFormItem("Mapping", f.mappingName), widget.NewFormItem("Name", f.newName))
	for _, fld := range mappingFields {
		sel := widget.NewSelect(nil, nil)
		f.cols[fld.key] = sel
		items = append(items, widget.NewFormItem(fld.label, sel))
	}
	f.fixedCur = widget.NewSelect(ledger.Currencies(), nil)
	f.fixedCur.PlaceHolder = "currency of every order"
	items = append(items, widget.NewFormItem("Fixed currency", f.fixedCur))
	f.mappingBox = container.NewVBox(widget.NewLabel("Which column holds what:"), widget.NewForm(items...))
	f.mappingBox.Hide()
}

func (f *importFlow) onBrowse() {
	open := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		f.path.SetText(rc.URI().Path())
		f.load(rc.URI().Path())
	}, f.w)
	open.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	open.Show()
}

// load reads the first rows of the file for the preview and guesses its
// format from the header.
func (f *importFlow) load(path string) {
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
}

// onMappingName fills the columns from a saved mapping.
func (f *importFlow) onMappingName(name string) {
	m, ok := f.mappings[name]
	if p, err := orders.LookupPreset(strings.TrimPrefix(name, presetPrefix)); strings.HasPrefix(name, presetPrefix) && err == nil {
		m, ok = p.Mapping, true
	}
	if !ok {
		f.base = orders.Mapping{}
		f.newName.Enable()
		return
	}
	f.base = m
	f.newName.SetText("")
	f.newName.Disable()
	set := func(key, col string) {
		if col == "" {
			col = noColumn
			if key == "currency" {
				col = fixedCurrency
			}
		}
		if !slices.Contains(f.cols[key].Options, col) {
			col = noColumn // a column this file does not have: shown as missing, not stale
			if key == "currency" {
				col = fixedCurrency
			}
		}
		f.cols[key].SetSelected(col)
	}
	set("order", m.OrderID)
	set("date", m.Date)
	set("code", m.Code)
	set("amount", m.Amount)
	set("currency", m.Currency)
	set("status", m.Status)
	set("refunded", m.Refunded)
	set("total", m.Total)
	if m.FixedCurrency != "" {
		f.fixedCur.SetSelected(m.FixedCurrency)
	}
}

// mapping reads the mapping step: the mapping and the name it is saved
// under (the import's source).
func (f *importFlow) mapping() (string, orders.Mapping, error) {
	col := func(key string) string {
		s := f.cols[key].Selected
		if s == noColumn || s == fixedCurrency {
			return ""
		}
		return s
	}
	m := f.base
	m.PaidStatuses = append([]string(nil), f.base.PaidStatuses...)
	m.NotPaidStatuses = append([]string(nil), f.base.NotPaidStatuses...)
	m.OrderID, m.Date, m.Code, m.Amount = col("order"), col("date"), col("code"), col("amount")
	m.Currency, m.Status, m.Refunded, m.Total = col("currency"), col("status"), col("refunded"), col("total")
	m.FixedCurrency = ""
	if m.Status == "" {
		m.PaidStatuses, m.NotPaidStatuses = nil, nil // no status column: every row is paid
	}
	if m.Currency == "" {
		m.FixedCurrency = f.fixedCur.Selected
	}
	name := f.mappingName.Selected
	if strings.HasPrefix(name, presetPrefix) {
		return strings.TrimPrefix(name, presetPrefix), m, m.Validate()
	}
	if name == newMapping || name == "" {
		name = strings.TrimSpace(f.newName.Text)
		if name == "" {
			return "", m, ledger.Errorf(ledger.EINVALID, "give the mapping a name, so the next import of this store needs none")
		}
	}
	return name, m, m.Validate()
}

func (f *importFlow) showError(err error) {
	f.errLabel.SetText(ledger.ErrorMessage(err))
	f.errLabel.Show()
	f.body.Refresh()
}

func (f *importFlow) onImport() {
	f.errLabel.Hide()
	path := strings.TrimSpace(f.path.Text)
	info, err := os.Stat(path)
	if err != nil {
		f.showError(ledger.Errorf(ledger.EINVALID, "cannot open %s", path))
		return
	}
	source := orders.SourceShopify
	var m orders.Mapping
	mapped := f.format.Selected == formatMapped
	if mapped {
		if source, m, err = f.mapping(); err != nil {
			f.showError(err)
			return
		}
		// A preset is built in: only a mapping of the user's is saved.
		if !strings.HasPrefix(f.mappingName.Selected, presetPrefix) {
			if err := orders.SaveMapping(context.Background(), f.store, source, m); err != nil {
				f.showError(err)
				return
			}
		}
	} else if f.format.Selected != formatShopify {
		f.showError(ledger.Errorf(ledger.EINVALID, "choose the file's format"))
		return
	}
	f.dlg.Hide()

	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.progress = widget.NewProgressBar()
	f.busy = widget.NewProgressBarInfinite()
	f.busy.Hide()
	f.stage = widget.NewLabel("Reading " + filepath.Base(path) + "…")
	f.running = dialog.NewCustomWithoutButtons("Importing orders…", container.NewVBox(f.stage, f.progress, f.busy), f.w)
	f.running.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Cancel", OnTapped: cancel}})
	f.running.Resize(fyne.NewSize(440, 0))
	f.running.Show()

	go func() {
		res, err := f.run(ctx, path, info.Size(), mapped, source, m)
		cancel()
		fyne.Do(func() { f.finish(res, err) })
		f.result <- err
	}()
}

// run reads and imports the file; it is called off the UI goroutine and
// reports progress through fyne.Do.
func (f *importFlow) run(ctx context.Context, path string, size int64, mapped bool, source string, m orders.Mapping) (orders.Result, error) {
	file, err := orders.OpenFile(path) // regular files only, as the command line
	if err != nil {
		return orders.Result{}, err
	}
	defer file.Close()
	r := &progressReader{ctx: ctx, r: file, size: size, report: func(v float64) {
		fyne.Do(func() { f.progress.SetValue(v) })
	}}
	var x *orders.Export
	if mapped {
		x, err = orders.ParseCSV(r, m)
	} else {
		x, err = orders.ParseShopify(r)
	}
	if ctx.Err() != nil {
		return orders.Result{}, ctx.Err() // cancelled while reading
	}
	if err != nil {
		return orders.Result{}, err
	}
	x.File = filepath.Base(path)
	fyne.Do(func() {
		f.progress.SetValue(1)
		f.stage.SetText(fmt.Sprintf("Posting the commissions of %d orders…", len(x.Orders)))
		f.progress.Hide()
		f.busy.Show()
	})
	// A copy of the ledger as it was, before the import changes it.
	if _, err := f.store.AutoBackup(ctx, "import"); err != nil {
		return orders.Result{}, err
	}
	defer f.store.Announce("an import of orders from " + filepath.Base(path) + " in the Payouts app")()
	return orders.Import(ctx, f.store, "", source, x)
}

// progressReader reports how much of the file has been read, at most a
// hundred times, and stops reading once the import is cancelled.
type progressReader struct {
	ctx    context.Context
	r      io.Reader
	size   int64
	read   int64
	last   int64
	report func(float64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.size > 0 && (p.read-p.last)*100 >= p.size {
		p.last = p.read
		p.report(float64(p.read) / float64(p.size))
	}
	return n, err
}

// finish closes the progress dialog and shows the summary, or what went
// wrong with the dialog open again.
func (f *importFlow) finish(res orders.Result, err error) {
	f.busy.Stop()
	f.running.Hide()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = ledger.Errorf(ledger.EINVALID, "the import was cancelled; nothing was imported")
		}
		f.showError(err)
		f.dlg.Show()
		return
	}
	f.res = res
	if res.New+res.Updated+res.Released > 0 {
		f.onDone()
	}
	f.saveBtn = &widget.Button{Text: "Save summary…", OnTapped: f.onSave}
	d := dialog.NewCustomWithoutButtons("Orders imported", container.NewGridWrap(fyne.NewSize(720, 460), container.NewVScroll(f.summaryView(res))), f.w)
	d.SetButtons([]fyne.CanvasObject{f.saveBtn, &widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: d.Hide}})
	f.done = d
	d.Show()
}

func more(lines []string, total int) []string {
	if total > len(lines) {
		lines = append(lines, fmt.Sprintf("…and %d more: save the summary for all of them", total-len(lines)))
	}
	return lines
}

func (f *importFlow) onSave() {
	save := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		uc.Close()
		if err := f.saveSummary(uc.URI().Path()); err != nil {
			dialog.ShowError(err, f.w)
		}
	}, f.w)
	save.SetFileName("import-summary-" + f.store.Now().Format(ledger.DateLayout) + ".txt")
	save.Show()
}

// saveSummary writes the full summary to path.
func (f *importFlow) saveSummary(path string) error {
	if err := os.WriteFile(path, []byte(f.res.Summary()), 0o644); err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot save the summary: %v", err)
	}
	return nil
}
