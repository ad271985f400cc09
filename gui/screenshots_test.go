package gui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Screen checks (issue 13): every screen, at the smallest window the app
// is made for (1024x640) and at full HD, is rendered by Fyne's test driver
// and its widget tree walked for text that is cut: a label or table cell
// whose text is truncated with an ellipsis, whose text needs more room
// than it has, or that is laid out beyond the window's edge. A screen that
// renders blank (a picture with almost no variation) fails too.

// screenSizes are the window sizes every screen is checked at.
var screenSizes = []fyne.Size{{Width: 1024, Height: 640}, {Width: 1920, Height: 1080}}

// screenCase opens one screen of the app; region is the part of the
// window the screen draws (the body beside the navigation, or a dialog).
type screenCase struct {
	name string
	open func(t *testing.T, u *ui)
	// dialog: the screen is a dialog over the window, checked as a whole.
	dialog bool
}

// demoScreens is every screen of the app, opened over the demo ledger.
func demoScreens(deal int64) []screenCase {
	return []screenCase{
		{name: "Deals", open: func(t *testing.T, u *ui) { u.showScreen(screenDeals) }},
		{name: "DealPage", open: func(t *testing.T, u *ui) { u.openDeal(deal) }},
		{name: "Creators", open: func(t *testing.T, u *ui) { u.showScreen(screenCreators) }},
		{name: "CreatorPage", open: func(t *testing.T, u *ui) {
			u.showScreen(screenCreators)
			u.creators.view.Select(0)
		}},
		{name: "Messages", open: func(t *testing.T, u *ui) {
			u.showScreen(screenCreators)
			u.creators.view.Select(0)
			tabs := findTabs(t, u.body)
			tabs.SelectIndex(len(tabs.Items) - 1)
			if tabs.Selected().Text != "Messages" {
				t.Fatalf("tab %q, want Messages", tabs.Selected().Text)
			}
		}},
		{name: "Queue", open: func(t *testing.T, u *ui) {
			u.showScreen(screenPayouts)
			u.payouts.view.SetSelected("Requested")
		}},
		{name: "Paid", open: func(t *testing.T, u *ui) {
			u.showScreen(screenPayouts)
			u.payouts.view.SetSelected("Paid")
		}},
		{name: "Campaigns", open: func(t *testing.T, u *ui) { u.showScreen(screenCampaigns) }},
		{name: "Reports", open: func(t *testing.T, u *ui) { u.showScreen(screenReports) }},
		{name: "Settings", open: func(t *testing.T, u *ui) { u.showScreen(screenSettings) }},
		{name: "NewDeal", dialog: true, open: func(t *testing.T, u *ui) { u.onNewDeal() }},
		{name: "Export", dialog: true, open: func(t *testing.T, u *ui) { u.onExport() }},
		{name: "Import", dialog: true, open: func(t *testing.T, u *ui) {
			u.onImport()
			f := u.imports
			f.path.SetText(ordersFile("shopify_first.csv"))
			f.load(f.path.Text)
			waitEarnings(t, f)
		}},
	}
}

func TestScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every screen twice")
	}
	s := mustOpen(t)
	fillDemo(t, s, 40)
	deals, err := s.Deals(context.Background(), ledger.DealQuery{Limit: 1})
	if err != nil || len(deals) == 0 {
		t.Fatalf("demo deals: %v", err)
	}
	for _, size := range screenSizes {
		for _, sc := range demoScreens(deals[0].ID) {
			t.Run(fmt.Sprintf("%s/%.0fx%.0f", sc.name, size.Width, size.Height), func(t *testing.T) {
				u, w := newTestUI(t, s)
				w.Resize(size)
				sc.open(t, u)
				checkScreen(t, u, w, sc.dialog)
			})
		}
	}
}

// checkScreen renders the window and fails on text that is cut or a
// screen that is blank.
func checkScreen(t *testing.T, u *ui, w fyne.Window, dialog bool) {
	t.Helper()
	img := w.Canvas().Capture()
	size := w.Canvas().Size()
	for _, c := range cutTexts(w.Canvas(), size, dialog) {
		t.Errorf("text cut: %s", c)
	}
	region := img.Bounds()
	if !dialog {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.body)
		sz := u.body.Size()
		region = image.Rect(int(pos.X), int(pos.Y), int(pos.X+sz.Width), int(pos.Y+sz.Height)).Intersect(region)
	}
	v := variation(img, region)
	if v < blankBelow {
		t.Errorf("blank: %.4f of the pixels differ from the background, want at least %.4f", v, blankBelow)
	}
	t.Logf("variation %.4f", v)
	// To look at what was checked: PAYOUTS_SCREENS_DIR=/tmp/screens.
	if dir := os.Getenv("PAYOUTS_SCREENS_DIR"); dir != "" {
		name := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".png")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
}

// blankBelow is the share of pixels, other than the most common colour,
// below which a screen counts as blank: a heading alone is about 0.002.
const blankBelow = 0.01

// variation is the share of the region's pixels whose colour is not the
// most common one.
func variation(img image.Image, r image.Rectangle) float64 {
	if r.Empty() {
		return 0
	}
	counts := map[color.RGBA]int{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	total := r.Dx() * r.Dy()
	return float64(total-top) / float64(total)
}

// cutTexts walks what the canvas draws (its content and the dialogs over
// it, or the dialogs only) and describes each text that is cut.
func cutTexts(c fyne.Canvas, window fyne.Size, dialogsOnly bool) []string {
	var cuts []string
	var walk func(o fyne.CanvasObject, at fyne.Position, scrolled bool, path string)
	walk = func(o fyne.CanvasObject, at fyne.Position, scrolled bool, path string) {
		if o == nil || !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		size := o.Size()
		if size.Width <= 0 || size.Height <= 0 {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			if why := labelCut(x); why != "" {
				cuts = append(cuts, fmt.Sprintf("%s label %q: %s", path, x.Text, why))
			}
		case *widget.Entry, *entry, *dateEntry, *keySelectEntry, *widget.SelectEntry, *widget.DateEntry:
			if why := entryCut(x.(fyne.Widget)); why != "" {
				cuts = append(cuts, fmt.Sprintf("%s %s", path, why))
			}
		case *widget.Button:
			if x.Text != "" && x.MinSize().Width > size.Width+1 {
				cuts = append(cuts, fmt.Sprintf("%s button %q: needs %.0f px, has %.0f", path, x.Text, x.MinSize().Width, size.Width))
			}
		}
		// Within a scrolled area, what lies beyond the window is reached
		// by scrolling; elsewhere it is cut off.
		if !scrolled && hasText(o) && (pos.X+size.Width > window.Width+1 || pos.Y+size.Height > window.Height+1) {
			cuts = append(cuts, fmt.Sprintf("%s %s: beyond the window's edge (%.0f,%.0f %.0fx%.0f in %.0fx%.0f)",
				path, textOf(o), pos.X, pos.Y, size.Width, size.Height, window.Width, window.Height))
		}
		if _, ok := o.(*container.Scroll); ok {
			scrolled = true
		}
		if _, ok := o.(*widget.Table); ok {
			scrolled = true
		}
		if _, ok := o.(*widget.List); ok {
			scrolled = true
		}
		name := fmt.Sprintf("%T", o)
		if strings.Contains(name, "Scroll") {
			scrolled = true
		}
		path = path + "/" + strings.TrimPrefix(name, "*")
		switch x := o.(type) {
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child, pos, scrolled, path)
			}
		case fyne.Widget:
			if _, ok := o.(*widget.Label); ok {
				return // its text checked above
			}
			for _, child := range test.WidgetRenderer(x).Objects() {
				walk(child, pos, scrolled, path)
			}
		}
	}
	if !dialogsOnly {
		walk(c.Content(), fyne.Position{}, false, "")
	}
	for _, o := range c.Overlays().List() {
		walk(o, fyne.Position{}, false, "")
	}
	return cuts
}

// labelCut says how a label's text is cut, or "". A label that truncates
// is measured as one that does not: what it draws is laid out lazily, so
// its drawn text is not a reliable witness.
func labelCut(l *widget.Label) string {
	if l.Text == "" {
		return ""
	}
	size := l.Size()
	if l.Wrapping == fyne.TextWrapOff {
		probe := &widget.Label{Text: l.Text, TextStyle: l.TextStyle, SizeName: l.SizeName}
		if need := probe.MinSize(); need.Width > size.Width+1 {
			if l.Truncation != fyne.TextTruncateOff {
				return fmt.Sprintf("truncated: needs %.0f px, has %.0f", need.Width, size.Width)
			}
			return fmt.Sprintf("needs %.0f px, has %.0f", need.Width, size.Width)
		}
	}
	if min := l.MinSize(); min.Height > size.Height+1 {
		return fmt.Sprintf("needs %.0f px of height, has %.0f", min.Height, size.Height)
	}
	return ""
}

// entryCut says how a one-line entry's text is cut, or "": wider than the
// entry less its padding, its button (a date's calendar, a list's
// drop-down) and its validation icon.
func entryCut(w fyne.Widget) string {
	var e *widget.Entry
	switch x := w.(type) {
	case *widget.Entry:
		e = x
	case *entry:
		e = &x.Entry
	case *dateEntry:
		e = &x.Entry
	case *keySelectEntry:
		e = &x.Entry
	case *widget.SelectEntry:
		e = &x.Entry
	case *widget.DateEntry:
		e = &x.Entry
	}
	if e == nil || e.MultiLine || e.Text == "" || e.Password {
		return ""
	}
	room := w.Size().Width - 2*theme.InnerPadding() - 2*theme.InputBorderSize()
	if e.ActionItem != nil && e.ActionItem.Visible() {
		room -= e.ActionItem.MinSize().Width
	}
	if e.Validator != nil { // its status icon, shown once the text was checked
		room -= theme.IconInlineSize() + theme.Padding()
	}
	need := fyne.MeasureText(e.Text, theme.TextSize(), e.TextStyle).Width
	if need > room+1 {
		return fmt.Sprintf("entry %q: needs %.0f px, has %.0f", e.Text, need, room)
	}
	return ""
}

// hasText reports whether o is a text a person reads.
func hasText(o fyne.CanvasObject) bool {
	switch x := o.(type) {
	case *widget.Label:
		return x.Text != ""
	case *widget.Button:
		return x.Text != ""
	case *canvas.Text:
		return x.Text != ""
	}
	return false
}

func textOf(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Label:
		return fmt.Sprintf("label %q", x.Text)
	case *widget.Button:
		return fmt.Sprintf("button %q", x.Text)
	case *canvas.Text:
		return fmt.Sprintf("text %q", x.Text)
	}
	return fmt.Sprintf("%T", o)
}

// findTabs finds the first tab container under root.
func findTabs(t *testing.T, root fyne.CanvasObject) *container.AppTabs {
	t.Helper()
	for _, o := range test.LaidOutObjects(root) {
		if tabs, ok := o.(*container.AppTabs); ok {
			return tabs
		}
	}
	t.Fatal("no tabs on screen")
	return nil
}

// TestScreenChecks: the checks find what they are for, so that a screen
// passing them means something: an ellipsis in a label and in a table
// cell, a label squeezed below its size, a button beyond the window's
// edge, and a blank window.
func TestScreenChecks(t *testing.T) {
	test.NewTempApp(t)
	long := "Spring Launch 2026 with a name longer than its column"
	table := widget.NewTable(func() (int, int) { return 1, 1 },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(_ widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(long) })
	table.SetColumnWidth(0, 80)
	squeezed := widget.NewLabel(long)
	content := container.NewBorder(
		container.NewGridWithColumns(2, &widget.Label{Text: long, Truncation: fyne.TextTruncateEllipsis}, container.NewWithoutLayout(squeezed)),
		nil, nil, nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(200, 100), table), widget.NewButton("Far right", nil)))
	squeezed.Resize(fyne.NewSize(40, squeezed.MinSize().Height))
	w := test.NewTempWindow(t, content)
	w.Resize(fyne.NewSize(240, 200))
	w.Canvas().Capture()
	cuts := strings.Join(cutTexts(w.Canvas(), w.Canvas().Size(), false), "\n")
	for _, want := range []string{"label \"" + long + "\": truncated", "/widget.Table/", "has 40", "button \"Far right\": beyond the window's edge"} {
		if !strings.Contains(cuts, want) {
			t.Errorf("cuts lack %q:\n%s", want, cuts)
		}
	}

	blank := test.NewTempWindow(t, container.NewStack())
	blank.Resize(fyne.NewSize(300, 200))
	img := blank.Canvas().Capture()
	if v := variation(img, img.Bounds()); v >= blankBelow {
		t.Errorf("blank window: variation %.4f, want below %.4f", v, blankBelow)
	}
	if v := variation(w.Canvas().Capture(), img.Bounds()); v < blankBelow {
		t.Errorf("window with text: variation %.4f, want at least %.4f", v, blankBelow)
	}
}
