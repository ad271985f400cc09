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

// payOfflineForm records payments made outside Payouts for the selected
// requests: one method and date, and one reference per request, since a
// reference pays once.
type payOfflineForm struct {
	s      *payoutsScreen
	reqs   []ledger.Request
	opIDs  []string
	done   []bool // recorded by an earlier attempt of this form
	method *widget.Select
	date   *entry
	refs   []*entry
	dlg    *formDialog
}

func newPayOfflineForm(s *payoutsScreen, reqs []ledger.Request) *payOfflineForm {
	f := &payOfflineForm{s: s, reqs: reqs}
	f.method = widget.NewSelect(offlineMethods, nil)
	f.method.SetSelected(offlineMethods[0])
	f.date = newEntry("YYYY-MM-DD")
	f.date.SetText(s.u.store.Now().Format(ledger.DateLayout)) // the ledger's clock: what "today" means to it
	items := []*widget.FormItem{
		{Text: "Method", Widget: f.method},
		{Text: "Paid on", Widget: f.date},
	}
	// The references get their own scrolling form: a batch of fifty
	// requests must still fit the window.
	refForm := widget.NewForm()
	for _, r := range reqs {
		e := newEntry("Bank or PayPal transaction reference")
		e.onEscape = func() { s.u.closeTopDialog() }
		f.refs = append(f.refs, e)
		f.opIDs = append(f.opIDs, ledger.NewOpID())
		f.done = append(f.done, false)
		refForm.AppendItem(&widget.FormItem{
			Text:   fmt.Sprintf("%s · %s", r.CreatorName, ledger.Display(r.Amount, r.Currency)),
			Widget: e,
		})
	}
	refs := container.NewVScroll(refForm)
	rows := len(reqs)
	if rows > 6 {
		rows = 6
	}
	refs.SetMinSize(fyne.NewSize(0, float32(rows)*(f.refs[0].MinSize().Height+theme.Padding())))
	title := "Mark paid offline"
	if len(reqs) > 1 {
		title = fmt.Sprintf("Mark %d requests paid offline", len(reqs))
	}
	note := widget.NewLabel("Record a payment you made by bank or PayPal. Each reference pays one request, once.")
	note.Wrapping = fyne.TextWrapWord
	f.dlg = newFormDialog(s.u, title, "Mark paid", items, container.NewVBox(refs, note), f.submit)
	for _, e := range f.refs {
		e.OnSubmitted = func(string) { f.dlg.onSubmit() }
	}
	f.dlg.focus = f.refs[0]
	return f
}

// submit checks every reference first, then records each payment as its
// own operation. A payment recorded by an earlier attempt of this form
// (which stopped at a failure) is skipped on the next.
func (f *payOfflineForm) submit() error {
	date := strings.TrimSpace(f.date.Text)
	if _, err := ledger.ParseDate(date); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, e := range f.refs {
		ref := strings.TrimSpace(e.Text)
		if ref == "" {
			return ledger.Errorf(ledger.EINVALID, "payment reference required for %s", f.reqs[i].CreatorName)
		}
		if seen[ref] {
			return ledger.Errorf(ledger.EINVALID, "reference %q is given twice: a reference pays one request", ref)
		}
		seen[ref] = true
	}
	defer f.s.u.changed()
	var paid []int64
	defer func() { f.s.u.remitAfterPay(paid) }()
	for i, r := range f.reqs {
		if f.done[i] {
			continue
		}
		err := f.s.u.store.PayOffline(f.s.u.ctx, ledger.PayInput{OpID: f.opIDs[i], RequestID: r.ID,
			Method: offlineMethodCodes[f.method.Selected], Date: date, Reference: strings.TrimSpace(f.refs[i].Text)})
		if err != nil {
			if len(f.reqs) == 1 {
				return err
			}
			return ledger.Errorf(ledger.ErrorCode(err), "%s: %s (the others before it are recorded)", r.CreatorName, ledger.ErrorMessage(err))
		}
		f.done[i] = true
		paid = append(paid, r.ID)
	}
	return nil
}
