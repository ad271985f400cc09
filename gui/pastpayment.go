package gui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// pastPaymentForm records, in one step, a payout made outside Payouts some
// time ago: the ledger requests it and records it paid in one operation,
// both dated the day it was paid, so the books show it in its own period.
type pastPaymentForm struct {
	p         *dealPage
	opID      string
	amount    *entry
	date      *dateEntry
	method    *widget.Select
	reference *entry
	comment   *entry
	dlg       *formDialog
}

func newPastPaymentForm(p *dealPage) *pastPaymentForm {
	f := &pastPaymentForm{p: p, opID: ledger.NewOpID()}
	f.amount = newEntry(p.u.amountExample(p.deal.Currency))
	p.u.checkAmount(f.amount, func() string { return p.deal.Currency })
	if p.deal.Owed > 0 {
		f.amount.SetText(p.u.typedAmount(p.deal.Owed, p.deal.Currency))
	}
	f.date = newDateEntry(p.u.store.Now())
	f.method = widget.NewSelect(offlineMethods, nil)
	f.method.SetSelected(offlineMethods[0])
	f.reference = newEntry("Bank or PayPal transaction reference")
	f.comment = newEntry("Internal note, e.g. October payout")
	f.dlg = newFormDialog(p.u, "Record a past payment · "+p.deal.CreatorName, "Record payment", []*widget.FormItem{
		{Text: "Amount (" + p.deal.Currency + ")", Widget: f.amount, HintText: "Owed now: " + ledger.Display(p.deal.Owed, p.deal.Currency)},
		{Text: "Paid on", Widget: f.date, HintText: "The day the money left: the request and the payment both carry it."},
		{Text: "Method", Widget: f.method},
		{Text: "Reference", Widget: f.reference},
		{Text: "Comment", Widget: f.comment},
	}, nil, f.submit)
	f.dlg.focus = f.reference
	return f
}

func (f *pastPaymentForm) submit() error {
	amount, err := f.p.u.parseAmount(f.amount.Text, f.p.deal.Currency)
	if err != nil {
		return err
	}
	date, err := f.date.value("payment date")
	if err != nil {
		return err
	}
	_, err = f.p.u.store.RecordPastPayment(f.p.u.ctx, ledger.PastPaymentInput{OpID: f.opID, DealID: f.p.id, Amount: amount,
		Date: date, Method: offlineMethodCodes[f.method.Selected],
		Reference: f.reference.Text, Comment: f.comment.Text})
	if err != nil {
		return err
	}
	f.p.u.changed()
	return nil
}

func (p *dealPage) onPastPayment() {
	p.pastForm = newPastPaymentForm(p)
	p.pastForm.dlg.show()
}
