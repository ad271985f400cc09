package ledger_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/payouts/payouts/ledger"
)

func TestAddCreator(t *testing.T) {
	s, _ := MustOpen(t)
	t.Run("OK", func(t *testing.T) {
		id, err := s.AddCreator(ctx, ledger.CreatorInput{Name: " Ana Silva ", Email: "ana@example.com", Handle: "@ana"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Creator(ctx, id)
		if err != nil || c.Name != "Ana Silva" || c.Email != "ana@example.com" || c.PayeeReady() {
			t.Fatalf("got %+v, %v", c, err)
		}
	})
	for _, tt := range []struct {
		name string
		in   ledger.CreatorInput
		code string
	}{
		{"ErrNameRequired", ledger.CreatorInput{Name: "  "}, ledger.EINVALID},
		{"ErrEmail", ledger.CreatorInput{Name: "Bo", Email: "not an email"}, ledger.EINVALID},
		{"ErrDuplicate", ledger.CreatorInput{Name: "ana silva"}, ledger.ECONFLICT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddCreator(ctx, tt.in)
			wantCode(t, err, tt.code)
		})
	}
	t.Run("Update", func(t *testing.T) {
		id, _ := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bo"})
		if err := s.UpdateCreator(ctx, id, ledger.CreatorInput{Name: "Bo B", PayoutDetails: "PayPal bo@x"}); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Creator(ctx, id)
		if c.Name != "Bo B" || !c.PayeeReady() {
			t.Fatalf("got %+v", c)
		}
		wantCode(t, s.UpdateCreator(ctx, 999, ledger.CreatorInput{Name: "X"}), ledger.ENOTFOUND)
		wantCode(t, s.UpdateCreator(ctx, id, ledger.CreatorInput{Name: "Ana Silva"}), ledger.ECONFLICT)
	})
}

func TestAddDeal(t *testing.T) {
	s, _ := MustOpen(t)
	cr, _ := s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana"})
	ca, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Spring"})
	t.Run("OK", func(t *testing.T) {
		id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "usd", Rule: pct10, Codes: []string{" ana10 ", "ANA10", "ana-x"}, HoldDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Deal(ctx, id)
		if d.Currency != "USD" || d.CreatorName != "Ana" || d.CampaignName != "Spring" || strings.Join(d.Codes, ",") != "ANA-X,ANA10" {
			t.Fatalf("got %+v", d)
		}
		byCode, err := s.DealByCode(ctx, "Ana10")
		if err != nil || byCode.ID != id {
			t.Fatalf("DealByCode = %+v, %v", byCode, err)
		}
	})
	for _, tt := range []struct {
		name string
		in   ledger.DealInput
		code string
	}{
		{"ErrCurrency", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "XYZ", Rule: pct10}, ledger.EINVALID},
		{"ErrNoRule", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR"}, ledger.EINVALID},
		{"ErrPercentAbove100", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 10001}}, ledger.EINVALID},
		{"ErrPerOrderZero", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: ledger.Rule{Kind: ledger.RulePerOrder}}, ledger.EINVALID},
		{"ErrHoldDays", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: pct10, HoldDays: -1}, ledger.EINVALID},
		{"ErrCreator", ledger.DealInput{CreatorID: 99, CampaignID: ca, Currency: "EUR", Rule: pct10}, ledger.ENOTFOUND},
		{"ErrCampaign", ledger.DealInput{CreatorID: cr, CampaignID: 99, Currency: "EUR", Rule: pct10}, ledger.ENOTFOUND},
		{"ErrSameDealTwice", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: pct10}, ledger.ECONFLICT},
		{"ErrCodeTaken", ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: pct10, Codes: []string{"ANA10"}}, ledger.ECONFLICT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddDeal(ctx, tt.in)
			wantCode(t, err, tt.code)
		})
	}
	// The refused deal with a taken code left nothing behind.
	if n, _ := s.CountDeals(ctx, ledger.DealQuery{}); n != 1 {
		t.Fatalf("deals = %d, want 1", n)
	}
}

// The foundation's flow: fee (confirmed) -> bonus -> request -> offline
// payment, with the figures at each step.
func TestFlow(t *testing.T) {
	s, clk := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	fee, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 50000, Comment: "video"})
	if err != nil {
		t.Fatal(err)
	}
	if b := mustBalances(t, s, deal); b.Scheduled != 50000 || b.Owed != 0 || b.Remaining() != 0 {
		t.Fatalf("after fee: %+v", b)
	}
	if err := s.ConfirmFee(ctx, "", fee); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ConfirmFee(ctx, "", fee), ledger.ECONFLICT)
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 5025, Comment: "top"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 55026})
	wantCode(t, err, ledger.EINVALID) // above owed
	req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 40000, Comment: "November"})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	s = as(t, s, "bookkeeper")
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: "bank", Reference: "TRX-1", Date: "2026-11-22"}); err != nil {
		t.Fatal(err)
	}
	b := mustBalances(t, s, deal)
	want := ledger.Balances{Owed: 15025, Paid: 40000, Fees: 50000, Bonuses: 5025}
	if b != want {
		t.Fatalf("balances = %+v, want %+v", b, want)
	}
	hist, err := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	if err != nil {
		t.Fatal(err)
	}
	var kinds, remaining []string
	for _, h := range hist {
		kinds = append(kinds, h.Kind)
		remaining = append(remaining, ledger.Format(h.Remaining, "USD"))
	}
	if got := strings.Join(kinds, " "); got != "paid request bonus fee_confirmed fee" {
		t.Errorf("history kinds = %s", got)
	}
	if got := strings.Join(remaining, " "); got != "150.25 550.25 550.25 500.00 0.00" {
		t.Errorf("remaining after each = %s", got)
	}
	if h := hist[0]; h.Operator != "bookkeeper" || h.Method != "bank" || h.Reference != "TRX-1" || h.Date != "2026-11-22" || h.Comment != "November" {
		t.Errorf("payment line = %+v", h)
	}
	r, err := s.Request(ctx, req)
	if err != nil || r.Status != ledger.StatusPaid || r.PaidBy != "bookkeeper" || r.PaidDate != "2026-11-22" {
		t.Errorf("request = %+v, %v", r, err)
	}
	MustCheck(t, s)
}

func TestPayOffline(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "EUR", pct10)
	s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 10000})
	r1, _ := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 3000})
	r2, _ := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 3000})
	r3, _ := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 3000})
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: r1, Reference: "REF-1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelRequest(ctx, "", r3, "later"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		in   ledger.PayInput
		code string
	}{
		{"ErrReferenceUsed", ledger.PayInput{RequestID: r2, Reference: "REF-1"}, ledger.ECONFLICT},
		{"ErrAlreadyPaid", ledger.PayInput{RequestID: r1, Reference: "REF-2"}, ledger.ECONFLICT},
		{"ErrCancelled", ledger.PayInput{RequestID: r3, Reference: "REF-3"}, ledger.ECONFLICT},
		{"ErrNoReference", ledger.PayInput{RequestID: r2}, ledger.EINVALID},
		{"ErrMethod", ledger.PayInput{RequestID: r2, Reference: "REF-4", Method: "cash"}, ledger.EINVALID},
		{"ErrDate", ledger.PayInput{RequestID: r2, Reference: "REF-5", Date: "21/11/2026"}, ledger.EINVALID},
		{"ErrUnknown", ledger.PayInput{RequestID: 99, Reference: "REF-6"}, ledger.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, s.PayOffline(ctx, tt.in), tt.code)
		})
	}
	wantCode(t, s.CancelRequest(ctx, "", r1, ""), ledger.ECONFLICT)
	wantCode(t, s.CancelRequest(ctx, "", r3, ""), ledger.ECONFLICT)
	if b := mustBalances(t, s, deal); b.Paid != 3000 || b.Requested != 3000 || b.Owed != 4000 {
		t.Fatalf("balances = %+v", b)
	}
	MustCheck(t, s)
}

func TestAmountsRefused(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	for _, amount := range []int64{0, -1} {
		_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: amount})
		wantCode(t, err, ledger.EINVALID)
		_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: amount})
		wantCode(t, err, ledger.EINVALID)
		_, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: amount})
		wantCode(t, err, ledger.EINVALID)
	}
	_, err := s.AddFee(ctx, ledger.FeeInput{DealID: 42, Amount: 1})
	wantCode(t, err, ledger.ENOTFOUND)
	// An amount above the cap is refused, and so is overflow of a cached
	// total (pushed near the limit behind the ledger's back).
	_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1<<63 - 1})
	wantCode(t, err, ledger.EINVALID)
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: ledger.MaxAmount}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE deals SET owed = ?, bonuses = ? WHERE id = ?`, int64(1<<63-1), int64(1<<63-1), deal); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1})
	wantCode(t, err, ledger.EINVALID)
	if c, _ := s.Counts(ctx); c.Transfers != 1 {
		t.Fatalf("transfers = %d, want 1: refused operations must write nothing", c.Transfers)
	}
}

func TestVoidFee(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	scheduled, _ := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 1000})
	confirmed, _ := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 700, Confirm: true})
	if err := s.VoidFee(ctx, "", scheduled, "not delivered"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.VoidFee(ctx, "", scheduled, ""), ledger.ECONFLICT)
	wantCode(t, s.ConfirmFee(ctx, "", scheduled), ledger.ECONFLICT)
	if err := s.VoidFee(ctx, "", confirmed, "duplicate"); err != nil {
		t.Fatal(err)
	}
	if b := mustBalances(t, s, deal); b != (ledger.Balances{}) {
		t.Fatalf("after voiding both: %+v", b)
	}
	hist, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	if hist[0].Kind != ledger.KindFeeVoided || hist[0].Reverses == 0 || hist[0].From != ledger.AccOwed {
		t.Fatalf("void line = %+v", hist[0])
	}
	MustCheck(t, s)
}

func TestOperationIDs(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	first, err := s.AddBonus(ctx, ledger.BonusInput{OpID: "op-1", DealID: deal, Amount: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SameInputReturnsFirstResult", func(t *testing.T) {
		again, err := s.AddBonus(ctx, ledger.BonusInput{OpID: "op-1", DealID: deal, Amount: 100})
		if err != nil || again != first {
			t.Fatalf("replay = %d, %v; want %d", again, err, first)
		}
		if b := mustBalances(t, s, deal); b.Owed != 100 {
			t.Fatalf("owed = %d after a replay, want 100", b.Owed)
		}
	})
	t.Run("ErrDifferentInput", func(t *testing.T) {
		_, err := s.AddBonus(ctx, ledger.BonusInput{OpID: "op-1", DealID: deal, Amount: 200})
		wantCode(t, err, ledger.ECONFLICT)
	})
	t.Run("ErrDifferentKind", func(t *testing.T) {
		_, err := s.AddFee(ctx, ledger.FeeInput{OpID: "op-1", DealID: deal, Amount: 100})
		wantCode(t, err, ledger.ECONFLICT)
	})
	t.Run("FailedOperationCanBeRetried", func(t *testing.T) {
		_, err := s.RequestPayout(ctx, ledger.RequestInput{OpID: "op-2", DealID: deal, Amount: 500})
		wantCode(t, err, ledger.EINVALID)
		s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 400})
		if _, err := s.RequestPayout(ctx, ledger.RequestInput{OpID: "op-2", DealID: deal, Amount: 500}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOrdersHoldReleaseClawback(t *testing.T) {
	s, clk := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1250}, "ANA")
	order := ledger.OrderInput{OrderID: "#1001", DealID: deal, Currency: "USD", PaidDate: "2026-11-20", Base: 10001}
	res, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{order})
	if err != nil || res.New != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	// 12.5% of 100.01 = 12.50125 -> 12.50
	if b := mustBalances(t, s, deal); b.Held != 1250 || b.Commission != 1250 || b.Revenue != 10001 {
		t.Fatalf("after import: %+v", b)
	}
	res, _ = s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{order})
	if res.Unchanged != 1 || res.New != 0 {
		t.Fatalf("re-import = %+v", res)
	}
	clk.Advance(31 * 24 * time.Hour)
	if n, err := s.Release(ctx, ""); err != nil || n != 1 {
		t.Fatalf("release = %d, %v", n, err)
	}
	s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1250})
	// A full refund after the hold: a clawback that leaves owed negative.
	order.Base = 0
	if _, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{order}); err != nil {
		t.Fatal(err)
	}
	if b := mustBalances(t, s, deal); b.Owed != -1250 || b.Requested != 1250 || b.Commission != 0 || b.Remaining() != 0 {
		t.Fatalf("after refund: %+v", b)
	}
	_, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1})
	wantCode(t, err, ledger.EINVALID)
	// A currency mismatch is rejected and reported, not converted.
	res, _ = s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{{OrderID: "#2", DealID: deal, Currency: "EUR", PaidDate: "2026-11-20", Base: 100}})
	if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Reason, "EUR") {
		t.Fatalf("mismatch = %+v", res)
	}
	MustCheck(t, s)
}

func TestTransfersAppendOnly(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100})
	for _, q := range []string{`UPDATE transfers SET amount = 1`, `DELETE FROM transfers`} {
		_, err := s.DB().ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused", q, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	t.Run("ErrNotSQLite", func(t *testing.T) {
		p := filepath.Join(dir, "notes.txt")
		os.WriteFile(p, []byte(strings.Repeat("hello, not a database\n", 100)), 0o644)
		_, err := ledger.Open(p)
		wantCode(t, err, ledger.EINVALID)
		if b, _ := os.ReadFile(p); !strings.HasPrefix(string(b), "hello") {
			t.Fatal("the file was changed")
		}
	})
	t.Run("ErrOtherDatabase", func(t *testing.T) {
		p := filepath.Join(dir, "other.db")
		db, _ := sql.Open("sqlite", p)
		db.Exec(`CREATE TABLE songs (title TEXT)`)
		db.Close()
		_, err := ledger.Open(p)
		wantCode(t, err, ledger.EINVALID)
		if !strings.Contains(ledger.ErrorMessage(err), "not a Payouts ledger") {
			t.Fatalf("message = %q", ledger.ErrorMessage(err))
		}
	})
	t.Run("ErrNewerVersion", func(t *testing.T) {
		p := filepath.Join(dir, "newer.payouts")
		s, err := ledger.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		s.DB().Exec(`PRAGMA user_version = 99`)
		s.Close()
		_, err = ledger.Open(p)
		wantCode(t, err, ledger.EINVALID)
		if !strings.Contains(ledger.ErrorMessage(err), "newer version") {
			t.Fatalf("message = %q", ledger.ErrorMessage(err))
		}
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		p := filepath.Join(dir, "corrupt.payouts")
		s, _ := ledger.Open(p)
		s.Close()
		b, _ := os.ReadFile(p)
		for i := 100; i < len(b); i++ {
			b[i] = 0xAB
		}
		os.WriteFile(p, b, 0o644)
		os.Remove(p + "-wal")
		_, err := ledger.Open(p)
		if err == nil {
			t.Fatal("opened a corrupt ledger")
		}
		if msg := ledger.ErrorMessage(err); strings.Contains(msg, "\n") {
			t.Fatalf("message is not one line: %q", msg)
		}
	})
	t.Run("ReopenKeepsData", func(t *testing.T) {
		p := filepath.Join(dir, "keep.payouts")
		s, _ := ledger.Open(p)
		s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana"})
		s.Close()
		s, err := ledger.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.CreatorByName(ctx, "ANA"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestHistoryPaging(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	for i := 1; i <= 25; i++ {
		s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: int64(i)})
	}
	var seen []int64
	before := int64(0)
	for {
		page, err := s.History(ctx, ledger.HistoryQuery{DealID: deal, Before: before, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, h := range page {
			seen = append(seen, h.Amount)
		}
		before = page[len(page)-1].ID
	}
	if len(seen) != 25 || seen[0] != 25 || seen[24] != 1 {
		t.Fatalf("paged amounts = %v", seen)
	}
	oldest, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Oldest: true, Limit: 3})
	if len(oldest) != 3 || oldest[0].Amount != 3 || oldest[2].Amount != 1 || oldest[2].Remaining != 1 {
		t.Fatalf("oldest page = %+v", oldest)
	}
}

// A ledger written by the previous schema version is brought up to date on
// open, its data kept.
func TestMigrateFromVersion1(t *testing.T) {
	p := filepath.Join(t.TempDir(), "v1.payouts")
	// A file of the first release: schema 1 only, with a deal owed 100.
	v1, err := os.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(v1), `PRAGMA user_version = 1`, `PRAGMA application_id = 1346459983`,
		`INSERT INTO creators (id, name, created_at) VALUES (1, 'Ana', 0)`,
		`INSERT INTO campaigns (id, name, created_at) VALUES (1, 'Spring', 0)`,
		`INSERT INTO deals (id, creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at, owed, bonuses)
			VALUES (1, 1, 1, 'USD', 'percent', 1000, 30, 0, 100, 100)`,
		`INSERT INTO brand_accounts (kind, currency, balance) VALUES ('bonus_expense', 'USD', -100)`,
		`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
			VALUES (1, 'USD', 'bonus_expense', 'owed', 100, 'bonus', '2026-11-01', 0, 'x', 'op1', 100)`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	deal := int64(1)
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version, indexes int
	s.DB().QueryRow(`PRAGMA user_version`).Scan(&version)
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('transfers_request', 'transfers_fee')`).Scan(&indexes)
	if version != ledger.SchemaVersion() || version < 2 || indexes != 2 {
		t.Fatalf("after migration: version %d (want %d), %d of 2 indexes", version, ledger.SchemaVersion(), indexes)
	}
	if b := mustBalances(t, s, deal); b.Owed != 100 {
		t.Fatalf("owed = %d after migration, want 100", b.Owed)
	}
	MustCheck(t, s)
}
