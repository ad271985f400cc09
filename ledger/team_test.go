package ledger_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// teamOf opens one SQLite ledger twice, as two people would from two
// programs: alice and bob, each recorded as the operator of what they do.
func teamOf(t *testing.T) (alice, bob *ledger.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.payouts")
	now := func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	open := func(name string) *ledger.Store {
		s, err := ledger.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.Now, s.Operator = now, name
		return s
	}
	return open("alice"), open("bob")
}

// TestApprovals: with approvals on, a payout request is paid only by
// someone other than who requested it, whichever way it is paid; the
// refusal is one line naming the requester, and changes nothing.
func TestApprovals(t *testing.T) {
	type pay func(s *ledger.Store, ids ...int64) error
	offline := func(s *ledger.Store, ids ...int64) error {
		return s.PayOffline(ctx, ledger.PayInput{RequestIDs: ids, Reference: "REF-" + itoa(ids[0])})
	}
	stripe := func(s *ledger.Store, ids ...int64) error {
		_, err := s.BeginStripePayment(ctx, ids[0])
		return err
	}
	tests := []struct {
		name      string
		approvals bool
		requested []string // who requests each request, in order
		payer     string
		how       pay
		refused   string // "" when paid; else who the refusal names
	}{
		{"off: alice pays her own", false, []string{"alice"}, "alice", offline, ""},
		{"on: alice pays her own", true, []string{"alice"}, "alice", offline, "alice"},
		{"on: bob pays alice's", true, []string{"alice"}, "bob", offline, ""},
		{"on: alice pays bob's", true, []string{"bob"}, "alice", offline, ""},
		{"on: batch of bob's and alice's paid by alice", true, []string{"bob", "alice"}, "alice", offline, "alice"},
		{"on: batch of alice's paid by bob", true, []string{"alice", "alice"}, "bob", offline, ""},
		{"on: Stripe, alice pays her own", true, []string{"alice"}, "alice", stripe, "alice"},
		{"on: Stripe, bob pays alice's", true, []string{"alice"}, "bob", stripe, ""},
		{"off: Stripe, alice pays her own", false, []string{"alice"}, "alice", stripe, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alice, bob := teamOf(t)
			people := map[string]*ledger.Store{"alice": alice, "bob": bob}
			deal := MustDeal(t, alice, "Ana", "USD", pct10)
			d, _ := alice.Deal(ctx, deal)
			if err := alice.AddCreatorAccount(ctx, "", d.CreatorID, "acct_ana0001"); err != nil {
				t.Fatal(err)
			}
			if err := alice.SetPayeeStatus(ctx, readyStatus("acct_ana0001")); err != nil {
				t.Fatal(err)
			}
			if err := alice.SetApprovals(ctx, tc.approvals); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, who := range tc.requested {
				ids = append(ids, mustRequest(t, people[who], deal, 1000))
			}
			before := mustBalances(t, alice, deal)
			err := tc.how(people[tc.payer], ids...)
			if tc.refused == "" {
				if err != nil {
					t.Fatal(err)
				}
				MustCheck(t, alice)
				return
			}
			wantCode(t, err, ledger.EPERMISSION)
			msg := ledger.ErrorMessage(err)
			if !strings.Contains(msg, "requested by "+tc.refused+",") || !strings.Contains(msg, "someone else must pay it") || strings.Contains(msg, "\n") {
				t.Fatalf("refusal %q: want one line naming %s", msg, tc.refused)
			}
			if after := mustBalances(t, alice, deal); after != before {
				t.Fatalf("the refused payment changed the deal: %+v, was %+v", after, before)
			}
			for _, id := range ids {
				if r, _ := alice.Request(ctx, id); r.Status != ledger.StatusRequested || r.PaidBy != "" {
					t.Fatalf("request %d after the refusal: %s, paid by %q", id, r.Status, r.PaidBy)
				}
			}
			MustCheck(t, alice)
		})
	}
}

// TestApprovalsPaidBy: the payer recorded is the second person, and an
// operator name is compared as people type it ("Alice " is alice).
func TestApprovalsPaidBy(t *testing.T) {
	alice, bob := teamOf(t)
	deal := MustDeal(t, alice, "Ana", "USD", pct10)
	if err := alice.SetApprovals(ctx, true); err != nil {
		t.Fatal(err)
	}
	id := mustRequest(t, alice, deal, 1000)
	alice.SetOperator("Alice ")
	err := alice.PayOffline(ctx, ledger.PayInput{RequestID: id, Reference: "R1"})
	wantCode(t, err, ledger.EPERMISSION)
	if err := bob.PayOffline(ctx, ledger.PayInput{RequestID: id, Reference: "R1"}); err != nil {
		t.Fatal(err)
	}
	r, _ := bob.Request(ctx, id)
	if r.Status != ledger.StatusPaid || r.PaidBy != "bob" || r.CreatedBy != "alice" {
		t.Fatalf("request %+v: want paid by bob, requested by alice", r)
	}
}

// TestApprovalsPastPayment: recording a past payment requests and pays in
// one operation, by one person: with approvals on it is refused and leaves
// no request behind.
func TestApprovalsPastPayment(t *testing.T) {
	alice, _ := teamOf(t)
	deal := MustDeal(t, alice, "Ana", "USD", pct10)
	if _, err := alice.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000}); err != nil {
		t.Fatal(err)
	}
	in := ledger.PastPaymentInput{DealID: deal, Amount: 1000, Reference: "OLD-1"}
	if err := alice.SetApprovals(ctx, true); err != nil {
		t.Fatal(err)
	}
	_, err := alice.RecordPastPayment(ctx, in)
	wantCode(t, err, ledger.EPERMISSION)
	if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "approvals on") || !strings.Contains(msg, "another approver") {
		t.Fatalf("refusal %q", msg)
	}
	if rs, _ := alice.Requests(ctx, ledger.RequestQuery{DealID: deal}); len(rs) != 0 {
		t.Fatalf("the refused past payment left %d requests", len(rs))
	}
	if err := alice.SetApprovals(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.RecordPastPayment(ctx, in); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, alice)
}

// TestApprovalsSetting: the setting reads back, goes through SetSetting
// only as on or off, and the queue's rule says the same as the refusal.
func TestApprovalsSetting(t *testing.T) {
	alice, _ := teamOf(t)
	if on, err := alice.Approvals(ctx); err != nil || on {
		t.Fatalf("a new ledger: approvals %v, %v; want off", on, err)
	}
	if err := alice.SetSetting(ctx, ledger.SettingApprovals, "on"); err != nil {
		t.Fatal(err)
	}
	if on, _ := alice.Approvals(ctx); !on {
		t.Fatal("approvals off after SetSetting on")
	}
	wantCode(t, alice.SetSetting(ctx, ledger.SettingApprovals, "maybe"), ledger.EINVALID)
	if alice.Role() != ledger.RoleOwner {
		t.Fatalf("role on SQLite %q, want owner", alice.Role())
	}
	rule, err := alice.PayRule(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own, other := &ledger.Request{CreatedBy: "alice"}, &ledger.Request{CreatedBy: "bob"}
	if why := rule.Refusal(own); !strings.Contains(why, "requested by alice") || !rule.NeedsAnother(own) {
		t.Fatalf("own request: %q", why)
	}
	if why := rule.Refusal(other); why != "" || rule.NeedsAnother(other) {
		t.Fatalf("bob's request: %q", why)
	}
}
