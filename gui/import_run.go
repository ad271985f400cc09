package gui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// Import orders once the Import button is pressed: the file read and
// posted off the UI goroutine with a progress bar, then the summary.

func (f *importFlow) onImport() {
	f.errLabel.Hide()
	path := strings.TrimSpace(f.path.Text)
	info, err := os.Stat(path)
	if err != nil {
		f.showError(ledger.Errorf(ledger.EINVALID, "cannot open %s", path))
		return
	}
	source, m, mapped, err := f.chosen()
	if err != nil {
		f.showError(err)
		return
	}
	// A preset is built in: only a mapping of the user's is saved.
	if mapped && !strings.HasPrefix(f.mappingName.Selected, presetPrefix) {
		if err := orders.SaveMapping(context.Background(), f.store, source, m); err != nil {
			f.showError(err)
			return
		}
	}
	f.stopEarnings()
	f.dlg.Hide()

	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.progress = widget.NewProgressBar()
	f.busy = widget.NewProgressBarInfinite()
	f.busy.Hide()
	f.stage = widget.NewLabel("Reading " + filepath.Base(path) + "…")
	f.running = dialog.NewCustomWithoutButtons("Importing orders…", container.NewVBox(f.stage, f.progress, f.busy), f.w)
	f.running.SetButtons([]fyne.CanvasObject{&widget.Button{Text: "Stop import", OnTapped: cancel}})
	f.running.Resize(fyne.NewSize(440, 0))
	f.running.Show()

	go func() {
		res, err := f.run(ctx, path, info.Size(), mapped, source, m)
		cancel()
		fyne.Do(func() { f.finish(res, err) })
		f.result <- err
	}()
}

// chosen is how the file is to be read: the source its orders are
// imported under, and the mapping of another store's CSV (mapped).
func (f *importFlow) chosen() (source string, m orders.Mapping, mapped bool, err error) {
	switch f.format.Selected {
	case formatShopify:
		return orders.SourceShopify, m, false, nil
	case formatMapped:
		source, m, err = f.mapping()
		return source, m, true, err
	}
	return "", m, false, ledger.Errorf(ledger.EINVALID, "choose the file's format")
}

// run reads and imports the file; it is called off the UI goroutine and
// reports progress through fyne.Do.
func (f *importFlow) run(ctx context.Context, path string, size int64, mapped bool, source string, m orders.Mapping) (orders.Result, error) {
	file, err := orders.OpenFile(path) // regular files only, as the command line
	if err != nil {
		return orders.Result{}, err
	}
	defer file.Close()
	x, err := parseExport(ctx, file, path, size, mapped, m, func(v float64) {
		fyne.Do(func() { f.progress.SetValue(v) })
	})
	if err != nil {
		return orders.Result{}, err
	}
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

// parseExport reads the orders of an open file, reporting the share read.
func parseExport(ctx context.Context, file io.Reader, path string, size int64, mapped bool, m orders.Mapping, report func(float64)) (*orders.Export, error) {
	r := &progressReader{ctx: ctx, r: file, size: size, report: report}
	var x *orders.Export
	var err error
	if mapped {
		x, err = orders.ParseCSV(r, m)
	} else {
		x, err = orders.ParseShopify(r)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err() // cancelled while reading
	}
	if err != nil {
		return nil, err
	}
	x.File = filepath.Base(path)
	return x, nil
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

// reopen closes the summary and opens the Import dialog again, with the
// preview worked out anew: a deal was added for a code, and importing the
// file again credits its orders.
func (f *importFlow) reopen() {
	if f.done != nil {
		f.done.Hide()
	}
	f.dlg.Show()
	f.updateEarnings()
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
		rememberFolder(f.app, folderExport, uc.URI().Path())
		if err := f.saveSummary(uc.URI().Path()); err != nil {
			showErrorDialog(f.w, err)
		}
	}, f.w)
	save.SetFileName("import-summary-" + f.store.Now().Format(ledger.DateLayout) + ".txt")
	startIn(f.app, save, folderExport, "")
	save.Show()
}

// saveSummary writes the full summary to path.
func (f *importFlow) saveSummary(path string) error {
	if err := os.WriteFile(path, []byte(f.res.Summary()), 0o644); err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot save the summary: %v", err)
	}
	return nil
}
