package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

var binary string

// TestMain builds the real binary once: these tests drive it end to end as
// a user or a script would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "payouts-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "payouts")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		panic("build payouts: " + err.Error())
	}
	code := m.Run()
	pgtest.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// payouts runs the binary on db with args.
func payouts(t *testing.T, db string, args ...string) result {
	t.Helper()
	return payoutsEnv(t, db, []string{"LANG=C"}, args...) // the CLI must stay quiet even in the C locale
}

// payoutsEnv runs the binary on db with args and env added to the
// process's environment.
func payoutsEnv(t *testing.T, db string, env []string, args ...string) result {
	t.Helper()
	db = ledgerAt(t, db, args)
	cmd := exec.Command(binary, append([]string{"--db", db, "--operator", "ops@brand"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs a command that must succeed and returns its stdout, trimmed.
func ok(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := payouts(t, db, args...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("payouts %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

func TestFlow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "flow.payouts")
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{"creator", "add", "Ana Silva", "--email", "ana@example.com", "--payout-details", "IBAN DE00 1234"}, "1"},
		{[]string{"campaign", "add", "Spring Launch"}, "1"},
		{[]string{"deal", "add", "--creator", "Ana Silva", "--campaign", "Spring Launch", "--currency", "USD", "--percent", "12.5", "--code", "ANA10"}, "1"},
		{[]string{"fee", "add", "--deal", "1", "--amount", "1,000.00", "--comment", "launch video"}, "1"},
		{[]string{"fee", "confirm", "1"}, ""},
		{[]string{"bonus", "add", "--deal", "1", "--amount", "50.25", "--comment", "top creator"}, "3"},
		{[]string{"payout", "request", "--deal", "1", "--amount", "800", "--comment", "November", "--date", "2026-11-20"}, "1"},
		{[]string{"payout", "pay", "1", "--offline", "--reference", "TRX-0001", "--method", "bank", "--date", "2026-11-20"}, ""},
	} {
		if got := ok(t, db, step.args...); got != step.want {
			t.Fatalf("payouts %s printed %q, want %q", strings.Join(step.args, " "), got, step.want)
		}
	}
	csv := ok(t, db, "balances", "--format", "csv")
	want := "deal,creator,campaign,currency,scheduled,held,owed,requested,paid,remaining\n" +
		"1,Ana Silva,Spring Launch,USD,0.00,0.00,250.25,0.00,800.00,250.25"
	if csv != want {
		t.Fatalf("balances csv:\n%s\nwant:\n%s", csv, want)
	}
	hist := ok(t, db, "history", "--deal", "1", "--format", "csv")
	lines := strings.Split(hist, "\n")
	if lines[0] != "id,date,kind,amount,currency,from,to,operator,method,reference,comment,remaining" || len(lines) != 6 {
		t.Fatalf("history:\n%s", hist)
	}
	if !strings.HasPrefix(lines[1], "5,2026-11-20,paid,800.00,USD,requested,offline_cash,ops@brand,bank,TRX-0001,November,250.25") {
		t.Errorf("payment line = %s", lines[1])
	}
	var remaining []string
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		remaining = append(remaining, f[len(f)-1])
	}
	if got := strings.Join(remaining, " "); got != "250.25 1050.25 1050.25 1000.00 0.00" {
		t.Errorf("remaining after each line = %s", got)
	}
	var js []map[string]string
	if err := json.Unmarshal([]byte(ok(t, db, "balances", "--format", "json")), &js); err != nil || js[0]["paid"] != "800.00" {
		t.Errorf("balances json = %v, %v", js, err)
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Errorf("check = %q", out)
	}
}

// TestBadInput: each bad input is one line on stderr naming the problem, a
// non-zero exit, and no change to the ledger.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bad.payouts")
	ok(t, db, "creator", "add", "Ana", "--payout-details", "IBAN DE00")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "JPY", "--per-order", "300")
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "100")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "40")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "10")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "10")
	ok(t, db, "payout", "pay", "1", "--offline", "--reference", "REF-1")
	ok(t, db, "payout", "cancel", "2")

	notLedger := filepath.Join(dir, "notes.txt")
	os.WriteFile(notLedger, []byte(strings.Repeat("just some text\n", 200)), 0o644)

	for _, tt := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"NegativeAmount", []string{"fee", "add", "--deal", "1", "--amount", "-5"}, 1, "must not be negative"},
		{"ZeroAmount", []string{"bonus", "add", "--deal", "1", "--amount", "0"}, 1, "above zero"},
		{"TooManyDecimals", []string{"fee", "add", "--deal", "1", "--amount", "1.005"}, 1, "at most 2 decimals"},
		{"JPYDecimals", []string{"bonus", "add", "--deal", "2", "--amount", "1.5"}, 1, "JPY has no decimals"},
		{"Overflow", []string{"fee", "add", "--deal", "1", "--amount", "99999999999999999999"}, 1, "too large"},
		{"UnknownCurrency", []string{"deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "ABC", "--percent", "5"}, 1, "unknown currency"},
		{"UnknownDeal", []string{"fee", "add", "--deal", "77", "--amount", "5"}, 1, "deal 77 not found"},
		{"UnknownCreator", []string{"deal", "add", "--creator", "Nobody", "--campaign", "Spring", "--currency", "EUR", "--percent", "5"}, 1, `no creator named "Nobody"`},
		{"UnknownCampaign", []string{"deal", "add", "--creator", "Ana", "--campaign", "Winter", "--currency", "EUR", "--percent", "5"}, 1, `no campaign named "Winter"`},
		{"UnknownRequest", []string{"payout", "cancel", "99"}, 1, "payout request 99 not found"},
		{"RequestAboveOwed", []string{"payout", "request", "--deal", "1", "--amount", "60"}, 1, "above what Ana's USD deal in Spring is owed"},
		{"PayPaid", []string{"payout", "pay", "1", "--offline", "--reference", "REF-9"}, 1, "already paid"},
		{"PayCancelled", []string{"payout", "pay", "2", "--offline", "--reference", "REF-9"}, 1, "already cancelled"},
		{"ReferenceTwice", []string{"payout", "pay", "3", "--offline", "--reference", "REF-1"}, 1, `reference "REF-1" already paid the $40.00 payout request of Ana's USD deal in Spring`},
		{"BadDate", []string{"payout", "pay", "3", "--offline", "--reference", "REF-8", "--date", "2026-13-01"}, 1, "invalid date"},
		{"NotALedger", []string{"--db", notLedger, "balances"}, 1, "is not a Payouts ledger"},
		{"UsageUnknownCommand", []string{"frobnicate"}, 2, "unknown command"},
		{"UsageMissingFlag", []string{"fee", "add", "--deal", "1"}, 2, `"amount" not set`},
		{"UsageBadFlag", []string{"balances", "--colour"}, 2, "unknown flag"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := ok(t, db, "balances", "--format", "csv")
			hist := ok(t, db, "history", "--deal", "1", "--format", "csv")
			r := payouts(t, db, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit = %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr = %q, want it to mention %q", r.stderr, tt.msg)
			}
			if tt.code == 1 && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if after := ok(t, db, "balances", "--format", "csv"); after != before {
				t.Errorf("the ledger changed:\n%s\n->\n%s", before, after)
			}
			if h := ok(t, db, "history", "--deal", "1", "--format", "csv"); h != hist {
				t.Errorf("the history changed")
			}
		})
	}
	if b, _ := os.ReadFile(notLedger); !strings.HasPrefix(string(b), "just some text") {
		t.Error("a file that is not a ledger was modified")
	}
}

func TestNewerLedgerRefused(t *testing.T) {
	sqliteOnly(t, "sets the file's user_version with the sqlite3 CLI")
	db := filepath.Join(t.TempDir(), "newer.payouts")
	ok(t, db, "creator", "add", "Ana")
	sq := exec.Command("sqlite3", db, "PRAGMA user_version = 999;")
	if err := sq.Run(); err != nil {
		t.Skip("sqlite3 CLI not available")
	}
	r := payouts(t, db, "balances")
	if r.code != 1 || !strings.Contains(r.stderr, "newer version of Payouts") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDemoPassesCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.payouts")
	out := ok(t, db, "demo")
	if !strings.Contains(out, "creators") {
		t.Fatalf("demo printed %q", out)
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Fatalf("check on the demo ledger: %q", out)
	}
	csv := ok(t, db, "balances", "--format", "csv")
	for _, cur := range []string{",USD,", ",EUR,"} {
		if !strings.Contains(csv, cur) {
			t.Errorf("demo has no %s deals", cur)
		}
	}
	// Held and owed commission, scheduled fees, payments: a realistic mix.
	var held, scheduled, paid bool
	for _, l := range strings.Split(csv, "\n")[1:] {
		f := strings.Split(l, ",")
		held = held || (f[5] != "0.00")
		scheduled = scheduled || (f[4] != "0.00")
		paid = paid || (f[8] != "0.00")
	}
	if !held || !scheduled || !paid {
		t.Errorf("demo lacks held (%v), scheduled (%v) or paid (%v) amounts", held, scheduled, paid)
	}
	r := payouts(t, db, "demo")
	if r.code != 1 || !strings.Contains(r.stderr, "not empty") {
		t.Errorf("demo on a full ledger: exit %d, %q", r.code, r.stderr)
	}
}

func TestCheckFindsTampering(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tamper.payouts")
	ok(t, db, "demo")
	// Someone edits a cached balance behind the ledger's back.
	if err := exec.Command("sqlite3", db, "UPDATE deals SET owed = owed + 1 WHERE id = 3;").Run(); err != nil {
		t.Skip("sqlite3 CLI not available")
	}
	r := payouts(t, db, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "deal 3: cached owed") {
		t.Fatalf("check after tampering: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
