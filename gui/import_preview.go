package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The preview table of the Import orders dialog: the header, then the
// first rows of the file as written.

func (f *importFlow) previewSize() (int, int) {
	if f.header == nil {
		return 0, 0
	}
	return len(f.rows) + 1, len(f.header)
}

func (f *importFlow) previewCell() fyne.CanvasObject {
	return &widget.Label{Text: "Lineitem compare", Truncation: fyne.TextTruncateEllipsis}
}

func (f *importFlow) previewUpdate(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.TextStyle.Bold = id.Row == 0
	switch {
	case id.Row == 0 && id.Col < len(f.header):
		l.SetText(f.header[id.Col])
	case id.Row > 0 && id.Row-1 < len(f.rows) && id.Col < len(f.rows[id.Row-1]):
		l.SetText(strings.ReplaceAll(f.rows[id.Row-1][id.Col], "\n", " "))
	default:
		l.SetText("")
	}
}
