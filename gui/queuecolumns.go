package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// requestColumn is one column of the queue.
type requestColumn struct {
	title  string
	width  float32
	amount bool
	sort   string // the ledger's sort key (ledger.RequestSortKeys); "" for the check column
	value  func(r *ledger.Request) string
}

var requestColumns = []requestColumn{
	{"", 40, false, "", nil}, // the selection check
	{"Requested on", 110, false, "requested", func(r *ledger.Request) string { return r.CreatedAt.Local().Format(ledger.DateLayout) }},
	{"Creator", 160, false, "creator", func(r *ledger.Request) string { return r.CreatorName }},
	{"Campaign", 150, false, "campaign", func(r *ledger.Request) string { return r.CampaignName }},
	{"Amount", 110, true, "amount", func(r *ledger.Request) string { return ledger.Display(r.Amount, r.Currency) }},
	{colPayee, 300, false, "details", payeeText}, // an IBAN and the copy button beside it
	{colStripe, 200, false, "stripe", func(r *ledger.Request) string {
		switch {
		case r.StripeReady:
			return "Ready · " + r.StripeAccount
		case r.Failure != "":
			return "Failed: " + r.Failure
		}
		return markerMissing
	}},
	{"Requested by", 110, false, "requested_by", func(r *ledger.Request) string { return r.CreatedBy }},
	{"Method", 80, false, "method", func(r *ledger.Request) string {
		if r.Method == "" {
			return ""
		}
		return ledger.MethodLabel(r.Method)
	}},
	{"Reference", 150, false, "reference", func(r *ledger.Request) string { return r.Reference }},
	{"Paid on", 100, false, "paid", func(r *ledger.Request) string { return r.PaidDate }},
	{"Paid by", 100, false, "paid_by", func(r *ledger.Request) string { return r.PaidBy }},
	{"Comment", 200, false, "comment", func(r *ledger.Request) string { return r.Comment }},
}

const (
	colPayee  = "Payout details"
	colStripe = "Stripe"
)

// payeeText is what the queue shows of where a request's money goes: the
// bank or PayPal details to copy, else the Stripe account, else that
// details are missing.
func payeeText(r *ledger.Request) string {
	if d := oneLineDetails(r.PayoutDetails); d != "" {
		return d
	}
	if r.PayeeReady && r.StripeAccount != "" {
		return "Stripe · " + r.StripeAccount
	}
	if r.PayeeReady {
		return "On file"
	}
	return markerMissing
}

// viewColumns are the columns each view shows, in order: what matters to
// pay comes first in the queue, how and when it was paid in Paid. Cancelled
// requests take no action, so that view has no check column.
var viewColumns = map[string][]string{
	"Requested": {"", "Requested on", "Creator", "Campaign", "Amount", colPayee, colStripe, "Requested by", "Comment"},
	"Paid":      {"", "Paid on", "Creator", "Campaign", "Amount", "Method", "Reference", "Paid by", "Requested on", "Comment"},
	"Cancelled": {"Requested on", "Creator", "Campaign", "Amount", "Requested by", "Comment"},
}

// viewSort is each view's order when it opens: newest first, by the date
// that matters there (Paid by the day it was paid).
var viewSort = map[string]string{"Requested": "requested", "Paid": "paid", "Cancelled": "requested"}

func columnsOf(view string) []requestColumn {
	var out []requestColumn
	for _, title := range viewColumns[view] {
		for _, c := range requestColumns {
			if c.title == title {
				out = append(out, c)
			}
		}
	}
	return out
}

// queueCell is a cell of the queue: the check, or a label with a button
// that copies the payout details in their column.
func (s *payoutsScreen) createCell() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	label := &widget.Label{Text: markerMissing, Truncation: fyne.TextTruncateEllipsis}
	copyBtn := s.u.copyButton("", "")
	return container.NewStack(check, container.NewBorder(nil, nil, nil, copyBtn, label))
}

func (s *payoutsScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	check, cell := box.Objects[0].(*widget.Check), box.Objects[1].(*fyne.Container)
	label, copyBtn := cell.Objects[0].(*widget.Label), cell.Objects[1].(*widget.Button)
	if id.Row < 0 || id.Row >= len(s.rows) || id.Col < 0 || id.Col >= len(s.columns) {
		check.Hide()
		copyBtn.Hide()
		label.SetText("")
		return
	}
	r := &s.rows[id.Row]
	c := s.columns[id.Col]
	if c.value == nil {
		cell.Hide()
		check.Show()
		rid := r.ID
		check.OnChanged = nil
		check.SetChecked(s.selected[rid])
		check.OnChanged = func(on bool) { s.setSelected(rid, on) }
		return
	}
	check.Hide()
	cell.Show()
	details := r.PayoutDetails
	if c.title == colPayee && oneLineDetails(details) != "" {
		copyBtn.OnTapped = func() { s.u.app.Clipboard().SetContent(strings.TrimSpace(details)) }
		copyBtn.Show()
	} else {
		copyBtn.Hide()
	}
	label.Alignment = fyne.TextAlignLeading
	if c.amount {
		label.Alignment = fyne.TextAlignTrailing
	}
	label.Importance = noteImportance(c, c.value(r))
	if (c.title == colPayee && !r.PayeeReady) || (c.title == colStripe && !r.StripeReady) {
		label.Importance = widget.WarningImportance
	}
	label.SetText(c.value(r))
	cell.Refresh()
}

func (s *payoutsScreen) createHeader() fyne.CanvasObject {
	return &widget.Button{Text: "Requested by ▲", Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
}

// updateHeader shows each column's title as a button that sorts by it,
// with an arrow on the column the queue is sorted by.
func (s *payoutsScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(s.columns) {
		b.SetText("")
		b.OnTapped = nil
		return
	}
	c := s.columns[id.Col]
	text := c.title
	if c.sort != "" && c.sort == s.sort {
		if s.desc {
			text += " ▼"
		} else {
			text += " ▲"
		}
	}
	b.Alignment = widget.ButtonAlignLeading
	if c.amount {
		b.Alignment = widget.ButtonAlignTrailing
	}
	b.OnTapped = nil
	if c.sort != "" {
		key := c.sort
		b.OnTapped = func() { s.onSort(key) }
	}
	b.SetText(text)
}

// onSort sorts by a column; the same column again reverses the order.
// Dates open newest first, everything else from A (or the least).
func (s *payoutsScreen) onSort(key string) {
	if s.sort == key {
		s.desc = !s.desc
	} else {
		s.sort, s.desc = key, key == "requested" || key == "paid"
	}
	s.reload()
}

// maxQueueColumn is the widest a text column grows to fit what it shows;
// beyond it the text is cut with an ellipsis.
const maxQueueColumn = 420

// fitColumns widens each column to its longest text among the requests
// read (a whole IBAN, a long campaign name), never below its usual width:
// a cut IBAN cannot be checked against the bank's form.
func (s *payoutsScreen) fitColumns() {
	pad := 2*theme.InnerPadding() + 2*theme.Padding()
	size := theme.TextSize()
	s.widths = make([]float32, len(s.columns))
	for i, c := range s.columns {
		w := c.width
		if c.value != nil {
			text := fyne.MeasureText(c.title+" ▼", size, fyne.TextStyle{Bold: true}).Width + pad
			w = max(w, min(maxQueueColumn, text))
			extra := float32(0)
			if c.title == colPayee {
				extra = theme.IconInlineSize() + 2*theme.InnerPadding() + theme.Padding() // the copy button
			}
			for j := range s.loaded {
				tw := fyne.MeasureText(c.value(&s.loaded[j]), size, fyne.TextStyle{}).Width + pad + extra
				w = max(w, min(maxQueueColumn, tw))
			}
		}
		s.table.SetColumnWidth(i, w)
		s.widths[i] = w
	}
	if s.fill != nil {
		s.fill.refit()
	}
}

// columnWidths is the width each column of the view needs.
func (s *payoutsScreen) columnWidths() []float32 {
	if len(s.widths) == len(s.columns) {
		return s.widths
	}
	w := make([]float32, len(s.columns))
	for i, c := range s.columns {
		w[i] = c.width
	}
	return w
}

// stretchColumns are the view's columns that take the room a wide window
// leaves: the names, and the comment.
func (s *payoutsScreen) stretchColumns() []int {
	var out []int
	for i, c := range s.columns {
		if c.title == "Creator" || c.title == "Campaign" || c.title == "Comment" {
			out = append(out, i)
		}
	}
	return out
}
