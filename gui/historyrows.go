package gui

import (
	"github.com/payouts/payouts/ledger"
)

// historyRow is one line of a history table: a transfer, or a fee and its
// confirmation (a commission and its release from hold) shown as one.
type historyRow struct {
	ledger.HistoryLine
	label  string // the kind, as shown
	signed int64  // the amount as shown: refunds and reversals negative
}

// Labels of the lines that join two steps of one fee or one order.
const (
	labelFeeConfirmed = "Fee, confirmed"
	labelCommission   = "Commission, released"
)

// signedAmount is a line's amount as the history shows it: what takes
// back an earlier line (a refund, a voided fee or bonus, a cancelled
// request, a reversed payment, any reversal) is negative; the rest,
// payments included, positive.
func signedAmount(h ledger.HistoryLine) int64 {
	switch {
	case h.Reverses != 0, h.Kind == ledger.KindRefund, h.Kind == ledger.KindFeeVoided, h.Kind == ledger.KindBonusVoided,
		h.Kind == ledger.KindRequestCancel, h.Kind == ledger.KindPaidReversed:
		return -h.Amount
	}
	return h.Amount
}

// historyRows turns lines (newest first) into the rows shown. With detail
// every line is a row; without, a fee confirmed joins its agreement and a
// hold released joins its commission, both read: the row stands where the
// later step does (when the money became payable), with the comment of the
// first and their one amount.
func historyRows(lines []ledger.HistoryLine, detail bool) []historyRow {
	rows := make([]historyRow, 0, len(lines))
	if detail {
		for _, h := range lines {
			rows = append(rows, historyRow{HistoryLine: h, label: ledger.KindLabel(h.Kind), signed: signedAmount(h)})
		}
		return rows
	}
	type key struct {
		kind     string
		deal, id int64
	}
	first := map[key]int{} // the line of each fee agreed and each commission
	for i, h := range lines {
		switch {
		case h.Kind == ledger.KindFee && h.FeeID != 0:
			first[key{h.Kind, h.DealID, h.FeeID}] = i
		case h.Kind == ledger.KindCommission && h.OrderKey != 0 && h.Reverses == 0:
			first[key{h.Kind, h.DealID, h.OrderKey}] = i
		}
	}
	joined := map[int]bool{} // first steps shown with their second
	pair := map[int]int{}    // second step -> first step
	for i, h := range lines {
		var k key
		switch {
		case h.Kind == ledger.KindFeeConfirmed && h.FeeID != 0 && h.Reverses == 0:
			k = key{ledger.KindFee, h.DealID, h.FeeID}
		case h.Kind == ledger.KindRelease && h.OrderKey != 0 && h.Reverses == 0:
			k = key{ledger.KindCommission, h.DealID, h.OrderKey}
		default:
			continue
		}
		if j, ok := first[k]; ok && !joined[j] && lines[j].Amount == h.Amount {
			joined[j] = true
			pair[i] = j
		}
	}
	for i, h := range lines {
		if joined[i] {
			continue
		}
		r := historyRow{HistoryLine: h, label: ledger.KindLabel(h.Kind), signed: signedAmount(h)}
		if j, ok := pair[i]; ok {
			f := lines[j]
			r.label = labelFeeConfirmed
			if f.Kind == ledger.KindCommission {
				r.label = labelCommission
			}
			r.signed = h.Amount // the same amount, agreed then confirmed (earned then released)
			if r.Comment == "" {
				r.Comment = f.Comment
			}
			if r.Reference == "" {
				r.Reference = f.Reference
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// show puts the lines read on screen, joined or not as the toggle says.
func (h *historyTable) show() {
	h.rows = historyRows(h.lines, h.detail != nil && h.detail.Checked)
	h.table.Refresh()
}

// columnWidths is the usual width of each column.
func (h *historyTable) columnWidths() []float32 {
	w := make([]float32, len(h.columns))
	for i, c := range h.columns {
		w[i] = c.width
	}
	return w
}

// stretchColumns: the comment takes the room a wide window leaves.
func (h *historyTable) stretchColumns() []int {
	for i, c := range h.columns {
		if c.title == "Comment" {
			return []int{i}
		}
	}
	return nil
}
