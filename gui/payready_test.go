package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// With Select all, a creator without payout details no longer blocks the
// batch: the ready ones can be paid, the others are skipped and named.
func TestPayBatchSkipsMissingDetails(t *testing.T) {
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN A", 10000)
	ben := setup(t, s, "Ben", "PayPal: ben@example.com", 5000)
	kai := setup(t, s, "Kai", "", 2500)
	request(t, s, ana, 10000)
	request(t, s, ben, 5000)
	request(t, s, kai, 2500)
	u, w := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts

	// The ticked rows are totalled per currency.
	test.Tap(q.all)
	if got := q.count.Text; !strings.Contains(got, "3 selected") || !strings.Contains(got, "$175.00") {
		t.Errorf("selection total: got %q, want 3 selected and $175.00", got)
	}
	test.Tap(q.payOffline)
	if q.payForm != nil {
		t.Fatal("the pay form opened with a creator missing details, without asking")
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog after Mark paid offline")
	}
	pay := findButton(t, top, "Pay the 2 that are ready, skip 1 with details missing")
	test.Tap(pay)
	if q.payForm == nil || len(q.payForm.reqs) != 2 {
		t.Fatalf("pay form after skipping: %+v", q.payForm)
	}
	for _, r := range q.payForm.reqs {
		if r.CreatorName == "Kai" {
			t.Error("Kai, without details, is in the pay form")
		}
	}
	u.closeTopDialog()

	// The Ready to pay filter hides who cannot be paid.
	test.Tap(q.readyOnly)
	if len(q.rows) != 2 {
		t.Fatalf("rows with Ready to pay: got %d, want 2", len(q.rows))
	}
	for i := range q.rows {
		if got := tableText(q.table, i, requestCol(q, "Creator")); got == "Kai" {
			t.Error("Kai shown under Ready to pay")
		}
	}
	test.Tap(q.readyOnly)
	if len(q.rows) != 3 {
		t.Fatalf("rows without the filter: got %d, want 3", len(q.rows))
	}

	// The same alert opens the creator who has no details, to add them.
	test.Tap(q.all)
	test.Tap(q.all)
	test.Tap(q.payOffline)
	test.Tap(findButton(t, w.Canvas().Overlays().Top(), "Open creator"))
	if u.current != screenCreators || u.creators.profile == nil || u.creators.profile.id != creatorOf(t, s, kai) {
		t.Fatalf("after Open creator: screen %q, profile %+v", u.current, u.creators.profile)
	}
	if dialogsOpen(u) != 0 {
		t.Errorf("dialogs still open: %d", dialogsOpen(u))
	}
}

func creatorOf(t *testing.T, s *ledger.Store, deal int64) int64 {
	t.Helper()
	return mustDeal(t, s, deal).CreatorID
}

// When no ticked request can be paid, the alert offers to open the creator
// whose details are missing.
func TestMissingDetailsOpenCreator(t *testing.T) {
	s := mustOpen(t)
	kai := setup(t, s, "Kai", "", 2500)
	request(t, s, kai, 2500)
	u, w := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	test.Tap(q.all)
	test.Tap(q.payOffline)
	if q.payForm != nil {
		t.Fatal("pay form opened for a creator without details")
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no alert")
	}
	test.Tap(findButton(t, top, "Open creator"))
	if u.current != screenCreators || u.creators.profile == nil || u.creators.profile.id != q.rows[0].CreatorID {
		t.Fatalf("after Open creator: screen %q, profile %+v", u.current, u.creators.profile)
	}
	if dialogsOpen(u) != 0 {
		t.Errorf("dialogs still open: %d", dialogsOpen(u))
	}
}
