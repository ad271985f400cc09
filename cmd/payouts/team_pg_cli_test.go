package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestTeamPostgresCLI: on a team ledger, team init, team add (with a
// password from standard input) and team list as the owner; then each
// member's refusal through the CLI is one line on stderr with exit 1: a
// viewer cannot write, a clerk cannot pay, an approver cannot pay their
// own request with approvals on. --operator does not change who is
// recorded: the database user is.
func TestTeamPostgresCLI(t *testing.T) {
	url := pgtest.URL(t)
	suffix := fmt.Sprintf("%d", os.Getpid())
	viewer, clerk, approver, approver2 := "cv_"+suffix, "cc_"+suffix, "ca_"+suffix, "cb_"+suffix
	must := func(db string, args ...string) string {
		t.Helper()
		r := payouts(t, db, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("payouts %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	oneLine := func(r result, want string) {
		t.Helper()
		if r.code != 1 || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || !strings.Contains(r.stderr, want) {
			t.Fatalf("exit %d, stderr %q; want exit 1 and one line with %q", r.code, r.stderr, want)
		}
	}
	must(url, "init")
	if got := must(url, "team", "init"); !strings.HasPrefix(got, "team roles ready") {
		t.Fatalf("team init: %q", got)
	}
	must(url, "team", "init") // again: nothing changes
	add := exec.Command(binary, "--db", url, "team", "add", viewer, "--role", "viewer", "--password-stdin")
	add.Stdin = strings.NewReader("s3cret'\\pw\n")
	if out, err := add.CombinedOutput(); err != nil || !strings.Contains(string(out), viewer+" added as viewer") {
		t.Fatalf("team add with a password: %v, %s", err, out)
	}
	for name, role := range map[string]string{clerk: "clerk", approver: "approver", approver2: "approver"} {
		must(url, "team", "add", name, "--role", role)
	}
	list := must(url, "team", "list", "--format", "csv")
	for name, role := range map[string]string{viewer: "viewer", clerk: "clerk", approver: "approver", approver2: "approver"} {
		if !strings.Contains(list, name+","+role+",yes") {
			t.Errorf("team list lacks %s as %s:\n%s", name, role, list)
		}
	}
	as := func(name string) string { return pgtest.As(url, name) }

	must(url, "creator", "add", "Ana", "--payout-details", "IBAN DE00 1234")
	must(url, "campaign", "add", "Spring")
	must(url, "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	must(url, "bonus", "add", "--deal", "1", "--amount", "50.00")

	oneLine(payouts(t, as(viewer), "creator", "add", "Bea"), "you ("+viewer+", a viewer) may not add creators: ask a clerk")
	if got := must(as(viewer), "team", "whoami"); !strings.HasPrefix(got, viewer+": viewer") {
		t.Errorf("whoami: %q", got)
	}
	req := must(as(clerk), "payout", "request", "--deal", "1", "--amount", "10.00")
	oneLine(payouts(t, as(clerk), "payout", "pay", req, "--offline", "--reference", "C-1"), "you ("+clerk+", a clerk) may not pay payout requests: ask an approver")

	must(url, "team", "approvals", "on")
	oneLine(payouts(t, as(approver), "team", "approvals", "off"), "you ("+approver+", an approver) may not turn approvals on or off: ask the ledger's owner")
	own := must(as(approver), "payout", "request", "--deal", "1", "--amount", "20.00")
	oneLine(payouts(t, as(approver), "payout", "pay", own, "--offline", "--reference", "A-1"), "was requested by "+approver+", and with approvals on someone else must pay it: ask another approver")
	must(as(approver2), "payout", "pay", own, "--offline", "--reference", "A-1")
	must(as(approver), "payout", "pay", req, "--offline", "--reference", "C-1")
	// Who did what, as the history records it: the database users.
	hist := must(url, "history", "--deal", "1", "--format", "csv")
	for _, want := range []string{
		",request,10.00,USD,owed,requested," + clerk + ",",
		",paid,10.00,USD,requested,offline_cash," + approver + ",",
		",request,20.00,USD,owed,requested," + approver + ",",
		",paid,20.00,USD,requested,offline_cash," + approver2 + ",",
	} {
		if !strings.Contains(hist, want) {
			t.Errorf("the history lacks %q (recorded as the database user, not --operator):\n%s", want, hist)
		}
	}
	if strings.Contains(hist, "ops@brand") {
		t.Errorf("--operator was recorded on a team ledger:\n%s", hist)
	}
	must(url, "check")
}
