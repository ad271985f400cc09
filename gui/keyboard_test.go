package gui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/payouts/payouts/ledger"
)

// tabOrder presses Tab from the focused object until the focus comes back
// to it, and names what it reached, in order.
func tabOrder(t *testing.T, c fyne.Canvas) []string {
	t.Helper()
	first := c.Focused()
	if first == nil {
		t.Fatal("nothing focused")
	}
	names := []string{focusName(first)}
	for range 60 {
		test.FocusNext(c)
		f := c.Focused()
		if f == nil || f == first {
			return names
		}
		names = append(names, focusName(f))
	}
	t.Fatalf("Tab never came back to %s: %q", names[0], names)
	return nil
}

// focusName names a focusable object as a person sees it.
func focusName(o fyne.Focusable) string {
	switch x := o.(type) {
	case *keyButton:
		if x.Text == "" {
			return "icon button"
		}
		return "button " + x.Text
	case *widget.Button:
		return "button " + x.Text
	case *keyCheck:
		return "check " + x.Text
	case *widget.Check:
		return "check " + x.Text
	case *entry:
		return "entry " + x.PlaceHolder
	case *keySelectEntry:
		return "entry " + x.PlaceHolder
	case *dateEntry:
		return "date"
	case *keySelect:
		return "select " + x.Selected
	case *widget.Select:
		return "select " + x.Selected
	}
	return fmt.Sprintf("%T", o)
}

// press sends a key to what has the focus, as the window does: Space is
// a key and a character (a button takes the one, a check the other).
func press(t *testing.T, c fyne.Canvas, key fyne.KeyName) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		c.OnTypedKey()(&fyne.KeyEvent{Name: key})
		return
	}
	f.TypedKey(&fyne.KeyEvent{Name: key})
	if key == fyne.KeySpace && c.Focused() == f {
		f.TypedRune(' ')
	}
}

// tabTo presses Tab until the focus is on the object named name.
func tabTo(t *testing.T, c fyne.Canvas, name string) {
	t.Helper()
	if f := c.Focused(); f != nil && focusName(f) == name {
		return
	}
	var seen []string
	for range 80 {
		test.FocusNext(c)
		f := c.Focused()
		if f == nil {
			continue
		}
		if focusName(f) == name {
			return
		}
		seen = append(seen, focusName(f))
	}
	t.Fatalf("Tab never reached %q; it went %q", name, seen)
}

// checkDialogKeys opens a dialog with open and checks its keyboard: the
// focus starts on want[0], Tab goes through want in order and back to the
// start, and Esc closes the dialog from each of those stops.
func checkDialogKeys(t *testing.T, u *ui, w fyne.Window, open func(), want []string) {
	t.Helper()
	before := dialogsOpen(u)
	open()
	if got := tabOrder(t, w.Canvas()); strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("Tab order:\n got %q\nwant %q", got, want)
	}
	u.closeTopDialog()
	for i, stop := range want {
		open()
		for range i {
			test.FocusNext(w.Canvas())
		}
		if f := w.Canvas().Focused(); f == nil || focusName(f) != stop {
			t.Fatalf("stop %d: focused %v, want %s", i, f, stop)
		}
		press(t, w.Canvas(), fyne.KeyEscape)
		if dialogsOpen(u) != before {
			t.Errorf("Esc on %s: %d dialogs open, want %d", stop, dialogsOpen(u), before)
			for dialogsOpen(u) > before {
				u.closeTopDialog()
			}
		}
	}
}

// TestKeyboardFlows (issue 13): the main flows work from the keyboard
// alone. Each dialog's Tab order reaches every field and button from the
// top down, Esc closes it wherever the focus is, and Enter submits it: a
// new deal, a fee added and confirmed, a payout requested, a batch paid and
// a request cancelled.
func TestKeyboardFlows(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	s.AddCreator(ctx, ledger.CreatorInput{Name: "Ben", PayoutDetails: "PayPal: ben@example.com"})
	u, w := newTestUI(t, s)
	c := w.Canvas()
	sc := c.(fyne.Shortcutable)

	// New deal: Ctrl+N, the creator first.
	checkDialogKeys(t, u, w, func() { sc.TypedShortcut(shortcutNewDeal) }, []string{
		"entry Type a creator's name", "icon button", "entry Choose or type a campaign", "icon button",
		"select USD", "select " + rulePercentLabel, "entry e.g. 12.5", "entry e.g. ANA10, ANA-SPRING", "entry ",
		"button Cancel", "button Add deal"})
	sc.TypedShortcut(shortcutNewDeal)
	typeIn(t, c, "Ben")
	tabTo(t, c, "entry Choose or type a campaign")
	typeIn(t, c, "Launch")
	tabTo(t, c, "entry e.g. 12.5")
	typeIn(t, c, "12.5")
	tabTo(t, c, "entry e.g. ANA10, ANA-SPRING")
	typeIn(t, c, "BEN12")
	tabTo(t, c, "button Add deal")
	press(t, c, fyne.KeyReturn)
	p := u.dealPage
	if p == nil || p.deal.CreatorName != "Ben" || len(p.deal.Codes) != 1 || p.deal.Rule.Value != 1250 {
		t.Fatalf("after Enter on Add deal: page %v, %d dialogs", p, dialogsOpen(u))
	}
	deal := p.deal.ID

	// A fee, from the deal page's button, then confirmed there.
	c.Unfocus()
	tabTo(t, c, "button Add fixed fee")
	checkDialogKeys(t, u, w, func() { press(t, c, fyne.KeySpace) }, []string{
		"entry e.g. 1,250.00", "entry What the fee is for, e.g. launch video + 3 stories",
		"check Content verified: confirm now (payable at once)", "button Cancel", "button Add fee"})
	press(t, c, fyne.KeySpace)
	typeIn(t, c, "500")
	tabTo(t, c, "check Content verified: confirm now (payable at once)")
	press(t, c, fyne.KeyReturn) // Enter submits from the check too
	fees, _ := s.Fees(ctx, deal)
	if len(fees) != 1 || fees[0].Status != ledger.FeeScheduled || fees[0].Amount != 50000 {
		t.Fatalf("fees after Enter: %+v, %d dialogs", fees, dialogsOpen(u))
	}
	tabTo(t, c, "button Confirm")
	press(t, c, fyne.KeySpace)
	if fees, _ = s.Fees(ctx, deal); fees[0].Status != ledger.FeeConfirmed {
		t.Fatalf("fee after Space on Confirm: %s", fees[0].Status)
	}

	// A payout request of part of it.
	c.Unfocus()
	tabTo(t, c, "button Payout")
	checkDialogKeys(t, u, w, func() { press(t, c, fyne.KeySpace) }, []string{
		"entry e.g. 1,250.00", "date", "icon button", "entry Internal note, e.g. March payout", "check Pay it now", "button Cancel", "button Request payout"})
	press(t, c, fyne.KeySpace)
	typeIn(t, c, "200")
	press(t, c, fyne.KeyReturn)
	if d := mustDeal(t, s, deal); d.Requested != 20000 {
		t.Fatalf("requested after Enter: %d, %d dialogs", d.Requested, dialogsOpen(u))
	}
	request(t, s, deal, 10000)

	// The queue: select all, pay the batch, one reference per creator.
	u.showScreen(screenPayouts)
	q := u.payouts
	c.Unfocus()
	tabTo(t, c, "check Select all")
	press(t, c, fyne.KeySpace)
	if len(q.chosen()) != 2 {
		t.Fatalf("Space on Select all: %d chosen", len(q.chosen()))
	}
	tabTo(t, c, "button Mark paid offline…")
	checkDialogKeys(t, u, w, func() { press(t, c, fyne.KeySpace) }, []string{
		"entry Bank or PayPal transaction reference", "button Copy details", "button Cancel", "button Mark paid",
		"select Bank transfer", "date", "icon button", "check One reference per creator and currency (one transfer pays their requests)"})
	press(t, c, fyne.KeySpace)
	typeIn(t, c, "TRX-9")
	press(t, c, fyne.KeyReturn)
	if d := mustDeal(t, s, deal); d.Paid != 30000 || d.Requested != 0 {
		t.Fatalf("after paying the batch: paid %d, requested %d; %d dialogs", d.Paid, d.Requested, dialogsOpen(u))
	}

	// Cancel a request: the confirmation takes Esc, and Enter cancels.
	req := request(t, s, deal, 5000)
	u.changed()
	q.view.SetSelected("Requested")
	c.Unfocus()
	tabTo(t, c, "check Select all")
	press(t, c, fyne.KeySpace)
	tabTo(t, c, "button Cancel request")
	checkDialogKeys(t, u, w, func() { press(t, c, fyne.KeySpace) }, []string{"button Cancel request", "button Keep"})
	press(t, c, fyne.KeySpace)
	press(t, c, fyne.KeyReturn)
	if r, _ := s.Request(ctx, req); r.Status != ledger.StatusCancelled {
		t.Errorf("request after Enter: %s, want cancelled", r.Status)
	}
}

// typeIn types text into what has the focus, over what it held (Ctrl+A
// first, as a person replaces a filled-in value).
func typeIn(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatalf("typing %q with nothing focused", text)
	}
	if sc, ok := f.(fyne.Shortcutable); ok {
		sc.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	test.Type(f, text)
}
