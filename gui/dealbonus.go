package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// bonusSection is the deal page's "Bonuses" card: each bonus with a Void
// button beside it, as each fee has. It shows only while the deal has
// bonuses, so it costs no room otherwise.
type bonusSection struct {
	p           *dealPage
	bonuses     []ledger.Bonus // newest first
	box         *fyne.Container
	scroll      *container.Scroll
	card        *widget.Card
	voidButtons map[int64]*widget.Button // Void per bonus not voided
	voidForm    *reasonForm              // the dialog last opened, reachable for tests
}

func newBonusSection(p *dealPage) *bonusSection {
	b := &bonusSection{p: p, box: container.NewVBox()}
	b.scroll = container.NewVScroll(b.box)
	b.card = widget.NewCard("", "", container.NewBorder(nil, nil,
		&widget.Label{Text: "Bonuses", TextStyle: fyne.TextStyle{Bold: true}}, nil, b.scroll))
	return b
}

// show lists the deal's bonuses: a voided one says so, the others have Void.
func (b *bonusSection) show() {
	u := b.p.u
	bonuses, err := u.store.Bonuses(u.ctx, b.p.id)
	if err != nil {
		u.showError(err)
		return
	}
	b.bonuses = bonuses
	b.voidButtons = map[int64]*widget.Button{}
	b.box.RemoveAll()
	for _, x := range bonuses {
		amount := amountLabel()
		amount.SetText(ledger.Display(x.Amount, x.Currency))
		var right fyne.CanvasObject
		if x.Voided {
			right = widget.NewLabel("Voided")
		} else {
			v := &widget.Button{Text: "Void", Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { b.onVoid(x) }}
			b.voidButtons[x.ID] = v
			right = v
		}
		comment := widget.NewLabel(x.Comment)
		comment.Truncation = fyne.TextTruncateEllipsis
		b.box.Add(container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(x.Date), amount), right, comment))
	}
	if len(bonuses) == 0 {
		b.card.Hide()
		return
	}
	// Up to three bonuses show without scrolling, like the fees.
	rows := min(len(bonuses), 3)
	h := b.box.Objects[0].MinSize().Height
	b.scroll.SetMinSize(fyne.NewSize(0, float32(rows)*h+float32(rows-1)*theme.Padding()))
	b.card.Show()
	b.box.Refresh()
}

// onVoid opens the confirmation that voids a bonus.
func (b *bonusSection) onVoid(x ledger.Bonus) {
	b.voidForm = newBonusVoidForm(b.p, x)
	b.voidForm.dlg.show()
}

// newBonusVoidForm asks before a bonus is voided.
func newBonusVoidForm(p *dealPage, x ledger.Bonus) *reasonForm {
	what := "Void the " + ledger.Display(x.Amount, x.Currency) + " bonus"
	if x.Comment != "" {
		what += " (" + x.Comment + ")"
	}
	note := what + "? It is taken back from what the deal is owed; history keeps both lines."
	if p.deal.Owed < x.Amount {
		// Part of it is requested or paid already: owed goes negative.
		note += "\nThe deal is owed less than that now, so owed goes below zero: later payouts make up for it."
	}
	return newReasonForm(p, "Void bonus", "Void bonus", "Optional, e.g. given to the wrong deal", note,
		func(opID, comment string) error { return p.u.store.VoidBonus(p.u.ctx, opID, x.ID, comment) })
}
