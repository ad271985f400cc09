package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// A clerk of a team ledger sees the queue as one who may not pay: every
// request Needs an approver, Pay off with the ledger's words; approvals
// and the Books card are not theirs to change. The role is the one the
// database gives them, not a test's stand-in.
func TestClerkOnTeamLedger(t *testing.T) {
	owner, url := pgLedger(t)
	ctx := context.Background()
	clerk := pgMember(t, owner, ledger.RoleClerk, "")
	s, err := ledger.Open(pgtest.As(url, clerk))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return testNow }
	ana := setup(t, owner, "Ana", "IBAN DE00 1", 10000)
	id := request(t, s, ana, 4000) // requested by the clerk
	if r, _ := s.Request(ctx, id); r.CreatedBy != clerk {
		t.Fatalf("requested by %q, want %s", r.CreatedBy, clerk)
	}

	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	if got := tableText(q.table, queueRowOf(t, q, id), requestCol(q, colWhoPays)); got != "Needs an approver" {
		t.Errorf("a clerk's queue: %q, want Needs an approver", got)
	}
	q.setSelected(id, true)
	want := "Pay is off: you (" + clerk + ", a clerk) may not pay payout requests: ask an approver"
	if !q.payOffline.Disabled() || !q.payStripe.Disabled() || q.cancel.Disabled() || q.payHint.Text != want {
		t.Fatalf("a clerk: pay off %v/%v, cancel off %v, hint %q; want pay off, cancel on, %q",
			q.payOffline.Disabled(), q.payStripe.Disabled(), q.cancel.Disabled(), q.payHint.Text, want)
	}
	u.showScreen(screenSettings)
	if !u.settings.approvals.Disabled() || !strings.Contains(u.settings.approvalsNote.Text, "may not turn approvals on or off: ask the ledger's owner") {
		t.Errorf("approvals for a clerk: off %v, note %q", u.settings.approvals.Disabled(), u.settings.approvalsNote.Text)
	}
	if !u.settings.periods.through.Disabled() {
		t.Error("a clerk may type a day to close the books through")
	}
}
