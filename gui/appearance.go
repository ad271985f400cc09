package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// prefTheme is the theme chosen in Settings: "light", "dark", or unset
// for the system's.
const prefTheme = "theme"

// The theme choices of Settings, as the radio group shows them.
const (
	themeSystem = "Same as the system"
	themeLight  = "Light"
	themeDark   = "Dark"
)

var themeChoices = []string{themeSystem, themeLight, themeDark}

var themePrefs = map[string]string{themeSystem: "", themeLight: "light", themeDark: "dark"}

// fixedVariant is Fyne's theme held to one variant, whatever the system
// prefers: Fyne asks the theme for each colour with the system's variant.
type fixedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// applyTheme sets the app's theme from the preference; the whole window
// redraws with it at once.
func applyTheme(a fyne.App) {
	current := a.Settings().Theme()
	base := current
	if f, ok := current.(fixedVariant); ok {
		base = f.Theme
	}
	if base == nil {
		base = theme.DefaultTheme()
	}
	switch a.Preferences().String(prefTheme) {
	case "light":
		a.Settings().SetTheme(fixedVariant{base, theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(fixedVariant{base, theme.VariantDark})
	default:
		// The system's: the app's own theme, following the system's variant.
		// It is set only when a choice of ours is to be undone, so the
		// theme an app was given (the test driver's) stays as it was.
		if base != current {
			a.Settings().SetTheme(base)
		}
	}
}

// themeChoice is the Settings label of the saved theme.
func themeChoice(a fyne.App) string {
	p := a.Preferences().String(prefTheme)
	for label, v := range themePrefs {
		if v == p {
			return label
		}
	}
	return themeSystem
}

// appearance is the Settings card for how the app looks and reads numbers.
// Each choice applies the moment it is made and is remembered: there is
// nothing to save.
type appearance struct {
	u       *ui
	theme   *widget.RadioGroup
	numbers *widget.Select
}

func (s *settingsScreen) appearanceCard() fyne.CanvasObject {
	a := &appearance{u: s.u}
	s.appearance = a
	a.theme = widget.NewRadioGroup(themeChoices, nil)
	a.theme.Horizontal = true
	a.theme.Required = true
	a.theme.SetSelected(themeChoice(s.u.app))
	a.theme.OnChanged = a.onTheme
	system := numberFormatSystem + " (" + ledger.NumberFormatFromEnv(osGetenv).String() + ")"
	options := []string{system}
	for _, nf := range ledger.NumberFormats() {
		options = append(options, nf.String())
	}
	a.numbers = widget.NewSelect(options, nil)
	if nf, ok := ledger.ParseNumberFormat(s.u.app.Preferences().String(prefNumberFormat)); ok {
		a.numbers.SetSelected(nf.String())
	} else {
		a.numbers.SetSelected(system)
	}
	a.numbers.OnChanged = a.onNumbers
	form := widget.NewForm(
		&widget.FormItem{Text: "Theme", Widget: a.theme},
		&widget.FormItem{Text: "Numbers", Widget: a.numbers, HintText: "How you type amounts: the decimal mark and the thousands separator"},
	)
	return widget.NewCard("Appearance", "", form)
}

func (a *appearance) onTheme(choice string) {
	a.u.app.Preferences().SetString(prefTheme, themePrefs[choice])
	applyTheme(a.u.app)
}

func (a *appearance) onNumbers(choice string) {
	v := ""
	if nf, ok := ledger.ParseNumberFormat(choice); ok {
		v = nf.String()
	}
	a.u.app.Preferences().SetString(prefNumberFormat, v)
}
