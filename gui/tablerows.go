package gui

import "fyne.io/fyne/v2/widget"

// shownRows wraps a table's Length so the table has no rows until it is
// taller than its header row, that is until it has been laid out with room
// to show one.
//
// Why: Fyne 2.7's Table, refreshed or laid out while the area under its
// header has no height (built before its screen is placed in the window, or
// laid out at zero size on the way there), takes every row as visible when
// it places the row dividers (widget/table.go, visibleRowHeights returns all
// rows when the content is 0 high; moveIndicators then makes one Separator
// per row). It keeps those separators, with their renderers, for as long as
// the table lives: about 12,000 for the Deals list of 12,000 deals, some 5
// MB, made again for each deal table built (Deals, a creator's or a
// campaign's deals) and for a deal's history of thousands of lines. The
// GUI benchmark process, which builds the window at each iteration, held
// 150 MB of them. Once the table has room, Length gives the real count and
// the table lays its rows out as before: only the rows on screen get cells
// and dividers.
func shownRows(t *widget.Table, length func() (rows, cols int)) func() (int, int) {
	header := float32(-1) // measured on first use: ShowHeaderRow may be set after the table is made
	return func() (int, int) {
		rows, cols := length()
		if header < 0 {
			header = 0
			if t.ShowHeaderRow && t.CreateHeader != nil {
				header = t.CreateHeader().MinSize().Height
			}
		}
		if t.Size().Height <= header {
			return 0, cols
		}
		return rows, cols
	}
}
