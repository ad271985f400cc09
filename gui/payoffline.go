package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Payment method choices of the offline form.
var offlineMethods = []string{"Bank transfer", "PayPal", "Other"}

var offlineMethodCodes = map[string]string{
	"Bank transfer": ledger.MethodBank, "PayPal": ledger.MethodPayPal, "Other": ledger.MethodOther,
}

// payment is what one reference pays: one request, or several requests of
// one creator in one currency paid by one bank transfer.
type payment struct {
	reqs []ledger.Request
	ref  *entry
	home *entry // what the bank debited in the home currency; nil for a payment in it, or with no home currency set
	opID string
}

// payOfflineForm records payments made outside Payouts for the selected
// requests: one method and date, and one reference per payment. By
// default the requests of one creator in one currency are one payment (one
// transfer pays them); unticking "One reference per creator" gives each
// request its own reference.
type payOfflineForm struct {
	s         *payoutsScreen
	reqs      []ledger.Request
	paid      map[int64]bool // recorded by an earlier attempt of this form
	method    *keySelect
	date      *dateEntry
	together  *keyCheck
	payments  []*payment
	refs      []*entry // each payment's reference entry, in order
	refForm   *widget.Form
	refScroll *container.Scroll
	dlg       *formDialog
	home      string // the home currency setting ("" when unset)
}

func newPayOfflineForm(s *payoutsScreen, reqs []ledger.Request) *payOfflineForm {
	f := &payOfflineForm{s: s, reqs: reqs, paid: map[int64]bool{}}
	// A setting that cannot be read only hides the home amounts: paying
	// does not need them.
	f.home, _ = s.u.store.HomeCurrency(s.u.ctx)
	f.method = newKeySelect(offlineMethods, nil)
	f.method.SetSelected(offlineMethods[0])
	f.date = newDateEntry(s.u.store.Now()) // the ledger's clock: what "today" means to it
	items := []*widget.FormItem{
		{Text: "Method", Widget: f.method},
		{Text: "Paid on", Widget: f.date, HintText: "Not before the request, not after today."},
	}
	f.together = newKeyCheck("One reference per creator and currency (one transfer pays their requests)", func(bool) { f.build() })
	f.together.Checked = true
	if len(groupPayments(reqs, true)) == len(reqs) {
		f.together.Hide() // no creator has two requests here
	}
	// The references get their own scrolling form: a batch of fifty
	// requests must still fit the window.
	f.refForm = widget.NewForm()
	f.refScroll = container.NewVScroll(f.refForm)
	title := "Mark paid offline"
	if len(reqs) > 1 {
		title = fmt.Sprintf("Mark %d requests paid offline", len(reqs))
	}
	note := widget.NewLabel("Record a payment you made by bank or PayPal. A reference pays one payment, once.")
	note.Wrapping = fyne.TextWrapWord
	f.dlg = newFormDialog(s.u, title, "Mark paid", items, container.NewVBox(f.together, f.refScroll, note), f.submit)
	f.build()
	return f
}

// groupPayments parts requests into payments: with together, one per
// creator and currency, in the order first seen; else one per request.
func groupPayments(reqs []ledger.Request, together bool) [][]ledger.Request {
	var out [][]ledger.Request
	at := map[string]int{}
	for _, r := range reqs {
		key := fmt.Sprintf("%d/%s", r.CreatorID, r.Currency)
		if i, ok := at[key]; ok && together {
			out[i] = append(out[i], r)
			continue
		}
		at[key] = len(out)
		out = append(out, []ledger.Request{r})
	}
	return out
}

// build lays out one reference entry per payment, keeping what was typed
// for a payment that starts with the same request.
func (f *payOfflineForm) build() {
	typed, typedHome := map[int64]string{}, map[int64]string{}
	for _, p := range f.payments {
		typed[p.reqs[0].ID] = p.ref.Text
		if p.home != nil {
			typedHome[p.reqs[0].ID] = p.home.Text
		}
	}
	var open []ledger.Request
	for _, r := range f.reqs {
		if !f.paid[r.ID] {
			open = append(open, r)
		}
	}
	f.payments, f.refs = nil, nil
	f.refForm.Items = nil
	for _, group := range groupPayments(open, f.together.Checked) {
		e := newEntry("Bank or PayPal transaction reference")
		e.onEscape = func() { f.s.u.closeTopDialog() }
		e.OnSubmitted = func(string) { f.dlg.onSubmit() }
		e.SetText(typed[group[0].ID])
		p := &payment{reqs: group, ref: e, opID: ledger.NewOpID()}
		f.payments = append(f.payments, p)
		f.refs = append(f.refs, e)
		f.refForm.AppendItem(&widget.FormItem{Text: paymentLabel(group), Widget: f.detailsRow(group[0], e), HintText: detailsHint(group[0])})
		if f.home != "" && group[0].Currency != f.home {
			p.home = newEntry(fmt.Sprintf("Debited in %s (optional)", f.home))
			p.home.onEscape = e.onEscape
			p.home.OnSubmitted = e.OnSubmitted
			p.home.SetText(typedHome[group[0].ID])
			home := f.home
			p.home.Validator = func(text string) error { // optional: empty is fine
				if strings.TrimSpace(text) == "" {
					return nil
				}
				if _, err := f.s.u.parseAmount(text, home); err != nil {
					return errorText(err)
				}
				return nil
			}
			f.refForm.AppendItem(&widget.FormItem{Text: "Home amount, " + f.home, Widget: p.home,
				HintText: "What the bank actually debited for it, in " + f.home + ": the workbook shows the rate"})
		}
	}
	rows := len(f.payments)
	if rows > 5 {
		rows = 5
	}
	if rows > 0 {
		f.refScroll.SetMinSize(fyne.NewSize(0, float32(rows)*(f.refForm.Items[0].Widget.MinSize().Height+2*theme.Padding()+theme.TextSize())))
	}
	f.refForm.Refresh()
	if len(f.refs) > 0 {
		f.dlg.focus = f.refs[0]
	}
}

// paymentLabel names a payment: its creator and what it pays.
func paymentLabel(reqs []ledger.Request) string {
	var sum int64
	for _, r := range reqs {
		sum += r.Amount
	}
	text := fmt.Sprintf("%s · %s", reqs[0].CreatorName, ledger.Display(sum, reqs[0].Currency))
	if len(reqs) > 1 {
		text += fmt.Sprintf(" (%d requests)", len(reqs))
	}
	return text
}

// detailsHint is the creator's payout details, as they are to be typed
// into the bank's or PayPal's form.
func detailsHint(r ledger.Request) string {
	if d := oneLineDetails(r.PayoutDetails); d != "" {
		return "Pay to: " + d
	}
	if r.StripeAccount != "" {
		return "Stripe account " + r.StripeAccount + " (no bank or PayPal details on file)"
	}
	return markerMissing
}

// oneLineDetails is payout details on one line, as a cell or hint shows
// them.
func oneLineDetails(s string) string { return strings.Join(strings.Fields(s), " ") }

// detailsRow is a payment's reference entry with a button that copies the
// creator's payout details, to paste into the bank's form.
func (f *payOfflineForm) detailsRow(r ledger.Request, e *entry) fyne.CanvasObject {
	if strings.TrimSpace(r.PayoutDetails) == "" {
		return e
	}
	copyBtn := f.s.u.copyButton("Copy details", r.PayoutDetails)
	b := newKeyButton(copyBtn.Text, copyBtn.Importance, copyBtn.OnTapped) // Esc in the dialog closes it here too
	b.Icon, b.onEscape = copyBtn.Icon, e.onEscape
	return container.NewBorder(nil, nil, nil, b, e)
}

// copyButton copies text to the clipboard and says so in the status line.
func (u *ui) copyButton(label, text string) *widget.Button {
	return &widget.Button{Text: label, Icon: theme.ContentCopyIcon(), Importance: widget.LowImportance, OnTapped: func() {
		u.app.Clipboard().SetContent(strings.TrimSpace(text))
	}}
}

// submit checks every reference first, then records each payment as its
// own operation. A payment recorded by an earlier attempt of this form
// (which stopped at a failure) is skipped on the next.
func (f *payOfflineForm) submit() error {
	date, err := f.date.value("payment date")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range f.payments {
		ref := strings.TrimSpace(p.ref.Text)
		if ref == "" {
			return ledger.Errorf(ledger.EINVALID, "payment reference required for %s", p.reqs[0].CreatorName)
		}
		if seen[ref] {
			return ledger.Errorf(ledger.EINVALID, "reference %q is given twice: a reference pays one payment", ref)
		}
		seen[ref] = true
	}
	homes := map[*payment]int64{}
	for _, p := range f.payments {
		if p.home == nil || strings.TrimSpace(p.home.Text) == "" {
			continue
		}
		v, err := f.s.u.parseAmount(p.home.Text, f.home)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "home amount for %s: %s", p.reqs[0].CreatorName, ledger.ErrorMessage(err))
		}
		if v == 0 {
			return ledger.Errorf(ledger.EINVALID, "home amount for %s must be above zero (or left empty)", p.reqs[0].CreatorName)
		}
		homes[p] = v
	}
	defer f.s.u.changed()
	var paid []int64
	defer func() { f.s.u.remitAfterPay(paid) }()
	for _, p := range f.payments {
		if f.paid[p.reqs[0].ID] {
			continue
		}
		in := ledger.PayInput{OpID: p.opID, Method: offlineMethodCodes[f.method.Selected], Date: date, Reference: strings.TrimSpace(p.ref.Text)}
		if v := homes[p]; v != 0 {
			in.HomeAmount, in.HomeCurrency = v, f.home
		}
		ids := make([]int64, len(p.reqs))
		for i, r := range p.reqs {
			ids[i] = r.ID
		}
		if len(ids) == 1 {
			in.RequestID = ids[0]
		} else {
			in.RequestIDs = ids
		}
		if err := f.s.u.store.PayOffline(f.s.u.ctx, in); err != nil {
			if ledger.ErrorCode(err) == ledger.ECONFLICT && f.gone(ids) {
				// Someone else paid or cancelled it meanwhile: the form
				// has nothing left to pay there, so it closes behind the
				// message (which names who), and the queue is read again.
				f.dlg.dlg.Hide()
			}
			if len(f.payments) == 1 {
				return err
			}
			return ledger.Errorf(ledger.ErrorCode(err), "%s: %s (the payments before it are recorded)", p.reqs[0].CreatorName, ledger.ErrorMessage(err))
		}
		for _, id := range ids {
			f.paid[id] = true
		}
		paid = append(paid, ids...)
	}
	return nil
}

// gone reports whether one of the requests ids is no longer in the queue
// to be paid: paid, cancelled or being paid with Stripe, by someone else
// since the form opened.
func (f *payOfflineForm) gone(ids []int64) bool {
	for _, id := range ids {
		r, err := f.s.u.store.Request(f.s.u.ctx, id)
		if err != nil || (r.Status != ledger.StatusRequested && r.Status != ledger.StatusFailed) {
			return true
		}
	}
	return false
}
