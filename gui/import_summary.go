package gui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// summaryView shows the result: counts, commissions per currency, then the
// first unattributed orders and rejected rows.
func (f *importFlow) summaryView(res orders.Result) fyne.CanvasObject {
	comm := strings.Join(res.CommissionLines(), ", ")
	if comm == "" {
		comm = "none"
	}
	credited := strings.Join(creditLines(res.Creators), "\n")
	if credited == "" {
		credited = "no commission to any creator"
	}
	head := widget.NewForm(
		widget.NewFormItem("Orders imported", widget.NewLabel(fmt.Sprintf("%d new, %d updated, %d unchanged (of %d orders in %d rows)",
			res.New, res.Updated, res.Unchanged, res.Orders, res.Rows))),
		widget.NewFormItem("Commissions", widget.NewLabel(comm)),
		widget.NewFormItem("Credited", widget.NewLabel(credited)),
		widget.NewFormItem("Released from hold", widget.NewLabel(fmt.Sprint(res.Released))),
		widget.NewFormItem("Unattributed", widget.NewLabel(fmt.Sprintf("%d (no code, or a code no deal has)", len(res.Unattributed)))),
		widget.NewFormItem("Not paid yet", widget.NewLabel(fmt.Sprintf("%d (pending, authorized or voided: no commission until paid)", notPaid(res)))),
		widget.NewFormItem("Rejected rows", widget.NewLabel(fmt.Sprint(len(res.Rejected)))),
		widget.NewFormItem("Stale rows", widget.NewLabel(fmt.Sprintf("%d (older than the ledger, not applied)", len(res.Stale)))),
	)
	box := container.NewVBox(head)
	// A deal added for a code credits its orders at the next import of
	// the file: the dialog opens again with the preview worked out anew.
	for _, row := range f.codeRows(res, summaryLines, f.reopen) {
		box.Add(row)
	}
	if n := len(res.Unattributed); n > 0 {
		var lines []string
		for _, u := range res.Unattributed[:min(n, summaryLines)] {
			code := u.Code
			if code == "" {
				code = "no code"
			}
			lines = append(lines, fmt.Sprintf("Line %d: order %s, %s, %s", u.Line, u.OrderID, code, ledger.Display(u.Subtotal, u.Currency)))
		}
		box.Add(widget.NewLabelWithStyle("Unattributed orders", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(widget.NewLabel(strings.Join(more(lines, n), "\n")))
	}
	if n := len(res.Rejected); n > 0 {
		var lines []string
		for _, r := range res.Rejected[:min(n, summaryLines)] {
			lines = append(lines, r.String())
		}
		box.Add(widget.NewLabelWithStyle("Rejected rows (not imported)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(&widget.Label{Text: strings.Join(more(lines, n), "\n"), Importance: widget.DangerImportance})
	}
	if n := len(res.Stale); n > 0 {
		var lines []string
		for _, r := range res.Stale[:min(n, summaryLines)] {
			lines = append(lines, r.String())
		}
		box.Add(widget.NewLabelWithStyle("Stale rows (older than the ledger, not applied)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(widget.NewLabel(strings.Join(more(lines, n), "\n")))
	}
	return box
}

// notPaid is how many orders of an import were not paid yet.
func notPaid(res orders.Result) int {
	n := 0
	for _, c := range res.NotPaid {
		n += c
	}
	return n
}

func sortedKeys(m map[string]orders.Mapping) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
