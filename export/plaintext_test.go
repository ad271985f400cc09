package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// toolOrSkip returns the path of a command-line tool, or skips the test
// when it is not installed, unless PAYOUTS_FULL_TEST asks for every test to
// run (make deps-test installs it).
func toolOrSkip(t *testing.T, name, pkg string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("PAYOUTS_FULL_TEST") != "" {
		t.Fatalf("%s is not installed: install %s (make deps-test)", name, pkg)
	}
	t.Skipf("%s is not installed; PAYOUTS_FULL_TEST=1 makes this a failure", name)
	return ""
}

// Names that mean something in a plain-text journal or a CSV: quotes,
// comment and separator characters, runs of spaces (which end an account
// name), unicode and leading digits.
var hostileNames = []string{
	`Ana "Quote" O'Neil`,
	"Semi; colon ;drop",
	"Colon: Sub:Account",
	"A-B",
	"A:B",
	"Zoë  東京   double  spaces",
	"2026 Studio",
	"(Paren) [Bracket] @at =eq",
	"#hash, comma | pipe",
}

// hostileLedger is the demo-based fixture (mustLedger) with, on top,
// creators and a campaign whose names are hostileNames, each deal with a
// confirmed fee, a scheduled one, a bonus, a payment (by a different
// method each) and, for some, a reversed payment; and GL accounts mapped,
// one for one currency only.
func hostileLedger(t *testing.T) *ledger.Store {
	t.Helper()
	s := mustLedger(t)
	ctx := context.Background()
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	camp := must(s.AddCampaign(ctx, ledger.CampaignInput{Name: `Launch; 50% off: "Q4"  2026`}))
	methods := []string{ledger.MethodBank, ledger.MethodPayPal, ledger.MethodOther}
	for i, name := range hostileNames {
		cr := must(s.AddCreator(ctx, ledger.CreatorInput{Name: name, PayoutDetails: "IBAN XX00"}))
		cur := []string{"USD", "JPY", "KWD"}[i%3]
		unit := map[string]int64{"USD": 100, "JPY": 1, "KWD": 1000}[cur]
		deal := must(s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp, Currency: cur,
			Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30}))
		must(s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 500 * unit, Comment: "video;\nline two", Confirm: true}))
		must(s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 250*unit + int64(i), Comment: "scheduled: not yet confirmed"}))
		must(s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 33*unit + 7, Comment: `"bonus", with; marks`}))
		req := must(s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 200*unit + int64(i)}))
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: methods[i%3], Reference: "REF;" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
		if i%4 == 0 {
			if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "bank returned it"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range []ledger.MapAccountInput{
		{Account: "commission_expense", Code: "6100", Name: "Creator commissions"},
		{Account: "owed", Currency: "USD", Code: "2121", Name: "Creators owed USD"},
		{Account: "paypal_cash", Code: "1020", Name: "PayPal (main) account"},
	} {
		if err := s.MapAccount(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestPlainTextHledger: the plain-text journal of the demo ledger with
// hostile names passes `hledger check -s` (every account and commodity
// declared, dates ordered), and every balance hledger computes from it,
// per deal and account and per brand account and currency, equals the
// ledger's own to the minor unit; so do those of ledger-cli.
//
// A range with a start ("Ranged", a month of one campaign) opens with the
// balances of the day before, so its creator and cash balances are the
// ledger's as of the range's end, and its expenses the range's.
func TestPlainTextHledger(t *testing.T) {
	hledger := toolOrSkip(t, "hledger", "hledger")
	ledgerCLI := toolOrSkip(t, "ledger", "ledger")
	s := hostileLedger(t)
	camp, err := s.CampaignByName(context.Background(), "Summer Glow")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    ledger.ExportFilter
		min  int
	}{
		{"All", ledger.ExportFilter{}, 100},
		{"Ranged", ledger.ExportFilter{From: "2026-10-01", To: "2026-10-31"}, 30},
		{"Campaign", ledger.ExportFilter{From: "2026-11-01", To: "2026-11-20", CampaignID: camp.ID}, 8},
	} {
		t.Run(tc.name, func(t *testing.T) { checkPlainText(t, hledger, ledgerCLI, s, tc.f, tc.min) })
	}
}

func checkPlainText(t *testing.T, hledger, ledgerCLI string, s *ledger.Store, f ledger.ExportFilter, min int) {
	ctx := context.Background()
	flt, err := s.Snapshot(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "books.journal")
	if err := export.WritePlainTextFile(ctx, s, path, flt); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) []byte {
		t.Helper()
		var stderr bytes.Buffer
		cmd := exec.Command(name, args...)
		cmd.Stderr = &stderr
		cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "LC_ALL=C.UTF-8")
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	run(hledger, "-f", path, "check", "-s", "ordereddates")

	// hledger's balances: account, commodity, amount.
	out := run(hledger, "-f", path, "bal", "--flat", "-O", "csv", "--layout=bare")
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range rows[1:] {
		if r[0] == "total" {
			continue
		}
		addBalance(t, got, r[0], r[1], r[2])
	}

	// The ledger's: each deal's accounts (as of the end, a separate SQL
	// read), each expense account's debits less credits, and cash per
	// currency as what the deals were paid.
	chart, err := s.Chart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	add := func(k string, v int64) {
		if v != 0 {
			want[k] += v
		}
	}
	bals, err := s.BalancesAsOf(ctx, flt)
	if err != nil {
		t.Fatal(err)
	}
	deals := 0
	for _, b := range bals {
		deals++
		for _, a := range []struct {
			acc string
			v   int64
		}{{ledger.AccScheduled, b.Scheduled}, {ledger.AccHeld, b.Held}, {ledger.AccOwed, b.Owed}, {ledger.AccRequested, b.Requested}} {
			// A liability is a credit balance: negative in hledger.
			add("Liabilities:"+chart.For(a.acc, b.Currency).Name+"|deal "+strconv.FormatInt(b.DealID, 10)+"|"+b.Currency, -a.v)
		}
		add("Assets|"+b.Currency, -b.Paid)
	}
	totals, err := s.AccountTotals(ctx, flt)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range totals {
		switch a.Account {
		case ledger.AccCommissionExpense, ledger.AccFeeExpense, ledger.AccBonusExpense:
			add("Expenses:"+chart.For(a.Account, a.Currency).Name+"|"+a.Currency, a.Debits-a.Credits)
		}
	}
	if len(want) < min {
		t.Fatalf("fixture too small: %d deals, %d balances", deals, len(want))
	}
	compareBalances(t, "hledger", got, want)
	t.Logf("%d deals, %d balances compared", deals, len(want))

	// ledger-cli reads the same file: every posting it reads (account,
	// amount, commodity), summed, gives the same balances.
	out = run(ledgerCLI, "-f", path, "reg", "--register-format", "%(account)\t%(quantity(scrub(amount)))\t%(commodity(scrub(amount)))\n")
	got = map[string]int64{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			t.Fatalf("ledger reg line %q", l)
		}
		addBalance(t, got, f[0], f[2], f[1])
	}
	compareBalances(t, "ledger-cli", got, want)
}

// addBalance adds an amount a tool printed to the balance of its account.
func addBalance(t *testing.T, got map[string]int64, account, commodity, amount string) {
	t.Helper()
	cur, err := ledger.LookupCurrency(commodity)
	if err != nil {
		t.Fatalf("%s %s %s: %v", account, amount, commodity, err)
	}
	v, err := ledger.ParseAmount(amount, cur, true)
	if err != nil {
		t.Fatalf("%s %s %s: %v", account, amount, commodity, err)
	}
	got[balanceKey(t, account, commodity)] += v
}

// compareBalances checks a tool's balances against the ledger's, zero
// balances (which the tools may leave out) aside.
func compareBalances(t *testing.T, tool string, got, want map[string]int64) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s %d, ledger %d (minor units)", k, tool, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok && v != 0 && k != "Equity" {
			t.Errorf("%s: %s has %d, the ledger nothing", k, tool, v)
		}
	}
}

var dealSuffix = regexp.MustCompile(` - deal (\d+)$`)

// balanceKey names a balance of hledger's: a deal's liability as
// "Liabilities:GL name|deal N|CUR", cash as "Assets|CUR" (all methods: the
// ledger keeps what a deal was paid, not by which method), an expense as
// "Expenses:GL name|CUR".
func balanceKey(t *testing.T, account, cur string) string {
	t.Helper()
	parts := strings.Split(account, ":")
	switch parts[0] {
	case "Liabilities":
		m := dealSuffix.FindStringSubmatch(account)
		if len(parts) != 3 || m == nil {
			t.Fatalf("account %q: want Liabilities:GL name:creator - campaign - deal N", account)
		}
		return parts[0] + ":" + parts[1] + "|deal " + m[1] + "|" + cur
	case "Assets":
		return "Assets|" + cur
	case "Equity":
		return "Equity" // what the opening entries balance against: not a ledger account
	case "Expenses":
		if len(parts) != 2 {
			t.Fatalf("account %q: want Expenses:GL name", account)
		}
		return account + "|" + cur
	}
	t.Fatalf("account %q: unknown root", account)
	return ""
}
