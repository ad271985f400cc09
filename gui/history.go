package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// historyPageSize is how many transactions one read of a history fetches.
const historyPageSize = 100

// historyColumn is one column of a history table.
type historyColumn struct {
	title  string
	width  float32
	amount bool
	value  func(h *historyRow) string
}

var historyColumns = []historyColumn{
	{"Date", 100, false, func(h *historyRow) string { return h.Date }},
	{"Kind", 180, false, func(h *historyRow) string { return h.label }},
	{"Amount", 110, true, func(h *historyRow) string { return ledger.Display(h.signed, h.Currency) }},
	{"Who", 110, false, func(h *historyRow) string { return h.Operator }},
	{"Method", 80, false, func(h *historyRow) string {
		if h.Method == "" {
			return ""
		}
		return ledger.MethodLabel(h.Method)
	}},
	{"Reference", 140, false, func(h *historyRow) string { return h.Reference }},
	{"Comment", 230, false, func(h *historyRow) string { return h.Comment }},
	{"Remaining after", 130, true, func(h *historyRow) string { return ledger.Display(h.Remaining, h.Currency) }},
}

var campaignColumn = historyColumn{"Campaign", 150, false, func(h *historyRow) string { return h.CampaignName }}

// colDealRemaining heads a creator's history, where lines of several deals
// mix: the balance after a line is its deal's, so the cell names the deal
// (campaign and currency; the creator is the profile's) before the amount.
const colDealRemaining = "Deal's remaining after"

var dealRemainingColumn = historyColumn{colDealRemaining, 230, true, func(h *historyRow) string {
	return fmt.Sprintf("%s, %s: %s", h.CampaignName, h.Currency, ledger.Display(h.Remaining, h.Currency))
}}

// historyTable shows transactions newest first, a page at a time: the next
// page is read by keyset (transfers before the oldest shown), so the
// thousandth page costs what the first does.
type historyTable struct {
	u       *ui
	query   ledger.HistoryQuery
	columns []historyColumn
	lines   []ledger.HistoryLine // as read, page after page
	rows    []historyRow         // as shown: lines, or one per fee and per order
	detail  *widget.Check        // every step on its own line
	more    bool
	table   *widget.Table
	status  *widget.Label
	older   *widget.Button
}

func newHistoryTable(u *ui, q ledger.HistoryQuery, withCampaign bool) *historyTable {
	h := &historyTable{u: u, query: q, columns: historyColumns}
	if withCampaign {
		last := len(historyColumns) - 1 // Remaining after
		h.columns = append([]historyColumn{historyColumns[0], campaignColumn}, historyColumns[1:last]...)
		h.columns = append(h.columns, dealRemainingColumn)
	}
	h.table = &widget.Table{
		Length:        func() (int, int) { return len(h.rows), len(h.columns) },
		CreateCell:    h.createCell,
		UpdateCell:    h.updateCell,
		ShowHeaderRow: true,
		CreateHeader:  func() fyne.CanvasObject { return widget.NewLabel("Remaining after") },
		UpdateHeader:  h.updateHeader,
	}
	h.table.ExtendBaseWidget(h.table)
	h.table.Length = shownRows(h.table, h.table.Length) // no divider per row before layout (tablerows.go)
	for i, c := range h.columns {
		h.table.SetColumnWidth(i, c.width)
	}
	h.status = widget.NewLabel("")
	h.older = &widget.Button{Text: "Load older transactions", Importance: widget.LowImportance, OnTapped: h.onOlder}
	h.detail = widget.NewCheck("Show every step", func(bool) { h.show() })
	h.reload()
	return h
}

func (h *historyTable) content() fyne.CanvasObject {
	table, _ := stretchColumns(h.table, h.columnWidths, h.stretchColumns)
	return container.NewBorder(nil, container.NewHBox(h.status, h.older, layout.NewSpacer(), h.detail), nil, nil, table)
}

// reload reads the newest page again.
func (h *historyTable) reload() {
	h.lines = nil
	h.more = false
	h.load()
	h.table.ScrollToTop()
}

// onOlder appends the next page of older transactions.
func (h *historyTable) onOlder() {
	h.load()
}

func (h *historyTable) load() {
	q := h.query
	q.Limit = historyPageSize
	if n := len(h.lines); n > 0 {
		q.Before, q.BeforeDate = h.lines[n-1].ID, h.lines[n-1].Date
	}
	page, err := h.u.store.History(h.u.ctx, q)
	if err != nil {
		h.u.showError(err)
		return
	}
	h.lines = append(h.lines, page...)
	h.more = len(page) == historyPageSize
	switch {
	case len(h.lines) == 0:
		h.status.SetText("No transactions yet.")
	case h.more:
		h.status.SetText(fmt.Sprintf("Newest %d transactions shown.", len(h.lines)))
	default:
		h.status.SetText(fmt.Sprintf("All %d transactions shown.", len(h.lines)))
	}
	if h.more {
		h.older.Show()
	} else {
		h.older.Hide()
	}
	h.show()
}

func (h *historyTable) createCell() fyne.CanvasObject {
	return &widget.Label{Text: "Payout requested", Truncation: fyne.TextTruncateEllipsis}
}

func (h *historyTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := cellLabel(o)
	if id.Row < 0 || id.Row >= len(h.rows) {
		l.SetText("")
		return
	}
	c := h.columns[id.Col]
	l.Alignment = fyne.TextAlignLeading
	if c.amount {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.SetText(c.value(&h.rows[id.Row]))
}

func (h *historyTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := cellLabel(o)
	if id.Col < 0 || id.Col >= len(h.columns) {
		l.SetText("")
		return
	}
	c := h.columns[id.Col]
	l.TextStyle.Bold = true
	l.Alignment = fyne.TextAlignLeading
	if c.amount {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.SetText(c.title)
}
