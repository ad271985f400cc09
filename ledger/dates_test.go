package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// A payment is never dated before its request or in the future (today
// 2026-11-21 on the test clock, plus one day of slack for time zones).
func TestPaymentDate(t *testing.T) {
	for _, tt := range []struct {
		name, reqDate, payDate string
		ok                     bool
		msg                    string
	}{
		{"Today", "", "", true, ""},
		{"SameDayAsRequest", "", "2026-11-21", true, ""},
		{"TomorrowSlack", "", "2026-11-22", true, ""},
		{"ErrFuture", "", "2031-01-01", false, "payment date 2031-01-01 is in the future"},
		{"ErrDayAfterTomorrow", "", "2026-11-23", false, "in the future"},
		{"ErrBeforeRequest", "", "2026-11-20", false, "payment date 2026-11-20 is before the $10.00 payout request of Ana's USD deal in Campaign of Ana was made (2026-11-21)"},
		{"PastRequestPastPayment", "2026-10-01", "2026-10-05", true, ""},
		{"PastRequestSameDay", "2026-10-01", "2026-10-01", true, ""},
		{"ErrBeforePastRequest", "2026-10-01", "2026-09-30", false, "before the $10.00 payout request of Ana's USD deal in Campaign of Ana was made (2026-10-01)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			deal := MustDeal(t, s, "Ana", "USD", pct10)
			s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
			req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1000, Date: tt.reqDate})
			if err != nil {
				t.Fatal(err)
			}
			err = s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "R1", Date: tt.payDate})
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				MustCheck(t, s)
				return
			}
			wantCode(t, err, ledger.EINVALID)
			if msg := ledger.ErrorMessage(err); !strings.Contains(msg, tt.msg) || strings.Contains(msg, "\n") {
				t.Fatalf("message = %q, want one line with %q", msg, tt.msg)
			}
			if r, _ := s.Request(ctx, req); r.Status != ledger.StatusRequested {
				t.Fatalf("request %s after a refused payment", r.Status)
			}
		})
	}
}

// A request can carry an earlier date, never a future one; its transfer is
// dated with it.
func TestRequestDate(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
	_, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100, Date: "2026-11-25"})
	wantCode(t, err, ledger.EINVALID)
	_, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100, Date: "1 Oct"})
	wantCode(t, err, ledger.EINVALID)
	if _, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100, Date: "2026-10-01"}); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	if len(h) != 1 || h[0].Kind != ledger.KindRequest || h[0].Date != "2026-10-01" {
		t.Fatalf("history = %+v", h)
	}
	MustCheck(t, s)
}

// Recording a payment made some time ago is one operation: request and
// payment, both dated the day it was paid, or nothing.
func TestRecordPastPayment(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
	in := ledger.PastPaymentInput{OpID: "past-1", DealID: deal, Amount: 600, Date: "2026-10-01", Method: "paypal", Reference: "PP-1"}
	req, err := s.RecordPastPayment(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Request(ctx, req)
	if r.Status != ledger.StatusPaid || r.PaidDate != "2026-10-01" || r.Method != ledger.MethodPayPal || r.Amount != 600 {
		t.Fatalf("request = %+v", r)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 2})
	if len(h) != 2 || h[0].Kind != ledger.KindPaid || h[1].Kind != ledger.KindRequest || h[0].Date != "2026-10-01" || h[1].Date != "2026-10-01" || h[0].OpID != h[1].OpID {
		t.Fatalf("history = %+v", h)
	}
	// The same operation again returns the first result.
	if again, err := s.RecordPastPayment(ctx, in); err != nil || again != req {
		t.Fatalf("replay = %d, %v; want %d", again, err, req)
	}
	// A refused payment leaves no request behind.
	for _, bad := range []ledger.PastPaymentInput{
		{DealID: deal, Amount: 100, Date: "2026-10-02", Reference: "PP-1"}, // reference used
		{DealID: deal, Amount: 100, Date: "2031-01-01", Reference: "PP-2"}, // future
		{DealID: deal, Amount: 500, Date: "2026-10-02", Reference: "PP-3"}, // above owed
		{DealID: deal, Amount: 100, Date: "2026-10-02", Reference: ""},     // no reference
		{DealID: 99, Amount: 100, Date: "2026-10-02", Reference: "PP-4"},   // no deal
	} {
		if _, err := s.RecordPastPayment(ctx, bad); err == nil {
			t.Fatalf("%+v was recorded", bad)
		}
	}
	if rs, _ := s.Requests(ctx, ledger.RequestQuery{}); len(rs) != 1 {
		t.Fatalf("requests = %d after refusals, want 1", len(rs))
	}
	MustCheck(t, s)
}
