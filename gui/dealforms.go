package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Each form takes an operation ID when it opens: a double click on its
// button submits the same operation twice, which the ledger answers with
// the first result instead of doing it again.

// feeForm agrees a fixed fee on a deal, confirmed now or later.
type feeForm struct {
	p       *dealPage
	opID    string
	amount  *entry
	comment *entry
	confirm *keyCheck
	dlg     *formDialog
}

func newFeeForm(p *dealPage) *feeForm {
	f := &feeForm{p: p, opID: ledger.NewOpID()}
	f.amount = newEntry(p.u.amountExample(p.deal.Currency))
	p.u.checkAmount(f.amount, func() string { return p.deal.Currency })
	f.comment = newEntry("What the fee is for, e.g. launch video + 3 stories")
	f.confirm = newKeyCheck("Content verified: confirm now (payable at once)", nil)
	confirmHint := "Leave unchecked to confirm later, once the content is verified."
	if ok, why := p.u.store.MayDo(p.u.ctx, "fee.confirm"); !ok {
		f.confirm.Disable()
		confirmHint = why
	}
	f.dlg = newFormDialog(p.u, "Add fixed fee · "+p.deal.CreatorName, "Add fee", []*widget.FormItem{
		{Text: "Amount (" + p.deal.Currency + ")", Widget: f.amount},
		{Text: "Comment", Widget: f.comment},
		{Text: "", Widget: f.confirm, HintText: confirmHint},
	}, nil, f.submit)
	return f
}

func (f *feeForm) submit() error {
	amount, err := f.p.u.parseAmount(f.amount.Text, f.p.deal.Currency)
	if err != nil {
		return err
	}
	_, err = f.p.u.store.AddFee(f.p.u.ctx, ledger.FeeInput{OpID: f.opID, DealID: f.p.id, Amount: amount,
		Comment: f.comment.Text, Confirm: f.confirm.Checked})
	if err != nil {
		return err
	}
	f.p.u.changed()
	return nil
}

// bonusForm pays a deal an extra amount.
type bonusForm struct {
	p       *dealPage
	opID    string
	amount  *entry
	comment *entry
	dlg     *formDialog
}

func newBonusForm(p *dealPage) *bonusForm {
	f := &bonusForm{p: p, opID: ledger.NewOpID()}
	f.amount = newEntry(p.u.amountExample(p.deal.Currency))
	p.u.checkAmount(f.amount, func() string { return p.deal.Currency })
	f.comment = newEntry("Why, e.g. top performer of the month")
	f.dlg = newFormDialog(p.u, "Add bonus · "+p.deal.CreatorName, "Add bonus", []*widget.FormItem{
		{Text: "Amount (" + p.deal.Currency + ")", Widget: f.amount},
		{Text: "Comment", Widget: f.comment},
	}, nil, f.submit)
	return f
}

func (f *bonusForm) submit() error {
	amount, err := f.p.u.parseAmount(f.amount.Text, f.p.deal.Currency)
	if err != nil {
		return err
	}
	if _, err := f.p.u.store.AddBonus(f.p.u.ctx, ledger.BonusInput{OpID: f.opID, DealID: f.p.id, Amount: amount, Comment: f.comment.Text}); err != nil {
		return err
	}
	f.p.u.changed()
	return nil
}

// payoutForm puts part of what a deal is owed in the Payouts queue.
type payoutForm struct {
	p       *dealPage
	opID    string
	amount  *entry
	date    *dateEntry
	comment *entry
	payNow  *keyCheck
	dlg     *formDialog
}

func newPayoutForm(p *dealPage) *payoutForm {
	f := &payoutForm{p: p, opID: ledger.NewOpID()}
	f.amount = newEntry(p.u.amountExample(p.deal.Currency))
	p.u.checkAmount(f.amount, func() string { return p.deal.Currency })
	if p.deal.Owed > 0 {
		f.amount.SetText(p.u.typedAmount(p.deal.Owed, p.deal.Currency))
	}
	f.comment = newEntry("Internal note, e.g. March payout")
	f.date = newDateEntry(p.u.store.Now())
	f.payNow = newKeyCheck("Pay it now", nil)
	payHint := "Paid by bank or PayPal: the pay form follows"
	if rule := p.u.payRuleOf(); !paysOwnRequests(rule) {
		// Refused anyway once requested: another approver pays it.
		f.payNow.Disable()
		payHint = "Approvals are on: another approver pays it from the queue"
		if !rule.Role.Allows(ledger.RoleApprover) {
			payHint = "An approver pays it from the queue"
		}
	}
	f.dlg = newFormDialog(p.u, "Request payout · "+p.deal.CreatorName, "Request payout", []*widget.FormItem{
		{Text: "Amount (" + p.deal.Currency + ")", Widget: f.amount, HintText: "Owed now: " + ledger.Display(p.deal.Owed, p.deal.Currency)},
		{Text: "Requested on", Widget: f.date, HintText: "Today, or the day it was asked for: never in the future."},
		{Text: "Comment", Widget: f.comment},
		{Text: "", Widget: f.payNow, HintText: payHint},
	}, nil, f.submit)
	return f
}

func (f *payoutForm) submit() error {
	amount, err := f.p.u.parseAmount(f.amount.Text, f.p.deal.Currency)
	if err != nil {
		return err
	}
	date, err := f.date.value("request date")
	if err != nil {
		return err
	}
	// Today's date is sent as empty, which the ledger reads as the
	// operation's day: a form left open over midnight records the day it
	// is submitted, as before dates could be picked.
	if date == f.p.u.store.Now().Format(ledger.DateLayout) {
		date = ""
	}
	id, err := f.p.u.store.RequestPayout(f.p.u.ctx, ledger.RequestInput{OpID: f.opID, DealID: f.p.id, Amount: amount, Comment: f.comment.Text, Date: date})
	if err != nil {
		return err
	}
	f.p.u.changed()
	if f.payNow.Checked {
		// Made; paying it is the queue's pay form, opened once this form
		// has closed.
		p := f.p
		fyne.Do(func() {
			for _, r := range p.requests {
				if r.ID == id {
					p.onPayRequest(r)
				}
			}
		})
	}
	return nil
}
