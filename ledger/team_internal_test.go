package ledger

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Internal tests run operations of their own kinds (test.*): the owner's.
func init() { opPermissions["test.settle"] = permission{RoleOwner, "settle in tests"} }

// withRole makes s read role as a team ledger would from its database
// roles (on an SQLite file everyone is the owner).
func withRole(s *Store, role Role) {
	s.roles.load = func(context.Context) (Role, error) { return role, nil }
	s.roles.role.Store(nil)
}

// TestRoleRefusals: each role may do its own operations and those of the
// roles below it, and is refused the others before anything is written,
// in one line that names the person, their role, what was refused and
// whom to ask. The check is in the operations, so the CLI and the app get
// it alike.
func TestRoleRefusals(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "roles.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Operator = "alice"
	// A deal with a scheduled fee and money owed, set up by the owner.
	cr, _ := s.AddCreator(ctx, CreatorInput{Name: "Ana", PayoutDetails: "IBAN X"})
	ca, _ := s.AddCampaign(ctx, CampaignInput{Name: "Spring"})
	deal, err := s.AddDeal(ctx, DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: Rule{Kind: RulePercent, Value: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	fee, err := s.AddFee(ctx, FeeInput{DealID: deal, Amount: 500})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, BonusInput{DealID: deal, Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	req, err := s.RequestPayout(ctx, RequestInput{DealID: deal, Amount: 1000})
	if err != nil {
		t.Fatal(err)
	}

	ops := []struct {
		name string
		need Role
		what string
		run  func() error
	}{
		{"AddCreator", RoleClerk, "add creators", func() error {
			_, err := s.AddCreator(ctx, CreatorInput{Name: "Bea"})
			return err
		}},
		{"RequestPayout", RoleClerk, "request payouts", func() error {
			_, err := s.RequestPayout(ctx, RequestInput{DealID: deal, Amount: 100})
			return err
		}},
		{"ImportOrders", RoleClerk, "import orders", func() error {
			_, err := s.ImportOrders(ctx, "", "shop", []OrderInput{{OrderID: "1", DealID: deal, Currency: "USD", PaidDate: "2026-11-01", Base: 100}})
			return err
		}},
		{"ConfirmFee", RoleApprover, "confirm fixed fees", func() error { return s.ConfirmFee(ctx, "", fee) }},
		{"AddFee confirmed", RoleApprover, "confirm fixed fees", func() error {
			_, err := s.AddFee(ctx, FeeInput{DealID: deal, Amount: 100, Confirm: true})
			return err
		}},
		{"PayOffline", RoleApprover, "pay payout requests", func() error {
			return s.PayOffline(ctx, PayInput{RequestID: req, Reference: "R-" + itoa(req)})
		}},
		{"BeginStripePayment", RoleApprover, "pay payout requests", func() error {
			_, err := s.BeginStripePayment(ctx, req)
			return err
		}},
		{"ClosePeriod", RoleApprover, "close periods", func() error { return s.ClosePeriod(ctx, "", "2026-01-31") }},
		{"SetApprovals", RoleOwner, "turn approvals on or off", func() error { return s.SetApprovals(ctx, true) }},
	}
	for _, role := range []Role{RoleViewer, RoleClerk, RoleApprover} {
		for _, op := range ops {
			if role.Allows(op.need) {
				continue // allowed: what it does is other tests' business
			}
			t.Run(string(role)+"/"+op.name, func(t *testing.T) {
				withRole(s, role)
				defer withRole(s, RoleOwner)
				before, _ := s.DataVersion(ctx)
				err := op.run()
				want := "you (alice, " + role.article() + ") may not " + op.what + ": ask " + op.need.article()
				if ErrorCode(err) != EPERMISSION || ErrorMessage(err) != want {
					t.Fatalf("got %v (%s), want %q", err, ErrorCode(err), want)
				}
				if after, _ := s.DataVersion(ctx); after != before {
					t.Fatalf("the refused operation wrote: data version %d -> %d", before, after)
				}
			})
		}
	}
	// The examples of the issue, word for word.
	withRole(s, RoleClerk)
	if err := s.PayOffline(ctx, PayInput{RequestID: req, Reference: "R"}); ErrorMessage(err) != "you (alice, a clerk) may not pay payout requests: ask an approver" {
		t.Fatalf("clerk pays: %v", err)
	}
	withRole(s, RoleApprover)
	if err := s.ConfirmFee(ctx, "", fee); err != nil {
		t.Fatalf("an approver confirms a fee: %v", err)
	}
	if err := s.PayOffline(ctx, PayInput{RequestID: req, Reference: "R"}); err != nil {
		t.Fatalf("an approver pays: %v", err)
	}
	rule, _ := s.PayRule(ctx)
	withRole(s, RoleClerk)
	rule2, _ := s.PayRule(ctx)
	if rule.Refusal(&Request{CreatedBy: "bob"}) != "" || rule2.Refusal(&Request{CreatedBy: "bob"}) != "you (alice, a clerk) may not pay payout requests: ask an approver" {
		t.Fatalf("the queue's rule: approver %q, clerk %q", rule.Refusal(&Request{}), rule2.Refusal(&Request{}))
	}
}

// TestEveryOperationHasAPermission: every kind of operation the ledger
// runs (do's kind argument) is in opPermissions. do refuses a kind missing
// there, so one missing would break the operation in every test; this says
// which, and keeps the table free of kinds no operation uses.
func TestEveryOperationHasAPermission(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	kindRE := regexp.MustCompile(`s\.do\(ctx, [^,]+, "([a-z_]+\.[a-z_]+)"|const kind = "([a-z_]+\.[a-z_]+)"`)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range kindRE.FindAllStringSubmatch(string(src), -1) {
			used[m[1]+m[2]] = true
		}
	}
	if len(used) < 30 {
		t.Fatalf("found only %d kinds of operation: the pattern no longer matches the source", len(used))
	}
	for k := range used {
		if _, ok := opPermissions[k]; !ok {
			t.Errorf("operation %s has no role in opPermissions", k)
		}
	}
	for k := range opPermissions {
		if !used[k] && !strings.HasPrefix(k, "test.") {
			t.Errorf("opPermissions has %s, which no operation runs", k)
		}
	}
}
