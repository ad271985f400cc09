package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"

	"github.com/payouts/payouts/ledger"
)

// TestThemeChoice: Settings offers light, dark and the system's theme; a
// choice applies at once and is back when the app starts again.
func TestThemeChoice(t *testing.T) {
	s := mustOpen(t)
	u, w := newTestUI(t, s)
	// Fyne's own theme, as the real app has: the test driver's theme has one
	// background for both variants.
	u.app.Settings().SetTheme(theme.DefaultTheme())
	u.showScreen(screenSettings)
	a := u.settings.appearance
	if got := strings.Join(a.theme.Options, ", "); got != "Same as the system, Light, Dark" {
		t.Fatalf("theme choices: %s", got)
	}
	if a.theme.Selected != themeSystem {
		t.Fatalf("first run theme: %q", a.theme.Selected)
	}
	bg := func() any { return u.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight) }
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if dark == light {
		t.Fatal("the default theme has one background for both variants: the test cannot tell them apart")
	}
	// The system says light here: Dark must win over it at once.
	a.theme.SetSelected(themeDark)
	if bg() != dark {
		t.Fatalf("after choosing Dark the background is %v, want %v", bg(), dark)
	}
	if got := u.app.Preferences().String(prefTheme); got != "dark" {
		t.Fatalf("theme preference: %q", got)
	}
	// A restart: the app's theme is back to Fyne's, then the UI is built.
	u.app.Settings().SetTheme(theme.DefaultTheme())
	u2 := newUI(u.app, w, s)
	w.SetContent(u2.build())
	if bg() != dark {
		t.Fatal("the dark theme was not applied on start")
	}
	u2.showScreen(screenSettings)
	if got := u2.settings.appearance.theme.Selected; got != themeDark {
		t.Fatalf("Settings shows %q after a restart, want Dark", got)
	}
	// Light holds even where the system prefers dark.
	u2.settings.appearance.theme.SetSelected(themeLight)
	if got := u.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Fatalf("Light asked for the dark variant gives %v, want %v", got, light)
	}
	u2.settings.appearance.theme.SetSelected(themeSystem)
	if got := u.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != dark {
		t.Fatalf("the system's theme in a dark system gives %v, want %v", got, dark)
	}
	if got := u.app.Preferences().String(prefTheme); got != "" {
		t.Fatalf("theme preference for the system's: %q", got)
	}
}

// TestNumberFormatChoice: Settings says how amounts are typed; the system's
// locale is the default and a choice holds over it.
func TestNumberFormatChoice(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	old := osGetenv
	osGetenv = func(k string) string {
		if k == "LANG" {
			return "fr_FR.UTF-8"
		}
		return ""
	}
	t.Cleanup(func() { osGetenv = old })
	u.showScreen(screenSettings)
	n := u.settings.appearance.numbers
	if want := numberFormatSystem + " (1 234,56)"; n.Selected != want {
		t.Fatalf("number format on first run: %q, want %q", n.Selected, want)
	}
	if got := numberFormat(u.app); got != ledger.FormatSpaceGroup {
		t.Fatalf("format from LANG=fr_FR: %v", got)
	}
	n.SetSelected("1,234.56")
	if got := numberFormat(u.app); got != ledger.FormatDotDecimal {
		t.Fatalf("after choosing 1,234.56: %v", got)
	}
	if v, err := u.parseAmount("1,250", "EUR"); err != nil || v != 125000 {
		t.Fatalf("1,250 EUR in 1,234.56: %d, %v", v, err)
	}
	n.SetSelected(n.Options[0])
	if got := u.app.Preferences().String(prefNumberFormat); got != "" {
		t.Fatalf("preference after choosing the system's: %q", got)
	}
	if _, err := u.parseAmount("1.250", "EUR"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Fatalf("1.250 in French: %v, want ambiguous", err)
	}
}
