package gui

import (
	"strings"

	"github.com/payouts/payouts/ledger"
)

// attributionText is the line a deal page or a creator profile shows over
// all time: revenue, cost, net and return on spend, per currency.
func (u *ui) attributionText(q ledger.ReportQuery) string {
	rows, err := u.store.Report(u.ctx, q)
	if err != nil {
		return "Revenue and cost: " + ledger.ErrorMessage(err)
	}
	var parts []string
	for _, r := range rows {
		ros := "none"
		if t := r.ReturnOnSpendText(); t != "" {
			ros = t + "×"
		}
		parts = append(parts, "Revenue "+ledger.Display(r.Revenue, r.Currency)+" · cost "+ledger.Display(r.Cost(), r.Currency)+
			" · net "+ledger.Display(r.Net(), r.Currency)+" · return on spend "+ros)
	}
	if len(parts) == 0 {
		return "Revenue and cost: nothing yet"
	}
	return strings.Join(parts, "\n")
}
