package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// voidForm asks before a fee is voided, with an optional reason. Like the
// other forms it takes its operation ID when it opens, so a double click
// voids the fee once.
type voidForm struct {
	p       *dealPage
	opID    string
	feeID   int64
	comment *entry
	note    *widget.Label // what voiding does
	dlg     *formDialog
}

func newVoidForm(p *dealPage, f ledger.Fee) *voidForm {
	v := &voidForm{p: p, opID: ledger.NewOpID(), feeID: f.ID}
	v.comment = newEntry("Optional, e.g. video cancelled")
	what := "Void the " + ledger.Display(f.Amount, f.Currency) + " fee"
	if f.Comment != "" {
		what += " (" + f.Comment + ")"
	}
	note := what + "? The fee is reversed; history keeps both lines."
	if f.Status == ledger.FeeConfirmed {
		// Part of it may be requested or paid already: owed can go negative.
		note += "\nIt was confirmed, so it is taken back from what the deal is owed."
	}
	v.note = wrapLabel(note)
	v.dlg = newFormDialog(p.u, "Void fee · "+p.deal.CreatorName, "Void fee", []*widget.FormItem{
		{Text: "Reason", Widget: v.comment},
	}, v.note, v.submit)
	return v
}

func (v *voidForm) submit() error {
	if err := v.p.u.store.VoidFee(v.p.u.ctx, v.opID, v.feeID, v.comment.Text); err != nil {
		return err
	}
	v.p.u.changed()
	return nil
}

// cancelForm asks before an open payout request of the deal is cancelled;
// its amount goes back to owed.
type cancelForm struct {
	p       *dealPage
	opID    string
	reqID   int64
	comment *entry
	note    *widget.Label // what cancelling does
	dlg     *formDialog
}

func newCancelForm(p *dealPage, r ledger.Request) *cancelForm {
	c := &cancelForm{p: p, opID: ledger.NewOpID(), reqID: r.ID}
	c.comment = newEntry("Optional, e.g. creator asked to wait")
	c.note = wrapLabel("Cancel the payout request of " + ledger.Display(r.Amount, r.Currency) +
		"? It leaves the Payouts queue and its amount goes back to what the deal is owed.")
	c.dlg = newFormDialog(p.u, "Cancel payout request · "+p.deal.CreatorName, "Cancel request", []*widget.FormItem{
		{Text: "Reason", Widget: c.comment},
	}, c.note, c.submit)
	return c
}

func (c *cancelForm) submit() error {
	if err := c.p.u.store.CancelRequest(c.p.u.ctx, c.opID, c.reqID, c.comment.Text); err != nil {
		return err
	}
	c.p.u.changed()
	return nil
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
	p.requestBox.RemoveAll()
	for _, r := range reqs {
		amount := amountLabel()
		amount.SetText(ledger.Display(r.Amount, r.Currency))
		b := &widget.Button{Text: "Cancel request", Icon: theme.CancelIcon(), OnTapped: func() { p.onCancelRequest(r) }}
		p.cancelButtons[r.ID] = b
		comment := widget.NewLabel(r.Comment)
		comment.Truncation = fyne.TextTruncateEllipsis
		left := container.NewHBox(widget.NewLabel(r.CreatedAt.Local().Format(ledger.DateLayout)), amount)
		p.requestBox.Add(container.NewBorder(nil, nil, left, b, comment))
	}
	if len(reqs) == 0 {
		p.requestCard.Hide()
	} else {
		p.requestCard.Show()
	}
	p.requestBox.Refresh()
}
