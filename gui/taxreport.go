package gui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// taxYearColumns are the columns of the Reports screen's Tax year tab.
var taxYearColumns = []struct {
	title string
	width float32
	text  func(r *ledger.TaxYearRow, whole bool) string
}{
	{"Creator", 160, func(r *ledger.TaxYearRow, _ bool) string { return r.CreatorName }},
	{"Legal name", 150, func(r *ledger.TaxYearRow, _ bool) string { return r.Tax.LegalName }},
	{"Country", 70, func(r *ledger.TaxYearRow, _ bool) string { return r.Tax.Country }},
	{"Tax ID", 120, func(r *ledger.TaxYearRow, whole bool) string {
		if whole {
			return r.Tax.TaxID
		}
		return ledger.MaskTaxID(r.Tax.TaxID)
	}},
	{"Form", 80, func(r *ledger.TaxYearRow, _ bool) string { return r.Tax.Form }},
	{"Currency", 76, func(r *ledger.TaxYearRow, _ bool) string { return r.Currency }},
	{"Bank", 100, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Bank, r.Currency) }},
	{"PayPal", 100, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.PayPal, r.Currency) }},
	{"Stripe", 100, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Stripe, r.Currency) }},
	{"Other", 100, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Other, r.Currency) }},
	{"Processor", 110, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Processor(), r.Currency) }},
	{"Direct", 110, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Direct(), r.Currency) }},
	{"Paid", 110, func(r *ledger.TaxYearRow, _ bool) string { return ledger.Display(r.Paid(), r.Currency) }},
	{"Threshold", 100, func(r *ledger.TaxYearRow, _ bool) string {
		if r.Threshold == 0 {
			return "—"
		}
		return ledger.Display(r.Threshold, r.Currency)
	}},
	{"Flags", 200, func(r *ledger.TaxYearRow, _ bool) string { return taxFlags(r) }},
}

// taxFlags says what needs the accountant's attention in a row.
func taxFlags(r *ledger.TaxYearRow) string {
	var flags []string
	if r.OverThreshold() {
		flags = append(flags, "Over threshold")
	}
	if r.FormMissing() {
		flags = append(flags, "Form missing")
	}
	return strings.Join(flags, " · ")
}

// taxYearTab is the Reports screen's Tax year tab: what each creator was
// paid in a calendar year per currency, processor apart from direct.
type taxYearTab struct {
	u     *ui
	year  *widget.Select
	whole *widget.Check // tax IDs shown whole
	note  *widget.Label
	table *widget.Table
	rows  []ledger.TaxYearRow
}

func newTaxYearTab(u *ui) *taxYearTab { return &taxYearTab{u: u} }

func (t *taxYearTab) build() fyne.CanvasObject {
	this := t.u.store.Now().Year()
	var years []string
	for y := this; y > this-7; y-- {
		years = append(years, strconv.Itoa(y))
	}
	t.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.table = &widget.Table{
		Length: func() (int, int) { return len(t.rows), len(taxYearColumns) },
		CreateCell: func() fyne.CanvasObject {
			return &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		},
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(t.rows) {
				l.SetText("")
				return
			}
			r := &t.rows[id.Row]
			l.Importance = widget.MediumImportance
			if taxYearColumns[id.Col].title == "Flags" && taxFlags(r) != "" {
				l.Importance = widget.WarningImportance
			}
			l.SetText(taxYearColumns[id.Col].text(r, t.whole.Checked))
		},
		ShowHeaderRow: true,
		CreateHeader:  func() fyne.CanvasObject { return &widget.Label{TextStyle: fyne.TextStyle{Bold: true}} },
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 {
				o.(*widget.Label).SetText(taxYearColumns[id.Col].title)
			}
		},
	}
	t.table.ExtendBaseWidget(t.table)
	t.table.Length = shownRows(t.table, t.table.Length) // no divider per row before layout (tablerows.go)
	for i, c := range taxYearColumns {
		t.table.SetColumnWidth(i, c.width)
	}
	t.whole = widget.NewCheck("Show tax IDs", func(bool) { t.table.Refresh() })
	// Last year by default: the one whose forms are due.
	t.year = widget.NewSelect(years, func(string) { t.load() })
	t.year.SetSelected(strconv.Itoa(this - 1))
	help := &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Text: "By payment date. Processor is what went through " +
		"PayPal or Stripe (the processor reports it, a 1099-K in the US); Direct is bank and other (the payer reports it, a 1099-NEC). " +
		"Over threshold: direct payments reach the currency's reporting threshold (Settings). A reversed payment does not count."}
	top := container.NewVBox(container.NewHBox(widget.NewLabel("Calendar year"), t.year, t.whole), t.note)
	return container.NewBorder(top, help, nil, nil, t.table)
}

// load reads the year chosen.
func (t *taxYearTab) load() {
	if t.year == nil || t.table == nil {
		return
	}
	year, _ := strconv.Atoi(t.year.Selected)
	rows, err := t.u.store.TaxYearReport(t.u.ctx, year)
	if err != nil {
		t.u.showError(err)
		return
	}
	t.rows = rows
	over, missing := 0, 0
	for i := range rows {
		if rows[i].OverThreshold() {
			over++
		}
		if rows[i].FormMissing() {
			missing++
		}
	}
	switch {
	case len(rows) == 0:
		t.note.SetText("Nobody was paid in " + t.year.Selected + ".")
	default:
		t.note.SetText(strconv.Itoa(len(rows)) + " creator and currency rows: " + strconv.Itoa(over) + " over the threshold, " +
			strconv.Itoa(missing) + " without a tax form on file.")
	}
	t.table.Refresh()
}

// refresh reads the year shown again, after a change.
func (t *taxYearTab) refresh() { t.load() }
