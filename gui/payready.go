package gui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// filtered is what the queue shows of the requests read: under Ready to
// pay, only those whose creator has payout details.
func (s *payoutsScreen) filtered() []ledger.Request {
	if !s.readyOnly.Checked || s.status() != ledger.StatusRequested {
		return s.loaded
	}
	var out []ledger.Request
	for _, r := range s.loaded {
		if r.PayeeReady {
			out = append(out, r)
		}
	}
	return out
}

// applyFilter shows the rows the filter lets through; a ticked row that
// the filter hides is no longer ticked, so nothing hidden gets paid.
func (s *payoutsScreen) applyFilter() {
	s.rows = s.filtered()
	shown := map[int64]bool{}
	for _, r := range s.rows {
		shown[r.ID] = true
	}
	for id := range s.selected {
		if !shown[id] {
			delete(s.selected, id)
		}
	}
	s.table.Refresh()
	s.updateActions()
}

// selectionText is how many requests are ticked and their total per
// currency, side by side: amounts in different currencies do not add up.
func selectionText(reqs []ledger.Request) string {
	if len(reqs) == 0 {
		return "0 selected"
	}
	sums := map[string]int64{}
	var curs []string
	for _, r := range reqs {
		if _, ok := sums[r.Currency]; !ok {
			curs = append(curs, r.Currency)
		}
		sums[r.Currency] += r.Amount
	}
	sort.Strings(curs)
	parts := make([]string, len(curs))
	for i, c := range curs {
		parts[i] = ledger.Display(sums[c], c)
	}
	return fmt.Sprintf("%d selected · %s", len(reqs), strings.Join(parts, " · "))
}

// splitReady parts requests into those that can be paid and those whose
// creator has no payout details, keeping their order.
func splitReady(reqs []ledger.Request) (ready, missing []ledger.Request) {
	for _, r := range reqs {
		if r.PayeeReady {
			ready = append(ready, r)
		} else {
			missing = append(missing, r)
		}
	}
	return ready, missing
}

// creatorNames is the sorted names of the requests' creators, each once.
func creatorNames(reqs []ledger.Request) []string {
	var names []string
	for _, r := range reqs {
		names = append(names, r.CreatorName)
	}
	sort.Strings(names)
	return dedupe(names)
}

// offerSkip asks whether to pay the ready requests and leave the others in
// the queue, naming who is missing details.
func (s *payoutsScreen) offerSkip(ready, missing []ledger.Request) {
	label := fmt.Sprintf("Pay the %d that are ready, skip %d with details missing", len(ready), len(missing))
	msg := wrapLabel(fmt.Sprintf("No payout details on file for %s. Their requests stay in the queue.",
		strings.Join(creatorNames(missing), ", ")))
	var d *dialog.CustomDialog
	pay := &widget.Button{Text: label, Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		s.openPayForm(ready)
	}}
	// Adding the details is the other way forward: it is one tap away.
	open := &widget.Button{Text: "Open creator", Icon: theme.AccountIcon(), OnTapped: func() {
		d.Hide()
		s.u.openCreator(firstByName(missing).CreatorID)
	}}
	back := &widget.Button{Text: "Back", OnTapped: func() { d.Hide() }}
	d = dialog.NewCustomWithoutButtons("Some creators have no payout details", msg, s.u.win)
	d.SetButtons([]fyne.CanvasObject{back, open, pay})
	s.u.showDialog(d)
}

// firstByName is the request whose creator comes first by name: the one
// Open creator opens, as the message lists them.
func firstByName(reqs []ledger.Request) ledger.Request {
	first := reqs[0]
	for _, r := range reqs {
		if r.CreatorName < first.CreatorName {
			first = r
		}
	}
	return first
}

// showMissingDetails is the alert when nothing ticked can be paid: it says
// who has no payout details and opens the first of them to add them.
func (s *payoutsScreen) showMissingDetails(missing []ledger.Request) {
	err := ledger.ErrPayoutDetailsMissing(creatorNames(missing)...)
	first := firstByName(missing)
	var d *dialog.CustomDialog
	open := &widget.Button{Text: "Open creator", Icon: theme.AccountIcon(), Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		s.u.openCreator(first.CreatorID)
	}}
	closeBtn := &widget.Button{Text: "Close", OnTapped: func() { d.Hide() }}
	d = dialog.NewCustomWithoutButtons("Payout details missing", wrapLabel(errorText(err).Error()), s.u.win)
	d.SetButtons([]fyne.CanvasObject{closeBtn, open})
	s.u.showDialog(d)
}

// openCreator shows the Creators screen with a creator's profile.
func (u *ui) openCreator(id int64) {
	u.showScreen(screenCreators)
	cs := u.creators
	if cs.search.Text != "" {
		cs.search.SetText("") // the creator may be hidden by an old search
	}
	// The list is read by page: ask where the creator stands, not the
	// pages before it.
	if i, err := u.store.CreatorPosition(u.ctx, cs.list.query, id); err == nil {
		cs.view.ScrollTo(i)
		cs.view.Select(i)
		return
	}
	cs.openProfile(id)
}

// searchTotals is what the totals line says while a search is active: how
// many requests of the view match and their sum per currency, never the
// whole view's.
func searchTotals(rows []ledger.Request, more bool) string {
	if len(rows) == 0 {
		return "No requests match"
	}
	n := fmt.Sprintf("%d", len(rows))
	if more {
		n += "+" // the sums are of the rows read so far; Load more reads the rest
	}
	return strings.Replace(selectionText(rows), fmt.Sprintf("%d selected", len(rows)), n+" match", 1)
}
