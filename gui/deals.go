package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// dealsScreen lists every deal with its balances; a search box filters as
// the user types, a header sorts, a row opens the deal's page.
type dealsScreen struct {
	u      *ui
	search *entry
	count  *widget.Label
	totals *widget.Label
	help   *widget.Label  // how the figure of the last column tapped is computed
	legend *widget.Label  // how every figure is computed, shown on demand
	about  *widget.Button // shows or hides the legend
	deals  *dealTable
	obj    fyne.CanvasObject

	searchPause // the list filters once typing pauses
}

func newDealsScreen(u *ui) *dealsScreen {
	return &dealsScreen{u: u, searchPause: newSearchPause()}
}

// content builds the screen once and returns it.
func (s *dealsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
	}
	return s.obj
}

func (s *dealsScreen) build() fyne.CanvasObject {
	s.search = newEntry("Search creator, campaign or code (Ctrl+F)")
	s.search.OnChanged = s.onSearch
	s.search.onEscape = func() {
		if !s.u.closeTopDialog() {
			s.search.SetText("")
		}
	}
	s.count = widget.NewLabel("")
	// Wrapped, not truncated: at 1024 px the second currency's figures
	// were cut off.
	s.totals = &widget.Label{Wrapping: fyne.TextWrapWord}
	s.deals = newDealTable(s.u, ledger.DealQuery{}, s.u.openDeal)
	s.deals.onSorted = s.showColumnHelp
	s.updateCount()
	s.updateTotals()
	s.help = &widget.Label{Text: dealsIdentity, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	s.legend = &widget.Label{Text: dealColumnsHelp(), Wrapping: fyne.TextWrapWord}
	s.legend.Hide()
	s.about = &widget.Button{Text: "How the figures add up", Icon: theme.HelpIcon(), Importance: widget.LowImportance, OnTapped: s.toggleLegend}
	add := &widget.Button{Text: "New deal", Icon: theme.ContentAddIcon(), OnTapped: s.u.onNewDeal}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.count, add), s.search)
	bottom := container.NewVBox(s.totals, container.NewBorder(nil, nil, nil, s.about, s.help), s.legend)
	return container.NewBorder(top, bottom, nil, nil, s.deals.view)
}

// onSearch filters once typing pauses. The timer's goroutine hands the
// query back to the UI goroutine with fyne.Do.
func (s *dealsScreen) onSearch(string) {
	s.typed(func() { s.applySearch(s.search.Text) })
}

func (s *dealsScreen) applySearch(text string) {
	s.deals.setSearch(text)
	s.updateCount()
	s.updateTotals()
}

func (s *dealsScreen) updateCount() {
	switch n := s.deals.total; n {
	case 1:
		s.count.SetText("1 deal")
	default:
		s.count.SetText(fmt.Sprintf("%d deals", n))
	}
}

// updateTotals sums, per currency, what the deals on the list are owed,
// have requested and still have to be paid, from the cached balances. It
// follows the search; currencies stand side by side, since they do not add.
func (s *dealsScreen) updateTotals() {
	q := s.deals.query
	totals, err := s.u.store.TotalsOf(s.u.ctx, ledger.DealQuery{Search: q.Search, CreatorID: q.CreatorID, CampaignID: q.CampaignID})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.totals.SetText(footerText(q.Search, totals))
}

// footerText is the Deals footer for a search ("" for all deals).
func footerText(search string, totals []ledger.CurrencyTotals) string {
	search = strings.TrimSpace(search)
	if len(totals) == 0 {
		if search != "" {
			return fmt.Sprintf("No deals match %q", search)
		}
		return ""
	}
	head := "All deals"
	if search != "" {
		head = fmt.Sprintf("Deals matching %q", search)
	}
	parts := make([]string, len(totals))
	for i, t := range totals {
		parts[i] = fmt.Sprintf("%s: not yet requested %s, in queue %s, unpaid incl. on hold %s", t.Currency,
			ledger.Display(t.Owed, t.Currency), ledger.Display(t.Requested, t.Currency), ledger.Display(t.Remaining(), t.Currency))
	}
	return head + " · " + strings.Join(parts, "   |   ")
}

// dealsIdentity is the help line until a column is tapped: how the
// columns add up on each row.
const dealsIdentity = "On each row: Commission + Fees confirmed + Bonuses = Paid + Unpaid, incl. on hold; " +
	"Unpaid = On hold + Not yet requested + In queue. Tap a column to sort by it and read how it is computed."

// showColumnHelp puts how a column's figure is computed in the help line.
func (s *dealsScreen) showColumnHelp(c dealColumn) {
	if c.help == "" {
		s.help.SetText(dealsIdentity)
		return
	}
	s.help.SetText(c.title + ": " + c.help + ".")
}

func (s *dealsScreen) toggleLegend() {
	if s.legend.Visible() {
		s.legend.Hide()
	} else {
		s.legend.Show()
	}
}

// refresh rereads the deals after a change.
func (s *dealsScreen) refresh() {
	if s.deals == nil {
		return
	}
	s.deals.reload()
	s.updateCount()
	s.updateTotals()
}
