package ledger_test

import (
	"slices"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// FixtureMonth fills s with the month of issue 14 (demo.Month) and puts
// the test clock where the month left it.
func FixtureMonth(tb testing.TB, s *ledger.Store, c *clock) int64 {
	tb.Helper()
	deal, err := demo.Month(ctx, s)
	if err != nil {
		tb.Fatal(err)
	}
	c.t = s.Now()
	s.Now = c.Now
	return deal
}

func TestRollForward(t *testing.T) {
	s, c := MustOpen(t)
	FixtureMonth(t, s, c)
	MustCheck(t, s)
	rfs, err := s.RollForwards(ctx, ledger.ExportFilter{From: "2026-11-01", To: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rfs) != 1 || rfs[0].Currency != "USD" {
		t.Fatalf("got %+v, want one USD roll-forward", rfs)
	}
	r := rfs[0]
	C := func(s, h, o, q int64) ledger.Creators {
		return ledger.Creators{Scheduled: s, Held: h, Owed: o, Requested: q}
	}
	for _, tc := range []struct {
		line      string
		got, want ledger.Creators
	}{
		{"opening", r.Opening, C(0, 3000, 10000, 0)},
		{ledger.KindCommission, r.Activity[ledger.KindCommission], C(0, 1900, 0, 0)},
		{ledger.KindRelease, r.Activity[ledger.KindRelease], C(0, -3000, 3000, 0)},
		{ledger.KindFee, r.Activity[ledger.KindFee], C(75000, 0, 0, 0)},
		{ledger.KindFeeConfirmed, r.Activity[ledger.KindFeeConfirmed], C(-50000, 0, 50000, 0)},
		{ledger.KindBonus, r.Activity[ledger.KindBonus], C(0, 0, 5025, 0)},
		{ledger.KindRequest, r.Activity[ledger.KindRequest], C(0, 0, -40000, 40000)},
		{ledger.KindPaid, r.Activity[ledger.KindPaid], C(0, 0, 0, -40000)},
		{"closing", r.Closing, C(25000, 1900, 28025, 0)},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.line, tc.got, tc.want)
		}
	}
	// The figures: 19.00 + 750.00 + 50.25 - 400.00 = 419.25 of
	// liabilities and commitments, of which 250.00 is the unconfirmed fee.
	moved := r.Moved()
	if got := moved.Remaining() + moved.Scheduled; got != 41925 {
		t.Errorf("month's change in liabilities and commitments: got %d, want 41925", got)
	}
	if got := moved.Remaining(); got != 16925 {
		t.Errorf("month's change in what is owed: got %d, want 16925", got)
	}
	if got := r.Closing.Scheduled; got != 25000 {
		t.Errorf("commitment at the end: got %d, want 25000", got)
	}
}

// TestRollForwardReconciles: for every range, opening + activity = closing
// per currency and account, on the demo program (several currencies,
// every kind of transfer).
func TestRollForwardReconciles(t *testing.T) {
	s, c := MustOpen(t)
	mustDemo(t, s)
	FixtureMonth(t, s, c)
	for _, f := range []ledger.ExportFilter{{}, {From: "2026-11-01", To: "2026-11-30"}, {From: "2026-09-15"}, {To: "2026-10-31"},
		{From: "2026-01-01", To: "2026-12-31"}} {
		rfs, err := s.RollForwards(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rfs) == 0 {
			t.Fatalf("%+v: no roll-forward", f)
		}
		for _, r := range rfs {
			if got := r.Opening.Add(r.Moved()); got != r.Closing {
				t.Errorf("%s %s..%s: opening %+v + activity %+v = %+v, closing %+v", r.Currency, f.From, f.To, r.Opening, r.Moved(), got, r.Closing)
			}
			for k := range r.Activity {
				if !slices.Contains(ledger.RollForwardKinds(), k) {
					t.Errorf("%s: activity of kind %q, which the roll-forward does not list", r.Currency, k)
				}
			}
		}
	}
}

// TestRollForwardKinds: the roll-forward lists every kind of transfer, in
// the order the workbook shows: what creators earn, then what moves between
// their accounts, then what leaves for cash. A kind left out would be
// activity no line shows.
func TestRollForwardKinds(t *testing.T) {
	want := []string{ledger.KindCommission, ledger.KindFee, ledger.KindFeeConfirmed, ledger.KindFeeVoided, ledger.KindBonus,
		ledger.KindBonusVoided, ledger.KindRefund, ledger.KindRelease, ledger.KindRequest, ledger.KindRequestCancel,
		ledger.KindPaid, ledger.KindPaidReversed}
	if got := ledger.RollForwardKinds(); !slices.Equal(got, want) {
		t.Errorf("roll-forward kinds %v, want %v", got, want)
	}
	for _, k := range ledger.TransferKinds() {
		if !slices.Contains(ledger.RollForwardKinds(), k) {
			t.Errorf("kind %q is not in RollForwardKinds", k)
		}
	}
}

func mustDemo(tb testing.TB, s *ledger.Store) {
	tb.Helper()
	if err := demo.Fill(ctx, s, demo.Options{Seed: 3, Creators: 12}); err != nil {
		tb.Fatal(err)
	}
}
