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

// requestPageSize is how many requests one read of the queue fetches.
var requestPageSize = 500 // tests make it smaller

// Queue views and the request status each shows.
var queueViews = []string{"Requested", "Paid", "Cancelled"}

var queueStatus = map[string]string{
	"Requested": ledger.StatusRequested, "Paid": ledger.StatusPaid, "Cancelled": ledger.StatusCancelled,
}

// payoutsScreen is the queue of payout requests: what is waiting to be
// paid, what was paid and what was cancelled.
type payoutsScreen struct {
	u           *ui
	view        *widget.RadioGroup
	totals      *widget.Label
	loaded      []ledger.Request // every request read of the view
	rows        []ledger.Request // those shown: loaded, less what the filter hides
	columns     []requestColumn  // of the current view
	widths      []float32        // of each column, fitted to the requests read
	fill        *columnStretch   // gives the names the room a wide window leaves
	more        bool
	selected    map[int64]bool
	table       *widget.Table
	all         *widget.Check
	readyOnly   *widget.Check // Ready to pay: only requests whose creator has payout details
	search      *widget.Entry // creator, campaign or reference
	searchPause               // the queue is read again once typing pauses
	sort        string        // the ledger's sort key of the column sorted on
	desc        bool
	count       *widget.Label
	loadMore    *widget.Button

	payOffline, payStripe, cancel *widget.Button
	reverse                       *widget.Button // in Paid: undo one payment
	stripeHint                    *widget.Label
	payHint                       *widget.Label // why Pay is off for the selection

	rule   ledger.PayRule                 // who may pay what (queueapproval.go)
	ruleOf func() (ledger.PayRule, error) // reads rule; nil: the store's

	payForm     *payOfflineForm // the last Mark paid offline form, for tests
	stripePay   *stripePayForm  // the last Pay with Stripe confirmation, for tests
	reverseForm *formDialog     // the last Reverse payment form, for tests
	stripeDone  string          // what the last Stripe batch did, for tests
	obj         fyne.CanvasObject
}

func newPayoutsScreen(u *ui) *payoutsScreen {
	return &payoutsScreen{u: u, selected: map[int64]bool{}, searchPause: newSearchPause()}
}

func (s *payoutsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
		s.refresh()
	}
	return s.obj
}

func (s *payoutsScreen) build() fyne.CanvasObject {
	s.view = widget.NewRadioGroup(queueViews, func(string) { s.onView() })
	s.view.Horizontal = true
	s.view.Required = true
	s.view.Selected = queueViews[0]
	s.totals = widget.NewLabel("")
	s.totals.Wrapping = fyne.TextWrapWord
	s.all = widget.NewCheck("Select all", s.onSelectAll)
	s.readyOnly = widget.NewCheck("Ready to pay", func(bool) { s.applyFilter() })
	s.count = widget.NewLabel("")
	s.search = &widget.Entry{PlaceHolder: "Search creator, campaign or reference"}
	s.search.OnChanged = s.onSearch
	s.payOffline = &widget.Button{Text: "Mark paid offline…", Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: s.onPayOffline}
	s.payStripe = &widget.Button{Text: "Pay with Stripe…", Icon: theme.MailSendIcon(), OnTapped: s.onPayStripe}
	// A line of its own: between the buttons, a 1024 px window left it
	// "Stripe is n…".
	s.stripeHint = &widget.Label{Text: s.u.stripe.status, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	s.payHint = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	s.payHint.Hide()
	s.cancel = &widget.Button{Text: "Cancel request", Icon: theme.CancelIcon(), OnTapped: s.onCancel}
	s.reverse = &widget.Button{Text: "Reverse payment…", Icon: theme.ContentUndoIcon(), OnTapped: s.onReverse}
	s.loadMore = &widget.Button{Text: "Load more", Importance: widget.LowImportance, OnTapped: s.onLoadMore}

	s.table = &widget.Table{
		Length:        func() (int, int) { return len(s.rows), len(s.columns) },
		CreateCell:    s.createCell,
		UpdateCell:    s.updateCell,
		OnSelected:    s.onRowSelected,
		ShowHeaderRow: true,
		CreateHeader:  s.createHeader,
		UpdateHeader:  s.updateHeader,
	}
	s.table.ExtendBaseWidget(s.table)
	s.table.Length = shownRows(s.table, s.table.Length) // no divider per row before layout (tablerows.go)
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Show"), s.view), nil, s.search),
		s.totals,
		container.NewBorder(nil, nil, container.NewHBox(s.all, s.readyOnly, s.count, s.payOffline, s.payStripe), container.NewHBox(s.reverse, s.cancel)),
		s.stripeHint,
		s.payHint,
	)
	var view fyne.CanvasObject
	view, s.fill = stretchColumns(s.table, s.columnWidths, s.stretchColumns)
	return container.NewBorder(top, container.NewHBox(s.loadMore), nil, nil, view)
}

// status is the request status of the current view.
func (s *payoutsScreen) status() string { return queueStatus[s.view.Selected] }

// onView opens another view in its own order (Paid by payment date), from
// its top, with nothing ticked.
func (s *payoutsScreen) onView() {
	s.sort, s.desc = viewSort[s.view.Selected], true
	s.selected = map[int64]bool{}
	s.loaded = nil
	s.refresh()
	s.table.ScrollToTop()
}

// refresh rereads the current view and its totals after a change, made
// here or by someone else on a shared ledger. What the person was at
// stays: the order, the requests still shown stay ticked (those that left
// the view, paid or cancelled, no longer are), as many requests as they
// had loaded are read again, and the table keeps its scroll.
func (s *payoutsScreen) refresh() {
	if s.obj == nil {
		return
	}
	s.readRule()
	s.columns = s.withWhoPays(columnsOf(s.view.Selected))
	if s.sort == "" {
		s.sort, s.desc = viewSort[s.view.Selected], true
	}
	s.reloadKeeping(len(s.loaded))
}

// onSearch reads the queue again once typing pauses. The timer's
// goroutine hands the work back to the UI with fyne.Do; a later key makes
// an earlier timer's work moot.
func (s *payoutsScreen) onSearch(string) {
	s.typed(s.reload)
}

// reload rereads the first page in the current order and search; ticked
// requests stay ticked while they are shown.
func (s *payoutsScreen) reload() { s.reloadKeeping(0) }

// reloadKeeping rereads at least n requests (a page at least), so that a
// refresh does not drop what Load more had read.
func (s *payoutsScreen) reloadKeeping(n int) {
	if s.obj == nil {
		return
	}
	s.rows, s.loaded = nil, nil
	s.load(max(n, requestPageSize))
	s.applyFilter()
	s.updateSelectAll()
	s.showTotals()
}

// updateSelectAll ticks Select all when every request shown is ticked.
func (s *payoutsScreen) updateSelectAll() {
	all := len(s.rows) > 0 && len(s.selected) == len(s.rows)
	if s.all.Checked == all {
		return
	}
	s.all.OnChanged = nil
	s.all.SetChecked(all)
	s.all.OnChanged = s.onSelectAll
}

func (s *payoutsScreen) onLoadMore() { s.load(requestPageSize) }

// load reads up to limit more requests after those read.
func (s *payoutsScreen) load(limit int) {
	q := ledger.RequestQuery{Status: s.status(), Sort: s.sort, Desc: s.desc, Search: s.search.Text, Limit: limit}
	if n := len(s.loaded); n > 0 {
		q.After = &s.loaded[n-1]
	}
	page, err := s.u.store.Requests(s.u.ctx, q)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.loaded = append(s.loaded, page...)
	s.rows = s.filtered()
	s.more = len(page) == limit
	if s.more {
		s.loadMore.Show()
	} else {
		s.loadMore.Hide()
	}
	s.fitColumns()
	s.table.Refresh()
	s.updateActions()
}

func (s *payoutsScreen) showTotals() {
	if strings.TrimSpace(s.search.Text) != "" {
		s.totals.SetText(searchTotals(s.loaded, s.more))
		return
	}
	totals, err := s.u.store.RequestTotals(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	var parts []string
	n := 0
	for _, t := range totals {
		if t.Status == s.status() {
			parts = append(parts, ledger.Display(t.Amount, t.Currency))
			n += t.Count
		}
	}
	if n == 0 {
		s.totals.SetText(fmt.Sprintf("No %s payout requests.", strings.ToLower(s.view.Selected)))
		return
	}
	s.totals.SetText(fmt.Sprintf("%s: %d requests, %s", s.view.Selected, n, strings.Join(parts, " · ")))
}

// chosen returns the selected requests, in the order shown.
func (s *payoutsScreen) chosen() []ledger.Request {
	var out []ledger.Request
	for _, r := range s.rows {
		if s.selected[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// updateActions enables what the selection allows: only requests waiting
// in the queue can be paid or cancelled.
func (s *payoutsScreen) updateActions() {
	chosen := s.chosen()
	n := len(chosen)
	s.count.SetText(selectionText(chosen))
	open := s.status() == ledger.StatusRequested
	if open {
		s.readyOnly.Show()
	} else {
		s.readyOnly.Hide()
	}
	for _, b := range []*widget.Button{s.payOffline, s.payStripe, s.cancel} {
		if open && n > 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	s.showPayRefusal(chosen)
	// Only the queue takes a batch: elsewhere there is nothing to tick
	// all for, so the check is not shown at all.
	if open {
		s.all.Show()
		s.reverse.Hide()
	} else {
		s.all.Hide()
		s.reverse.Hide()
		if s.status() == ledger.StatusPaid {
			s.reverse.Show()
		}
	}
	// One payment at a time: each reversal has its own reason.
	if s.status() == ledger.StatusPaid && n == 1 {
		s.reverse.Enable()
	} else {
		s.reverse.Disable()
	}
}

func (s *payoutsScreen) onSelectAll(on bool) {
	s.selected = map[int64]bool{}
	if on {
		for _, r := range s.rows {
			s.selected[r.ID] = true
		}
	}
	s.table.Refresh()
	s.updateActions()
}

// setSelected selects or clears one request.
func (s *payoutsScreen) setSelected(id int64, on bool) {
	if on {
		s.selected[id] = true
	} else {
		delete(s.selected, id)
	}
	s.updateActions()
}

// onRowSelected opens the request's deal, except on the check column.
func (s *payoutsScreen) onRowSelected(id widget.TableCellID) {
	s.table.UnselectAll()
	if id.Row < 0 || id.Row >= len(s.rows) || id.Col < 0 || id.Col >= len(s.columns) || s.columns[id.Col].value == nil {
		return
	}
	s.u.openDeal(s.rows[id.Row].DealID)
}

// onPayOffline opens the form that records a payment made outside
// Payouts. Requests whose creator has no payout details cannot be paid
// from here: the others can, once the person agrees to skip them.
func (s *payoutsScreen) onPayOffline() {
	reqs := s.chosen()
	if len(reqs) == 0 {
		return
	}
	ready, missing := splitReady(reqs)
	switch {
	case len(missing) == 0:
		s.openPayForm(ready)
	case len(ready) == 0:
		s.showMissingDetails(missing)
	default:
		s.offerSkip(ready, missing)
	}
}

func (s *payoutsScreen) openPayForm(reqs []ledger.Request) {
	s.payForm = newPayOfflineForm(s, reqs)
	s.payForm.dlg.show()
}

// onCancel takes the selected requests out of the queue, after a
// confirmation: their amounts go back to owed.
func (s *payoutsScreen) onCancel() {
	reqs := s.chosen()
	if len(reqs) == 0 {
		return
	}
	msg := fmt.Sprintf("Cancel %d payout request(s)? Their amounts go back to what the deals are owed.", len(reqs))
	// The buttons say what they do: "Yes" to "Cancel?" is ambiguous.
	label := "Cancel request"
	if len(reqs) > 1 {
		label = fmt.Sprintf("Cancel %d requests", len(reqs))
	}
	s.u.confirmDialog("Cancel payout requests", label, "Keep", wrapLabel(msg), func(ok bool) {
		if ok {
			s.cancelRequests(reqs)
		}
	})
}

// cancelRequests cancels each request, one operation each; it stops at the
// first failure and says what was done.
func (s *payoutsScreen) cancelRequests(reqs []ledger.Request) {
	defer s.u.changed()
	for i, r := range reqs {
		if err := s.u.store.CancelRequest(s.u.ctx, "", r.ID, ""); err != nil {
			// The ledger's message names the request by creator, campaign
			// and amount, as the queue shows it; its ID is on no screen.
			s.u.showError(ledger.Errorf(ledger.ErrorCode(err), "%d of %d cancelled; %s", i, len(reqs), ledger.ErrorMessage(err)))
			return
		}
	}
}

func dedupe(ss []string) []string {
	var out []string
	for i, v := range ss {
		if i == 0 || v != ss[i-1] {
			out = append(out, v)
		}
	}
	return out
}
