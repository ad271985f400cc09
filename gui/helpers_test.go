package gui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// testNow is the clock of every test ledger.
var testNow = time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)

// Every test reads amounts as in LANG=en_US.UTF-8, whatever the machine's
// locale: placeholders and messages are then the same everywhere.
func init() {
	osGetenv = func(k string) string {
		if k == "LANG" {
			return "en_US.UTF-8"
		}
		return ""
	}
}

// mustOpen opens a new ledger in the test's temporary folder.
func mustOpen(tb testing.TB) *ledger.Store {
	tb.Helper()
	s, err := ledger.Open(filepath.Join(tb.TempDir(), "test.payouts"))
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = func() time.Time { return testNow }
	s.Operator = "Tess"
	tb.Cleanup(func() { s.Close() })
	return s
}

// newTestUI builds the whole window over the store with the test driver.
func newTestUI(tb testing.TB, s *ledger.Store) (*ui, fyne.Window) {
	tb.Helper()
	a := test.NewTempApp(tb)
	w := test.NewTempWindow(tb, nil)
	u := newUI(a, w, s)
	w.SetContent(u.build())
	w.Resize(fyne.NewSize(1280, 800))
	u.deals.searchDelay = 0   // filter at each key: TestSearchWaitsForPause covers the delay
	u.payouts.searchDelay = 0 // likewise: TestQueueSearchWaitsForPause
	return u, w
}

// fillDemo writes the demo program into an empty store.
func fillDemo(tb testing.TB, s *ledger.Store, creators int) {
	tb.Helper()
	if err := demo.Fill(context.Background(), s, demo.Options{Seed: 1, Creators: creators}); err != nil {
		tb.Fatal(err)
	}
}

// tableText is what a table shows in a cell: the cell template updated
// for that row and column, as the table itself does when it draws.
func tableText(t *widget.Table, row, col int) string {
	o := t.CreateCell()
	t.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return visibleLabel(o)
}

// visibleLabel is the text of the first shown label in o, depth first.
func visibleLabel(o fyne.CanvasObject) string {
	switch c := o.(type) {
	case *widget.Label:
		return c.Text
	case *fyne.Container:
		for _, obj := range c.Objects {
			if !obj.Visible() {
				continue
			}
			if l, ok := obj.(*widget.Label); ok {
				return l.Text
			}
			if sub, ok := obj.(*fyne.Container); ok {
				if text := visibleLabel(sub); text != "" {
					return text
				}
			}
		}
	}
	return ""
}

// headerText is what a table shows in a column header.
func headerText(t *widget.Table, col int) string {
	o := t.CreateHeader()
	t.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, o)
	switch c := o.(type) {
	case *widget.Label:
		return c.Text
	case *widget.Button:
		return c.Text
	}
	return ""
}

// mustDeal reads a deal's balances from the ledger.
func mustDeal(tb testing.TB, s *ledger.Store, id int64) ledger.Deal {
	tb.Helper()
	d, err := s.Deal(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// dialogsOpen counts the dialogs open over the window.
func dialogsOpen(u *ui) int { return len(u.dialogs) }

// dealCol returns the index of the deals column titled title.
func dealCol(title string) int {
	for i, c := range dealColumns {
		if c.title == title {
			return i
		}
	}
	panic("no deal column " + title)
}

func historyCol(h *historyTable, title string) int {
	for i, c := range h.columns {
		if c.title == title {
			return i
		}
	}
	panic("no history column " + title)
}

func requestCol(q *payoutsScreen, title string) int {
	for i, c := range q.columns {
		if c.title == title {
			return i
		}
	}
	panic("no request column " + title)
}

// findButton finds the button labelled text among what root draws.
func findButton(tb testing.TB, root fyne.CanvasObject, text string) *widget.Button {
	tb.Helper()
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
		if b, ok := o.(*keyButton); ok && b.Text == text {
			return &b.Button
		}
	}
	tb.Fatalf("no button %q on screen", text)
	return nil
}

func tableCell(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }
