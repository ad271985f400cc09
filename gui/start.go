package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/payouts/payouts/ledger"
)

// startCharts opens the Reports screen on its charts: "reports/charts".
const startCharts = "reports/charts"

// StartScreens are the screens the app can open on (payouts --screen).
func StartScreens() []string {
	var out []string
	for _, n := range screenNames {
		out = append(out, strings.ToLower(n))
	}
	return append(out, startCharts)
}

// CheckStartScreen refuses a screen name the app does not have.
func CheckStartScreen(name string) error {
	if name == "" {
		return nil
	}
	for _, n := range StartScreens() {
		if strings.EqualFold(n, strings.TrimSpace(name)) {
			return nil
		}
	}
	return ledger.Errorf(ledger.EINVALID, "unknown screen %q: use one of %s", name, strings.Join(StartScreens(), ", "))
}

// CreateAt is Create, opening on the screen named start (see StartScreens;
// "" is the usual first screen). A name it does not know is ignored:
// CheckStartScreen says so first.
func CreateAt(a fyne.App, w fyne.Window, store *ledger.Store, start string) fyne.CanvasObject {
	_, obj := createAt(a, w, store, start)
	return obj
}

func createAt(a fyne.App, w fyne.Window, store *ledger.Store, start string) (*ui, fyne.CanvasObject) {
	u := newUI(a, w, store)
	obj := u.build()
	start = strings.ToLower(strings.TrimSpace(start))
	for _, n := range screenNames {
		if start == strings.ToLower(n) || (start == startCharts && n == screenReports) {
			u.showScreen(n)
		}
	}
	if start == startCharts {
		u.reports.tabs.SelectIndex(1)
	}
	// The watch that shows other people's and programs' changes: without
	// it the app opened by payouts never refreshed on its own.
	u.startWatch()
	if note := startNote; note != "" {
		startNote = ""
		u.showDialog(dialog.NewInformation("Team ledger", note, w))
	}
	return u, obj
}
