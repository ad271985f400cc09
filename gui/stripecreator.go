package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

// creatorStripe is the creator page's Stripe line: their default account
// and its status, Invite to Stripe, New link and Refresh status.
type creatorStripe struct {
	u       *ui
	id      int64
	creator ledger.Creator
	status  *widget.Label

	invite, newLink, refresh *widget.Button
	lastLink                 string // for tests
}

func newCreatorStripe(u *ui, id int64) *creatorStripe {
	c := &creatorStripe{u: u, id: id, status: &widget.Label{Wrapping: fyne.TextWrapWord}}
	c.invite = &widget.Button{Text: "Invite to Stripe", Icon: theme.MailSendIcon(), OnTapped: c.onInvite}
	c.newLink = &widget.Button{Text: "New link", Icon: theme.ContentCopyIcon(), OnTapped: c.onNewLink}
	c.refresh = &widget.Button{Text: "Refresh status", Icon: theme.ViewRefreshIcon(), OnTapped: c.onRefresh}
	return c
}

func (c *creatorStripe) build() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, container.NewHBox(c.invite, c.newLink, c.refresh), c.status)
}

// show puts the creator's default account and its last known status.
func (c *creatorStripe) show(cr ledger.Creator) {
	c.creator = cr
	if cr.StripeAccount == "" {
		c.status.Importance = widget.MediumImportance
		c.status.SetText("Stripe: not invited")
		c.invite.Show()
		c.newLink.Hide()
		c.refresh.Hide()
		return
	}
	c.invite.Hide()
	c.refresh.Show()
	p, err := c.u.store.Payee(c.u.ctx, cr.StripeAccount)
	if err != nil {
		p = ledger.Payee{Account: cr.StripeAccount}
	}
	text := "Stripe: " + cr.StripeAccount
	if p.Name != "" {
		text += " (" + p.Name + ")"
	}
	if p.Ready() {
		c.status.Importance = widget.SuccessImportance
		c.status.SetText(text + " · Ready")
		c.newLink.Hide()
	} else {
		c.status.Importance = widget.WarningImportance
		c.status.SetText(text + " · " + p.Missing())
		c.newLink.Show()
	}
}

func (c *creatorStripe) run(work func(sv *stripe.Service) error, done func()) {
	sv, err := c.u.stripeService()
	if err != nil {
		c.u.showError(err)
		return
	}
	c.u.runStripe(func() { err = work(sv) }, func() {
		if err != nil {
			c.u.showError(err)
		} else if done != nil {
			done()
		}
		c.u.changed()
	})
}

func (c *creatorStripe) onInvite() {
	var link string
	c.run(func(sv *stripe.Service) (err error) {
		_, link, err = sv.Invite(c.u.ctx, c.id)
		return err
	}, func() { c.lastLink = link; c.u.showOnboardingLink(c.creator.Name, link) })
}

func (c *creatorStripe) onNewLink() {
	var link string
	acct := c.creator.StripeAccount
	c.run(func(sv *stripe.Service) (err error) {
		link, err = sv.NewLink(c.u.ctx, acct)
		return err
	}, func() { c.lastLink = link; c.u.showOnboardingLink(c.creator.Name, link) })
}

func (c *creatorStripe) onRefresh() {
	acct := c.creator.StripeAccount
	c.run(func(sv *stripe.Service) error {
		_, err := sv.Refresh(c.u.ctx, acct)
		return err
	}, nil)
}
