package gui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// colWhoPays is the queue's column that says which requests the person
// at this computer may not pay, shown when some may not be: approvals are
// on, or their role does not pay.
const colWhoPays = "Who may pay"

// readRule reads who may pay what (ledger.PayRule) for the queue; tests
// replace it to see the queue as a clerk sees it.
func (s *payoutsScreen) readRule() {
	read := s.ruleOf
	if read == nil {
		read = func() (ledger.PayRule, error) {
			// A team ledger's grants may have changed since the last
			// read (payouts team add): the queue reads the role again.
			if _, err := s.u.store.RefreshRole(s.u.ctx); err != nil {
				return ledger.PayRule{}, err
			}
			return s.u.store.PayRule(s.u.ctx)
		}
	}
	rule, err := read()
	if err != nil {
		s.u.showError(err)
		// Unknown: offer no payment the ledger would refuse anyway.
		rule = ledger.PayRule{Operator: s.u.store.OperatorName(), Role: ledger.RoleViewer}
	}
	s.rule = rule
}

// restricted reports whether the rule keeps the person from paying some
// requests, so the queue shows which.
func (s *payoutsScreen) restricted() bool {
	return s.rule.Approvals || !s.rule.Role.Allows(ledger.RoleApprover)
}

// payNote is what the Who may pay column says of r: nothing when the
// person may pay it.
func (s *payoutsScreen) payNote(r *ledger.Request) string { return payNoteOf(s.rule, r) }

// payNoteOf is what the app says, in a few words, of a request rule keeps
// its person from paying; "" when they may pay it.
func payNoteOf(rule ledger.PayRule, r *ledger.Request) string {
	switch {
	case !rule.Role.Allows(ledger.RoleApprover):
		return "Needs an approver"
	case rule.NeedsAnother(r):
		return "Needs another approver"
	}
	return ""
}

// payRuleOf reads who may pay what for the deal page's buttons; unknown,
// it offers no payment (the ledger would refuse it anyway).
func (u *ui) payRuleOf() ledger.PayRule {
	rule, err := u.store.PayRule(u.ctx)
	if err != nil {
		return ledger.PayRule{Operator: u.store.OperatorName(), Role: ledger.RoleViewer}
	}
	return rule
}

// paysOwnRequests reports whether rule lets its person pay a request they
// make themselves: an approver, with approvals off. "Pay it now" and
// "Record a past payment" are that.
func paysOwnRequests(rule ledger.PayRule) bool {
	return rule.Role.Allows(ledger.RoleApprover) && !rule.Approvals
}

// withWhoPays adds the Who may pay column to the queue's columns, after
// the amount, when the rule restricts the person.
func (s *payoutsScreen) withWhoPays(cols []requestColumn) []requestColumn {
	if s.status() != ledger.StatusRequested || !s.restricted() {
		return cols
	}
	col := requestColumn{title: colWhoPays, width: 180, value: s.payNote}
	out := make([]requestColumn, 0, len(cols)+1)
	for _, c := range cols {
		out = append(out, c)
		if c.title == "Amount" {
			out = append(out, col)
		}
	}
	return out
}

// payRefusal is why the person may not pay the chosen requests: the
// ledger's refusal of the first they may not pay, "" when they may pay all.
func (s *payoutsScreen) payRefusal(chosen []ledger.Request) string {
	for i := range chosen {
		if why := s.rule.Refusal(&chosen[i]); why != "" {
			if len(chosen) > 1 {
				return chosen[i].CreatorName + ": " + why
			}
			return why
		}
	}
	return ""
}

// showPayRefusal disables paying the chosen requests when the rule refuses
// one, and says why under the buttons.
func (s *payoutsScreen) showPayRefusal(chosen []ledger.Request) {
	why := ""
	if s.status() == ledger.StatusRequested {
		why = s.payRefusal(chosen)
	}
	if why == "" {
		s.payHint.Hide()
		return
	}
	s.payOffline.Disable()
	s.payStripe.Disable()
	s.payHint.SetText("Pay is off: " + why)
	s.payHint.Show()
}

// noteImportance marks a request the person may not pay.
func noteImportance(c requestColumn, text string) widget.Importance {
	if c.title == colWhoPays && text != "" {
		return widget.WarningImportance
	}
	return widget.MediumImportance
}
