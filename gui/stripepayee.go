package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

// payeeCard is the deal page's Stripe payee: the account that will receive
// the deal's money ("Secured by acct_... (name)") or "Payout details
// missing" with what Stripe still needs, the actions that change it, and
// every link and unlink with who and when.
type payeeCard struct {
	p       *dealPage
	payee   ledger.DealPayee
	secured *widget.Label
	state   *widget.Label
	events  *widget.Label

	invite, newLink, refresh, unlink, link *widget.Button

	unlinkForm *formDialog // the last unlink confirmation, for tests
	unlinkNote *widget.Label
	linkForm   *formDialog
	lastLink   string // the last onboarding link made, for tests
}

func newPayeeCard(p *dealPage) *payeeCard {
	c := &payeeCard{p: p}
	c.secured = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	c.state = &widget.Label{Wrapping: fyne.TextWrapWord}
	c.events = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	c.invite = &widget.Button{Text: "Invite to Stripe", Icon: theme.MailSendIcon(), OnTapped: c.onInvite}
	c.newLink = &widget.Button{Text: "New link", Icon: theme.ContentCopyIcon(), OnTapped: c.onNewLink}
	c.refresh = &widget.Button{Text: "Refresh status", Icon: theme.ViewRefreshIcon(), OnTapped: c.onRefresh}
	c.unlink = &widget.Button{Text: "Unlink…", Icon: theme.ContentCutIcon(), Importance: widget.LowImportance, OnTapped: c.onUnlink}
	c.link = &widget.Button{Text: "Link account…", Icon: theme.ContentAddIcon(), Importance: widget.LowImportance, OnTapped: c.onLink}
	return c
}

func (c *payeeCard) build() fyne.CanvasObject {
	return widget.NewCard("", "", container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(c.invite, c.newLink, c.refresh, c.link, c.unlink), c.secured),
		c.state, c.events))
}

// show rereads the deal's payee and its history.
func (c *payeeCard) show() {
	p, err := c.p.u.store.DealPayee(c.p.u.ctx, c.p.id)
	if err != nil {
		c.p.u.showError(err)
		return
	}
	c.payee = p
	if p.Account == "" {
		c.secured.SetText("No Stripe account")
		c.state.Importance = widget.WarningImportance
		c.state.SetText(p.Missing())
	} else {
		c.secured.SetText(p.Secured())
		if p.Ready() {
			c.state.Importance = widget.SuccessImportance
			c.state.SetText("Ready: Stripe can pay this account")
		} else {
			c.state.Importance = widget.WarningImportance
			c.state.SetText(p.Missing())
		}
	}
	c.state.Refresh()
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	show(c.invite, p.Account == "")
	show(c.newLink, p.Account != "" && !p.Ready())
	show(c.refresh, p.Account != "")
	show(c.unlink, p.Account != "")
	ev, err := c.p.u.store.PayeeEvents(c.p.u.ctx, c.p.id)
	if err != nil {
		c.p.u.showError(err)
		return
	}
	var lines []string
	for i, e := range ev {
		if i == 5 {
			lines = append(lines, fmt.Sprintf("… and %d earlier", len(ev)-5))
			break
		}
		verb := "Linked to"
		if e.Action == "unlink" {
			verb = "Unlinked from"
		}
		line := fmt.Sprintf("%s %s by %s on %s", verb, e.Account, e.Operator, e.At.Local().Format("2006-01-02 15:04"))
		if e.Reason != "" {
			line += " (" + e.Reason + ")"
		}
		lines = append(lines, line)
	}
	c.events.SetText(strings.Join(lines, "\n"))
}

// withStripe runs work against Stripe away from the UI, then done; with no
// key it says what to set up.
func (c *payeeCard) withStripe(work func(sv *stripe.Service) error, done func()) {
	u := c.p.u
	sv, err := u.stripeService()
	if err != nil {
		u.showError(err)
		return
	}
	u.runStripe(func() { err = work(sv) }, func() {
		if err != nil {
			u.showError(err)
		}
		if done != nil && err == nil {
			done()
		}
		u.changed()
	})
}

// onInvite creates the creator's Express account and copies its onboarding
// link, with the warning that matters: whoever completes it owns it.
func (c *payeeCard) onInvite() {
	var link string
	c.withStripe(func(sv *stripe.Service) (err error) {
		_, link, err = sv.Invite(c.p.u.ctx, c.p.deal.CreatorID)
		return err
	}, func() { c.showLink(link) })
}

func (c *payeeCard) onNewLink() {
	var link string
	acct := c.payee.Account
	c.withStripe(func(sv *stripe.Service) (err error) {
		link, err = sv.NewLink(c.p.u.ctx, acct)
		return err
	}, func() { c.showLink(link) })
}

func (c *payeeCard) showLink(link string) {
	c.lastLink = link
	c.p.u.showOnboardingLink(c.p.deal.CreatorName, link)
}

// showOnboardingLink copies a link and shows it with the warning that
// matters: whoever completes it claims the account.
func (u *ui) showOnboardingLink(name, link string) {
	u.app.Clipboard().SetContent(link)
	e := widget.NewEntry()
	e.SetText(link)
	msg := wrapLabel("The onboarding link is copied. Send it to " + name +
		". Do not open it yourself: whoever completes it claims the account. It expires within minutes; New link makes a fresh one.")
	d := dialog.NewCustom("Onboarding link", "Close", container.NewVBox(msg, e), u.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	u.showDialog(d)
}

func (c *payeeCard) onRefresh() {
	acct := c.payee.Account
	c.withStripe(func(sv *stripe.Service) error {
		_, err := sv.Refresh(c.p.u.ctx, acct)
		return err
	}, nil)
}

// onUnlink asks first, listing every open request the unlink affects.
func (c *payeeCard) onUnlink() {
	u := c.p.u
	open, err := u.store.OpenRequests(u.ctx, c.p.id)
	if err != nil {
		u.showError(err)
		return
	}
	text := fmt.Sprintf("Unlink %s from this deal? ", c.payee.Account)
	if len(open) == 0 {
		text += "No open payout request is affected."
	} else {
		text += fmt.Sprintf("%d open payout request(s) will wait, \"Payout details missing\", until another account is linked:", len(open))
		for _, r := range open {
			text += fmt.Sprintf("\n  · Request %d: %s (%s)", r.ID, ledger.Display(r.Amount, r.Currency), r.Status)
		}
	}
	c.unlinkNote = wrapLabel(text)
	reason := newEntry("e.g. the wrong person completed onboarding")
	opID := ledger.NewOpID()
	c.unlinkForm = newFormDialog(u, "Unlink Stripe account · "+c.p.deal.CreatorName, "Unlink",
		[]*widget.FormItem{{Text: "Reason", Widget: reason}}, c.unlinkNote, func() error {
			if err := u.store.UnlinkPayee(u.ctx, opID, c.p.id, reason.Text); err != nil {
				return err
			}
			u.changed()
			return nil
		})
	c.unlinkForm.show()
}

// onLink secures the deal to an account given by its ID (an agency's).
func (c *payeeCard) onLink() {
	u := c.p.u
	acct := newEntry("acct_…")
	reason := newEntry("e.g. paid through their agency")
	opID := ledger.NewOpID()
	c.linkForm = newFormDialog(u, "Link a Stripe account · "+c.p.deal.CreatorName, "Link",
		[]*widget.FormItem{{Text: "Account", Widget: acct}, {Text: "Reason", Widget: reason}},
		wrapLabel("Every open payout request of this deal will be paid to this account."), func() error {
			if err := u.store.LinkPayee(u.ctx, opID, c.p.id, acct.Text, reason.Text); err != nil {
				return err
			}
			a := strings.TrimSpace(acct.Text)
			if sv, err := u.stripeService(); err == nil {
				u.runStripe(func() { sv.Refresh(u.ctx, a) }, u.changed)
			}
			u.changed()
			return nil
		})
	c.linkForm.show()
}
