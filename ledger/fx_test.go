package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestHomeAmount: a payment in another currency keeps what the bank
// debited in the home currency, in minor units; its reversal carries the
// same amount back; a refused payment records nothing.
func TestHomeAmount(t *testing.T) {
	s, _ := MustOpen(t)
	if err := s.SetHomeCurrency(ctx, "eur"); err != nil {
		t.Fatal(err)
	}
	if home, err := s.HomeCurrency(ctx); err != nil || home != "EUR" {
		t.Fatalf("home currency = %q, %v", home, err)
	}
	wantCode(t, s.SetHomeCurrency(ctx, "EURO"), ledger.EINVALID)
	usd := MustDeal(t, s, "Ana", "USD", pct10)
	eur := MustDeal(t, s, "Bo", "EUR", pct10)
	t.Run("Invalid", func(t *testing.T) {
		req := mustRequest(t, s, usd, 1000)
		for _, tc := range []struct {
			name string
			in   ledger.PayInput
			want string
		}{
			{"Negative", ledger.PayInput{HomeAmount: -5, HomeCurrency: "EUR"}, "home amount must be above zero"},
			{"TooLarge", ledger.PayInput{HomeAmount: ledger.MaxAmount + 1, HomeCurrency: "EUR"}, "home amount is too large"},
			{"NoCurrency", ledger.PayInput{HomeAmount: 500}, "needs the home currency"},
			{"UnknownCurrency", ledger.PayInput{HomeAmount: 500, HomeCurrency: "XYZ"}, `unknown currency "XYZ"`},
			{"SameCurrency", ledger.PayInput{HomeAmount: 500, HomeCurrency: "USD"}, "is in USD, the home currency"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := tc.in
				in.RequestID, in.Reference = req, "BAD-"+tc.name
				err := s.PayOffline(ctx, in)
				wantCode(t, err, ledger.EINVALID)
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("got %q, want %q", err, tc.want)
				}
			})
		}
		if r, _ := s.Request(ctx, req); r.Status != ledger.StatusRequested {
			t.Fatalf("a refused payment changed the request: %+v", r)
		}
		if err := s.CancelRequest(ctx, "", req, ""); err != nil {
			t.Fatal(err)
		}
	})
	req := mustRequest(t, s, usd, 100000) // $1,000.00
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "WIRE-1", Date: "2026-11-21", HomeAmount: 92034, HomeCurrency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	// A payment in the home currency has no home amount of its own.
	plain := mustRequest(t, s, eur, 5000)
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: plain, Reference: "SEPA-1", Date: "2026-11-21"}); err != nil {
		t.Fatal(err)
	}
	paid := mustPaid(t, s)
	if len(paid) != 2 {
		t.Fatalf("paid = %+v", paid)
	}
	byRef := map[string]ledger.PaidRow{}
	for _, p := range paid {
		byRef[p.Reference] = p
	}
	if p := byRef["WIRE-1"]; p.HomeAmount != 92034 || p.HomeCurrency != "EUR" || p.Amount != 100000 || p.Reversed {
		t.Errorf("WIRE-1 = %+v", p)
	}
	if p := byRef["SEPA-1"]; p.HomeAmount != 0 || p.HomeCurrency != "" {
		t.Errorf("SEPA-1 = %+v", p)
	}
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "returned by the bank"}); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: usd, Limit: 1})
	if h[0].Kind != ledger.KindPaidReversed {
		t.Fatalf("newest line %+v", h[0])
	}
	if amt, cur, err := s.HomeAmountOf(ctx, h[0].ID); err != nil || amt != 92034 || cur != "EUR" {
		t.Errorf("reversal's home amount = %d %s, %v; want the payment's 920.34 EUR", amt, cur, err)
	}
	if amt, _, _ := s.HomeAmountOf(ctx, h[0].Reverses); amt != 92034 {
		t.Errorf("payment's home amount = %d after the reversal", amt)
	}
	marked := 0
	for _, p := range mustPaid(t, s) {
		if p.RequestID == req && p.Reversed {
			marked++
		}
	}
	if marked != 1 {
		t.Errorf("%d reversed payments marked, want 1", marked)
	}
	// Stored as an integer, and append only.
	if !onPostgres() { // PostgreSQL's column is a BIGINT
		var typ string
		if err := s.DB().QueryRow(`SELECT typeof(home_amount) FROM payment_fx LIMIT 1`).Scan(&typ); err != nil || typ != "integer" {
			t.Errorf("home_amount is stored as %q, %v", typ, err)
		}
	}
	if _, err := s.DB().Exec(`UPDATE payment_fx SET home_amount = 1`); err == nil {
		t.Error("payment_fx accepted an update")
	}
	t.Run("OnePaymentOfSeveral", func(t *testing.T) {
		// $100 + $200 + $300 paid by one wire that cost €550.01: shared by
		// amount, 550.01/6 = 91.668 -> 91.67, x2 = 183.337 -> 183.34, and
		// the last the rest, 550.01 - 91.67 - 183.34 = 275.00.
		ids := []int64{mustRequest(t, s, usd, 10000), mustRequest(t, s, usd, 20000), mustRequest(t, s, usd, 30000)}
		if err := s.PayOffline(ctx, ledger.PayInput{RequestIDs: ids, Reference: "WIRE-3", HomeAmount: 55001, HomeCurrency: "EUR"}); err != nil {
			t.Fatal(err)
		}
		want := map[int64]int64{ids[0]: 9167, ids[1]: 18334, ids[2]: 27500}
		for _, p := range mustPaid(t, s) {
			if w, ok := want[p.RequestID]; ok {
				if p.HomeAmount != w || p.HomeCurrency != "EUR" {
					t.Errorf("request %d: home %d %s, want %d EUR", p.RequestID, p.HomeAmount, p.HomeCurrency, w)
				}
				delete(want, p.RequestID)
			}
		}
		if len(want) != 0 {
			t.Errorf("not paid: %v", want)
		}
	})
	t.Run("PastPayment", func(t *testing.T) {
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: usd, Amount: 2500}); err != nil {
			t.Fatal(err)
		}
		id, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: usd, Amount: 2500, Reference: "WIRE-2", Date: "2026-11-01",
			HomeAmount: 2301, HomeCurrency: "eur"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range mustPaid(t, s) {
			if p.RequestID == id && (p.HomeAmount != 2301 || p.HomeCurrency != "EUR") {
				t.Errorf("past payment %+v", p)
			}
		}
	})
	MustCheck(t, s)
}

// TestCheckHomeAmounts: Check finds a home amount on a transfer that is
// not a payment, one in the payment's own currency, and a reversal that
// does not carry its payment's amount back.
func TestCheckHomeAmounts(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	req := mustRequest(t, s, deal, 5000)
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "W-1", HomeAmount: 4600, HomeCurrency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "returned"}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	ids := map[string]int64{}
	for _, l := range h {
		ids[l.Kind] = l.ID
	}
	for _, q := range []string{
		`DROP TRIGGER payment_fx_no_delete`,
		`DELETE FROM payment_fx WHERE transfer_id = ` + itoa(ids[ledger.KindPaidReversed]),
		`INSERT INTO payment_fx VALUES (` + itoa(ids[ledger.KindRequest]) + `, 100, 'EUR')`,
		`INSERT INTO payment_fx VALUES (` + itoa(ids[ledger.KindBonus]) + `, 100, 'USD')`,
	} {
		tamper(t, s, []string{q})
	}
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{"trigger payment_fx_no_delete is missing",
		"transfer " + itoa(ids[ledger.KindPaidReversed]) + " reverses a payment with a home amount (46.00 EUR) but carries none back",
		"transfer " + itoa(ids[ledger.KindRequest]) + " has a home amount but is a request transfer",
		"transfer " + itoa(ids[ledger.KindBonus]) + " has a home amount but is a bonus transfer"} {
		if !strings.Contains(got, want) {
			t.Errorf("check lacks %q:\n%s", want, got)
		}
	}
}

func mustPaid(t *testing.T, s *ledger.Store) []ledger.PaidRow {
	t.Helper()
	f, err := s.Snapshot(ctx, ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PaidRequests(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImpliedRate(t *testing.T) {
	for _, tc := range []struct {
		amount  int64
		cur     string
		home    int64
		homeCur string
		places  int
		want    string
	}{
		{100000, "USD", 92034, "EUR", 6, "0.920340"}, // $1,000.00 cost €920.34
		{300, "USD", 100, "EUR", 4, "0.3333"},        // rounds down
		{300, "USD", 200, "EUR", 4, "0.6667"},        // rounds half up
		{100000, "JPY", 61234, "USD", 6, "0.006123"}, // ¥100,000 cost $612.34
		{61234, "USD", 100000, "JPY", 4, "163.3080"}, // $612.34 cost ¥100,000
		{1000, "KWD", 325000, "USD", 2, "3250.00"},   // KWD 1.000 (3 decimals) cost $3,250.00
		{0, "USD", 100, "EUR", 6, ""},
		{100, "USD", 100, "XXX", 6, ""},
		{ledger.MaxAmount, "USD", ledger.MaxAmount, "EUR", 6, "1.000000"}, // no overflow
	} {
		if got := ledger.ImpliedRate(tc.amount, tc.cur, tc.home, tc.homeCur, tc.places); got != tc.want {
			t.Errorf("ImpliedRate(%d %s, %d %s) = %q, want %q", tc.amount, tc.cur, tc.home, tc.homeCur, got, tc.want)
		}
	}
}
