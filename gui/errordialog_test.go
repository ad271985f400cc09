package gui

import (
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// rectOf is where o is drawn on the canvas.
func rectOf(o fyne.CanvasObject) (fyne.Position, fyne.Size) {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size()
}

func overlap(a, b fyne.CanvasObject) bool {
	pa, sa := rectOf(a)
	pb, sb := rectOf(b)
	return pa.X < pb.X+sb.Width && pb.X < pa.X+sa.Width && pa.Y < pb.Y+sb.Height && pb.Y < pa.Y+sa.Height
}

// TestErrorDialogLayout: the error dialog's icon, title and message do
// not overlap, for a short and a long message, on a small and a large
// window; the whole message shows, and the title says what kind of
// failure it is.
func TestErrorDialogLayout(t *testing.T) {
	long := "the amount is too large: " + strings.Repeat("a deal of Ana Silva in Spring Launch 2026 ", 4)
	for _, size := range []fyne.Size{{Width: 1024, Height: 640}, {Width: 1920, Height: 1080}} {
		for _, tt := range []struct {
			err   error
			title string
		}{
			{ledger.Errorf(ledger.EINVALID, "amount required"), "Not accepted"},
			{ledger.Errorf(ledger.ECONFLICT, "%s", long), "Not possible"},
			{ledger.Errorf(ledger.ENOTFOUND, "no creator named %q", "Mia"), "Not found"},
		} {
			s := mustOpen(t)
			u, w := newTestUI(t, s)
			w.Resize(size)
			u.showError(tt.err)
			e := u.lastError
			top := w.Canvas().Overlays().Top()
			if top == nil || e == nil {
				t.Fatal("no error dialog")
			}
			var title *widget.Label
			for _, o := range test.LaidOutObjects(top) {
				if l, ok := o.(*widget.Label); ok && l.Text == tt.title {
					title = l
				}
			}
			if title == nil {
				t.Fatalf("%v: no title %q in:\n%s", tt.err, tt.title, shownText(top))
			}
			want := capitalize(ledger.ErrorMessage(tt.err))
			if e.msg.Text != want {
				t.Fatalf("message: got %q, want %q", e.msg.Text, want)
			}
			if overlap(e.icon, e.msg) || overlap(e.icon, title) || overlap(title, e.msg) {
				t.Fatalf("%v at %v: icon, title and message overlap", tt.err, size)
			}
			if _, ms := rectOf(e.msg); ms.Height < e.msg.MinSize().Height || ms.Width < 200 {
				t.Fatalf("%v at %v: message box %v, needs %v: cut", tt.err, size, ms, e.msg.MinSize())
			}
			if os.Getenv("PAYOUTS_SHOT") != "" {
				f, _ := os.Create(os.Getenv("PAYOUTS_SHOT"))
				png.Encode(f, w.Canvas().Capture())
				f.Close()
			}
			test.Tap(e.close)
			if dialogsOpen(u) != 0 {
				t.Fatal("OK did not close the error")
			}
		}
	}
}
