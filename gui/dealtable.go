package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// dealPageSize is how many deals one read fetches. A screen shows a few
// dozen; a page of 200 lets a scroll go far before the next read.
const dealPageSize = 200

// dealPagesKept bounds the page cache: scrolling through 10,000 deals keeps
// at most this many pages in memory.
const dealPagesKept = 8

// dealColumn is one column of a deal table.
type dealColumn struct {
	title  string
	sort   string // the ledger's sort key; "" when the column does not sort
	width  float32
	amount bool
	value  func(d *ledger.Deal) string
	help   string // how the figure is computed, for the help line
}

func money(f func(d *ledger.Deal) int64) func(d *ledger.Deal) string {
	return func(d *ledger.Deal) string { return ledger.Display(f(d), d.Currency) }
}

// Names of the deal figures, the same on every screen and in the README.
// On screen they add up: Commission + Fees confirmed + Bonuses = Paid +
// Unpaid, and Unpaid = On hold + Not yet requested + In queue (ledger/doc.go).
const (
	colFeesConfirmed = "Fees confirmed"
	colFeesPending   = "Fees not confirmed"
	colHeld          = "On hold"
	colOwed          = "Not yet requested"
	colRequested     = "In queue"
	colRemaining     = "Unpaid, incl. on hold"
)

var dealColumns = []dealColumn{
	{"Creator", "creator", 140, false, func(d *ledger.Deal) string { return d.CreatorName }, ""},
	{"Campaign", "campaign", 152, false, func(d *ledger.Deal) string { return d.CampaignName }, ""},
	{"Currency", "currency", 76, false, func(d *ledger.Deal) string { return d.Currency }, ""},
	{"Commission", "commission", 100, true, money(func(d *ledger.Deal) int64 { return d.Commission }),
		"commission earned on orders, net of refunds and cancellations"},
	{colFeesConfirmed, "fees_confirmed", 112, true, money(func(d *ledger.Deal) int64 { return d.ConfirmedFees() }),
		"fixed fees confirmed as due, net of voided ones"},
	{"Bonuses", "bonuses", 92, true, money(func(d *ledger.Deal) int64 { return d.Bonuses }),
		"bonuses granted"},
	{"Paid", "paid", 96, true, money(func(d *ledger.Deal) int64 { return d.Paid }),
		"paid out by Stripe or offline, net of reversed payments"},
	{colHeld, "held", 92, true, money(func(d *ledger.Deal) int64 { return d.Held }),
		"commission still inside the return window; it becomes Not yet requested when the hold ends"},
	{colOwed, "owed", 128, true, money(func(d *ledger.Deal) int64 { return d.Owed }),
		"payable now and in no payout request (negative after a refund took back paid commission)"},
	{colRequested, "requested", 92, true, money(func(d *ledger.Deal) int64 { return d.Requested }),
		"in a payout request waiting in the Payouts queue: still owed until paid"},
	{colRemaining, "remaining", 160, true, money(func(d *ledger.Deal) int64 { return d.Remaining() }),
		"still to pay: On hold + Not yet requested + In queue, which is Commission + Fees confirmed + Bonuses - Paid"},
	{colFeesPending, "scheduled", 148, true, money(func(d *ledger.Deal) int64 { return d.Scheduled }),
		"fixed fees agreed but not confirmed: not due yet, so not in Unpaid"},
	{"Payout details", "", 168, false, func(d *ledger.Deal) string {
		if d.PayeeReady {
			return ""
		}
		return markerMissing
	}, ""},
}

// dealColumnWidths is the usual width of each deal column.
func dealColumnWidths() []float32 {
	w := make([]float32, len(dealColumns))
	for i, c := range dealColumns {
		w[i] = c.width
	}
	return w
}

// dealColumnsHelp is the help line under the deals: how each figure is
// computed, in the columns' order.
func dealColumnsHelp() string {
	var parts []string
	for _, c := range dealColumns {
		if c.help != "" {
			parts = append(parts, c.title+": "+c.help+".")
		}
	}
	return strings.Join(parts, "\n")
}

// dealTable shows deals page by page from the ledger's cached balances: it
// holds the count and a few pages, never every deal, and never reads
// transfers.
type dealTable struct {
	u     *ui
	query ledger.DealQuery // filter, search and sort; After and Limit are set per page
	total int
	pages map[int][]ledger.Deal
	// starts holds where each page p > 0 starts (after the last deal of
	// page p-1): pages are read by keyset, so a deep page costs what the
	// first does. Learned from every page read; a jump to a page whose
	// start is unknown reads all the starts at once (keys only).
	starts map[int]ledger.DealCursor
	recent []int // page numbers, least recently read first
	table  *widget.Table
	view   *fyne.Container // the table, its columns stretched to its width
	fill   *columnStretch
	onOpen func(id int64)
	// onSorted, when set, hears which column the user sorted by.
	onSorted func(c dealColumn)
	failed   bool // a read failed: shown once, not once per cell
}

func newDealTable(u *ui, q ledger.DealQuery, onOpen func(id int64)) *dealTable {
	t := &dealTable{u: u, query: q, onOpen: onOpen}
	if t.query.Sort == "" {
		t.query.Sort = "creator"
	}
	t.table = &widget.Table{
		Length:        t.length,
		CreateCell:    t.createCell,
		UpdateCell:    t.updateCell,
		OnSelected:    t.onSelected,
		ShowHeaderRow: true,
		CreateHeader:  t.createHeader,
		UpdateHeader:  t.updateHeader,
	}
	t.table.ExtendBaseWidget(t.table)
	t.table.Length = shownRows(t.table, t.length) // no divider per row before layout (tablerows.go)
	for i, c := range dealColumns {
		t.table.SetColumnWidth(i, c.width)
	}
	// Names take the room a wide window leaves: creator and campaign.
	t.view, t.fill = stretchColumns(t.table, dealColumnWidths, func() []int { return []int{0, 1} })
	t.reload()
	return t
}

// reload counts the deals the query selects and drops the cached pages.
func (t *dealTable) reload() {
	t.pages = map[int][]ledger.Deal{}
	t.starts = map[int]ledger.DealCursor{}
	t.recent = nil
	t.failed = false
	n, err := t.u.store.CountDeals(t.u.ctx, t.query)
	if err != nil {
		t.u.showError(err)
		n = 0
	}
	t.total = n
	t.table.Refresh()
}

// setSearch filters the deals as the user types.
func (t *dealTable) setSearch(text string) {
	t.query.Search = strings.TrimSpace(text)
	t.reload()
	t.table.ScrollToTop()
}

// onSort sorts by a column; the same column again reverses the order.
func (t *dealTable) onSort(col int) {
	key := dealColumns[col].sort
	if t.onSorted != nil {
		t.onSorted(dealColumns[col])
	}
	if key == "" {
		return
	}
	if t.query.Sort == key {
		t.query.Desc = !t.query.Desc
	} else {
		t.query.Sort, t.query.Desc = key, false
	}
	t.reload()
	t.table.ScrollToTop()
}

// row returns the deal at index i, reading its page when it is not cached.
func (t *dealTable) row(i int) (*ledger.Deal, bool) {
	if i < 0 || i >= t.total {
		return nil, false
	}
	p := i / dealPageSize
	page, ok := t.pages[p]
	if !ok {
		if t.failed {
			return nil, false
		}
		var err error
		page, err = t.read(p)
		if err != nil {
			t.failed = true
			t.u.showError(err)
			return nil, false
		}
		t.keep(p, page)
	}
	k := i - p*dealPageSize
	if k >= len(page) {
		return nil, false
	}
	return &page[k], true
}

// read reads page p from where it starts.
func (t *dealTable) read(p int) ([]ledger.Deal, error) {
	q := t.query
	q.Limit = dealPageSize
	if p > 0 {
		c, ok := t.starts[p]
		if !ok {
			all, err := t.u.store.DealPageStarts(t.u.ctx, t.query, dealPageSize)
			if err != nil {
				return nil, err
			}
			for i, c := range all {
				t.starts[i+1] = c
			}
			if c, ok = t.starts[p]; !ok {
				return nil, nil // the list shrank since it was counted
			}
		}
		q.After = &c
	}
	page, err := t.u.store.Deals(t.u.ctx, q)
	if err == nil && len(page) == dealPageSize {
		t.starts[p+1] = q.CursorAfter(&page[len(page)-1])
	}
	return page, err
}

// keep caches a page, evicting the least recently read beyond the bound.
func (t *dealTable) keep(p int, page []ledger.Deal) {
	t.pages[p] = page
	t.recent = append(t.recent, p)
	for len(t.recent) > dealPagesKept {
		delete(t.pages, t.recent[0])
		t.recent = t.recent[1:]
	}
}

func (t *dealTable) length() (int, int) { return t.total, len(dealColumns) }

func (t *dealTable) createCell() fyne.CanvasObject {
	return &widget.Label{Text: "Payout details missing", Truncation: fyne.TextTruncateEllipsis}
}

func (t *dealTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := cellLabel(o)
	col := dealColumns[id.Col]
	d, ok := t.row(id.Row)
	if !ok {
		l.SetText("")
		return
	}
	l.Alignment = fyne.TextAlignLeading
	if col.amount {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.Importance = widget.MediumImportance
	if col.sort == "" && !d.PayeeReady {
		l.Importance = widget.WarningImportance
	}
	l.SetText(col.value(d))
}

func (t *dealTable) createHeader() fyne.CanvasObject {
	return &widget.Button{Text: "Commission ▲", Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
}

func (t *dealTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(dealColumns) {
		b.SetText("")
		return
	}
	col := dealColumns[id.Col]
	text := col.title
	if col.sort != "" && col.sort == t.query.Sort {
		if t.query.Desc {
			text += " ▼"
		} else {
			text += " ▲"
		}
	}
	b.Alignment = widget.ButtonAlignLeading
	if col.amount {
		b.Alignment = widget.ButtonAlignTrailing
	}
	c := id.Col
	b.OnTapped = func() { t.onSort(c) }
	b.SetText(text)
}

func (t *dealTable) onSelected(id widget.TableCellID) {
	t.table.UnselectAll()
	if d, ok := t.row(id.Row); ok && t.onOpen != nil {
		t.onOpen(d.ID)
	}
}
