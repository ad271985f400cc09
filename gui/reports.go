package gui

import (
	"image/color"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

const (
	reportAllCampaigns  = "All campaigns"
	reportAllCurrencies = "All currencies"
	customRange         = "custom"
	chartTopN           = 10
)

var reportGroupings = map[string]string{"Creator": ledger.ReportByCreator, "Deal": ledger.ReportByDeal, "Campaign": ledger.ReportByCampaign}

// reportColumn is one column of the Reports table.
type reportColumn struct {
	title  string
	width  float32
	amount bool
	text   func(r *ledger.ReportRow) string
	less   func(a, b *ledger.ReportRow) bool
}

func reportMoney(title string, v func(r *ledger.ReportRow) int64) reportColumn {
	return reportColumn{title, 100, true, func(r *ledger.ReportRow) string { return ledger.Display(v(r), r.Currency) },
		func(a, b *ledger.ReportRow) bool { return v(a) < v(b) }}
}

// reportOptional is a figure that may be none (no cost, no orders): shown
// as "—", sorted below every value.
func reportOptional(title string, v func(r *ledger.ReportRow) (int64, bool), text func(v int64, r *ledger.ReportRow) string) reportColumn {
	key := func(r *ledger.ReportRow) (int64, bool) { return v(r) }
	return reportColumn{title, 110, true, func(r *ledger.ReportRow) string {
		if x, ok := v(r); ok {
			return text(x, r)
		}
		return "—"
	}, func(a, b *ledger.ReportRow) bool {
		x, okA := key(a)
		y, okB := key(b)
		if okA != okB {
			return !okA
		}
		return x < y
	}}
}

var reportColumns = []reportColumn{
	{"Name", 220, false, reportName, func(a, b *ledger.ReportRow) bool {
		return strings.ToLower(reportName(a)) < strings.ToLower(reportName(b))
	}},
	{"Currency", 76, false, func(r *ledger.ReportRow) string { return r.Currency }, func(a, b *ledger.ReportRow) bool { return a.Currency < b.Currency }},
	{"Orders", 70, true, func(r *ledger.ReportRow) string { return strconv.FormatInt(r.Orders, 10) }, func(a, b *ledger.ReportRow) bool { return a.Orders < b.Orders }},
	reportMoney("Revenue", func(r *ledger.ReportRow) int64 { return r.Revenue }),
	reportMoney("Commission", func(r *ledger.ReportRow) int64 { return r.Commission }),
	reportMoney("Fixed fees", func(r *ledger.ReportRow) int64 { return r.Fees }),
	reportMoney("Bonuses", func(r *ledger.ReportRow) int64 { return r.Bonuses }),
	reportMoney("Cost", func(r *ledger.ReportRow) int64 { return r.Cost() }),
	reportMoney("Paid", func(r *ledger.ReportRow) int64 { return r.Paid }),
	reportMoney("Net", func(r *ledger.ReportRow) int64 { return r.Net() }),
	reportOptional("Return on spend", func(r *ledger.ReportRow) (int64, bool) { return r.ReturnOnSpend() },
		func(_ int64, r *ledger.ReportRow) string { return r.ReturnOnSpendText() + "×" }),
	reportOptional("Cost per order", func(r *ledger.ReportRow) (int64, bool) { return r.CostPerOrder() },
		func(v int64, r *ledger.ReportRow) string { return ledger.Display(v, r.Currency) }),
	reportOptional("Avg order", func(r *ledger.ReportRow) (int64, bool) { return r.AverageOrderValue() },
		func(v int64, r *ledger.ReportRow) string { return ledger.Display(v, r.Currency) }),
}

func reportName(r *ledger.ReportRow) string {
	switch {
	case r.DealID != 0:
		return r.CreatorName + " · " + r.CampaignName
	case r.CreatorID != 0:
		return r.CreatorName
	}
	return r.CampaignName
}

// reportsScreen puts what each creator, deal or campaign brought in next to
// what it cost: a sortable table and three charts, over a range.
type reportsScreen struct {
	u                  *ui
	by, preset         *widget.Select
	campaign, currency *widget.Select
	from, to           *dateEntry
	settingRange       bool // a preset is filling from and to: no load per field
	campaigns          []ledger.Campaign
	rows               []ledger.ReportRow
	months             []ledger.MonthCosts
	sortCol            int
	desc               bool
	table              *widget.Table
	chartCur           string
	chartNote          *widget.Label
	bars, stack, ros   *chart
	barRows            []ledger.ReportRow
	tabs               *container.AppTabs // Table, Charts, Tax year
	taxYear            *taxYearTab
	busy               *widget.ProgressBarInfinite
	gen                int            // the latest load; older ones are dropped
	loading            sync.WaitGroup // loads not yet shown
	shown              ledger.ReportQuery
	obj                fyne.CanvasObject
}

func newReportsScreen(u *ui) *reportsScreen { return &reportsScreen{u: u, sortCol: 3, desc: true} }

func (s *reportsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
	}
	return s.obj
}

func (s *reportsScreen) build() fyne.CanvasObject {
	s.by = widget.NewSelect([]string{"Creator", "Deal", "Campaign"}, func(string) { s.load() })
	s.by.Selected = "Creator"
	s.preset = widget.NewSelect(append(append([]string{}, ledger.RangePresets...), customRange), s.onPreset)
	s.from, s.to = newDateEntry(time.Time{}), newDateEntry(time.Time{})
	s.from.PlaceHolder, s.to.PlaceHolder = "From", "To"
	s.from.optional, s.to.optional = true, true
	for _, e := range []*dateEntry{s.from, s.to} {
		// A day picked in the calendar (or typed whole) is a custom range.
		e.OnChanged = func(*time.Time) { s.onCustomRange() }
		e.OnSubmitted = func(string) { s.onCustomRange() }
	}
	s.campaign = widget.NewSelect(nil, func(string) { s.load() })
	s.currency = widget.NewSelect(nil, func(string) { s.load() })
	s.table = &widget.Table{
		Length: func() (int, int) { return len(s.rows), len(reportColumns) },
		CreateCell: func() fyne.CanvasObject {
			return &widget.Label{Text: "Return on spend", Truncation: fyne.TextTruncateEllipsis}
		},
		UpdateCell:    s.updateCell,
		OnSelected:    s.onSelected,
		ShowHeaderRow: true,
		CreateHeader: func() fyne.CanvasObject {
			return &widget.Button{Text: "Return on spend ▲", Importance: widget.LowImportance}
		},
		UpdateHeader: s.updateHeader,
	}
	s.table.ExtendBaseWidget(s.table)
	s.table.Length = shownRows(s.table, s.table.Length) // no divider per row before layout (tablerows.go)
	for i, c := range reportColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.chartNote = widget.NewLabel("")
	name := func(r ledger.ReportRow) string { return reportName(&r) }
	s.bars = newChart(drawPairedBars(nil, name, ""), s.onBar)
	s.stack = newChart(drawStackedMonths(nil, ""), nil)
	s.ros = newChart(drawScatter(nil, name, ""), nil) // onTap set at each draw
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Hide()
	s.reloadCampaigns()
	s.preset.SetSelected(ledger.RangeThisYear) // loads
	// Each picker at a width that shows its longest usual value.
	sized := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	// A date needs room for itself, its check mark and its calendar button:
	// at 130 px "01/01/2026" showed as "01/01/202".
	filters := container.NewHBox(widget.NewLabel("By"), sized(120, s.by), sized(150, s.preset), sized(165, s.from), sized(165, s.to),
		sized(180, s.campaign), sized(150, s.currency))
	charts := container.NewBorder(s.chartNote, nil, nil, nil, container.NewVScroll(container.NewVBox(
		chartCard("Revenue and cost, top creators by revenue (tap a bar to open)", s.bars),
		chartCard("Cost per month by kind", s.stack),
		chartCard("Return on spend against revenue", s.ros),
	)))
	s.taxYear = newTaxYearTab(s.u)
	s.tabs = container.NewAppTabs(container.NewTabItem("Table", s.table), container.NewTabItem("Charts", charts),
		container.NewTabItem("Tax year", s.taxYear.build()))
	return container.NewBorder(container.NewVBox(container.NewHScroll(filters), s.busy), nil, nil, nil, s.tabs)
}

// chartCard is a chart under its title, as wide as the screen allows and
// at least a chart's height: at a fixed 880 px, a 1920 px window left half
// of the charts' room empty.
func chartCard(title string, c *chart) fyne.CanvasObject {
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(600, 260))
	return widget.NewCard("", title, container.NewStack(room, c))
}

// reloadCampaigns fills the campaign and currency pickers.
func (s *reportsScreen) reloadCampaigns() {
	cs, err := s.u.store.Campaigns(s.u.ctx)
	if err != nil {
		s.u.showError(err)
	}
	s.campaigns = cs
	opts := []string{reportAllCampaigns}
	for _, c := range cs {
		opts = append(opts, c.Name)
	}
	s.campaign.Options = opts
	if s.campaign.Selected == "" {
		s.campaign.Selected = reportAllCampaigns
	}
	s.currency.Options = append([]string{reportAllCurrencies}, ledger.Currencies()...)
	if s.currency.Selected == "" {
		s.currency.Selected = reportAllCurrencies
	}
}

// onPreset fills the range of a preset, on today by the store's clock.
func (s *reportsScreen) onPreset(p string) {
	if p == customRange {
		return
	}
	from, to, err := ledger.PresetRange(p, s.u.store.Now())
	if err != nil {
		s.u.showError(err)
		return
	}
	s.settingRange = true
	for _, d := range []struct {
		e    *dateEntry
		text string
	}{{s.from, from}, {s.to, to}} {
		if t, err := time.Parse(ledger.DateLayout, d.text); err == nil {
			d.e.setDay(t)
		} else {
			d.e.SetText(d.text) // "" for an open end
		}
	}
	s.settingRange = false
	s.load()
}

// onCustomRange reloads on a range the person chose.
func (s *reportsScreen) onCustomRange() {
	if s.settingRange {
		return
	}
	s.preset.Selected = customRange
	s.preset.Refresh()
	s.load()
}

// query is what the filters select.
func (s *reportsScreen) query() ledger.ReportQuery {
	q := ledger.ReportQuery{By: reportGroupings[s.by.Selected]}
	// Text that is no date goes to the ledger as typed: its refusal says
	// what is wrong.
	var err error
	if q.From, err = s.from.value("start date"); err != nil {
		q.From = strings.TrimSpace(s.from.Text)
	}
	if q.To, err = s.to.value("end date"); err != nil {
		q.To = strings.TrimSpace(s.to.Text)
	}
	if s.currency.Selected != reportAllCurrencies {
		q.Currency = s.currency.Selected
	}
	for _, c := range s.campaigns {
		if c.Name == s.campaign.Selected {
			q.CampaignID = c.ID
		}
	}
	return q
}

// load rereads the figures the filters select. On the 10,000-creator
// program a year's report takes about a second, so the reads run off the
// UI goroutine, under a busy bar, and hand their rows back with fyne.Do;
// a load superseded by a newer one (another filter picked meanwhile) is
// dropped, so the screen always shows the filters' own figures.
func (s *reportsScreen) load() {
	if s.table == nil || s.currency.Options == nil {
		return // still building
	}
	q := s.query()
	s.gen++
	gen := s.gen
	s.busy.Show()
	s.loading.Add(1)
	store, ctx := s.u.store, s.u.ctx
	spawnLoad(func() {
		rows, err := store.Report(ctx, q)
		var months []ledger.MonthCosts
		if err == nil {
			months, err = store.ReportMonths(ctx, q)
		}
		fyne.Do(func() {
			defer s.loading.Done()
			if gen != s.gen {
				return
			}
			s.busy.Hide()
			if err != nil {
				s.u.showError(err)
				return
			}
			s.rows, s.months, s.shown = rows, months, q
			s.sortRows()
			s.table.Refresh()
			s.drawCharts()
		})
	})
}

// spawnLoad runs slow reads off the UI goroutine: a report's, the import
// preview's. The tests run them in place: Fyne's test driver runs fyne.Do
// on the calling goroutine, where UI work would race with the test's own.
var spawnLoad = func(f func()) { go f() }

// wait returns once every load started has been shown (tests).
func (s *reportsScreen) wait() { s.loading.Wait() }

func (s *reportsScreen) refresh() {
	if s.obj == nil {
		return
	}
	s.reloadCampaigns()
	s.load()
	s.taxYear.refresh()
}

func (s *reportsScreen) sortRows() {
	col := reportColumns[s.sortCol]
	sort.SliceStable(s.rows, func(i, j int) bool {
		a, b := &s.rows[i], &s.rows[j]
		if s.desc {
			a, b = b, a
		}
		if col.less(a, b) {
			return true
		}
		if col.less(b, a) {
			return false
		}
		if ni, nj := reportName(&s.rows[i]), reportName(&s.rows[j]); ni != nj {
			return ni < nj
		}
		return s.rows[i].Currency < s.rows[j].Currency
	})
}

func (s *reportsScreen) onSort(col int) {
	if s.sortCol == col {
		s.desc = !s.desc
	} else {
		s.sortCol, s.desc = col, col > 1 // figures: largest first
	}
	s.sortRows()
	s.table.Refresh()
	s.table.ScrollToTop()
}

func (s *reportsScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := cellLabel(o)
	if id.Row < 0 || id.Row >= len(s.rows) || id.Col < 0 || id.Col >= len(reportColumns) {
		l.SetText("")
		return
	}
	col := reportColumns[id.Col]
	l.Alignment = fyne.TextAlignLeading
	if col.amount {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.Importance = widget.MediumImportance
	if col.title == "Net" && s.rows[id.Row].Net() < 0 {
		l.Importance = widget.DangerImportance
	}
	l.SetText(col.text(&s.rows[id.Row]))
}

func (s *reportsScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(reportColumns) {
		b.SetText("")
		return
	}
	text := reportColumns[id.Col].title
	if id.Col == s.sortCol {
		text += map[bool]string{false: " ▲", true: " ▼"}[s.desc]
	}
	b.Alignment = widget.ButtonAlignLeading
	if reportColumns[id.Col].amount {
		b.Alignment = widget.ButtonAlignTrailing
	}
	c := id.Col
	b.OnTapped = func() { s.onSort(c) }
	b.SetText(text)
}

func (s *reportsScreen) onSelected(id widget.TableCellID) {
	s.table.UnselectAll()
	if id.Row >= 0 && id.Row < len(s.rows) {
		s.open(s.rows[id.Row])
	}
}

// open shows what a row is about: a deal's page, a creator's profile or a
// campaign's deals.
func (s *reportsScreen) open(r ledger.ReportRow) {
	switch {
	case r.DealID != 0:
		s.u.openDeal(r.DealID)
	case r.CreatorID != 0:
		s.u.showScreen(screenCreators)
		s.u.creators.openProfile(r.CreatorID)
	case r.CampaignID != 0:
		s.u.showScreen(screenCampaigns)
		s.u.campaigns.openCampaign(r.CampaignID)
	}
}

// drawCharts redraws the charts in one currency: the one picked, else the
// one with the most revenue. Amounts in different currencies never share
// an axis.
func (s *reportsScreen) drawCharts() {
	cur := s.shown.Currency
	if cur == "" {
		rev := map[string]int64{}
		for _, r := range s.rows {
			rev[r.Currency] += r.Revenue
			if cur == "" || rev[r.Currency] > rev[cur] || (rev[r.Currency] == rev[cur] && r.Currency < cur) {
				cur = r.Currency
			}
		}
	}
	s.chartCur = cur
	var rows []ledger.ReportRow
	for _, r := range s.rows {
		if r.Currency == cur {
			rows = append(rows, r)
		}
	}
	var months []ledger.MonthCosts
	for _, m := range s.months {
		if m.Currency == cur {
			months = append(months, m)
		}
	}
	top := append([]ledger.ReportRow{}, rows...)
	sort.SliceStable(top, func(i, j int) bool { return top[i].Revenue > top[j].Revenue })
	if len(top) > chartTopN {
		top = top[:chartTopN]
	}
	s.barRows = top
	name := func(r ledger.ReportRow) string { return reportName(&r) }
	s.bars.draw = drawPairedBars(top, name, cur)
	s.stack.draw = drawStackedMonths(months, cur)
	s.ros.draw = drawScatter(rows, name, cur)
	s.ros.onTap = func(i int) { s.open(rows[i]) }
	switch {
	case cur == "":
		s.chartNote.SetText("Nothing in this range.")
	case s.shown.Currency == "" && s.currencies() > 1:
		s.chartNote.SetText("Charts in " + cur + " (amounts in different currencies are never added): pick a currency to see another.")
	default:
		s.chartNote.SetText("Charts in " + cur + ".")
	}
	for _, c := range []*chart{s.bars, s.stack, s.ros} {
		c.Refresh()
	}
}

// currencies counts the currencies of the rows shown.
func (s *reportsScreen) currencies() int {
	seen := map[string]bool{}
	for _, r := range s.rows {
		seen[r.Currency] = true
	}
	return len(seen)
}

func (s *reportsScreen) onBar(i int) {
	if i >= 0 && i < len(s.barRows) {
		s.open(s.barRows[i])
	}
}
