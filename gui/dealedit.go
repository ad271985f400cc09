package gui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// dealEditForm changes a deal's terms that can change: its discount codes
// and its hold days, saved together as one operation.
type dealEditForm struct {
	p        *dealPage
	opID     string
	codes    *entry
	holdDays *entry
	dlg      *formDialog
}

func newDealEditForm(p *dealPage) *dealEditForm {
	f := &dealEditForm{p: p, opID: ledger.NewOpID()}
	f.codes = newEntry("e.g. ANA10, ANA20")
	f.codes.SetText(strings.Join(p.deal.Codes, ", "))
	f.holdDays = newEntry("e.g. 30")
	f.holdDays.SetText(itoa(p.deal.HoldDays))
	f.dlg = newFormDialog(p.u, "Edit deal · "+p.deal.CreatorName+" · "+p.deal.CampaignName, "Save", []*widget.FormItem{
		{Text: "Discount codes", Widget: f.codes, HintText: "Separated by commas. Orders with these codes earn this deal commission; empty: none."},
		{Text: "Hold days", Widget: f.holdDays, HintText: "The return window of commissions recorded from now on; those on hold keep their release date."},
	}, nil, f.submit)
	return f
}

func (f *dealEditForm) submit() error {
	days, err := parseDays(f.holdDays.Text)
	if err != nil {
		return err
	}
	codes := strings.FieldsFunc(f.codes.Text, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	err = f.p.u.store.EditDeal(f.p.u.ctx, ledger.DealEdit{OpID: f.opID, DealID: f.p.id, Codes: codes, HoldDays: days})
	if err != nil {
		return err
	}
	f.p.u.changed()
	return nil
}

// newEditButton is the deal page's Edit, beside the terms it changes.
func (p *dealPage) newEditButton() *widget.Button {
	return &widget.Button{Text: "Edit", Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance, OnTapped: p.onEdit}
}

// onEdit opens the form that changes the deal's codes and hold days.
func (p *dealPage) onEdit() {
	p.editForm = newDealEditForm(p)
	p.editForm.dlg.show()
}
