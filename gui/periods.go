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

// periodsCard is Settings' Books card: the day the books are closed
// through, closing through a later day, reopening the last close for a
// reason, and the history of closes and reopens.
type periodsCard struct {
	u       *ui
	status  *widget.Label
	through *entry
	history *widget.Label
	reopen  *reopenForm // the last reopen form, for tests
}

func (s *settingsScreen) periodsCard() fyne.CanvasObject {
	p := &periodsCard{u: s.u}
	s.periods = p
	p.status = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	p.through = newEntry("YYYY-MM-DD, the last day of the period")
	p.through.OnSubmitted = func(string) { p.onClose() }
	p.history = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.update()
	form := widget.NewForm(&widget.FormItem{Text: "Close through", Widget: p.through,
		HintText: "Nothing is posted on or before this day afterwards"})
	closeBtn := &widget.Button{Text: "Close period", Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: p.onClose}
	reopenBtn := &widget.Button{Text: "Reopen last period…", Icon: theme.HistoryIcon(), OnTapped: p.onReopen}
	box := container.NewVBox(p.status, form, container.NewHBox(closeBtn, reopenBtn))
	// Closing and reopening are an approver's: others see the books' state
	// and the history, and why they cannot change it.
	if ok, why := p.u.store.MayDo(p.u.ctx, "period.close"); !ok {
		closeBtn.Disable()
		reopenBtn.Disable()
		p.through.Disable()
		box.Add(&widget.Label{Text: why, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
	}
	box.Add(p.history)
	return widget.NewCard("Books", "A closed period never changes: what arrives late for it is posted on the first open day, "+
		"with its own date kept. Exports select by posting date.", box)
}

// update shows the lock in force and the history, newest first.
func (p *periodsCard) update() {
	lock, err := p.u.store.ClosedThrough(p.u.ctx)
	switch {
	case err != nil:
		p.status.SetText(ledger.ErrorMessage(err))
	case lock == "":
		p.status.SetText("No period is closed.")
	default:
		p.status.SetText("Books closed through " + lock + ": late entries are posted on " + ledger.PostingDate(lock, lock) + ".")
	}
	ev, err := p.u.store.Periods(p.u.ctx)
	if err != nil {
		p.history.SetText(ledger.ErrorMessage(err))
		return
	}
	var lines []string
	for i := len(ev) - 1; i >= 0 && len(lines) < 10; i-- {
		e := ev[i]
		when := e.At.Local().Format("2006-01-02 15:04")
		if e.Action == ledger.PeriodReopen {
			lines = append(lines, fmt.Sprintf("%s  reopened the period through %s, by %s: %s", when, e.Through, e.Operator, e.Reason))
		} else {
			lines = append(lines, fmt.Sprintf("%s  closed through %s, by %s", when, e.Through, e.Operator))
		}
	}
	p.history.SetText(strings.Join(lines, "\n"))
}

func (p *periodsCard) onClose() {
	if err := p.u.store.ClosePeriod(p.u.ctx, "", p.through.Text); err != nil {
		p.u.showError(err)
		return
	}
	p.through.SetText("")
	p.update()
}

func (p *periodsCard) onReopen() {
	p.reopen = newReopenForm(p)
	p.reopen.dlg.show()
}

// reopenForm asks why the last closed period is reopened.
type reopenForm struct {
	p      *periodsCard
	reason *entry
	dlg    *formDialog
}

func newReopenForm(p *periodsCard) *reopenForm {
	f := &reopenForm{p: p, reason: newEntry("Why it is reopened (kept in the history)")}
	f.dlg = newFormDialog(p.u, "Reopen the last closed period", "Reopen", []*widget.FormItem{
		{Text: "Reason", Widget: f.reason, HintText: "Required"},
	}, nil, f.submit)
	return f
}

func (f *reopenForm) submit() error {
	if err := f.p.u.store.ReopenPeriod(f.p.u.ctx, "", f.reason.Text); err != nil {
		return err
	}
	f.p.update()
	return nil
}
