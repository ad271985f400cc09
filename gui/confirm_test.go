package gui

import (
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// buttonTexts lists the buttons of the newest dialog, sorted.
func buttonTexts(w fyne.Window) string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			out = append(out, b.Text)
		}
		if b, ok := o.(*keyButton); ok && b.Visible() {
			out = append(out, b.Text)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// TestConfirmButtonsSayWhatTheyDo: every step that takes something back
// asks with buttons named for what they do ("Void fee" / "Keep"), never
// "Yes"/"No" or a "Cancel" beside "Cancel request"; Keep changes nothing.
func TestConfirmButtonsSayWhatTheyDo(t *testing.T) {
	s := mustOpen(t)
	u, w := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 20000)
	fee := addFee(t, s, id, 5000, "Video", false)
	bonus := addBonus(t, s, id, 1000, "Extra")
	req := request(t, s, id, 3000)
	u.openDeal(id)
	p := u.dealPage
	before := mustDeal(t, s, id).Balances
	for _, tt := range []struct {
		name string
		open func()
		want string
	}{
		{"VoidFee", func() { test.Tap(p.voidButtons[fee]) }, "Keep, Void fee"},
		{"VoidBonus", func() { test.Tap(p.bonuses.voidButtons[bonus]) }, "Keep, Void bonus"},
		{"CancelRequest", func() { test.Tap(p.cancelButtons[req]) }, "Cancel request, Keep"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.open()
			if got := buttonTexts(w); got != tt.want {
				t.Fatalf("buttons: got %q, want %q", got, tt.want)
			}
			test.Tap(findButton(t, w.Canvas().Overlays().Top(), "Keep"))
			if dialogsOpen(u) != 0 {
				t.Fatal("Keep left the dialog open")
			}
			if got := mustDeal(t, s, id).Balances; got != before {
				t.Fatalf("Keep changed the deal: %+v, was %+v", got, before)
			}
		})
	}
	// Errors close with OK: there is nothing to choose.
	u.showError(errShown)
	if got := buttonTexts(w); got != "OK" {
		t.Fatalf("error dialog buttons: %q", got)
	}
}
