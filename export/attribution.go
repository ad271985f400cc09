package export

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// attributionCols are the deal rows of the Attribution sheet: the figures
// of `payouts report --by deal` and of the Reports screen. Cost, net and
// return on spend are formulas over the row, so the sheet explains itself.
var attributionCols = []column{
	{"Deal", 7}, {"Creator", 24}, {"Campaign", 22}, {"Currency", 9}, {"Orders", 9}, {"Revenue", 14}, {"Commission", 14},
	{"Fixed fees", 14}, {"Bonuses", 14}, {"Cost", 14}, {"Paid", 14}, {"Net", 14}, {"Return on spend", 16},
}

// campaignCols are the per-campaign block beside the deal rows (from column
// O), which the charts plot: sums of the deal rows, by formula.
var campaignCols = []column{
	{"Campaign", 22}, {"Currency", 9}, {"Orders", 9}, {"Revenue", 14}, {"Cost", 14}, {"Net", 14}, {"Return on spend", 16},
}

const campaignFirstCol = 15 // O

// writeAttribution writes what each deal brought in against what it cost
// over the export's range, then the same per campaign and currency, and one
// chart of revenue against cost per campaign for each currency (amounts in
// different currencies never share an axis).
func (b *book) writeAttribution(rows []ledger.ReportRow) error {
	sh := SheetAttribution
	f := b.f
	last := len(rows) + 1
	fail := func(err error) error { return fmt.Errorf("sheet %s: %w", sh, err) }
	lastCol, _ := excelize.ColumnNumberToName(len(attributionCols))
	if err := f.AutoFilter(sh, "A1:"+lastCol+strconv.Itoa(last), nil); err != nil {
		return fail(err)
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return fail(err)
	}
	head := func(col int, cols []column) error {
		for i, c := range cols {
			name, _ := excelize.ColumnNumberToName(col + i)
			if err := f.SetColWidth(sh, name, name, c.width); err != nil {
				return err
			}
			if err := f.SetCellValue(sh, name+"1", c.title); err != nil {
				return err
			}
		}
		first, _ := excelize.ColumnNumberToName(col)
		lastName, _ := excelize.ColumnNumberToName(col + len(cols) - 1)
		return f.SetCellStyle(sh, first+"1", lastName+"1", b.header)
	}
	if err := head(1, attributionCols); err != nil {
		return fail(err)
	}
	ratio, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.00")})
	if err != nil {
		return fail(err)
	}
	for i, r := range rows {
		n := strconv.Itoa(i + 2)
		c := b.currency(r.Currency)
		vals := []any{r.DealID, b.text(r.CreatorName), b.text(r.CampaignName), r.Currency, r.Orders,
			b.money(r.Revenue, r.Currency), b.money(r.Commission, r.Currency), b.money(r.Fees, r.Currency), b.money(r.Bonuses, r.Currency),
			formula(c.amount, "SUM(G"+n+":I"+n+")"), b.money(r.Paid, r.Currency), formula(c.amount, "F"+n+"-J"+n),
			formula(ratio, `IF(J`+n+`>0,F`+n+`/J`+n+`,"")`)}
		if err := b.setCells(sh, 1, n, vals); err != nil {
			return fail(err)
		}
	}

	// Per campaign and currency, grouped by currency for the charts.
	type key struct{ cur, campaign string }
	var keys []key
	seen := map[key]bool{}
	for _, r := range rows {
		k := key{r.Currency, r.CampaignName}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].cur != keys[j].cur {
			return keys[i].cur < keys[j].cur
		}
		return keys[i].campaign < keys[j].campaign
	})
	if err := head(campaignFirstCol, campaignCols); err != nil {
		return fail(err)
	}
	// SUMPRODUCT compares exactly: SUMIF would read a campaign named ">5"
	// or "=x" as a condition.
	span := func(col string) string { return colRange("", col, 2, max(2, last)) }
	sumOf := func(col, n string) string {
		return "SUMPRODUCT((" + span("C") + "=O" + n + ")*(" + span("D") + "=P" + n + ")*" + span(col) + ")"
	}
	for i, k := range keys {
		n := strconv.Itoa(i + 2)
		c := b.currency(k.cur)
		vals := []any{b.text(k.campaign), k.cur, formula(0, sumOf("E", n)), formula(c.amount, sumOf("F", n)), formula(c.amount, sumOf("J", n)),
			formula(c.amount, "R"+n+"-S"+n), formula(ratio, `IF(S`+n+`>0,R`+n+`/S`+n+`,"")`)}
		if err := b.setCells(sh, campaignFirstCol, n, vals); err != nil {
			return fail(err)
		}
	}
	// One chart per currency, below the campaign block.
	at := len(keys) + 4
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j].cur == keys[i].cur {
			j++
		}
		from, to := strconv.Itoa(i+2), strconv.Itoa(j+1)
		cur := keys[i].cur
		series := func(col, name string) excelize.ChartSeries {
			return excelize.ChartSeries{Name: sh + "!$" + col + "$1", Categories: sh + "!$O$" + from + ":$O$" + to,
				Values: sh + "!$" + col + "$" + from + ":$" + col + "$" + to}
		}
		if err := f.AddChart(sh, "O"+strconv.Itoa(at), &excelize.Chart{
			Type:      excelize.Col,
			Series:    []excelize.ChartSeries{series("R", "Revenue"), series("S", "Cost")},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Revenue and cost per campaign (" + cur + ")"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: cur}}}},
			Dimension: excelize.ChartDimension{Width: 640, Height: 320},
		}); err != nil {
			return fail(err)
		}
		at += 18
		i = j
	}
	return nil
}

// setCells writes one row of values from column first, as the stream
// writer would: an excelize.Cell with its style, value or formula; nil as
// no cell. (The non-stream SetSheetRow would write an excelize.Cell as
// its text.)
func (b *book) setCells(sh string, first int, n string, vals []any) error {
	for i, v := range vals {
		name, _ := excelize.ColumnNumberToName(first + i)
		cell := name + n
		c, ok := v.(excelize.Cell)
		if !ok {
			if v == nil {
				continue
			}
			c = excelize.Cell{Value: v}
		}
		var err error
		switch {
		case c.Formula != "":
			err = b.f.SetCellFormula(sh, cell, c.Formula)
		case c.Value != nil:
			err = b.f.SetCellValue(sh, cell, c.Value)
		}
		if err == nil && c.StyleID != 0 {
			err = b.f.SetCellStyle(sh, cell, cell, c.StyleID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
