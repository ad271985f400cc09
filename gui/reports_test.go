package gui

import (
	"context"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// The Reports screen's reads and the import preview run in place under the
// test driver (see spawnLoad); under Xvfb, TestSmokeReports runs them off the
// UI goroutine.
func init() { spawnLoad = func(f func()) { f() } }

// reportUI opens the window over the report fixture (see
// demo.ReportFixture; its clock ends on 2026-12-03) on the Reports screen.
func reportUI(t *testing.T) (*ui, *reportsScreen) {
	t.Helper()
	s := mustOpen(t)
	if err := demo.ReportFixture(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.showScreen(screenReports)
	u.reports.wait()
	return u, u.reports
}

func reportCol(title string) int {
	for i, c := range reportColumns {
		if c.title == title {
			return i
		}
	}
	panic("no report column " + title)
}

// reportRows is the table as shown: the named columns of every row.
func reportRows(r *reportsScreen, cols ...string) []string {
	var out []string
	for row := range r.rows {
		var cells []string
		for _, c := range cols {
			cells = append(cells, tableText(r.table, row, reportCol(c)))
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

func TestReportsTable(t *testing.T) {
	_, r := reportUI(t)
	from, _ := r.from.value("from")
	to, _ := r.to.value("to")
	if r.preset.Selected != ledger.RangeThisYear || from != "2026-01-01" || to != "2026-12-31" {
		t.Fatalf("default range: %s %s..%s (shown %q..%q)", r.preset.Selected, from, to, r.from.Text, r.to.Text)
	}
	cols := []string{"Name", "Currency", "Orders", "Revenue", "Cost", "Net", "Return on spend", "Cost per order"}
	// The figures of ledger/reports_test.go and the CLI, biggest revenue first.
	want := []string{
		"Ana | USD | 3 | $290.00 | $29.00 | $261.00 | 10.00× | $9.67",
		"Ana | EUR | 1 | €120.00 | €12.00 | €108.00 | 10.00× | €12.00",
		"Cleo | EUR | 2 | €100.00 | €5.00 | €95.00 | 20.00× | €2.50",
		"Ben | USD | 0 | $0.00 | $350.00 | -$350.00 | 0.00× | —",
	}
	if got := reportRows(r, cols...); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("table:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Sorting: tap the header; return on spend puts none below every value.
	r.onSort(reportCol("Name"))
	if got := reportRows(r, "Name", "Currency"); strings.Join(got, ",") != "Ana | EUR,Ana | USD,Ben | USD,Cleo | EUR" {
		t.Errorf("by name: %v", got)
	}
	r.onSort(reportCol("Return on spend"))
	if got := reportRows(r, "Name"); strings.Join(got, ",") != "Cleo,Ana,Ana,Ben" {
		t.Errorf("by return on spend: %v", got)
	}

	// Filters: currency, campaign, grouping, a preset.
	r.currency.SetSelected("EUR")
	r.wait()
	if got := reportRows(r, "Name", "Currency"); len(got) != 2 {
		t.Errorf("EUR only: %v", got)
	}
	r.currency.SetSelected(reportAllCurrencies)
	r.wait()
	r.campaign.SetSelected("Autumn")
	r.wait()
	if got := reportRows(r, "Name", "Revenue"); strings.Join(got, ",") != "Ana | €120.00" {
		t.Errorf("Autumn: %v", got)
	}
	r.campaign.SetSelected(reportAllCampaigns)
	r.wait()
	r.by.SetSelected("Campaign")
	r.wait()
	r.onSort(reportCol("Name"))
	if got := reportRows(r, "Name", "Currency", "Cost", "Return on spend"); strings.Join(got, "\n") !=
		"Autumn | EUR | €12.00 | 10.00×\nSpring | EUR | €5.00 | 20.00×\nSpring | USD | $379.00 | 0.77×" {
		t.Errorf("by campaign:\n%s", strings.Join(got, "\n"))
	}
	r.by.SetSelected("Creator")
	r.wait()
	// December (this month on the fixture's clock): only the clawback after
	// the payout, so there is no return on spend.
	r.preset.SetSelected(ledger.RangeThisMonth)
	r.wait()
	if got := reportRows(r, "Name", "Cost", "Return on spend"); strings.Join(got, ",") != "Ana | -$6.00 | —" {
		t.Errorf("this month: %v", got)
	}
	// A custom range typed in.
	r.from.SetText("2026-10-15")
	r.to.SetText("2026-11-30")
	r.from.OnSubmitted(r.from.Text)
	r.wait()
	if r.preset.Selected != customRange {
		t.Errorf("typing a range leaves preset %q", r.preset.Selected)
	}
	r.sortCol, r.desc = reportCol("Name"), false
	r.sortRows()
	if got := reportRows(r, "Name", "Currency", "Orders", "Revenue"); got[1] != "Ana | USD | 2 | $250.00" {
		t.Errorf("custom range: %v", got)
	}
	// A bad date is the ledger's one line, in a dialog.
	r.from.SetText("2026-13-01")
	r.from.OnSubmitted(r.from.Text)
	r.wait()
	if n := dialogsOpen(r.u); n != 1 {
		t.Errorf("bad date: %d dialogs", n)
	}
}

// chartTexts are the texts a chart draws at its size.
func chartTexts(c *chart) []string {
	objs, _ := c.draw(c.Size())
	var out []string
	for _, o := range objs {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestReportsCharts(t *testing.T) {
	u, r := reportUI(t)
	r.preset.SetSelected(ledger.RangeAllTime)
	r.wait()
	for _, c := range []*chart{r.bars, r.stack, r.ros} {
		c.Resize(fyne.NewSize(880, 260))
	}
	// USD has the most revenue: the charts show it, never USD and EUR on
	// one axis.
	if r.chartCur != "USD" || !strings.Contains(r.chartNote.Text, "USD") {
		t.Fatalf("chart currency %q, note %q", r.chartCur, r.chartNote.Text)
	}
	bars := strings.Join(chartTexts(r.bars), "|")
	// The axis tops at a round figure above Ben's cost of 350.
	for _, want := range []string{"USD", "Revenue", "Cost", "Ana", "Ben", "$500.00", "$250.00", "$0.00"} {
		if !strings.Contains(bars, want) {
			t.Errorf("bar chart texts %q lack %q", bars, want)
		}
	}
	// Bars are as tall as their figures: Ana's revenue 290 is 290/350 of
	// Ben's cost, Ana's cost 29/350 of it.
	objs, hits := r.bars.draw(r.bars.Size())
	var heights []float32
	for _, o := range objs {
		if rc, ok := o.(*canvas.Rectangle); ok && rc.Size().Width > 20 {
			heights = append(heights, rc.Size().Height)
		}
	}
	if len(heights) != 4 || len(hits) != 2 {
		t.Fatalf("bars %v, hits %d", heights, len(hits))
	}
	if full := heights[3]; abs(heights[0]/full-290.0/350) > 0.01 || abs(heights[1]/full-29.0/350) > 0.01 || heights[2] != 0 {
		t.Errorf("bar heights %v", heights)
	}
	months := strings.Join(chartTexts(r.stack), "|")
	for _, want := range []string{"2026-10", "2026-11", "Commission", "Fixed fees", "Bonuses", "USD"} {
		if !strings.Contains(months, want) {
			t.Errorf("monthly chart texts %q lack %q", months, want)
		}
	}
	if sc := strings.Join(chartTexts(r.ros), "|"); !strings.Contains(sc, "Revenue (USD)") || !strings.Contains(sc, "10.0×") {
		t.Errorf("scatter texts %q", sc)
	}
	// EUR when picked.
	r.currency.SetSelected("EUR")
	r.wait()
	if sc := strings.Join(chartTexts(r.ros), "|"); !strings.Contains(sc, "Revenue (EUR)") || !strings.Contains(sc, "Cleo") {
		t.Errorf("EUR scatter texts %q", sc)
	}
	if r.chartNote.Text != "Charts in EUR." {
		t.Errorf("EUR note: %q", r.chartNote.Text)
	}
	r.currency.SetSelected(reportAllCurrencies)
	r.wait()

	// Tapping Ben's bars opens Ben's profile.
	ben := hits[1]
	test.TapCanvas(u.win.Canvas(), fyne.NewPos(0, 0)) // no-op tap elsewhere first
	r.bars.Tapped(&fyne.PointEvent{Position: ben.pos.AddXY(ben.size.Width/2, ben.size.Height/2)})
	if u.current != screenCreators || u.creators.profile == nil || u.creators.profile.creator.Name != "Ben" {
		t.Fatalf("tap on Ben's bar: screen %q", u.current)
	}
	// The profile shows what Ben brought in against what he cost.
	if got := u.creators.profile.figures.Text; got != "Revenue $0.00 · cost $350.00 · net -$350.00 · return on spend 0.00×" {
		t.Errorf("Ben's profile: %q", got)
	}
}

// TestReportsChartsThemes: every text of a chart is drawn in the theme's
// foreground colour, light or dark, so it reads on either background.
func TestReportsChartsThemes(t *testing.T) {
	_, r := reportUI(t)
	r.bars.Resize(fyne.NewSize(880, 260))
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		fyne.CurrentApp().Settings().SetTheme(test.Theme())
		test.ApplyTheme(t, variantTheme{fyne.CurrentApp().Settings().Theme(), variant})
		fg := theme.Color(theme.ColorNameForeground)
		bg := theme.Color(theme.ColorNameBackground)
		objs, _ := r.bars.draw(r.bars.Size())
		for _, o := range objs {
			if tx, ok := o.(*canvas.Text); ok && tx.Color != fg {
				t.Errorf("variant %v: text %q in %v, foreground is %v", variant, tx.Text, tx.Color, fg)
			}
			if rc, ok := o.(*canvas.Rectangle); ok && rc.FillColor == bg {
				t.Errorf("variant %v: a bar in the background colour", variant)
			}
		}
	}
}

type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func TestDealPageAttribution(t *testing.T) {
	u, _ := reportUI(t)
	u.openDeal(4) // Cleo · Spring, per order
	if got := u.dealPage.attribution.Text; got != "Revenue €100.00 · cost €5.00 · net €95.00 · return on spend 20.00×" {
		t.Errorf("deal page: %q", got)
	}
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// TestCreateAtCharts: the app can open on the Reports screen's charts.
func TestCreateAtCharts(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 8)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u, obj := createAt(a, w, s, "Reports/Charts")
	u.stopWatch() // the watch's ticks would poll from another goroutine: TestCreateAtWatches covers it
	w.SetContent(obj)
	w.Resize(fyne.NewSize(1280, 800))
	charts := 0
	for _, o := range test.LaidOutObjects(w.Content()) {
		if _, ok := o.(*chart); ok && o.Visible() {
			charts++
		}
	}
	if charts != 3 {
		t.Errorf("got %d charts on show, want 3", charts)
	}
	if err := CheckStartScreen("charts"); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("unknown screen: %v", err)
	}
	if err := CheckStartScreen("REPORTS"); err != nil {
		t.Errorf("reports: %v", err)
	}
}

func TestNiceMax(t *testing.T) {
	for _, tt := range []struct{ v, unit, want float64 }{
		{35000, 100, 50000}, {220025, 100, 250000}, {100000, 100, 100000}, {100001, 100, 200000},
		{1234, 1, 2000}, {0, 100, 0}, {20, 1, 20}, {7.5, 1, 10}, {0.77, 1, 1},
	} {
		if got := niceMax(tt.v, tt.unit); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("niceMax(%v, %v) = %v, want %v", tt.v, tt.unit, got, tt.want)
		}
	}
}

// TestReportsChartsMarkup renders each chart of the report fixture (all
// time, USD) in the test driver against golden markup: every rectangle,
// line, circle and text with its position, size and colour. Colours show
// by their theme names (foreground, primary, warning): the charts take them
// from the theme, light or dark (TestReportsChartsThemes checks both).
func TestReportsChartsMarkup(t *testing.T) {
	_, r := reportUI(t)
	r.preset.SetSelected(ledger.RangeAllTime)
	r.wait()
	for name, c := range map[string]*chart{"bars": r.bars, "months": r.stack, "scatter": r.ros} {
		w := test.NewTempWindow(t, newChart(c.draw, nil))
		w.Resize(fyne.NewSize(640, 260))
		test.AssertRendersToMarkup(t, "reports/"+name+".xml", w.Canvas())
	}
}
