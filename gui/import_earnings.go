package gui

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// The Import dialog's preview of what the import will do: each order with
// the creator and campaign it earns for and its commission, the total per
// creator, and each discount code no deal has, with a button that adds the
// deal. The ledger works it out (orders.PreviewImport runs the import's
// own rules without writing), off the UI goroutine; a newer preview
// cancels an older one.

// earningsLines bounds the per-creator and per-code lists of the preview;
// the table holds every order previewed.
const earningsLines = 20

// earningsOrders bounds the orders previewed: a file of a million orders
// is previewed by its first ones, so that the preview holds tens of
// megabytes, not the gigabyte the import itself avoids holding (it
// works chunk by chunk).
var earningsOrders = 50000

// earnings is the preview's part of the dialog.
type earnings struct {
	table   *widget.Table
	status  *widget.Label
	credits *widget.Label
	codes   *fyne.Container
	box     *fyne.Container
	res     orders.Result
	total   int                // orders in the file; more than previewed when the file is large
	gen     int                // the preview asked for last
	cancel  context.CancelFunc // stops the preview in progress
	// done receives the generation of each preview shown, for tests.
	done chan int
}

// earningsColumns are the preview table's columns.
var earningsColumns = []struct {
	title string
	text  func(o orders.OrderPreview) string
}{
	{"Line", func(o orders.OrderPreview) string { return fmt.Sprint(o.Line) }},
	{"Order", func(o orders.OrderPreview) string { return o.OrderID }},
	{"Code", func(o orders.OrderPreview) string { return o.Code }},
	{"Creator", func(o orders.OrderPreview) string { return o.Deal.Creator }},
	{"Campaign", func(o orders.OrderPreview) string { return o.Deal.Campaign }},
	{"Earns", earnsText},
	{"What the import does", outcomeText},
}

// earnsText is the commission an order adds to its deal, or "" when it
// adds none.
func earnsText(o orders.OrderPreview) string {
	switch o.Outcome {
	case ledger.OutcomeNew, ledger.OutcomeUpdated:
		return ledger.Display(o.Commission, o.Deal.Currency)
	}
	return ""
}

// outcomeText says in words what the import does with an order.
func outcomeText(o orders.OrderPreview) string {
	switch o.Outcome {
	case ledger.OutcomeNew:
		return "Credited (held for the return window)"
	case ledger.OutcomeUpdated:
		if o.Commission < 0 {
			return "Changed since the last import: commission taken back"
		}
		return "Changed since the last import: difference credited"
	case ledger.OutcomeUnchanged:
		return "Imported before, unchanged"
	case ledger.OutcomeNotPaid:
		return "Not paid yet (" + o.Reason + "): earns once paid"
	case ledger.OutcomeUnattributed:
		if o.Code == "" {
			return "No discount code: no creator earns"
		}
		return "No deal has this code"
	case ledger.OutcomeStale:
		return "Not applied: " + o.Reason
	case ledger.OutcomeRejected:
		return "Not imported: " + o.Reason
	}
	return o.Outcome
}

func (f *importFlow) buildEarnings() fyne.CanvasObject {
	e := &earnings{done: make(chan int, 16)}
	f.earn = e
	e.table = widget.NewTable(e.size, e.createCell, e.updateCell)
	e.table.ShowHeaderRow = true
	e.table.Length = shownRows(e.table, e.size) // no divider per row before layout (tablerows.go)
	e.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	e.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(earningsColumns[id.Col].title)
	}
	e.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	e.credits = &widget.Label{Wrapping: fyne.TextWrapWord}
	e.codes = container.NewVBox()
	e.box = container.NewVBox(
		widget.NewLabelWithStyle("What each order will earn", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.status,
		container.NewGridWrap(fyne.NewSize(760, 220), e.table),
		e.credits, e.codes)
	e.box.Hide()
	return e.box
}

// signal tells a waiting test that the preview gen is on show.
func (e *earnings) signal(gen int) {
	select {
	case e.done <- gen:
	default:
	}
}

func (e *earnings) size() (int, int) { return len(e.res.Preview), len(earningsColumns) }

func (e *earnings) createCell() fyne.CanvasObject { return widget.NewLabel("") }

func (e *earnings) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(e.res.Preview) {
		l.SetText("")
		return
	}
	p := e.res.Preview[id.Row]
	l.Importance = widget.MediumImportance
	switch p.Outcome {
	case ledger.OutcomeRejected, ledger.OutcomeStale:
		l.Importance = widget.DangerImportance
	case ledger.OutcomeUnattributed:
		l.Importance = widget.WarningImportance
	}
	l.SetText(earningsColumns[id.Col].text(p))
}

// updateEarnings works out the preview again for the file and format
// chosen now.
func (f *importFlow) updateEarnings() {
	e := f.earn
	if e == nil || f.quiet {
		return
	}
	f.stopEarnings()
	e.gen++
	if f.header == nil {
		e.box.Hide()
		return
	}
	e.box.Show()
	e.res = orders.Result{}
	e.table.Refresh()
	e.credits.SetText("")
	e.codes.RemoveAll()
	source, m, mapped, err := f.chosen()
	if err != nil && mapped && m.Validate() == nil {
		// Only the new mapping's name is missing: what the orders earn
		// does not depend on it.
		source, err = "new mapping", nil
	}
	if err != nil {
		e.status.SetText("To see what each order earns: " + ledger.ErrorMessage(err))
		f.body.Refresh()
		e.signal(e.gen)
		return
	}
	e.status.SetText("Working out what each order earns…")
	f.body.Refresh()
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	gen, path, limit := e.gen, strings.TrimSpace(f.path.Text), earningsOrders
	spawnLoad(func() {
		res, total, err := f.previewFile(ctx, path, mapped, source, m, limit)
		fyne.Do(func() {
			if gen == e.gen {
				e.total = total
				f.showEarnings(res, err)
			}
			e.signal(gen)
		})
	})
}

// stopEarnings cancels the preview in progress, if any.
func (f *importFlow) stopEarnings() {
	if f.earn != nil && f.earn.cancel != nil {
		f.earn.cancel()
		f.earn.cancel = nil
	}
}

// previewFile reads the whole file and asks the ledger what importing its
// first limit orders would do, and says how many orders the file has; it
// runs off the UI goroutine.
func (f *importFlow) previewFile(ctx context.Context, path string, mapped bool, source string, m orders.Mapping, limit int) (orders.Result, int, error) {
	file, err := orders.OpenFile(path)
	if err != nil {
		return orders.Result{}, 0, err
	}
	defer file.Close()
	var size int64
	if info, err := os.Stat(path); err == nil {
		size = info.Size()
	}
	x, err := parseExport(ctx, file, path, size, mapped, m, func(float64) {})
	if err != nil {
		return orders.Result{}, 0, err
	}
	total := len(x.Orders)
	x.Orders = x.Orders[:min(total, limit)]
	res, err := orders.PreviewImport(ctx, f.store, source, x)
	return res, total, err
}

// showEarnings shows a finished preview.
func (f *importFlow) showEarnings(res orders.Result, err error) {
	e := f.earn
	e.cancel = nil
	if err != nil {
		e.status.SetText("Cannot work out what the orders earn: " + ledger.ErrorMessage(err))
		f.body.Refresh()
		return
	}
	e.res = res
	counts := map[string]int{}
	for _, o := range res.Preview {
		counts[o.Outcome]++
	}
	var parts []string
	for _, c := range []struct{ outcome, words string }{
		{ledger.OutcomeNew, "new"}, {ledger.OutcomeUpdated, "changed"}, {ledger.OutcomeUnchanged, "imported before"},
		{ledger.OutcomeNotPaid, "not paid yet"}, {ledger.OutcomeUnattributed, "with no deal"},
		{ledger.OutcomeRejected, "not importable"}, {ledger.OutcomeStale, "older than the ledger"},
	} {
		if n := counts[c.outcome]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c.words))
		}
	}
	what, whole := fmt.Sprintf("%d orders", len(res.Preview)), "The import will credit"
	if e.total > len(res.Preview) {
		what = fmt.Sprintf("The first %d of %d orders", len(res.Preview), e.total)
		whole = fmt.Sprintf("The first %d orders will credit", len(res.Preview))
	}
	e.status.SetText(fmt.Sprintf("%s: %s.", what, strings.Join(parts, ", ")))
	if lines := creditLines(res.Creators); len(lines) > 0 {
		e.credits.SetText(whole + ":\n" + strings.Join(lines, "\n"))
	} else {
		e.credits.SetText(whole + " no commission to any creator.")
	}
	f.fitEarnings()
	e.codes.RemoveAll()
	for _, obj := range f.codeRows(res, earningsLines, f.updateEarnings) {
		e.codes.Add(obj)
	}
	e.table.Refresh()
	f.body.Refresh()
}

// fitEarnings makes each column as wide as its widest text, so that no
// text is cut: the table scrolls sideways instead.
func (f *importFlow) fitEarnings() {
	e := f.earn
	pad := 2*theme.InnerPadding() + 2*theme.Padding()
	for col, c := range earningsColumns {
		w := fyne.MeasureText(c.title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
		for _, o := range e.res.Preview[:min(len(e.res.Preview), 1000)] {
			w = max(w, fyne.MeasureText(c.text(o), theme.TextSize(), fyne.TextStyle{}).Width)
		}
		e.table.SetColumnWidth(col, w+pad)
	}
}

// creditLines list what an import credits per creator, one line each.
func creditLines(credits []orders.CreatorCredit) []string {
	var lines []string
	for _, c := range credits[:min(len(credits), earningsLines)] {
		line := fmt.Sprintf("%s: %s", c.Creator, ledger.Display(c.Amount, c.Currency))
		if c.Deals > 1 {
			line += fmt.Sprintf(" (%d deals)", c.Deals)
		}
		lines = append(lines, line)
	}
	if n := len(credits) - earningsLines; n > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more creators", n))
	}
	return lines
}

// codeRows are the discount codes of the result that no deal has, each
// with a button that opens the New deal form with the code; after the deal
// is added, added runs.
func (f *importFlow) codeRows(res orders.Result, limit int, added func()) []fyne.CanvasObject {
	var rows []fyne.CanvasObject
	groups := res.UnattributedByCode()
	shown := 0
	for _, g := range groups {
		if g.Code == noCode {
			continue
		}
		if shown == limit {
			rows = append(rows, widget.NewLabel(fmt.Sprintf("…and %d more codes", len(groups)-shown-1)))
			break
		}
		shown++
		var subs []string
		cur := ""
		for _, c := range ledger.Currencies() {
			if v, ok := g.Subtotal[c]; ok {
				subs = append(subs, ledger.Display(v, c))
				if cur == "" {
					cur = c
				}
			}
		}
		text := fmt.Sprintf("%s: %d order(s), %s in sales, no deal has this code", g.Code, g.Orders, strings.Join(subs, ", "))
		row := container.NewHBox(widget.NewLabel(text))
		if f.u != nil {
			code := g.Code
			row.Add(&widget.Button{Text: "Create deal for this code", Icon: theme.ContentAddIcon(),
				OnTapped: func() { f.onCreateDeal(code, cur, added) }})
		}
		rows = append(rows, row)
	}
	if len(rows) > 0 {
		rows = append([]fyne.CanvasObject{widget.NewLabelWithStyle("Discount codes no deal has", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}, rows...)
	}
	return rows
}

// noCode is how UnattributedByCode names the orders without a code.
const noCode = "(no code)"

// onCreateDeal opens the New deal form with the code (and the currency of
// its orders) filled in; added runs once the deal is added, in place of
// opening its page, so the import goes on.
func (f *importFlow) onCreateDeal(code, currency string, added func()) {
	df := newDealForm(f.u, 0, 0)
	df.codes.SetText(code)
	if currency != "" {
		df.currency.SetSelected(currency)
	}
	df.onAdded = func(int64) { added() }
	f.u.newDeal = df
	df.show()
}
