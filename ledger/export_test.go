package ledger_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

func TestExportFilterValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		in       ledger.ExportFilter
		from, to string
		code     string
	}{
		"OK":          {ledger.ExportFilter{From: " 2026-01-01 ", To: "2026-12-31"}, "2026-01-01", "2026-12-31", ""},
		"OKOpen":      {ledger.ExportFilter{To: "2026-12-31"}, "", "2026-12-31", ""},
		"OKSameDay":   {ledger.ExportFilter{From: "2026-05-05", To: "2026-05-05"}, "2026-05-05", "2026-05-05", ""},
		"ErrBadDate":  {ledger.ExportFilter{From: "2026-02-30"}, "", "", ledger.EINVALID},
		"ErrNotISO":   {ledger.ExportFilter{To: "21/11/2026"}, "", "", ledger.EINVALID},
		"ErrReversed": {ledger.ExportFilter{From: "2026-02-02", To: "2026-02-01"}, "", "", ledger.EINVALID},
	} {
		t.Run(name, func(t *testing.T) {
			f := tc.in
			err := f.Validate()
			if got := ledger.ErrorCode(err); got != tc.code {
				t.Fatalf("got code %q (%v), want %q", got, err, tc.code)
			}
			if tc.code == "" && (f.From != tc.from || f.To != tc.to) {
				t.Errorf("got %q..%q, want %q..%q", f.From, f.To, tc.from, tc.to)
			}
		})
	}
}

// TestExportReads checks the export's reads against the ledger's own
// figures: balances as of now equal the cached ones, Apply over the stream
// equals BalancesAsOf, and the account sums balance per currency.
func TestExportReads(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.Fill(ctx, s, demo.Options{Seed: 5, Creators: 20}); err != nil {
		t.Fatal(err)
	}
	for _, reader := range []string{"Store", "ExportReader"} {
		t.Run(reader, func(t *testing.T) {
			var (
				snapshot     = s.Snapshot
				each         = s.EachTransfer
				balancesAsOf = s.BalancesAsOf
				accounts     = s.AccountTotals
				count        = s.CountTransfers
			)
			if reader == "ExportReader" {
				r, err := s.ExportReader(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				snapshot, each, balancesAsOf, accounts, count = r.Snapshot, r.EachTransfer, r.BalancesAsOf, r.AccountTotals, r.CountTransfers
			}
			f, err := snapshot(ctx, ledger.ExportFilter{})
			if err != nil {
				t.Fatal(err)
			}
			bal, err := balancesAsOf(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			applied := map[int64]*ledger.DealBalance{}
			n := 0
			if err := each(ctx, f, func(r *ledger.ExportRow) error {
				n++
				d := applied[r.DealID]
				if d == nil {
					d = &ledger.DealBalance{DealID: r.DealID}
					applied[r.DealID] = d
				}
				d.Apply(r)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if c, err := count(ctx, f); err != nil || c != n {
				t.Errorf("count: got %d (%v), want %d rows streamed", c, err, n)
			}
			for _, b := range bal {
				d, err := s.Deal(ctx, b.DealID)
				if err != nil {
					t.Fatal(err)
				}
				if b.Scheduled != d.Scheduled || b.Held != d.Held || b.Owed != d.Owed || b.Requested != d.Requested || b.Paid != d.Paid {
					t.Errorf("deal %d: as of now %+v, cached %+v", b.DealID, b, d.Balances)
				}
				a := applied[b.DealID]
				if a == nil || a.Scheduled != b.Scheduled || a.Held != b.Held || a.Owed != b.Owed || a.Requested != b.Requested || a.Paid != b.Paid {
					t.Errorf("deal %d: Apply gave %+v, BalancesAsOf %+v", b.DealID, a, b)
				}
			}
			totals, err := accounts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			net := map[string]int64{}
			for _, a := range totals {
				net[a.Currency] += a.Debits - a.Credits
			}
			for cur, v := range net {
				if v != 0 {
					t.Errorf("%s: debits and credits differ by %d", cur, v)
				}
			}
		})
	}
}

// TestBalancesAsOfPaths computes balances as of several days both ways
// (cached balances less what came after; the transfers up to then, summed)
// and wants the same rows, and the transfers' way to agree with each deal's
// history.
func TestBalancesAsOfPaths(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.Fill(ctx, s, demo.Options{Seed: 9, Creators: 20}); err != nil {
		t.Fatal(err)
	}
	camps, err := s.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"", "2026-07-01", "2026-08-15", "2026-10-01", "2026-11-20", "2027-01-01"} {
		for _, camp := range []int64{0, camps[1].ID} {
			t.Run(fmt.Sprintf("To%s/Campaign%d", to, camp), func(t *testing.T) {
				f, err := s.Snapshot(ctx, ledger.ExportFilter{To: to, CampaignID: camp})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string][]ledger.DealBalance{}
				for _, path := range []string{"cache", "transfers", ""} {
					restore := ledger.SetBalancesPath(path)
					got[path], err = s.BalancesAsOf(ctx, f)
					restore()
					if err != nil {
						t.Fatal(err)
					}
				}
				if !reflect.DeepEqual(got["cache"], got["transfers"]) || !reflect.DeepEqual(got[""], got["transfers"]) {
					t.Fatalf("cache way %v\ntransfers way %v", got["cache"], got["transfers"])
				}
				for _, b := range got["transfers"] {
					h, err := s.History(ctx, ledger.HistoryQuery{DealID: b.DealID})
					if err != nil {
						t.Fatal(err)
					}
					var want ledger.DealBalance
					for _, l := range h {
						if to == "" || l.Date <= to {
							want.Apply(&ledger.ExportRow{From: l.From, To: l.To, Amount: l.Amount})
						}
					}
					if want.Scheduled != b.Scheduled || want.Held != b.Held || want.Owed != b.Owed || want.Requested != b.Requested || want.Paid != b.Paid {
						t.Errorf("deal %d as of %q: got %+v, history gives %+v", b.DealID, to, b, want)
					}
				}
			})
		}
	}
}

// TestBalancesAsOfSnapshot: what is recorded after the snapshot is not in
// the balances, either way they are computed.
func TestBalancesAsOfSnapshot(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.Fill(ctx, s, demo.Options{Seed: 4, Creators: 10}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Snapshot(ctx, ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.BalancesAsOf(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: before[0].DealID, Amount: 777}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"cache", "transfers"} {
		restore := ledger.SetBalancesPath(path)
		got, err := s.BalancesAsOf(ctx, f)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, before) {
			t.Errorf("%s: the bonus after the snapshot shows: got %+v, want %+v", path, got[0], before[0])
		}
	}
}
