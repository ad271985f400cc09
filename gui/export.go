package gui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// What the Export flow can write.
const (
	exportWorkbook = "Workbook for the accountant (.xlsx)"
	exportJournal  = "Journal for accounting tools (.csv)"
	exportXero     = "Xero manual journal (.csv)"
	exportQBO      = "QuickBooks Online journal entries (.csv)"
	exportLedger   = "Plain-text journal for hledger and ledger (.journal)"
	exportBank     = "Paid payouts as a bank statement (.csv)"
	exportTax      = "Creators' tax data (.csv)"
	allCampaigns   = "All campaigns"
)

// exportFlow is File > Export: what to write (the workbook, the journal CSV
// as it is or as Xero's or QuickBooks Online's import, the plain-text
// journal, or the bank-statement CSV), for which range and campaign, where; then a
// progress bar while it writes off the UI goroutine, and at the end a way
// to open the folder that holds the file.
type exportFlow struct {
	app   fyne.App
	w     fyne.Window
	store *ledger.Store
	// openURL opens the folder when done; tests replace it.
	openURL func(*url.URL) error

	dlg       *dialog.CustomDialog
	kind      *widget.RadioGroup
	period    *widget.Select // fills From and To with a named period
	periods   map[string][2]string
	from, to  *dateEntry
	campaign  *widget.Select
	currency  *widget.Select
	method    *widget.Select // the bank statement's payment method
	path      *widget.Entry
	exportBtn *widget.Button
	errLabel  *widget.Label
	campaigns map[string]int64

	// While exporting.
	progress *widget.ProgressBar
	busy     *widget.ProgressBarInfinite
	running  dialog.Dialog
	cancel   context.CancelFunc
	// done is the dialog shown at the end, with its Open folder button.
	done       dialog.Dialog
	openFolder *widget.Button
	// result is what the last run ended with (nil: written), for tests.
	result chan error
}

// newExportFlow prepares the Export flow.
func newExportFlow(a fyne.App, w fyne.Window, store *ledger.Store) *exportFlow {
	return &exportFlow{app: a, w: w, store: store, openURL: a.OpenURL, result: make(chan error, 1)}
}

// Show opens the Export dialog.
func (f *exportFlow) Show() {
	ctx := context.Background()
	f.campaigns = map[string]int64{}
	names := []string{allCampaigns}
	if cs, err := f.store.Campaigns(ctx); err == nil {
		for _, c := range cs {
			f.campaigns[c.Name] = c.ID
			names = append(names, c.Name)
		}
	}
	currencies := []string{}
	if ts, err := f.store.Totals(ctx); err == nil {
		for _, t := range ts {
			currencies = append(currencies, t.Currency)
		}
	}

	f.kind = widget.NewRadioGroup([]string{exportWorkbook, exportJournal, exportXero, exportQBO, exportLedger, exportBank, exportTax}, f.onKind)
	f.from, f.to = newDateEntry(time.Time{}), newDateEntry(time.Time{})
	f.from.PlaceHolder, f.to.PlaceHolder = "From the first transfer", "To the last transfer"
	f.from.optional, f.to.optional = true, true
	f.period = widget.NewSelect(f.periodChoices(ctx), f.onPeriod)
	f.period.SetSelected(periodCustom)
	f.campaign = widget.NewSelect(names, nil)
	f.campaign.SetSelected(allCampaigns)
	f.currency = widget.NewSelect(currencies, nil)
	if len(currencies) > 0 {
		f.currency.SetSelected(currencies[0])
	}
	// A bank statement is one account's: the bank's payments by default,
	// PayPal's (or another method's) when chosen, all only on request.
	f.method = widget.NewSelect(append(methodLabels(), allMethods), nil)
	f.method.SetSelected(ledger.MethodLabel(ledger.MethodBank))
	f.path = &widget.Entry{}
	browse := &widget.Button{Text: "Choose…", OnTapped: f.onBrowse}
	f.errLabel = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	f.errLabel.Hide()

	form := widget.NewForm(
		widget.NewFormItem("Export", f.kind),
		widget.NewFormItem("Period", f.period),
		widget.NewFormItem("From", f.from),
		widget.NewFormItem("To", f.to),
		widget.NewFormItem("Campaign", f.campaign),
		widget.NewFormItem("Currency", f.currency),
		widget.NewFormItem("Paid by", f.method),
		widget.NewFormItem("Save to", container.NewBorder(nil, nil, nil, browse, f.path)),
	)
	f.dlg = dialog.NewCustomWithoutButtons("Export", container.NewVBox(form, f.errLabel), f.w)
	f.exportBtn = &widget.Button{Text: "Export", Importance: widget.HighImportance, OnTapped: f.onExport}
	f.dlg.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Cancel", OnTapped: f.dlg.Hide}, f.exportBtn})
	f.kind.SetSelected(exportWorkbook)
	f.dlg.Resize(fyne.NewSize(620, 0))
	f.dlg.Show()
}

// The named periods of the Period choice; each closed period is offered
// too ("Closed: 2026-10-01 to 2026-10-31"): its export never changes.
const periodCustom = "Dates below"

var namedPeriods = []struct{ label, name string }{
	{"Last month", ledger.PeriodLastMonth}, {"This month", ledger.PeriodThisMonth},
	{"This year", ledger.PeriodThisYear}, {"Last year", ledger.PeriodLastYear},
}

// periodChoices lists the Period choice's options and resolves each into
// its dates (posting dates, as every export selects).
func (f *exportFlow) periodChoices(ctx context.Context) []string {
	f.periods = map[string][2]string{}
	out := []string{periodCustom}
	for _, p := range namedPeriods {
		if from, to, err := f.store.ExportPeriod(ctx, p.name); err == nil {
			f.periods[p.label] = [2]string{from, to}
			out = append(out, p.label)
		}
	}
	closed, _ := f.store.ClosedPeriods(ctx)
	for i := len(closed) - 1; i >= 0; i-- {
		c := closed[i]
		label := "Closed: through " + c.Through
		if c.From != "" {
			label = "Closed: " + c.From + " to " + c.Through
		}
		f.periods[label] = [2]string{c.From, c.Through}
		out = append(out, label)
	}
	return out
}

// onPeriod fills From and To with the chosen period's dates.
func (f *exportFlow) onPeriod(label string) {
	r, ok := f.periods[label]
	if !ok {
		return
	}
	for i, e := range []*dateEntry{f.from, f.to} {
		if t, err := time.Parse(ledger.DateLayout, r[i]); err == nil {
			e.setDay(t)
		} else {
			e.SetDate(nil) // open: from the first transfer
			e.SetText("")
		}
	}
}

// onKind fits the file name to what is exported and enables the currency
// choice for the bank statement and the Xero journal only (a statement, and
// a Xero manual journal, have one currency).
func (f *exportFlow) onKind(kind string) {
	if kind == exportBank || kind == exportXero {
		f.currency.Enable()
	} else {
		f.currency.Disable()
	}
	if kind == exportBank {
		f.method.Enable()
	} else {
		f.method.Disable()
	}
	f.path.SetText(f.defaultPath(kind))
}

func (f *exportFlow) defaultPath(kind string) string {
	dir := filepath.Dir(f.path.Text)
	if f.path.Text == "" {
		dir = lastFolder(f.app, folderExport, exportDir())
	}
	name := "payouts-" + f.store.Now().Format(ledger.DateLayout)
	switch kind {
	case exportJournal:
		name += "-journal.csv"
	case exportXero:
		name += "-xero.csv"
	case exportQBO:
		name += "-quickbooks.csv"
	case exportLedger:
		name += ".journal"
	case exportBank:
		name += "-bank.csv"
	case exportTax:
		name += "-tax.csv"
	default:
		name += ".xlsx"
	}
	return filepath.Join(dir, name)
}

// exportDir is where exports go by default: Documents when there is one.
func exportDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

func (f *exportFlow) onBrowse() {
	save := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		// Only the path is wanted: the export writes (and renames into
		// place) the file itself.
		uc.Close()
		f.path.SetText(uc.URI().Path())
	}, f.w)
	save.SetFileName(filepath.Base(f.path.Text))
	if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(f.path.Text))); err == nil {
		save.SetLocation(dir)
	}
	save.Show()
}

// showError shows a problem with the choices inside the dialog, which stays
// open with them.
func (f *exportFlow) showError(err error) {
	f.errLabel.SetText(ledger.ErrorMessage(err))
	f.errLabel.Show()
}

func (f *exportFlow) onExport() {
	f.errLabel.Hide()
	from, err := f.from.value("start date")
	if err != nil {
		f.showError(err)
		return
	}
	to, err := f.to.value("end date")
	if err != nil {
		f.showError(err)
		return
	}
	flt := ledger.ExportFilter{From: from, To: to, CampaignID: f.campaigns[f.campaign.Selected]}
	if err := flt.Validate(); err != nil {
		f.showError(err)
		return
	}
	path := strings.TrimSpace(f.path.Text)
	if path == "" {
		f.showError(ledger.Errorf(ledger.EINVALID, "choose where to save the export"))
		return
	}
	kind := f.kind.Selected
	if kind == exportWorkbook && !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		f.showError(ledger.Errorf(ledger.EINVALID, "the workbook file must end in .xlsx"))
		return
	}
	f.dlg.Hide()

	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.progress = widget.NewProgressBar()
	f.busy = widget.NewProgressBarInfinite()
	bar := fyne.CanvasObject(f.progress)
	if kind != exportWorkbook {
		bar = f.busy
	} else {
		f.busy.Stop()
	}
	stop := &widget.Button{Text: "Stop export", OnTapped: cancel}
	f.running = dialog.NewCustomWithoutButtons("Exporting…", container.NewVBox(widget.NewLabel(filepath.Base(path)), bar), f.w)
	f.running.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{stop})
	f.running.Resize(fyne.NewSize(420, 0))
	f.running.Show()

	campaign := ""
	if flt.CampaignID != 0 {
		campaign = f.campaign.Selected
	}
	currency, method := f.currency.Selected, methodOf(f.method.Selected)
	go func() {
		files, err := f.write(ctx, kind, path, flt, campaign, currency, method)
		cancel()
		fyne.Do(func() { f.finish(files, err) })
		f.result <- err
	}()
}

// write runs the export and returns the files it wrote (a Xero journal
// over Xero's 300 lines is several); it is called off the UI goroutine.
func (f *exportFlow) write(ctx context.Context, kind, path string, flt ledger.ExportFilter, campaign, currency, method string) ([]string, error) {
	one := func(err error) ([]string, error) { return []string{path}, err }
	switch kind {
	case exportXero:
		return export.WriteJournalFiles(ctx, f.store, path, export.FormatXero, export.CSVOptions{Filter: flt, Currency: currency})
	case exportQBO:
		return export.WriteJournalFiles(ctx, f.store, path, export.FormatQuickBooks, export.CSVOptions{Filter: flt})
	case exportLedger:
		return one(export.WritePlainTextFile(ctx, f.store, path, flt))
	case exportWorkbook:
		return one(export.WriteWorkbookFile(ctx, f.store, path, export.Options{Filter: flt, CampaignName: campaign, Version: assets.Version,
			Progress: func(done, total int) {
				if total == 0 {
					return
				}
				v := float64(done) / float64(total)
				fyne.Do(func() { f.progress.SetValue(v) })
			}}))
	case exportJournal:
		return one(export.WriteCSVFile(ctx, f.store, path, export.KindJournal, export.CSVOptions{Filter: flt}))
	case exportTax:
		return one(export.WriteCSVFile(ctx, f.store, path, export.KindTax, export.CSVOptions{}))
	default:
		return one(export.WriteCSVFile(ctx, f.store, path, export.KindBank, export.CSVOptions{Filter: flt, Currency: currency, Method: method}))
	}
}

// finish closes the progress dialog and says how it went: the folder to
// open, or what went wrong (with the choices still there to change).
func (f *exportFlow) finish(files []string, err error) {
	f.busy.Stop()
	f.running.Hide()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = ledger.Errorf(ledger.EINVALID, "the export was cancelled; nothing was written")
		}
		f.showError(err)
		f.dlg.Show()
		return
	}
	dir := filepath.Dir(files[0])
	rememberFolder(f.app, folderExport, files[0])
	f.openFolder = &widget.Button{Text: "Open folder", Importance: widget.HighImportance, OnTapped: func() {
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // file:///C:/Users/...
		}
		if err := f.openURL(u); err != nil {
			showErrorDialog(f.w, ledger.Errorf(ledger.EUNAVAILABLE, "cannot open %s: %v", dir, err))
		}
		f.done.Hide()
	}}
	saved := "Saved " + files[0]
	if len(files) > 1 {
		saved = fmt.Sprintf("Saved %d files (Xero imports at most %d lines from one file):\n%s", len(files), export.XeroMaxLines, strings.Join(files, "\n"))
	}
	d := dialog.NewCustomWithoutButtons("Exported", widget.NewLabel(saved), f.w)
	d.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Close", OnTapped: d.Hide}, f.openFolder})
	f.done = d
	d.Show()
}

// allMethods is the bank statement choice that keeps every payment method.
const allMethods = "All methods"

// statementMethods are the payment methods a statement can be of.
var statementMethods = []string{ledger.MethodBank, ledger.MethodPayPal, ledger.MethodStripe, ledger.MethodOther}

// methodLabels are the statementMethods as the user reads them.
func methodLabels() []string {
	out := make([]string, len(statementMethods))
	for i, m := range statementMethods {
		out[i] = ledger.MethodLabel(m)
	}
	return out
}

// methodOf is the method of a label of the Paid by choice: export.MethodAll
// for all methods, "" (the bank's) for none.
func methodOf(label string) string {
	if label == allMethods {
		return export.MethodAll
	}
	for _, m := range statementMethods {
		if ledger.MethodLabel(m) == label {
			return m
		}
	}
	return ""
}
