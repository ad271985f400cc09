package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// dealPage is one deal's collaboration page: who and what, the portal of
// its balances, its fixed fees, the actions that change it, and its history.
type dealPage struct {
	u      *ui
	id     int64
	deal   ledger.Deal
	onBack func()

	title, rule, codes, payee *widget.Label
	attribution               *widget.Label            // revenue, cost, net, return on spend
	figures                   map[string]*widget.Label // portal amounts by name
	fees                      []ledger.Fee
	feeBox                    *fyne.Container
	feeScroll                 *container.Scroll
	confirmButtons            map[int64]*widget.Button // Confirm per scheduled fee
	voidButtons               map[int64]*widget.Button // Void per fee not voided
	requests                  []ledger.Request         // open requests of the deal
	requestBox                *fyne.Container
	requestCard               *widget.Card
	cancelButtons             map[int64]*widget.Button // Cancel request per open request
	payoutButton              *widget.Button
	mailButton                *widget.Button // Send payment request
	bonuses                   *bonusSection  // the Bonuses card, with Void beside each
	pastButton                *widget.Button // Record a past payment
	history                   *historyTable
	payeeCard                 *payeeCard
	creatorLink               *widget.Button           // opens the creator's profile
	summary                   *fyne.Container          // figures, payee, fees, bonuses: folds away
	summaryLine               *widget.Label            // the figures in one line while folded
	summaryToggle             *widget.Button           // Hide summary / Show summary
	payButtons                map[int64]*widget.Button // Pay… per open request
	root                      *fyne.Container          // the page: what is laid out again when the summary folds

	// The dialogs last opened, reachable for tests.
	feeForm    *feeForm
	bonusForm  *bonusForm
	payoutForm *payoutForm
	pastForm   *pastPaymentForm
	voidForm   *reasonForm
	cancelForm *reasonForm
	payForm    *payOfflineForm
	editForm   *dealEditForm
}

// Portal figure names: the Deals screen's words (dealtable.go).
const (
	figCommission = "Commission earned"
	figHeld       = "On hold"
	figPayable    = "Payable"
	figFees       = "Fees agreed"
	figScheduled  = colFeesPending
	figConfirmed  = colFeesConfirmed
	figBonuses    = "Bonuses"
	figOwed       = colOwed
	figRequested  = colRequested
	figPaid       = "Paid"
	figRemaining  = colRemaining
)

func newDealPage(u *ui, id int64, onBack func()) *dealPage {
	return &dealPage{u: u, id: id, onBack: onBack}
}

func (p *dealPage) build() (fyne.CanvasObject, error) {
	d, err := p.u.store.Deal(p.u.ctx, p.id)
	if err != nil {
		return nil, err
	}
	p.deal = d
	p.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	p.rule = widget.NewLabel("")
	p.codes = widget.NewLabel("")
	p.payee = &widget.Label{}
	p.attribution = widget.NewLabel("")
	p.figures = map[string]*widget.Label{}
	group := func(title string, names ...string) fyne.CanvasObject {
		form := container.New(layout.NewFormLayout())
		for _, n := range names {
			l := amountLabel()
			p.figures[n] = l
			form.Add(widget.NewLabel(n))
			form.Add(l)
		}
		return widget.NewCard("", title, form)
	}
	portal := container.NewGridWithColumns(3,
		group("Commission", figCommission, figHeld, figPayable),
		group("Fixed fees and bonuses", figFees, figScheduled, figConfirmed, figBonuses),
		group("Balance", figOwed, figRequested, figPaid, figRemaining),
	)
	back := &widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: p.onBack}
	p.payoutButton = &widget.Button{Text: "Payout", Icon: theme.MailSendIcon(), Importance: widget.HighImportance, OnTapped: p.onPayout}
	p.pastButton = &widget.Button{Text: "Record a past payment", Icon: theme.HistoryIcon(), OnTapped: p.onPastPayment}
	p.mailButton = &widget.Button{Text: "Send payment request", Icon: theme.MailComposeIcon(), OnTapped: p.onSendRequest}
	actions := container.NewHBox(
		&widget.Button{Text: "Add fixed fee", Icon: theme.ContentAddIcon(), OnTapped: p.onAddFee},
		&widget.Button{Text: "Add bonus", Icon: theme.ContentAddIcon(), OnTapped: p.onAddBonus},
		p.pastButton,
		p.mailButton,
		p.payoutButton,
	)
	p.creatorLink = &widget.Button{Text: d.CreatorName, Icon: theme.AccountIcon(), Importance: widget.LowImportance,
		OnTapped: func() { p.u.openCreator(p.deal.CreatorID) }}
	p.summaryToggle = &widget.Button{Importance: widget.LowImportance, OnTapped: func() { p.foldSummary(p.summary.Visible()) }}
	header := container.NewVBox(
		// The names on a line of their own: beside the actions, a 1024 px
		// window cut them to "Ben H".
		container.NewBorder(nil, nil, back, nil, container.NewHBox(p.creatorLink, p.title)),
		container.NewHBox(layout.NewSpacer(), actions),
		container.NewHBox(p.rule, p.codes, p.newEditButton(), layout.NewSpacer(), p.payee),
		p.attribution,
	)
	p.feeBox = container.NewVBox()
	p.feeScroll = container.NewVScroll(p.feeBox)
	feeCard := widget.NewCard("", "", container.NewBorder(nil, nil,
		&widget.Label{Text: "Fixed fees agreed", TextStyle: fyne.TextStyle{Bold: true}}, nil, p.feeScroll))

	p.history = newHistoryTable(p.u, ledger.HistoryQuery{DealID: p.id, ByDate: true}, false)
	p.bonuses = newBonusSection(p)
	p.payeeCard = newPayeeCard(p)
	p.summary = container.NewVBox(portal, p.payeeCard.build(), feeCard, p.bonuses.card)
	p.summaryLine = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	top := container.NewVBox(header, container.NewBorder(nil, nil, nil, p.summaryToggle, p.summaryLine), p.summary,
		p.newRequestsCard(), &widget.Label{Text: "Transactions", TextStyle: fyne.TextStyle{Bold: true}})
	// On a small screen (1024x640) the summary starts folded, so the
	// history has the room; the toggle opens it.
	p.foldSummary(p.u.win.Canvas().Size().Height < 800)
	p.show()
	p.root = container.NewBorder(top, nil, nil, nil, p.history.content())
	return p.root, nil
}

// refresh rereads the deal, its fees and its history.
func (p *dealPage) refresh() {
	d, err := p.u.store.Deal(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.deal = d
	p.show()
	p.history.reload()
}

// show puts the deal's figures and fees on screen.
func (p *dealPage) show() {
	d := &p.deal
	p.title.SetText("· " + d.CampaignName)
	p.creatorLink.SetText(d.CreatorName)
	p.summaryLine.SetText(fmt.Sprintf("%s %s · %s %s · %s %s", figRemaining, ledger.Display(d.Remaining(), d.Currency),
		figRequested, ledger.Display(d.Requested, d.Currency), figPaid, ledger.Display(d.Paid, d.Currency)))
	p.rule.SetText(fmt.Sprintf("%s · %s · hold %d days", d.Rule.String(d.Currency), d.Currency, d.HoldDays))
	if len(d.Codes) > 0 {
		p.codes.SetText("Codes: " + strings.Join(d.Codes, ", "))
	} else {
		p.codes.SetText("No discount codes")
	}
	if d.PayeeReady {
		p.payee.Importance = widget.SuccessImportance
		p.payee.SetText("Payout details on file")
	} else {
		p.payee.Importance = widget.WarningImportance
		p.payee.SetText(markerMissing)
	}
	for name, v := range map[string]int64{
		figCommission: d.Commission, figHeld: d.Held, figPayable: d.Commission - d.Held,
		figFees: d.Fees, figScheduled: d.Scheduled, figConfirmed: d.ConfirmedFees(), figBonuses: d.Bonuses,
		figOwed: d.Owed, figRequested: d.Requested, figPaid: d.Paid, figRemaining: d.Remaining(),
	} {
		p.figures[name].SetText(ledger.Display(v, d.Currency))
	}
	// Nothing owed, nothing to request: the ledger would refuse it anyway.
	if d.Owed > 0 {
		p.payoutButton.Enable()
		p.pastButton.Enable()
		// A past payment is requested and paid by one person: an
		// approver's, and not while approvals are on.
		if !paysOwnRequests(p.u.payRuleOf()) {
			p.pastButton.Disable()
		}
	} else {
		p.payoutButton.Disable()
		p.pastButton.Disable()
	}
	p.attribution.SetText(p.u.attributionText(ledger.ReportQuery{By: ledger.ReportByDeal, DealID: p.id}))
	p.showFees()
	p.bonuses.show()
	p.showRequests()
	p.payeeCard.show()
}

func (p *dealPage) showFees() {
	fees, err := p.u.store.Fees(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.fees = fees
	p.confirmButtons = map[int64]*widget.Button{}
	p.voidButtons = map[int64]*widget.Button{}
	p.feeBox.RemoveAll()
	if len(fees) == 0 {
		p.feeBox.Add(widget.NewLabel("No fixed fees yet."))
	}
	mayConfirm, _ := p.u.store.MayDo(p.u.ctx, "fee.confirm")
	for _, f := range fees {
		amount := amountLabel()
		amount.SetText(ledger.Display(f.Amount, f.Currency))
		status := widget.NewLabel(feeStatusLabel(f.Status))
		right := container.NewHBox(status)
		if f.Status == ledger.FeeScheduled {
			id := f.ID
			b := &widget.Button{Text: "Confirm", Icon: theme.ConfirmIcon(), OnTapped: func() { p.onConfirmFee(id) }}
			p.confirmButtons[id] = b
			if !mayConfirm {
				b.Disable() // an approver's
			}
			right.Add(b)
		}
		if f.Status != ledger.FeeVoided {
			b := &widget.Button{Text: "Void", Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { p.onVoidFee(f) }}
			p.voidButtons[f.ID] = b
			right.Add(b)
		}
		comment := widget.NewLabel(f.Comment)
		comment.Truncation = fyne.TextTruncateEllipsis
		left := container.NewHBox(widget.NewLabel(f.CreatedAt.Local().Format(ledger.DateLayout)), amount)
		p.feeBox.Add(container.NewBorder(nil, nil, left, right, comment))
	}
	// Up to three fees show without scrolling; the history keeps the rest
	// of the page.
	rows := len(p.feeBox.Objects)
	if rows > 3 {
		rows = 3
	}
	h := p.feeBox.Objects[0].MinSize().Height
	p.feeScroll.SetMinSize(fyne.NewSize(0, float32(rows)*h+float32(rows-1)*theme.Padding()))
	p.feeBox.Refresh()
}

func feeStatusLabel(s string) string {
	switch s {
	case ledger.FeeScheduled:
		return "Scheduled"
	case ledger.FeeConfirmed:
		return "Confirmed"
	case ledger.FeeVoided:
		return "Voided"
	}
	return s
}

// onConfirmFee confirms a scheduled fee: the content was verified.
func (p *dealPage) onConfirmFee(feeID int64) {
	if err := p.u.store.ConfirmFee(p.u.ctx, ledger.NewOpID(), feeID); err != nil {
		p.u.showError(err)
	}
	p.u.changed()
}

func (p *dealPage) onAddFee() {
	p.feeForm = newFeeForm(p)
	p.feeForm.dlg.show()
}

func (p *dealPage) onAddBonus() {
	p.bonusForm = newBonusForm(p)
	p.bonusForm.dlg.show()
}

func (p *dealPage) onPayout() {
	p.payoutForm = newPayoutForm(p)
	p.payoutForm.dlg.show()
}
