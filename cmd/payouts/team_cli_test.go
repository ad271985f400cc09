package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTeamApprovalsCLI: with `team approvals on`, the CLI refuses alice's
// payment of her own request in one line naming her, as the ledger does,
// and exits 1 with the request still in the queue; bob pays it.
func TestTeamApprovalsCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "team.payouts")
	as := func(who string, args ...string) result { return payouts(t, db, append(args, "--operator", who)...) }
	must := func(who string, args ...string) string {
		t.Helper()
		r := as(who, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: payouts %s: exit %d, stderr %q", who, strings.Join(args, " "), r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	must("alice", "creator", "add", "Ana", "--payout-details", "IBAN DE00 1234")
	must("alice", "campaign", "add", "Spring")
	must("alice", "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	must("alice", "bonus", "add", "--deal", "1", "--amount", "30.00")

	if got := must("alice", "team", "approvals"); !strings.HasPrefix(got, "approvals: off") {
		t.Fatalf("a new ledger: %q", got)
	}
	if got := must("alice", "team", "approvals", "on"); !strings.HasPrefix(got, "approvals: on") {
		t.Fatalf("approvals on: %q", got)
	}
	if r := as("alice", "team", "approvals", "maybe"); r.code != 1 || !strings.Contains(r.stderr, `not "maybe"`) {
		t.Fatalf("approvals maybe: exit %d, %q", r.code, r.stderr)
	}
	if got := must("alice", "team", "whoami"); !strings.HasPrefix(got, "alice: owner (may do everything)\napprovals: on") {
		t.Fatalf("whoami: %q", got)
	}

	r1 := must("alice", "payout", "request", "--deal", "1", "--amount", "10.00")
	r2 := must("bob", "payout", "request", "--deal", "1", "--amount", "10.00")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"one", []string{"payout", "pay", r1, "--offline", "--reference", "A-1"}},
		{"a batch with bob's", []string{"payout", "pay", r2, r1, "--offline", "--reference", "A-2"}},
	} {
		r := as("alice", tc.args...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "was requested by alice, and with approvals on someone else must pay it") {
			t.Fatalf("%s: alice pays her own: exit %d, stderr %q", tc.name, r.code, r.stderr)
		}
	}
	if got := must("alice", "payout", "list", "--status", "paid"); strings.Contains(got, "A-") {
		t.Fatalf("a refused payment is listed paid:\n%s", got)
	}
	must("bob", "payout", "pay", r1, "--offline", "--reference", "B-1")
	must("alice", "payout", "pay", r2, "--offline", "--reference", "A-3")
	list := must("alice", "payout", "list", "--status", "paid", "--format", "csv")
	if !strings.Contains(list, "B-1") || !strings.Contains(list, "A-3") {
		t.Fatalf("paid list:\n%s", list)
	}
	must("alice", "check")

	// Roles are a team ledger's: on a file the commands say so, in one line
	// (on PostgreSQL they run: the team tests of ledger and team_pg cover them).
	if onPostgres() {
		return
	}
	for _, args := range [][]string{{"team", "init"}, {"team", "add", "carol", "--role", "clerk"}, {"team", "list"}} {
		r := as("alice", args...)
		if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "team roles are a team ledger's (PostgreSQL)") {
			t.Errorf("%s on a file: exit %d, %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}
