package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestColumnsFillWindow: on a wide screen the name columns of Deals and of
// the queue take the room left, so no name is cut while space is empty; on
// a 1024 px window they keep their usual widths (and the table scrolls).
func TestColumnsFillWindow(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 40)
	u, w := newTestUI(t, s)
	u.showScreen(screenDeals)
	dt := u.deals.deals
	pad := 2*theme.InnerPadding() + 2*theme.Padding()

	w.Resize(fyne.NewSize(1024, 640))
	if got := dt.fill.widths[0]; got != dealColumns[0].width {
		t.Fatalf("Creator column at 1024 px: %v, want its usual %v", got, dealColumns[0].width)
	}
	w.Resize(fyne.NewSize(2560, 1440))
	width := dt.table.Size().Width
	var sum float32
	for _, cw := range dt.fill.widths {
		sum += cw + theme.Padding() // the table spaces columns by the padding
	}
	if sum > width || width-sum > theme.ScrollBarSize()+theme.Padding()+float32(len(dealColumns)) {
		t.Fatalf("at 2560 px the columns take %v of the table's %v", sum, width)
	}
	for col, name := range map[int]string{0: "Creator", 1: "Campaign"} {
		if dt.fill.widths[col] <= dealColumns[col].width {
			t.Errorf("%s column at 2560 px: %v, no wider than at 1024", name, dt.fill.widths[col])
		}
		for row := 0; row < dt.total; row++ {
			text := tableText(dt.table, row, col)
			if tw := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width + pad; tw > dt.fill.widths[col] {
				t.Errorf("%s %q (%v px) cut at 2560 px in a column of %v", name, text, tw, dt.fill.widths[col])
			}
		}
	}

	// The queue: its names and comment take the room too.
	u.showScreen(screenPayouts)
	q := u.payouts
	w.Resize(fyne.NewSize(1024, 640))
	narrow := append([]float32(nil), q.fill.widths...)
	w.Resize(fyne.NewSize(2560, 1440))
	for _, i := range q.stretchColumns() {
		if q.fill.widths[i] <= narrow[i] {
			t.Errorf("queue column %q at 2560 px: %v, no wider than at 1024 (%v)", q.columns[i].title, q.fill.widths[i], narrow[i])
		}
	}
	for i := range q.columns {
		if q.fill.widths[i] < q.widths[i] {
			t.Errorf("queue column %q narrower than its text: %v < %v", q.columns[i].title, q.fill.widths[i], q.widths[i])
		}
	}

	// Creators: the list is the left part of a split, so it widens with the
	// window.
	u.showScreen(screenCreators)
	w.Resize(fyne.NewSize(1024, 640))
	small := u.creators.view.Size().Width
	w.Resize(fyne.NewSize(2560, 1440))
	if big := u.creators.view.Size().Width; big <= small {
		t.Errorf("Creators list: %v px at 2560, %v at 1024", big, small)
	}
}
