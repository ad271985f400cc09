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
		read = func() (ledger.PayRule, error) { return s.u.store.PayRule(s.u.ctx) }
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
func (s *payoutsScreen) payNote(r *ledger.Request) string {
	switch {
	case !s.rule.Role.Allows(ledger.RoleApprover):
		return "Needs an approver"
	case s.rule.NeedsAnother(r):
		return "Needs another approver"
	}
	return ""
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
