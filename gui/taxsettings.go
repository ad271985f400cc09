package gui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

const noHomeCurrency = "None"

// taxSettings is the Settings card of the ledger's tax and foreign exchange
// settings: the home currency (what the bank account is kept in) and the
// reporting threshold of each currency.
type taxSettings struct {
	u        *ui
	home     *widget.Select
	thCur    *widget.Select
	thAmount *entry
	current  *widget.Label // the thresholds in force
	saved    *widget.Label
}

func newTaxSettings(u *ui) *taxSettings { return &taxSettings{u: u} }

func (t *taxSettings) build() fyne.CanvasObject {
	t.home = widget.NewSelect(append([]string{noHomeCurrency}, ledger.Currencies()...), nil)
	t.home.SetSelected(noHomeCurrency)
	if h, err := t.u.store.HomeCurrency(t.u.ctx); err == nil && h != "" {
		t.home.SetSelected(h)
	}
	t.thCur = widget.NewSelect(ledger.Currencies(), nil)
	t.thCur.SetSelected(ledger.DefaultTaxThresholdCurr)
	t.thAmount = newEntry("600.00, or none")
	t.current = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.saved = &widget.Label{Importance: widget.SuccessImportance}
	t.showThresholds()
	form := widget.NewForm(
		&widget.FormItem{Text: "Home currency", Widget: t.home, HintText: "Your bank account's: payments in another currency can record what the bank debited in it"},
		&widget.FormItem{Text: "Reporting threshold", Widget: container.NewBorder(nil, nil, t.thCur, nil, t.thAmount),
			HintText: "Direct payments in the tax year at or above it are flagged; empty keeps it, none removes it"},
	)
	form.SubmitText = "Save"
	form.OnSubmit = t.onSave
	return widget.NewCard("Tax and foreign exchange", "Stored in the ledger file.", container.NewVBox(form, t.current, t.saved))
}

// showThresholds lists the thresholds in force.
func (t *taxSettings) showThresholds() {
	th, err := t.u.store.TaxThresholds(t.u.ctx)
	if err != nil {
		t.current.SetText(ledger.ErrorMessage(err))
		return
	}
	codes := make([]string, 0, len(th))
	for c := range th {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, ledger.Display(th[c], c))
	}
	if len(parts) == 0 {
		t.current.SetText("No reporting thresholds.")
		return
	}
	t.current.SetText("Reporting thresholds: " + strings.Join(parts, " · "))
}

func (t *taxSettings) onSave() {
	t.saved.SetText("")
	var amount int64 = -1 // unchanged
	switch v := strings.TrimSpace(t.thAmount.Text); {
	case v == "":
	case strings.EqualFold(v, "none"):
		amount = 0
	default:
		n, err := t.u.parseAmount(v, t.thCur.Selected)
		if err != nil {
			t.u.showError(err)
			return
		}
		if n == 0 {
			t.u.showError(ledger.Errorf(ledger.EINVALID, "a threshold of zero flags everyone: give an amount above zero, or none"))
			return
		}
		amount = n
	}
	home := t.home.Selected
	if home == noHomeCurrency {
		home = ""
	}
	if err := t.u.store.SetHomeCurrency(t.u.ctx, home); err != nil {
		t.u.showError(err)
		return
	}
	if amount >= 0 {
		if err := t.u.store.SetTaxThreshold(t.u.ctx, t.thCur.Selected, amount); err != nil {
			t.u.showError(err)
			return
		}
		t.thAmount.SetText("")
	}
	t.showThresholds()
	t.saved.SetText("Saved.")
	t.u.changed()
}
