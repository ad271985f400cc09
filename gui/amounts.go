package gui

import (
	"os"

	"fyne.io/fyne/v2"

	"github.com/payouts/payouts/ledger"
)

// prefNumberFormat is how the user writes numbers, as a format's example
// ("1.234,56"); unset or "" follows the system's locale.
const prefNumberFormat = "number.format"

// numberFormatSystem is the Settings choice that follows LANG/LC_NUMERIC.
const numberFormatSystem = "As the system writes it"

// numberFormat is how amounts are typed in this app: the Settings choice,
// else the locale of the environment (LC_ALL, LC_NUMERIC, LANG).
func numberFormat(a fyne.App) ledger.NumberFormat {
	if nf, ok := ledger.ParseNumberFormat(a.Preferences().String(prefNumberFormat)); ok {
		return nf
	}
	return ledger.NumberFormatFromEnv(osGetenv)
}

// osGetenv reads the locale variables; tests replace it.
var osGetenv = os.Getenv

// parseAmount reads an amount a person typed, as their locale writes it,
// in the currency's decimals: "$1,250", "1.250,00 €".
func (u *ui) parseAmount(text, currency string) (int64, error) {
	cur, err := ledger.LookupCurrency(currency)
	if err != nil {
		return 0, err
	}
	return numberFormat(u.app).ParseAmount(text, cur, false)
}

// parsePercent reads a rate a person typed: "12.5", "12,5 %".
func (u *ui) parsePercent(text string) (ledger.BasisPoints, error) {
	return numberFormat(u.app).ParsePercent(text)
}

// typedAmount writes an amount as the person would type it, to prefill an
// entry: "1.234,56" in German. It reads back to the same amount.
func (u *ui) typedAmount(minor int64, currency string) string {
	cur, err := ledger.LookupCurrency(currency)
	if err != nil {
		return ledger.Format(minor, currency)
	}
	return numberFormat(u.app).Format(minor, cur)
}

// amountExample is a placeholder in the user's format: "e.g. 1,250.00".
func (u *ui) amountExample(currency string) string {
	return "e.g. " + u.typedAmount(125000, currency)
}

// checkAmount makes e check what is typed as an amount in currency()
// at each key: the form shows the message under the field while it is
// wrong, so nobody learns of a typo only from a dialog after submitting.
func (u *ui) checkAmount(e *entry, currency func() string) {
	e.Validator = func(text string) error {
		if _, err := u.parseAmount(text, currency()); err != nil {
			return errorText(err)
		}
		return nil
	}
}
