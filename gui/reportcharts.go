package gui

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// chart is a figure drawn with canvas primitives (rectangles, lines,
// circles, text) in theme colours, so it reads in light and dark themes and
// needs no charting dependency. draw lays it out for a size and returns its
// objects and the regions a tap selects (a bar, a point); it is a pure
// function of the size and the data, called again at each layout, refresh
// and tap.
type chart struct {
	widget.BaseWidget
	draw  func(size fyne.Size) ([]fyne.CanvasObject, []chartHit)
	onTap func(index int) // index of the tapped item in the chart's data
}

// chartHit is a region of the chart that stands for item index.
type chartHit struct {
	pos   fyne.Position
	size  fyne.Size
	index int
}

func newChart(draw func(fyne.Size) ([]fyne.CanvasObject, []chartHit), onTap func(int)) *chart {
	c := &chart{draw: draw, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped selects the item under the pointer, if any.
func (c *chart) Tapped(ev *fyne.PointEvent) {
	if c.onTap == nil {
		return
	}
	_, hits := c.draw(c.Size())
	for _, h := range hits {
		if ev.Position.X >= h.pos.X && ev.Position.X <= h.pos.X+h.size.Width &&
			ev.Position.Y >= h.pos.Y && ev.Position.Y <= h.pos.Y+h.size.Height {
			c.onTap(h.index)
			return
		}
	}
}

func (c *chart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

type chartRenderer struct {
	c    *chart
	objs []fyne.CanvasObject
}

func (r *chartRenderer) Layout(size fyne.Size) { r.objs, _ = r.c.draw(size) }
func (r *chartRenderer) MinSize() fyne.Size    { return fyne.NewSize(360, 220) }
func (r *chartRenderer) Objects() []fyne.CanvasObject {
	if r.objs == nil {
		r.Layout(r.c.Size())
	}
	return r.objs
}
func (r *chartRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}
func (r *chartRenderer) Destroy() {}

// Chart colours: theme colours, which each theme (light, dark) picks to
// read on its own background.
func seriesColor(i int) color.Color {
	switch i {
	case 0:
		return theme.Color(theme.ColorNamePrimary)
	case 1:
		return theme.Color(theme.ColorNameWarning)
	}
	return theme.Color(theme.ColorNameSuccess)
}

// plot is the frame of a chart: the area inside the axes.
type plot struct {
	x, y, w, h float32
	objs       []fyne.CanvasObject
}

const (
	plotLeft   = 92
	plotRight  = 12
	plotTop    = 28
	plotBottom = 40
)

func newPlot(size fyne.Size) *plot {
	return &plot{x: plotLeft, y: plotTop, w: size.Width - plotLeft - plotRight, h: size.Height - plotTop - plotBottom}
}

func (p *plot) text(s string, x, y float32, align fyne.TextAlign, bold bool) {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.CaptionTextSize()
	t.TextStyle.Bold = bold
	w := fyne.MeasureText(s, t.TextSize, t.TextStyle).Width
	switch align {
	case fyne.TextAlignCenter:
		x -= w / 2
	case fyne.TextAlignTrailing:
		x -= w
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, t.TextSize+4))
	p.objs = append(p.objs, t)
}

func (p *plot) rect(c color.Color, x, y, w, h float32) {
	r := canvas.NewRectangle(c)
	r.Move(fyne.NewPos(x, y))
	r.Resize(fyne.NewSize(w, h))
	p.objs = append(p.objs, r)
}

func (p *plot) line(x1, y1, x2, y2 float32) {
	l := canvas.NewLine(theme.Color(theme.ColorNameDisabled))
	l.StrokeWidth = 1
	l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
	p.objs = append(p.objs, l)
}

// niceMax rounds an axis maximum up to 1, 2, 2.5 or 5 times a power of
// ten of unit (a currency's minor units per major unit), so that the ticks
// read $2,500.00 and $1,250.00, not $2,200.25 and $1,100.13.
func niceMax(v, unit float64) float64 {
	if v <= 0 {
		return v
	}
	major := v / unit
	pow := math.Pow(10, math.Floor(math.Log10(major)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if major <= m*pow {
			return m * pow * unit
		}
	}
	return v
}

// minorUnit is how many minor units make one unit of cur.
func minorUnit(cur string) float64 {
	c, err := ledger.LookupCurrency(cur)
	if err != nil {
		return 100
	}
	return math.Pow10(c.Exponent)
}

// axes draws the axes, the y ticks at 0, half and max written by label,
// the y axis title and a legend of series names.
func (p *plot) axes(max float64, label func(v float64) string, yTitle string, legend ...string) {
	p.line(p.x, p.y, p.x, p.y+p.h)
	p.line(p.x, p.y+p.h, p.x+p.w, p.y+p.h)
	for _, f := range []float64{0, 0.5, 1} {
		y := p.y + p.h - float32(f)*p.h
		p.line(p.x-4, y, p.x, y)
		p.text(label(max*f), p.x-6, y-7, fyne.TextAlignTrailing, false)
	}
	p.text(yTitle, 4, 4, fyne.TextAlignLeading, true)
	x := p.x + p.w
	for i := len(legend) - 1; i >= 0; i-- {
		w := fyne.MeasureText(legend[i], theme.CaptionTextSize(), fyne.TextStyle{}).Width
		x -= w
		p.text(legend[i], x, 4, fyne.TextAlignLeading, false)
		x -= 16
		p.rect(seriesColor(i), x, 8, 10, 10)
		x -= 12
	}
}

// empty is what a chart without figures shows.
func (p *plot) empty(msg string) {
	p.text(msg, p.x+p.w/2, p.y+p.h/2, fyne.TextAlignCenter, false)
}

// fitText shortens s to fit width at caption size.
func fitText(s string, width float32) string {
	size := theme.CaptionTextSize()
	r := []rune(s)
	for len(r) > 1 && fyne.MeasureText(string(r), size, fyne.TextStyle{}).Width > width {
		r = append(r[:len(r)-2], '…')
	}
	return string(r)
}

// moneyLabel writes an axis value in whole units of the currency.
func moneyLabel(cur string) func(float64) string {
	return func(v float64) string { return ledger.Display(int64(v+0.5), cur) }
}

// drawPairedBars draws revenue and cost of each row side by side.
func drawPairedBars(rows []ledger.ReportRow, name func(ledger.ReportRow) string, cur string) func(fyne.Size) ([]fyne.CanvasObject, []chartHit) {
	return func(size fyne.Size) ([]fyne.CanvasObject, []chartHit) {
		p := newPlot(size)
		var max float64
		for _, r := range rows {
			max = maxf(max, float64(r.Revenue), float64(r.Cost()))
		}
		max = niceMax(max, minorUnit(cur))
		p.axes(max, moneyLabel(cur), cur, "Revenue", "Cost")
		if max <= 0 || p.w <= 0 || p.h <= 0 {
			p.empty("No revenue or cost in this range")
			return p.objs, nil
		}
		var hits []chartHit
		gw := p.w / float32(len(rows))
		bw := gw * 0.36
		for i, r := range rows {
			gx := p.x + float32(i)*gw
			for k, v := range []int64{r.Revenue, r.Cost()} {
				h := float32(maxf(0, float64(v)) / max * float64(p.h))
				p.rect(seriesColor(k), gx+gw*0.12+float32(k)*bw, p.y+p.h-h, bw, h)
			}
			p.text(fitText(name(r), gw-4), gx+gw/2, p.y+p.h+4, fyne.TextAlignCenter, false)
			hits = append(hits, chartHit{pos: fyne.NewPos(gx, p.y), size: fyne.NewSize(gw, p.h+plotBottom), index: i})
		}
		return p.objs, hits
	}
}

// drawStackedMonths draws each month's cost, commission, fees and bonuses
// stacked. A month whose commission is negative (clawbacks above new
// commission) draws that kind as zero; the table has the exact figures.
func drawStackedMonths(months []ledger.MonthCosts, cur string) func(fyne.Size) ([]fyne.CanvasObject, []chartHit) {
	return func(size fyne.Size) ([]fyne.CanvasObject, []chartHit) {
		p := newPlot(size)
		var max float64
		for _, m := range months {
			max = maxf(max, pos(m.Commission)+pos(m.Fees)+pos(m.Bonuses))
		}
		max = niceMax(max, minorUnit(cur))
		p.axes(max, moneyLabel(cur), cur, "Commission", "Fixed fees", "Bonuses")
		if max <= 0 || p.w <= 0 || p.h <= 0 {
			p.empty("No cost in this range")
			return p.objs, nil
		}
		gw := p.w / float32(len(months))
		every := 1 + int(70/gw) // month labels that fit
		for i, m := range months {
			gx := p.x + float32(i)*gw
			y := p.y + p.h
			for k, v := range []int64{m.Commission, m.Fees, m.Bonuses} {
				h := float32(pos(v) / max * float64(p.h))
				y -= h
				p.rect(seriesColor(k), gx+gw*0.15, y, gw*0.7, h)
			}
			if i%every == 0 {
				p.text(m.Month, gx+gw/2, p.y+p.h+4, fyne.TextAlignCenter, false)
			}
		}
		return p.objs, nil
	}
}

// drawScatter draws each row with a return on spend at (revenue, return
// on spend); the three best returns are named.
func drawScatter(rows []ledger.ReportRow, name func(ledger.ReportRow) string, cur string) func(fyne.Size) ([]fyne.CanvasObject, []chartHit) {
	return func(size fyne.Size) ([]fyne.CanvasObject, []chartHit) {
		p := newPlot(size)
		var maxX, maxY float64
		var idx []int
		for i, r := range rows {
			if v, ok := r.ReturnOnSpend(); ok {
				idx = append(idx, i)
				maxX, maxY = maxf(maxX, float64(r.Revenue)), maxf(maxY, float64(v)/100)
			}
		}
		maxX, maxY = niceMax(maxX, minorUnit(cur)), niceMax(maxY, 1)
		p.axes(maxY, func(v float64) string { return fmt.Sprintf("%.1f×", v) }, "Return on spend", "Revenue ("+cur+") →")
		if len(idx) == 0 || maxX <= 0 || maxY <= 0 || p.w <= 0 || p.h <= 0 {
			p.empty("No return on spend in this range")
			return p.objs, nil
		}
		p.text(moneyLabel(cur)(0), p.x, p.y+p.h+4, fyne.TextAlignLeading, false)
		p.text(moneyLabel(cur)(maxX), p.x+p.w, p.y+p.h+4, fyne.TextAlignTrailing, false)
		best := topROS(rows, idx, 3)
		var hits []chartHit
		for _, i := range idx {
			v, _ := rows[i].ReturnOnSpend()
			x := p.x + float32(float64(rows[i].Revenue)/maxX)*p.w
			y := p.y + p.h - float32(float64(v)/100/maxY)*p.h
			c := canvas.NewCircle(seriesColor(0))
			c.StrokeColor = theme.Color(theme.ColorNameBackground)
			c.StrokeWidth = 1
			c.Move(fyne.NewPos(x-4, y-4))
			c.Resize(fyne.NewSize(8, 8))
			p.objs = append(p.objs, c)
			if best[i] {
				p.text(name(rows[i]), x+6, y-7, fyne.TextAlignLeading, false)
			}
			hits = append(hits, chartHit{pos: fyne.NewPos(x-6, y-6), size: fyne.NewSize(12, 12), index: i})
		}
		return p.objs, hits
	}
}

// topROS marks the n rows of idx with the highest return on spend.
func topROS(rows []ledger.ReportRow, idx []int, n int) map[int]bool {
	best := map[int]bool{}
	for k := 0; k < n && k < len(idx); k++ {
		pick, pv := -1, int64(-1)
		for _, i := range idx {
			if v, _ := rows[i].ReturnOnSpend(); !best[i] && v > pv {
				pick, pv = i, v
			}
		}
		best[pick] = true
	}
	return best
}

func pos(v int64) float64 { return maxf(0, float64(v)) }

func maxf(a float64, bs ...float64) float64 {
	for _, b := range bs {
		if b > a {
			a = b
		}
	}
	return a
}
