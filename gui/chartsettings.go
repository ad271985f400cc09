package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// allCurrencies is the Chart of accounts card's choice that edits the
// mapping of every currency.
const allCurrencies = "All currencies"

// chartSettings is the Chart of accounts card of Settings: a table with,
// for each ledger account, the GL code and name the exports write, for
// every currency or one; saved as one operation (all rows or none).
type chartSettings struct {
	u        *ui
	currency *widget.Select
	accounts []ledger.GLAccount // the chart's accounts, in order (defaults)
	codes    []*entry
	names    []*entry
	shown    []ledger.GLAccount // what the entries were filled with
	saved    *widget.Label
	save     *widget.Button
	reset    *widget.Button
	taxRate  *entry // the TaxRate of Xero journals
	taxSaved *widget.Label
}

func newChartSettings(u *ui) *chartSettings { return &chartSettings{u: u} }

func (c *chartSettings) build() fyne.CanvasObject {
	c.accounts = ledger.ChartDefaults()
	c.currency = widget.NewSelect(append([]string{allCurrencies}, ledger.Currencies()...), func(string) { c.fill() })
	grid := container.New(layout.NewGridLayout(3),
		&widget.Label{Text: "Ledger account", TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: "Code", TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: "Name", TextStyle: fyne.TextStyle{Bold: true}},
	)
	for _, a := range c.accounts {
		code, name := newEntry(a.Code), newEntry(a.Name)
		c.codes = append(c.codes, code)
		c.names = append(c.names, name)
		grid.Add(widget.NewLabel(a.Account))
		grid.Add(code)
		grid.Add(name)
	}
	c.saved = &widget.Label{Importance: widget.SuccessImportance}
	c.save = &widget.Button{Text: "Save accounts", Importance: widget.HighImportance, OnTapped: c.onSave}
	c.reset = &widget.Button{Text: "Reset this currency", OnTapped: c.onReset}
	c.currency.SetSelected(allCurrencies) // fills the entries
	c.taxRate = newEntry(export.XeroTaxRate)
	if v, err := export.XeroTaxRateOf(c.u.ctx, c.u.store); err == nil {
		c.taxRate.SetText(v)
	}
	c.taxSaved = &widget.Label{Importance: widget.SuccessImportance}
	taxForm := widget.NewForm(&widget.FormItem{Text: "Xero tax rate", Widget: c.taxRate,
		HintText: "A tax rate's name in your Xero organisation: Tax Exempt (US), No VAT (UK), No GST (NZ), BAS Excluded (AU)"})
	taxForm.SubmitText = "Save tax rate"
	taxForm.OnSubmit = c.onSaveTaxRate
	return widget.NewCard("Chart of accounts",
		"The GL account code and name each ledger account exports as (journal CSV, Xero, QuickBooks, hledger). Names cannot hold \":\".",
		container.NewVBox(
			widget.NewForm(&widget.FormItem{Text: "Currency", Widget: c.currency, HintText: "One currency's accounts override those of all currencies"}),
			grid,
			container.NewHBox(c.save, c.reset, c.saved),
			taxForm, c.taxSaved,
		))
}

// onSaveTaxRate stores the TaxRate of Xero journals; empty returns to
// the default.
func (c *chartSettings) onSaveTaxRate() {
	if err := export.SetXeroTaxRate(c.u.ctx, c.u.store, c.taxRate.Text); err != nil {
		c.u.showError(err)
		return
	}
	v, _ := export.XeroTaxRateOf(c.u.ctx, c.u.store)
	c.taxRate.SetText(v)
	c.taxSaved.SetText("Saved.")
}

// selectedCurrency is "" for all currencies.
func (c *chartSettings) selectedCurrency() string {
	if c.currency.Selected == allCurrencies {
		return ""
	}
	return c.currency.Selected
}

// fill shows the accounts as they apply to the chosen currency.
func (c *chartSettings) fill() {
	if c.codes == nil {
		return
	}
	chart, err := c.u.store.Chart(c.u.ctx)
	if err != nil {
		c.u.showError(err)
		return
	}
	cur := c.selectedCurrency()
	c.shown = make([]ledger.GLAccount, len(c.accounts))
	for i, a := range c.accounts {
		g := chart.For(a.Account, cur)
		c.shown[i] = g
		c.codes[i].SetText(g.Code)
		c.names[i].SetText(g.Name)
	}
	c.saved.SetText("")
}

// onSave maps every account whose code or name was changed, in one
// operation.
func (c *chartSettings) onSave() {
	cur := c.selectedCurrency()
	var ins []ledger.MapAccountInput
	for i, a := range c.accounts {
		code, name := c.codes[i].Text, c.names[i].Text
		if code == c.shown[i].Code && name == c.shown[i].Name {
			continue
		}
		if code == "" || name == "" {
			c.u.showError(ledger.Errorf(ledger.EINVALID, "%s: a code and a name are required (Reset returns to the defaults)", a.Account))
			return
		}
		ins = append(ins, ledger.MapAccountInput{Account: a.Account, Currency: cur, Code: code, Name: name})
	}
	if len(ins) == 0 {
		c.saved.SetText("Nothing changed.")
		return
	}
	if err := c.u.store.MapAccounts(c.u.ctx, "", ins); err != nil {
		c.u.showError(err)
		return
	}
	c.fill()
	c.saved.SetText("Saved.")
}

// onReset removes the mappings of the chosen currency: its accounts are
// then those of all currencies (or, for all currencies, the defaults).
func (c *chartSettings) onReset() {
	ins := make([]ledger.MapAccountInput, len(c.accounts))
	for i, a := range c.accounts {
		ins[i] = ledger.MapAccountInput{Account: a.Account, Currency: c.selectedCurrency(), Reset: true}
	}
	if err := c.u.store.MapAccounts(c.u.ctx, "", ins); err != nil {
		c.u.showError(err)
		return
	}
	c.fill()
	c.saved.SetText("Reset.")
}
