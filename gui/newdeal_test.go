package gui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// A first deal with a creator and a campaign nobody has added yet is made
// without leaving the form: it offers to create them, with the creator's
// email and payout details, and adds all three in one operation.
func TestNewDealCreatesCreatorAndCampaign(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	u, _ := newTestUI(t, s)
	u.onNewDeal()
	f := u.newDeal
	if f.newCreatorBox.Visible() || f.newCampaignBox.Visible() {
		t.Fatal("create offers shown before anything was typed")
	}
	test.Type(f.creator, "Ana")
	if f.newCreatorBox.Visible() {
		t.Error("create offer shown for an existing creator")
	}
	f.creator.SetText("")
	test.Type(f.creator, "Mia Chen")
	if !f.newCreatorBox.Visible() {
		t.Fatal("no offer to create an unknown creator")
	}
	if got, want := f.newCreator.Text, "Create creator 'Mia Chen'"; got != want {
		t.Errorf("offer: got %q, want %q", got, want)
	}
	f.campaign.SetText("Autumn")
	if !f.newCampaignBox.Visible() {
		t.Fatal("no offer to create an unknown campaign")
	}
	if got, want := f.newCampaign.Text, "Create campaign 'Autumn'"; got != want {
		t.Errorf("offer: got %q, want %q", got, want)
	}
	test.Type(f.value, "10")

	// Without the offer taken, the form says what to do and adds nothing.
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("unticked offer: %d dialogs, want the form and an error", dialogsOpen(u))
	}
	u.closeTopDialog()
	if cs, _ := s.Creators(ctx, "Mia"); len(cs) != 0 {
		t.Fatalf("creator added without the offer taken: %+v", cs)
	}

	f.newCreator.SetChecked(true)
	f.newCampaign.SetChecked(true)
	test.Type(f.creatorEmail, "mia@example.com")
	test.Type(f.creatorPayout, "PayPal mia@example.com")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("after submit: %d dialogs open", dialogsOpen(u))
	}
	p := u.dealPage
	if p == nil {
		t.Fatal("no deal page")
	}
	if p.deal.CreatorName != "Mia Chen" || p.deal.CampaignName != "Autumn" {
		t.Errorf("deal of %q in %q", p.deal.CreatorName, p.deal.CampaignName)
	}
	c, err := s.CreatorByName(ctx, "Mia Chen")
	if err != nil {
		t.Fatal(err)
	}
	if c.Email != "mia@example.com" || c.PayoutDetails != "PayPal mia@example.com" {
		t.Errorf("creator: %+v", c)
	}
}

// A deal that the ledger refuses leaves no new creator behind, and the error
// names the problem.
func TestNewDealRefusedLeavesNoCreator(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id := setup(t, s, "Ana", "IBAN A", 0)
	if err := s.SetDealCodes(ctx, "", id, []string{"ANA10"}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.onNewDeal()
	f := u.newDeal
	test.Type(f.creator, "Mia Chen")
	f.newCreator.SetChecked(true)
	f.campaign.SetText("Launch")
	test.Type(f.value, "10")
	test.Type(f.codes, "ana10")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("refused deal: %d dialogs, want the form and an error", dialogsOpen(u))
	}
	if _, err := s.CreatorByName(ctx, "Mia Chen"); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("creator of a refused deal: %v, want not found", err)
	}
	u.closeTopDialog()
	if msg := ledger.ErrorMessage(f.submit()); !strings.Contains(msg, "ANA10") {
		t.Errorf("error: %q, want it to name the code", msg)
	}
}

// shownText is every label and rich text that root draws, joined.
func shownText(root fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(root) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		}
	}
	return b.String()
}

// internalID is how a message would show a number no screen shows.
var internalID = regexp.MustCompile(`(deal|request) \d`)

// Messages name deals and requests as the screens show them (creator,
// campaign, amount), never by an internal ID.
func TestMessagesNameNotIDs(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN A", 10000)
	if err := s.SetDealCodes(ctx, "", ana, []string{"ANA10"}); err != nil {
		t.Fatal(err)
	}
	first := request(t, s, ana, 1000)
	second := request(t, s, ana, 2000)
	u, w := newTestUI(t, s)

	t.Run("CodeTaken", func(t *testing.T) {
		u.onNewDeal()
		f := u.newDeal
		f.creator.SetText("Ana")
		f.campaign.SetText("Launch")
		f.currency.SetSelected("EUR")
		test.Type(f.value, "10")
		test.Type(f.codes, "ana10")
		test.Tap(f.dlg.submit)
		msg := shownText(w.Canvas().Overlays().Top())
		if !strings.Contains(msg, "Ana's USD deal in Launch") || internalID.MatchString(msg) {
			t.Errorf("error shown: %q, want it to name Ana's USD deal in Launch and no ID", msg)
		}
		u.closeTopDialog()
		u.closeTopDialog()
	})
	t.Run("BatchCancel", func(t *testing.T) {
		u.showScreen(screenPayouts)
		q := u.payouts
		q.setSelected(first, true)
		q.setSelected(second, true)
		reqs := q.chosen()
		// Paid by someone else while the queue was open.
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: second, Method: "bank", Reference: "R-2"}); err != nil {
			t.Fatal(err)
		}
		q.cancelRequests(reqs)
		msg := shownText(w.Canvas().Overlays().Top())
		if !strings.Contains(msg, " of 2 cancelled") || !strings.Contains(msg, "$20.00 payout request of Ana's USD deal in Launch") ||
			internalID.MatchString(msg) {
			t.Errorf("error shown: %q, want N of 2 cancelled, naming Ana's $20.00 request and no ID", msg)
		}
	})
}
