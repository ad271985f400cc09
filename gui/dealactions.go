package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// reasonForm asks before a step that takes something back (void a fee or a
// bonus, cancel a request), with an optional reason. Like the other forms
// it takes its operation ID when it opens, so a double click applies the
// step once.
type reasonForm struct {
	p       *dealPage
	opID    string
	comment *entry
	note    *widget.Label // what the step does
	dlg     *formDialog
	apply   func(opID, comment string) error
}

func newReasonForm(p *dealPage, title, confirm, placeholder, note string, apply func(opID, comment string) error) *reasonForm {
	r := &reasonForm{p: p, opID: ledger.NewOpID(), apply: apply}
	r.comment = newEntry(placeholder)
	r.note = wrapLabel(note)
	r.dlg = newFormDialog(p.u, title+" · "+p.deal.CreatorName, confirm, []*widget.FormItem{
		{Text: "Reason", Widget: r.comment},
	}, r.note, r.submit)
	// The buttons say what they do: "Cancel" beside "Cancel request" would
	// read as the same thing twice.
	r.dlg.cancel.SetText("Keep")
	return r
}

func (r *reasonForm) submit() error {
	if err := r.apply(r.opID, r.comment.Text); err != nil {
		return err
	}
	r.p.u.changed()
	return nil
}

// newVoidForm asks before a fee is voided.
func newVoidForm(p *dealPage, f ledger.Fee) *reasonForm {
	what := "Void the " + ledger.Display(f.Amount, f.Currency) + " fee"
	if f.Comment != "" {
		what += " (" + f.Comment + ")"
	}
	note := what + "? The fee is reversed; history keeps both lines."
	if f.Status == ledger.FeeConfirmed {
		// Part of it may be requested or paid already: owed can go negative.
		note += "\nIt was confirmed, so it is taken back from what the deal is owed."
	}
	return newReasonForm(p, "Void fee", "Void fee", "Optional, e.g. video cancelled", note,
		func(opID, comment string) error { return p.u.store.VoidFee(p.u.ctx, opID, f.ID, comment) })
}

// newCancelForm asks before an open payout request of the deal is
// cancelled; its amount goes back to owed.
func newCancelForm(p *dealPage, r ledger.Request) *reasonForm {
	note := "Cancel the payout request of " + ledger.Display(r.Amount, r.Currency) +
		"? It leaves the Payouts queue and its amount goes back to what the deal is owed."
	return newReasonForm(p, "Cancel payout request", "Cancel request", "Optional, e.g. creator asked to wait", note,
		func(opID, comment string) error { return p.u.store.CancelRequest(p.u.ctx, opID, r.ID, comment) })
}

func wrapLabel(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

// onVoidFee opens the confirmation that voids a fee.
func (p *dealPage) onVoidFee(f ledger.Fee) {
	p.voidForm = newVoidForm(p, f)
	p.voidForm.dlg.show()
}

// onCancelRequest opens the confirmation that cancels a request.
func (p *dealPage) onCancelRequest(r ledger.Request) {
	p.cancelForm = newCancelForm(p, r)
	p.cancelForm.dlg.show()
}

// newRequestsCard is the "Open requests" section; it shows only while the
// deal has requests waiting in the queue, so it costs no room otherwise.
func (p *dealPage) newRequestsCard() fyne.CanvasObject {
	p.requestBox = container.NewVBox()
	p.requestCard = widget.NewCard("", "", container.NewBorder(nil, nil,
		&widget.Label{Text: "Open requests", TextStyle: fyne.TextStyle{Bold: true}}, nil, p.requestBox))
	return p.requestCard
}

// showRequests lists the deal's requests still in the queue, each with a
// Cancel request button.
func (p *dealPage) showRequests() {
	reqs, err := p.u.store.Requests(p.u.ctx, ledger.RequestQuery{DealID: p.id, Status: ledger.StatusRequested})
	if err != nil {
		p.u.showError(err)
		return
	}
	p.requests = reqs
	p.cancelButtons = map[int64]*widget.Button{}
	p.payButtons = map[int64]*widget.Button{}
	p.requestBox.RemoveAll()
	rule := p.u.payRuleOf()
	for _, r := range reqs {
		amount := amountLabel()
		amount.SetText(ledger.Display(r.Amount, r.Currency))
		b := &widget.Button{Text: "Cancel request", Icon: theme.CancelIcon(), OnTapped: func() { p.onCancelRequest(r) }}
		p.cancelButtons[r.ID] = b
		pay := &widget.Button{Text: "Pay…", Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: func() { p.onPayRequest(r) }}
		p.payButtons[r.ID] = pay
		if note := payNoteOf(rule, &r); note != "" {
			pay.SetText(note) // who may pay it, on the button it would be
			pay.Disable()
		}
		comment := widget.NewLabel(r.Comment)
		comment.Truncation = fyne.TextTruncateEllipsis
		left := container.NewHBox(widget.NewLabel(r.CreatedAt.Local().Format(ledger.DateLayout)), amount)
		p.requestBox.Add(container.NewBorder(nil, nil, left, container.NewHBox(pay, b), comment))
	}
	if len(reqs) == 0 {
		p.requestCard.Hide()
	} else {
		p.requestCard.Show()
	}
	p.requestBox.Refresh()
}

// onPayRequest records an open request of the deal as paid offline, in
// the queue's own pay form, without leaving the deal.
func (p *dealPage) onPayRequest(r ledger.Request) {
	p.payForm = newPayOfflineForm(p.u.payouts, []ledger.Request{r})
	p.payForm.dlg.show()
}

// foldSummary hides the figures, payee, fees and bonuses behind one line,
// or shows them again; the history takes the room.
func (p *dealPage) foldSummary(fold bool) {
	if fold {
		p.summary.Hide()
		p.summaryLine.Show()
		p.summaryToggle.SetText("Show summary")
		p.summaryToggle.SetIcon(theme.MenuDropDownIcon())
	} else {
		p.summary.Show()
		p.summaryLine.Hide()
		p.summaryToggle.SetText("Hide summary")
		p.summaryToggle.SetIcon(theme.MenuDropUpIcon())
	}
	if p.root != nil {
		p.root.Refresh() // the history takes or gives back the room
	}
}
