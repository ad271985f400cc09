package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// drawn walks what o draws (containers' objects, widgets' renderers) and
// counts its row and column dividers, and collects the texts of its labels
// on show.
func drawn(o fyne.CanvasObject, seen map[fyne.CanvasObject]bool, dividers *int, texts *[]string) {
	if o == nil || seen[o] {
		return
	}
	seen[o] = true
	switch v := o.(type) {
	case *widget.Separator:
		*dividers++ // hidden or not: it is held either way
	case *widget.Label:
		if v.Visible() && v.Text != "" {
			*texts = append(*texts, v.Text)
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			drawn(c, seen, dividers, texts)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			drawn(c, seen, dividers, texts)
		}
	}
}

func tableDrawn(t *widget.Table) (dividers int, texts []string) {
	drawn(t, map[fyne.CanvasObject]bool{}, &dividers, &texts)
	return dividers, texts
}

// TestTableDividersFollowTheScreen: a table holds dividers for the rows a
// screen shows, not one per row it has. Fyne's Table, laid out before it
// had any height, made and kept a divider per row (tablerows.go): 12,000
// for the Deals list of the large program, 150 MB in the GUI benchmark
// process. The rows still show once the table has room.
func TestTableDividersFollowTheScreen(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const deals = 300
	var first int64
	for i := 0; i < deals; i++ {
		id := setup(t, s, fmt.Sprintf("Creator %04d", i), "IBAN DE89 3704 0044 0532 0130 00", 100*historyPageSize)
		if i == 0 {
			first = id
		}
	}
	// A full page of history: payments, which the deal page lists nowhere
	// else (bonuses and fees each get a line with Void above the history).
	for i := 0; i < historyPageSize; i++ {
		if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: first, Amount: 1, Method: "bank", Reference: fmt.Sprintf("T%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// A 800-pixel window shows a few dozen rows and 13 columns at most.
	const screenful = 60
	u, w := newTestUI(t, s)
	dt := u.deals.deals
	for _, c := range []struct {
		name  string
		do    func()
		table func() *widget.Table
		rows  int    // what the table has
		shows string // laid out with room: a text its rows draw ("" before)
	}{
		{"DealsBuilt", func() {}, func() *widget.Table { return dt.table }, deals, ""},
		// The test canvas lays out once, at widths the wrapped labels
		// had before; the app's driver lays out again on the next frame.
		{"DealsLaidOut", func() { w.Content().Refresh() }, func() *widget.Table { return dt.table }, deals, "Creator 0"},
		{"DealsSearched", func() { u.deals.search.SetText("Creator 0"); u.deals.search.SetText("") }, func() *widget.Table { return dt.table }, deals, "Creator 0"},
		{"DealsSorted", func() { dt.onSort(dealCol(colRemaining)) }, func() *widget.Table { return dt.table }, deals, "Creator 0"},
		{"HistoryOpened", func() { u.openDeal(first) }, func() *widget.Table { return u.dealPage.history.table }, historyPageSize, ""},
		{"HistoryLaidOut", func() { w.Content().Refresh() }, func() *widget.Table { return u.dealPage.history.table }, historyPageSize, "Paid"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.do()
			tb := c.table()
			if rows, _ := tb.Length(); c.shows != "" && rows != c.rows {
				t.Errorf("rows: got %d, want %d", rows, c.rows)
			}
			dividers, texts := tableDrawn(tb)
			if dividers > screenful || c.rows <= screenful {
				t.Errorf("dividers: got %d for %d rows, want at most %d", dividers, c.rows, screenful)
			}
			if c.shows != "" && !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, c.shows) }) {
				t.Errorf("laid out at %v, the table draws no %q: %q", tb.Size(), c.shows, texts)
			}
		})
	}
}
