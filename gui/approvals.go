package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// approvalsCard is the ledger's approvals setting: on, a payout request is
// paid only by someone other than who requested it. Only the ledger's
// owner may change it (on a team ledger, the admin); others see it, and
// why they cannot change it.
func (s *settingsScreen) approvalsCard() fyne.CanvasObject {
	s.approvals = widget.NewCheck("A payout request is paid by someone other than who requested it", nil)
	s.approvalsNote = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	s.updateApprovals()
	return widget.NewCard("Approvals", "Who asks for money is not who sends it: a second person checks every payout.",
		container.NewVBox(s.approvals, s.approvalsNote))
}

// updateApprovals shows the setting as the ledger has it, and whether this
// person may change it.
func (s *settingsScreen) updateApprovals() {
	on, err := s.u.store.Approvals(s.u.ctx)
	s.approvals.OnChanged = nil
	s.approvals.SetChecked(on)
	s.approvals.OnChanged = s.onApprovals
	if err != nil {
		s.approvalsNote.SetText(ledger.ErrorMessage(err))
		s.approvals.Disable()
		return
	}
	if ok, why := s.u.store.MayDo(s.u.ctx, "team.approvals"); !ok {
		s.approvals.Disable()
		s.approvalsNote.SetText(why)
		return
	}
	s.approvals.Enable()
	s.approvalsNote.SetText("The queue marks the requests you may not pay; paying one you requested is refused, however it is paid.")
}

func (s *settingsScreen) onApprovals(on bool) {
	if err := s.u.store.SetApprovals(s.u.ctx, on); err != nil {
		s.u.showError(err)
	}
	s.updateApprovals()
	s.u.changed()
}
