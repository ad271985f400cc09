package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The window opens at the size it had when it was last closed.
func TestWindowRemembersSize(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Payouts")
	FitWindow(a, w)
	if got := w.Canvas().Size(); got != defaultWindowSize {
		t.Errorf("first run: got %v, want %v", got, defaultWindowSize)
	}
	w.Resize(fyne.NewSize(1700, 950))
	w.Close()

	w2 := a.NewWindow("Payouts")
	FitWindow(a, w2)
	if got := w2.Canvas().Size(); got != fyne.NewSize(1700, 950) {
		t.Errorf("next run: got %v, want 1700x950", got)
	}
	// A window closed while tiny (minimised) does not shrink the next one.
	w2.Resize(fyne.NewSize(10, 10))
	w2.Close()
	w3 := a.NewWindow("Payouts")
	FitWindow(a, w3)
	if got := w3.Canvas().Size(); got != fyne.NewSize(1700, 950) {
		t.Errorf("after a tiny close: got %v, want 1700x950", got)
	}
	w3.Close()
}

// The confirmation of Cancel says what each button does.
func TestCancelConfirmSaysWhatItDoes(t *testing.T) {
	s := mustOpen(t)
	a := setup(t, s, "Ana", "IBAN A", 10000)
	request(t, s, a, 4000)
	u, w := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	test.Tap(q.all)
	test.Tap(q.cancel)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(findButton(t, top, "Keep"))
	if len(q.rows) != 1 {
		t.Fatalf("Keep cancelled the request: %d rows", len(q.rows))
	}
	test.Tap(q.all)
	test.Tap(q.all)
	test.Tap(q.cancel)
	test.Tap(findButton(t, w.Canvas().Overlays().Top(), "Cancel request"))
	if len(q.rows) != 0 {
		t.Errorf("Cancel request left %d rows", len(q.rows))
	}
}

// The restore confirmation's buttons say what they do.
func TestRestoreConfirmSaysWhatItDoes(t *testing.T) {
	s := mustOpen(t)
	u, w := newTestUI(t, s)
	u.confirmRestore("/nowhere/backup.payouts")
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no confirmation")
	}
	findButton(t, top, "Restore")
	test.Tap(findButton(t, top, "Keep current ledger"))
	if dialogsOpen(u) != 0 {
		t.Errorf("dialogs open after Keep current ledger: %d", dialogsOpen(u))
	}
}
