package ledger_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// fig is a report row's figures, by hand: orders, revenue, commission,
// fees, bonuses, paid (minor units), then the derived cost, net, return on
// spend, cost per order and average order value ("" is none).
type fig struct {
	name, cur                                      string
	orders, revenue, commission, fees, bonus, paid int64
	cost, net                                      int64
	ros, cpo, aov                                  string
}

func figOf(r ledger.ReportRow, name string) fig {
	opt := func(v int64, ok bool) string {
		if !ok {
			return ""
		}
		return ledger.Format(v, r.Currency)
	}
	return fig{name, r.Currency, r.Orders, r.Revenue, r.Commission, r.Fees, r.Bonuses, r.Paid, r.Cost(), r.Net(),
		r.ReturnOnSpendText(), opt(r.CostPerOrder()), opt(r.AverageOrderValue())}
}

func TestReport(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.ReportFixture(ctx, s); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	spring, err := s.CampaignByName(ctx, "Spring")
	if err != nil {
		t.Fatal(err)
	}
	// Ana USD over all time: orders A1 (refunded to 40.00 after the payout),
	// A2, A3; A4 is cancelled and does not count. Commission 10+5+20, less
	// the 6.00 clawed back on 12-03. ROS 290/29 = 10; per order 29/3 and
	// 290/3, rounded half up.
	anaUSD := fig{"Ana", "USD", 3, 29000, 2900, 0, 0, 3500, 2900, 26100, "10.00", "9.67", "96.67"}
	anaEUR := fig{"Ana", "EUR", 1, 12000, 1200, 0, 0, 0, 1200, 10800, "10.00", "12.00", "120.00"}
	// Fees but no orders: it cost 350.00 and brought nothing in, so the
	// return is 0.00 (not none: there was a spend); per order is none.
	ben := fig{"Ben", "USD", 0, 0, 0, 30000, 5000, 0, 35000, -35000, "0.00", "", ""}
	// Per-order deal: 2 earning orders x 2.50; the cancelled one earns nothing.
	cleo := fig{"Cleo", "EUR", 2, 10000, 500, 0, 0, 0, 500, 9500, "20.00", "2.50", "50.00"}
	tests := []struct {
		name string
		q    ledger.ReportQuery
		want []fig
	}{
		{"ByCreatorAllTime", ledger.ReportQuery{By: ledger.ReportByCreator}, []fig{anaEUR, anaUSD, ben, cleo}},
		{"DefaultIsByCreator", ledger.ReportQuery{}, []fig{anaEUR, anaUSD, ben, cleo}},
		{"ByCampaign", ledger.ReportQuery{By: ledger.ReportByCampaign}, []fig{
			{"Autumn", "EUR", 1, 12000, 1200, 0, 0, 0, 1200, 10800, "10.00", "12.00", "120.00"},
			{"Spring", "EUR", 2, 10000, 500, 0, 0, 0, 500, 9500, "20.00", "2.50", "50.00"},
			// Ana USD + Ben: 290 / 379 = 0.765 -> 0.77.
			{"Spring", "USD", 3, 29000, 2900, 30000, 5000, 3500, 37900, -8900, "0.77", "126.33", "96.67"},
		}},
		{"ByDeal", ledger.ReportQuery{By: ledger.ReportByDeal}, []fig{
			{"Ana/Autumn", "EUR", 1, 12000, 1200, 0, 0, 0, 1200, 10800, "10.00", "12.00", "120.00"},
			{"Ana/Spring", "USD", 3, 29000, 2900, 0, 0, 3500, 2900, 26100, "10.00", "9.67", "96.67"},
			{"Ben/Spring", "USD", 0, 0, 0, 30000, 5000, 0, 35000, -35000, "0.00", "", ""},
			{"Cleo/Spring", "EUR", 2, 10000, 500, 0, 0, 0, 500, 9500, "20.00", "2.50", "50.00"},
		}},
		// Cuts October: A1 (10-05) is out, A2 and A3 in; the clawback of
		// 12-03 is after the range, the payout of 11-21 inside.
		{"RangeCutsAMonth", ledger.ReportQuery{By: ledger.ReportByCreator, From: "2026-10-15", To: "2026-11-30", Currency: "usd"}, []fig{
			{"Ana", "USD", 2, 25000, 2500, 0, 0, 3500, 2500, 22500, "10.00", "12.50", "125.00"},
			ben,
		}},
		// December holds only the refund after the payout: no revenue, a
		// negative cost, so no return on spend.
		{"RefundAfterPayout", ledger.ReportQuery{From: "2026-12-01", To: "2026-12-31"}, []fig{
			{"Ana", "USD", 0, 0, -600, 0, 0, 0, -600, 600, "", "", ""},
		}},
		{"Currency", ledger.ReportQuery{Currency: "EUR"}, []fig{anaEUR, cleo}},
		{"Campaign", ledger.ReportQuery{CampaignID: spring.ID}, []fig{anaUSD, ben, cleo}},
		{"Empty", ledger.ReportQuery{From: "2025-01-01", To: "2025-12-31"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Report(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []fig
			for _, r := range rows {
				name := r.CreatorName
				switch tt.q.By {
				case ledger.ReportByCampaign:
					name = r.CampaignName
				case ledger.ReportByDeal:
					name = r.CreatorName + "/" + r.CampaignName
				}
				got = append(got, figOf(r, name))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestReportMonths(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.ReportFixture(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := s.ReportMonths(ctx, ledger.ReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.MonthCosts{
		{Month: "2026-10", Currency: "USD", Commission: 1500},
		{Month: "2026-11", Currency: "EUR", Commission: 1700},
		{Month: "2026-11", Currency: "USD", Commission: 2000, Fees: 30000, Bonuses: 5000},
		{Month: "2026-12", Currency: "USD", Commission: -600},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	got, err = s.ReportMonths(ctx, ledger.ReportQuery{From: "2026-11-01", To: "2026-11-30", Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if want := want[1:2]; !reflect.DeepEqual(got, want) {
		t.Errorf("November EUR: got %v, want %v", got, want)
	}
}

func TestReportInvalid(t *testing.T) {
	s, _ := MustOpen(t)
	for _, q := range []ledger.ReportQuery{
		{By: "month"}, {From: "2026-13-01"}, {To: "yesterday"}, {From: "2026-12-01", To: "2026-11-01"},
	} {
		_, err := s.Report(ctx, q)
		wantCode(t, err, ledger.EINVALID)
		_, err = s.ReportMonths(ctx, q)
		if q.By == "" {
			wantCode(t, err, ledger.EINVALID)
		}
	}
}

func TestPresetRange(t *testing.T) {
	today := time.Date(2026, 2, 14, 15, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ preset, from, to string }{
		{ledger.RangeThisMonth, "2026-02-01", "2026-02-28"},
		{ledger.RangeLastMonth, "2026-01-01", "2026-01-31"},
		{ledger.RangeThisQuarter, "2026-01-01", "2026-03-31"},
		{ledger.RangeThisYear, "2026-01-01", "2026-12-31"},
		{ledger.RangeAllTime, "", ""},
	} {
		from, to, err := ledger.PresetRange(tt.preset, today)
		if err != nil || from != tt.from || to != tt.to {
			t.Errorf("%s: got %s..%s %v, want %s..%s", tt.preset, from, to, err, tt.from, tt.to)
		}
	}
	// January: last month is December of the year before; November is in
	// the fourth quarter.
	if from, to, _ := ledger.PresetRange(ledger.RangeLastMonth, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)); from != "2025-12-01" || to != "2025-12-31" {
		t.Errorf("last month in January: got %s..%s", from, to)
	}
	if from, to, _ := ledger.PresetRange(ledger.RangeThisQuarter, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)); from != "2026-10-01" || to != "2026-12-31" {
		t.Errorf("quarter in November: got %s..%s", from, to)
	}
	if _, _, err := ledger.PresetRange("next week", today); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("unknown preset: got %v", err)
	}
}

// TestReportUpTo: an export's snapshot leaves out transfers recorded after
// it, so the Attribution sheet agrees with the Transactions sheet.
func TestReportUpTo(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.ReportFixture(ctx, s); err != nil {
		t.Fatal(err)
	}
	f, err := s.Snapshot(ctx, ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: 3, Amount: 100}); err != nil {
		t.Fatal(err)
	}
	rd, err := s.ExportReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for _, tt := range []struct {
		upTo  int64
		bonus int64
	}{{f.UpTo, 5000}, {0, 5100}} {
		rows, err := rd.Report(ctx, ledger.ReportQuery{DealID: 3, UpTo: tt.upTo})
		if err != nil || len(rows) != 1 || rows[0].Bonuses != tt.bonus {
			t.Errorf("up to %d: got %+v %v, want bonuses %d", tt.upTo, rows, err, tt.bonus)
		}
	}
}
