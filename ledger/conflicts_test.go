package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Two people on one ledger: what one sees in the queue may have been paid
// or cancelled by the other a moment ago. The refusal names who did it and
// when, so the person knows not to pay it again by other means.
func TestConflictNamesWhoAndWhen(t *testing.T) {
	at := func(c *clock) string { return " at " + c.t.Local().Format("15:04") }
	tests := []struct {
		name  string
		other func(b *ledger.Store, id int64) error               // what bob does first
		later time.Duration                                       // how long before alice acts
		mine  func(t testing.TB, a *ledger.Store, id int64) error // what alice then tries
		want  func(c *clock) string
	}{
		{"PayPaid", payBank("B-1"), 0, mine(payBank("A-1")),
			func(c *clock) string { return "was already paid by bob" + at(c) }},
		{"PayCancelled", cancel, 0, mine(payBank("A-1")),
			func(c *clock) string { return "was already cancelled by bob" + at(c) }},
		{"CancelPaid", payBank("B-1"), 0, mine(cancel),
			func(c *clock) string { return "was already paid by bob" + at(c) + " and cannot be cancelled" }},
		{"CancelCancelled", cancel, 0, mine(cancel),
			func(c *clock) string { return "was already cancelled by bob" + at(c) }},
		{"StripePaid", payBank("B-1"), 0, func(t testing.TB, a *ledger.Store, id int64) error {
			_, err := a.BeginStripePayment(ctx, id)
			return err
		}, func(c *clock) string { return "was already paid by bob" + at(c) }},
		{"PaidTogether", payBank("B-1"), 0, func(t testing.TB, a *ledger.Store, id int64) error {
			r, err := a.Request(ctx, id)
			if err != nil {
				return err
			}
			// A payment of two: the open one first, the paid one second.
			return a.PayOffline(ctx, ledger.PayInput{RequestIDs: []int64{mustRequest(t, a, r.DealID, 300), id}, Reference: "A-1"})
		}, func(c *clock) string { return "was already paid by bob" + at(c) }},
		// Not today: the date too, or "at 10:00" would read as today's.
		{"PaidYesterday", payBank("B-1"), 26 * time.Hour, mine(payBank("A-1")),
			func(c *clock) string {
				return "was already paid by bob on " + c.t.Add(-26*time.Hour).Local().Format(ledger.DateLayout) +
					" at " + c.t.Add(-26*time.Hour).Local().Format("15:04")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, c := MustOpen(t)
			b, err := ledger.Open(a.Path())
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			b.Now = c.Now
			a, b = as(t, a, "alice"), as(t, b, "bob")
			deal := MustDeal(t, a, "Ana Silva", "USD", pct10)
			id := mustRequest(t, a, deal, 4000)
			if err := tt.other(b, id); err != nil {
				t.Fatal(err)
			}
			c.Advance(tt.later)
			err = tt.mine(t, a, id)
			if ledger.ErrorCode(err) != ledger.ECONFLICT {
				t.Fatalf("got %v (%s), want a conflict", err, ledger.ErrorCode(err))
			}
			msg := ledger.ErrorMessage(err)
			if want := tt.want(c); !strings.Contains(msg, want) || !strings.Contains(msg, "the $40.00 payout request of Ana Silva's USD deal") {
				t.Errorf("got %q, want it to name the request and contain %q", msg, want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("message on more than one line: %q", msg)
			}
		})
	}
}

func payBank(ref string) func(s *ledger.Store, id int64) error {
	return func(s *ledger.Store, id int64) error {
		return s.PayOffline(ctx, ledger.PayInput{RequestID: id, Method: "bank", Reference: ref})
	}
}

func cancel(s *ledger.Store, id int64) error { return s.CancelRequest(ctx, "", id, "") }

// mine is an action of alice's that needs no test helper.
func mine(f func(s *ledger.Store, id int64) error) func(testing.TB, *ledger.Store, int64) error {
	return func(_ testing.TB, s *ledger.Store, id int64) error { return f(s, id) }
}
