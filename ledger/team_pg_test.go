package ledger_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// teamInitOnce runs one team init at a time in this process: the group
// roles are the cluster's, and PostgreSQL refuses two transactions granting
// the same membership at once.
var teamInitLock sync.Mutex

var teamSeq atomic.Int64

// pgTeamStores is a team ledger on PostgreSQL: the owner's store and one
// for each member (viewer, clerk, approver, approver2), each connected as
// their own database user, which is who they are recorded as.
func pgTeamStores(t *testing.T) (owner *ledger.Store, as map[string]*ledger.Store, names map[string]string) {
	t.Helper()
	url := pgtest.URL(t)
	owner = openPG(t, url)
	teamInitLock.Lock()
	err := owner.TeamInit(ctx)
	teamInitLock.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	as, names = map[string]*ledger.Store{}, map[string]string{}
	n := teamSeq.Add(1)
	for key, role := range map[string]ledger.Role{"viewer": ledger.RoleViewer, "clerk": ledger.RoleClerk, "approver": ledger.RoleApprover, "approver2": ledger.RoleApprover} {
		name := fmt.Sprintf("t%s_%d_%d", key, os.Getpid(), n)
		if _, err := owner.AddMember(ctx, name, role, ""); err != nil {
			t.Fatal(err)
		}
		names[key] = name
		as[key] = openPG(t, pgtest.As(url, name))
	}
	return owner, as, names
}

func openPG(t *testing.T, url string) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	return s
}

// TestPGTeam: on a team ledger each person's role is read from the
// database and held by the operations: a viewer cannot write, a clerk
// cannot pay, an approver cannot pay their own request with approvals on
// nor turn approvals off; each refusal one line naming the person (their
// database user), and what each does is recorded as that user.
func TestPGTeam(t *testing.T) {
	owner, as, names := pgTeamStores(t)
	if owner.Role() != ledger.RoleOwner {
		t.Fatalf("the owner's role %q", owner.Role())
	}
	for key, want := range map[string]ledger.Role{"viewer": ledger.RoleViewer, "clerk": ledger.RoleClerk, "approver": ledger.RoleApprover} {
		if got := as[key].Role(); got != want {
			t.Errorf("%s: role %q, want %s", names[key], got, want)
		}
	}
	deal := MustDeal(t, owner, "Ana", "USD", pct10)
	if _, err := owner.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	viewer, clerk, approver, approver2 := as["viewer"], as["clerk"], as["approver"], as["approver2"]

	refused := func(err error, want string) {
		t.Helper()
		if ledger.ErrorCode(err) != ledger.EPERMISSION || ledger.ErrorMessage(err) != want {
			t.Fatalf("got %v (%s), want %q", err, ledger.ErrorCode(err), want)
		}
	}
	_, err := viewer.AddCreator(ctx, ledger.CreatorInput{Name: "Bea"})
	refused(err, "you ("+names["viewer"]+", a viewer) may not add creators: ask a clerk")
	_, err = viewer.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100})
	refused(err, "you ("+names["viewer"]+", a viewer) may not request payouts: ask a clerk")

	byClerk, err := clerk.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1000})
	if err != nil {
		t.Fatal(err)
	}
	refused(clerk.PayOffline(ctx, ledger.PayInput{RequestID: byClerk, Reference: "C-1"}),
		"you ("+names["clerk"]+", a clerk) may not pay payout requests: ask an approver")
	_, err = clerk.BeginStripePayment(ctx, byClerk)
	refused(err, "you ("+names["clerk"]+", a clerk) may not pay payout requests: ask an approver")

	if err := owner.SetApprovals(ctx, true); err != nil {
		t.Fatal(err)
	}
	refused(approver.SetApprovals(ctx, false), "you ("+names["approver"]+", an approver) may not turn approvals on or off: ask the ledger's owner")
	byApprover, err := approver.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 2000})
	if err != nil {
		t.Fatal(err)
	}
	err = approver.PayOffline(ctx, ledger.PayInput{RequestID: byApprover, Reference: "A-1"})
	if ledger.ErrorCode(err) != ledger.EPERMISSION || !strings.Contains(ledger.ErrorMessage(err), "was requested by "+names["approver"]+", and with approvals on someone else must pay it") {
		t.Fatalf("an approver pays their own request: %v", err)
	}
	if err := approver2.PayOffline(ctx, ledger.PayInput{RequestID: byApprover, Reference: "A-1"}); err != nil {
		t.Fatal(err)
	}
	if err := approver.PayOffline(ctx, ledger.PayInput{RequestID: byClerk, Reference: "C-1"}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64][2]string{byClerk: {names["clerk"], names["approver"]}, byApprover: {names["approver"], names["approver2"]}} {
		r, err := owner.Request(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != ledger.StatusPaid || r.CreatedBy != want[0] || r.PaidBy != want[1] {
			t.Errorf("request %d: %s, requested by %q, paid by %q; want paid, %s, %s", id, r.Status, r.CreatedBy, r.PaidBy, want[0], want[1])
		}
	}
	MustCheck(t, owner)
}
