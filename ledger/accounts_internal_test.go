package ledger

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// The table of accounts is consistent: every account moves a figure of a
// deal, accounts sharing a figure share its sign, a deal's own accounts
// each have their own figure, and every kind moves money between accounts
// of the table, one side a deal's.
func TestAccountTable(t *testing.T) {
	sign := map[string]int64{}
	own := map[string]string{}
	summary := map[string]string{}
	var b Balances
	for _, a := range accounts {
		if b.fieldOf(a.field) == nil {
			t.Errorf("account %s moves %q, not a figure of a deal", a.name, a.field)
		}
		if s, ok := sign[a.field]; ok && s != a.sign {
			t.Errorf("account %s moves %s with sign %d, another account with %d", a.name, a.field, a.sign, s)
		}
		sign[a.field] = a.sign
		if a.deal {
			if other, ok := own[a.field]; ok {
				t.Errorf("deal accounts %s and %s move the same figure %s", a.name, other, a.field)
			}
			own[a.field] = a.name
		}
		if (a.remaining || a.floor) && !a.deal {
			t.Errorf("brand account %s has a deal's remaining balance or floor", a.name)
		}
		// The roll-forward sums a deal account's money on a Creators
		// figure, the Summary a brand account's on a RangeFigure.
		var c Creators
		if a.deal && c.fieldOf(a.field) == nil {
			t.Errorf("deal account %s moves %s, not a figure of Creators: roll-forwards would leave it out", a.name, a.field)
		}
		if !a.deal && a.summary == "" {
			t.Errorf("brand account %s has no Summary header", a.name)
		}
		if s, ok := summary[a.field]; ok && s != a.summary {
			t.Errorf("account %s heads %s %q, another account %q", a.name, a.field, a.summary, s)
		}
		summary[a.field] = a.summary
	}
	places := map[int]string{}
	for kind, k := range kindFlows {
		for _, f := range k.flows {
			from, ok1 := accountOf(f.From)
			to, ok2 := accountOf(f.To)
			if !ok1 || !ok2 || !(from.deal || to.deal) {
				t.Errorf("kind %s: flow %s -> %s is not between accounts of the table, one of a deal", kind, f.From, f.To)
			}
		}
		if k.label == "" || k.rollLabel == "" {
			t.Errorf("kind %s has no label or roll-forward line", kind)
		}
		if other, ok := places[k.roll]; ok {
			t.Errorf("kinds %s and %s share roll-forward place %d", kind, other, k.roll)
		}
		places[k.roll] = kind
	}
}

// A new flow needs one row in each table, nothing else: a test-only cash
// account (a marketplace settling a creator's owed balance) and a kind of
// transfer into it are posted by the one engine, and Check, the export's
// balances (both ways of computing them, and DealBalance.Apply over the
// streamed transfers), the account totals and the history all follow.
func TestNewFlowIsOneRow(t *testing.T) {
	const cash, kind = "test_settlement_cash", "test_settled"
	savedAccounts := slices.Clone(accounts)
	accounts = append(accounts, account{name: cash, field: "paid", sign: 1, label: "Settlement cash", summary: "Paid in range (less reversed)"})
	kindFlows[kind] = kindRule{label: "Settled by the marketplace", flows: []flow{{AccOwed, cash}}, roll: 115, rollLabel: "Settled by the marketplace, in range"}
	t.Cleanup(func() {
		accounts = savedAccounts
		delete(kindFlows, kind)
	})

	ctx := context.Background()
	s, deal := bonusDeal(t, 1000)
	if _, err := s.do(ctx, "", "test.settle", nil, func(tx *Tx) (int64, error) {
		return 0, tx.post(transfer{DealID: deal, Currency: "USD", From: AccOwed, To: cash, Amount: 600, Kind: kind, Reference: "MKT-1"})
	}); err != nil {
		t.Fatal(err)
	}
	// A pair the new kind does not allow is still refused.
	if _, err := s.do(ctx, "", "test.settle", 1, func(tx *Tx) (int64, error) {
		return 0, tx.post(transfer{DealID: deal, Currency: "USD", From: cash, To: AccOwed, Amount: 100, Kind: kind})
	}); ErrorCode(err) != EINTERNAL {
		t.Fatalf("reverse pair of the new kind: %v, want refused", err)
	}

	problems, err := s.Check(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	d, err := s.Deal(ctx, deal)
	if err != nil {
		t.Fatal(err)
	}
	if d.Owed != 400 || d.Paid != 600 || d.Bonuses != 1000 || d.Remaining() != 400 {
		t.Fatalf("deal = %+v, want owed 400, paid 600", d.Balances)
	}
	var brand int64
	if err := s.db.QueryRow(`SELECT balance FROM brand_accounts WHERE kind = ? AND currency = 'USD'`, cash).Scan(&brand); err != nil || brand != 600 {
		t.Fatalf("brand %s = %d, %v; want 600", cash, brand, err)
	}

	f, err := s.Snapshot(ctx, ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := DealBalance{DealID: deal, CreatorName: "Ana", CampaignName: "Launch", Currency: "USD", Owed: 400, Paid: 600}
	for _, path := range []string{"cache", "transfers"} {
		balancesPath = path
		got, err := s.BalancesAsOf(ctx, f)
		balancesPath = ""
		if err != nil || len(got) != 1 || got[0] != want {
			t.Fatalf("balances (%s) = %+v, %v; want %+v", path, got, err, want)
		}
	}
	streamed := DealBalance{DealID: deal, CreatorName: "Ana", CampaignName: "Launch", Currency: "USD"}
	if err := s.EachTransfer(ctx, f, func(r *ExportRow) error { streamed.Apply(r); return nil }); err != nil {
		t.Fatal(err)
	}
	if streamed != want {
		t.Fatalf("streamed balances = %+v, want %+v", streamed, want)
	}
	totals, err := s.AccountTotals(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(totals, AccountTotal{Account: cash, Currency: "USD", Credits: 600}) {
		t.Fatalf("account totals %+v lack %s", totals, cash)
	}
	if AccountLabel(cash) != "Settlement cash" || !IsCash(cash) || IsDealAccount(cash) {
		t.Fatalf("label %q, cash %v", AccountLabel(cash), IsCash(cash))
	}

	// The export's Summary: its figures of a range are the account
	// totals through FigureMoved, one column per RangeFigure; the new cash
	// account's money is paid, and adds no column of its own.
	inRange := map[string]int64{}
	for _, at := range totals {
		if field, v, ok := FigureMoved(at.Account, at.Debits, at.Credits); ok {
			inRange[field] += v
		}
	}
	if inRange["paid"] != 600 || inRange["bonuses"] != 1000 || len(inRange) != 2 {
		t.Fatalf("range figures %v, want paid 600 and bonuses 1000", inRange)
	}
	var figs []string
	for _, f := range RangeFigures() {
		figs = append(figs, f.Field)
	}
	if !slices.Equal(figs, []string{"commission", "fees", "bonuses", "paid"}) {
		t.Fatalf("range figures %v", figs)
	}
	// The roll-forward lists the new kind, in its place, with its line,
	// and its activity on the creator accounts: opening + activity =
	// closing.
	if kinds := RollForwardKinds(); !slices.Equal(kinds[len(kinds)-2:], []string{kind, KindPaidReversed}) ||
		RollForwardLabel(kind) != "Settled by the marketplace, in range" {
		t.Fatalf("roll-forward kinds %v, line %q", kinds, RollForwardLabel(kind))
	}
	rfs, err := s.RollForwards(ctx, f)
	if err != nil || len(rfs) != 1 {
		t.Fatalf("roll-forwards %+v, %v", rfs, err)
	}
	if rf := rfs[0]; rf.Activity[kind] != (Creators{Owed: -600}) || rf.Opening.Add(rf.Moved()) != rf.Closing || rf.Closing.Remaining() != 400 {
		t.Fatalf("roll-forward %+v", rf)
	}

	h, err := s.History(ctx, HistoryQuery{DealID: deal})
	if err != nil || len(h) != 2 {
		t.Fatalf("history = %+v, %v", h, err)
	}
	if h[0].Kind != kind || KindLabel(h[0].Kind) != "Settled by the marketplace" || h[0].Signed() != -600 || h[0].Remaining != 400 {
		t.Fatalf("history line = %+v (%q, signed %d)", h[0], KindLabel(h[0].Kind), h[0].Signed())
	}
}

// bonusDeal opens a ledger of one USD deal (Ana's, in Launch; payout
// details on file) with a bonus of bonus owed.
func bonusDeal(t *testing.T, bonus int64) (*Store, int64) {
	t.Helper()
	return bonusDealAt(t, filepath.Join(t.TempDir(), "deal.payouts"), bonus)
}

// bonusDealAt is bonusDeal in the ledger at path (a file or a PostgreSQL
// address).
func bonusDealAt(t *testing.T, path string, bonus int64) (*Store, int64) {
	t.Helper()
	ctx := context.Background()
	s := openAtTestClock(t, path)
	s.Operator = "tester"
	cr, err := s.AddCreator(ctx, CreatorInput{Name: "Ana", PayoutDetails: "IBAN X"})
	if err != nil {
		t.Fatal(err)
	}
	ca, err := s.AddCampaign(ctx, CampaignInput{Name: "Launch"})
	if err != nil {
		t.Fatal(err)
	}
	deal, err := s.AddDeal(ctx, DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: Rule{Kind: RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, BonusInput{DealID: deal, Amount: bonus}); err != nil {
		t.Fatal(err)
	}
	return s, deal
}
