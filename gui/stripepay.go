package gui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

// stripePayForm confirms a Pay with Stripe batch after checking it: which
// requests will be sent, which cannot be (their payee is not ready, and
// why), and whether the Stripe balance covers the rest. Nothing is sent
// before the brand confirms, and nothing at all while the balance is short.
type stripePayForm struct {
	s    *payoutsScreen
	sv   *stripe.Service
	plan stripe.Plan
	note *widget.Label
	dlg  *formDialog
}

// onPayStripe checks the selection with Stripe, then asks.
func (s *payoutsScreen) onPayStripe() {
	var ids []int64
	for _, r := range s.chosen() {
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return
	}
	sv, err := s.u.stripeService()
	if err != nil {
		s.u.showError(err)
		return
	}
	var plan stripe.Plan
	s.u.runStripe(func() { plan, err = sv.Prepare(s.u.ctx, ids) }, func() {
		if err != nil {
			s.u.showError(err)
			return
		}
		s.stripePay = newStripePayForm(s, sv, plan)
		s.stripePay.dlg.show()
	})
}

func newStripePayForm(s *payoutsScreen, sv *stripe.Service, plan stripe.Plan) *stripePayForm {
	f := &stripePayForm{s: s, sv: sv, plan: plan}
	f.note = wrapLabel(planText(plan, sv.Client.Mode()))
	confirm := fmt.Sprintf("Send %d payment(s)", len(plan.Ready))
	f.dlg = newFormDialog(s.u, "Pay with Stripe", confirm, nil, f.note, f.submit)
	if len(plan.Ready) == 0 || len(plan.Shortfalls) > 0 {
		f.dlg.submit.Disable()
	}
	return f
}

// planText says what the batch would do, for a person deciding to send it.
func planText(p stripe.Plan, mode string) string {
	var b strings.Builder
	sums := map[string]int64{}
	for _, r := range p.Ready {
		sums[r.Currency] += r.Amount
	}
	var curs []string
	for c := range sums {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	var parts []string
	for _, c := range curs {
		parts = append(parts, ledger.Display(sums[c], c))
	}
	if len(p.Ready) > 0 {
		fmt.Fprintf(&b, "Send %d payment(s) with Stripe (%s mode): %s.", len(p.Ready), mode, strings.Join(parts, " · "))
		for _, r := range p.Ready {
			fmt.Fprintf(&b, "\n  · %s, %s: %s to %s", r.CreatorName, r.CampaignName, ledger.Display(r.Amount, r.Currency), r.StripeAccount)
		}
	} else {
		b.WriteString("No selected request can be paid with Stripe.")
	}
	if len(p.NotReady) > 0 {
		fmt.Fprintf(&b, "\n\nNot sent (%d):", len(p.NotReady))
		for _, r := range p.NotReady {
			fmt.Fprintf(&b, "\n  · %s, %s (%s): %s", r.CreatorName, r.CampaignName, ledger.Display(r.Amount, r.Currency), r.Failure)
		}
	}
	for _, sf := range p.Shortfalls {
		fmt.Fprintf(&b, "\n\nStripe balance too low in %s: %s available, %s needed. Add funds first: nothing is sent.",
			sf.Currency, ledger.Display(sf.Available, sf.Currency), ledger.Display(sf.Needed, sf.Currency))
	}
	return b.String()
}

// submit sends the ready requests, each exactly once (see stripe.Service.Pay),
// and then says what happened to each.
func (f *stripePayForm) submit() error {
	f.dlg.submit.Disable() // a second click sends nothing more
	u := f.s.u
	var ids []int64
	for _, r := range f.plan.Ready {
		ids = append(ids, r.ID)
	}
	var res []stripe.Result
	u.runStripe(func() { res = f.sv.Pay(u.ctx, ids) }, func() {
		var lines []string
		var paidIDs []int64
		paid := 0
		for _, r := range res {
			if r.Err != nil {
				lines = append(lines, fmt.Sprintf("Request %d not paid: %s", r.RequestID, ledger.ErrorMessage(r.Err)))
				continue
			}
			paid++
			paidIDs = append(paidIDs, r.RequestID)
			lines = append(lines, fmt.Sprintf("Request %d paid: %s", r.RequestID, r.TransferID))
		}
		u.remitAfterPay(paidIDs)
		f.s.stripeDone = fmt.Sprintf("%d of %d paid.\n", paid, len(res)) + strings.Join(lines, "\n")
		u.changed()
		u.showDialog(dialog.NewInformation("Pay with Stripe", f.s.stripeDone, u.win))
	})
	return nil
}

// onReverse undoes the selected payment after asking why. A Stripe payment
// is reversed in Stripe first (a Transfer Reversal), then in the ledger.
func (s *payoutsScreen) onReverse() {
	reqs := s.chosen()
	if len(reqs) != 1 {
		return
	}
	r := reqs[0]
	u := s.u
	reason := newEntry("e.g. the bank returned it")
	what := fmt.Sprintf("Reverse the %s payment to %s (%s)? The amount is owed again; the history keeps the payment and its reversal.",
		ledger.Display(r.Amount, r.Currency), r.CreatorName, r.Reference)
	if r.Method == ledger.MethodStripe {
		what += "\nStripe takes the money back from " + r.CreatorName + "'s Stripe balance first."
	}
	opID := ledger.NewOpID()
	s.reverseForm = newFormDialog(u, "Reverse payment", "Reverse", []*widget.FormItem{{Text: "Reason", Widget: reason}}, wrapLabel(what), func() error {
		if strings.TrimSpace(reason.Text) == "" {
			return ledger.Errorf(ledger.EINVALID, "a reason is required to reverse a payment")
		}
		if r.Method != ledger.MethodStripe {
			if err := u.store.ReversePayment(u.ctx, ledger.ReverseInput{OpID: opID, RequestID: r.ID, Reason: reason.Text}); err != nil {
				return err
			}
			u.changed()
			return nil
		}
		sv, err := u.stripeService()
		if err != nil {
			return err
		}
		why := reason.Text
		u.runStripe(func() { _, err = sv.Reverse(u.ctx, r.ID, why) }, func() {
			u.showError(err)
			u.changed()
		})
		return nil
	})
	s.reverseForm.show()
}
