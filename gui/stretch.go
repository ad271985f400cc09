package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnStretch lays out a table so its columns fill the width it is
// given: each column has its usual width, and the room a wider window
// leaves is shared among the stretch columns (names, comments), so a long
// campaign name is not cut while half the screen is empty. A window
// narrower than the usual widths scrolls as before.
type columnStretch struct {
	table   *widget.Table
	base    func() []float32 // the usual width of each column
	stretch func() []int     // the columns that take the room left
	widths  []float32        // the widths last set, for tests
}

// stretchColumns wraps table in a container that stretches its columns.
func stretchColumns(table *widget.Table, base func() []float32, stretch func() []int) (*fyne.Container, *columnStretch) {
	c := &columnStretch{table: table, base: base, stretch: stretch}
	return container.New(c, table), c
}

func (c *columnStretch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

func (c *columnStretch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	c.fit(size.Width)
}

// fit sets the column widths for a table width.
func (c *columnStretch) fit(width float32) {
	base := c.base()
	// A table spaces its columns by the theme's padding, not by the
	// separator's thickness (fyne widget/table.go): counting the thinner
	// separator pushed the last column 3 px per column past the edge.
	sep := theme.Padding()
	used := theme.ScrollBarSize() + theme.Padding() // the vertical scroll bar
	for _, w := range base {
		used += w + sep
	}
	stretch := c.stretch()
	extra := float32(0)
	if room := width - used; room > 0 && len(stretch) > 0 {
		extra = float32(int(room / float32(len(stretch))))
	}
	c.widths = make([]float32, len(base))
	for i, w := range base {
		for _, s := range stretch {
			if s == i {
				w += extra
			}
		}
		c.widths[i] = w
		c.table.SetColumnWidth(i, w) // a no-op when unchanged
	}
}

// refit applies new usual widths at the table's current size.
func (c *columnStretch) refit() {
	c.fit(c.table.Size().Width)
}
