package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

func TestPostingDate(t *testing.T) {
	for _, tc := range []struct{ doc, lock, want string }{
		{"2026-10-28", "", "2026-10-28"},
		{"2026-10-28", "2026-10-31", "2026-11-01"},
		{"2026-10-31", "2026-10-31", "2026-11-01"},
		{"2026-11-01", "2026-10-31", "2026-11-01"},
		{"2026-11-20", "2026-10-31", "2026-11-20"},
		{"2026-12-31", "2026-12-31", "2027-01-01"},
		{"2024-02-10", "2024-02-28", "2024-02-29"},
	} {
		if got := ledger.PostingDate(tc.doc, tc.lock); got != tc.want {
			t.Errorf("PostingDate(%s, closed through %q): got %s, want %s", tc.doc, tc.lock, got, tc.want)
		}
	}
}

// postedDates returns each transfer's document and posting dates, by ID.
func postedDates(t *testing.T, s *ledger.Store) map[int64][2]string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, date, posting_date FROM transfers`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][2]string{}
	for rows.Next() {
		var id int64
		var d [2]string
		if err := rows.Scan(&id, &d[0], &d[1]); err != nil {
			t.Fatal(err)
		}
		out[id] = d
	}
	return out
}

// TestLateEntriesAfterClose: once October is closed, everything that
// belongs to it but is recorded later (a payment made on October 28, an
// October order found in a November import, a reversal of an October
// payment, a release) keeps its date as the document date and is posted on
// November 1, the first open day; what belongs to November is posted on
// its own day.
func TestLateEntriesAfterClose(t *testing.T) {
	s, c := MustOpen(t)
	c.t = time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	deal := MustDeal(t, s, "Ana Silva", "USD", pct10, "ANA10")
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100000}); err != nil {
		t.Fatal(err)
	}
	paidOct, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 10000, Date: "2026-10-15", Reference: "OCT-1"})
	if err != nil {
		t.Fatal(err)
	}
	before := postedDates(t, s)

	c.t = time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
	if err := s.ClosePeriod(ctx, "", "2026-10-31"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClosedThrough(ctx); got != "2026-10-31" {
		t.Fatalf("closed through: got %q", got)
	}
	// Late: a payment dated in October, an October order, a reversal of an
	// October payment; on time: a November bonus.
	if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 20000, Date: "2026-10-28", Reference: "OCT-LATE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportOrders(ctx, "", "shopify", []ledger.OrderInput{{OrderID: "#9", DealID: deal, Currency: "USD", PaidDate: "2026-10-02", Base: 5000}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: paidOct, Reason: "bank returned it"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 500}); err != nil {
		t.Fatal(err)
	}
	after := postedDates(t, s)
	late := 0
	for id, d := range after {
		if b, ok := before[id]; ok {
			if b != d {
				t.Errorf("transfer %d changed: %v -> %v", id, b, d)
			}
			continue
		}
		switch {
		case d[0] <= "2026-10-31":
			late++
			if d[1] != "2026-11-01" {
				t.Errorf("transfer %d dated %s: posted %s, want 2026-11-01", id, d[0], d[1])
			}
		case d[1] != d[0]:
			t.Errorf("transfer %d dated %s: posted %s, want its own day", id, d[0], d[1])
		}
	}
	// The payment's request and payment, and the order's commission; the
	// order's release and the reversal happen today (November 12).
	if late != 3 {
		t.Errorf("got %d late transfers, want 3: the payment's request and payment, the order's commission", late)
	}
	MustCheck(t, s)

	// Exports select by posting date: October holds only what was posted
	// before the close.
	snap, err := s.Snapshot(ctx, ledger.ExportFilter{From: "2026-10-01", To: "2026-10-31"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CountTransfers(ctx, snap)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(before) {
		t.Errorf("October's export: got %d transfers, want the %d posted before the close", n, len(before))
	}
	var docs []string
	s.EachTransfer(ctx, ledger.ExportFilter{From: "2026-11-01", To: "2026-11-01", UpTo: 1 << 40}, func(r *ledger.ExportRow) error {
		docs = append(docs, r.DocumentDate)
		if r.Date != "2026-11-01" || r.RecordedAt == 0 {
			t.Errorf("transfer %d: posted %s, recorded at %d", r.ID, r.Date, r.RecordedAt)
		}
		return nil
	})
	if !strings.Contains(strings.Join(docs, " "), "2026-10-28") {
		t.Errorf("November 1's transfers keep their document dates: got %v", docs)
	}
}

func TestClosePeriodErrors(t *testing.T) {
	s, c := MustOpen(t)
	c.t = time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
	for name, through := range map[string]string{"ErrBadDate": "2026-10-32", "ErrToday": "2026-11-12", "ErrFuture": "2026-11-30"} {
		t.Run(name, func(t *testing.T) {
			wantCode(t, s.ClosePeriod(ctx, "", through), ledger.EINVALID)
		})
	}
	if err := s.ClosePeriod(ctx, "", "2026-10-31"); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrAlreadyClosed", func(t *testing.T) {
		for _, d := range []string{"2026-10-31", "2026-09-30"} {
			err := s.ClosePeriod(ctx, "", d)
			wantCode(t, err, ledger.EINVALID)
			if !strings.Contains(err.Error(), "already closed through 2026-10-31") {
				t.Errorf("got %v", err)
			}
		}
	})
	t.Run("ErrReopenNoReason", func(t *testing.T) {
		for _, r := range []string{"", "  ", "two\nlines"} {
			wantCode(t, s.ReopenPeriod(ctx, "", r), ledger.EINVALID)
		}
		if got, _ := s.ClosedThrough(ctx); got != "2026-10-31" {
			t.Errorf("a refused reopen changed the lock to %q", got)
		}
	})
}

// TestReopenPeriod: closes stack; a reopen (with its reason and operator in
// the period history) undoes the latest, and what is recorded after it is
// posted on its own date again.
func TestReopenPeriod(t *testing.T) {
	s, c := MustOpen(t)
	c.t = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	deal := MustDeal(t, s, "Ana Silva", "USD", pct10)
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100000}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2026-10-31", "2026-11-30"} {
		if err := s.ClosePeriod(ctx, "", d); err != nil {
			t.Fatal(err)
		}
	}
	s = as(t, s, "Mia (accountant)")
	if err := s.ReopenPeriod(ctx, "", "invoice from October 30 missed"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClosedThrough(ctx); got != "2026-10-31" {
		t.Fatalf("after reopening November: closed through %q, want 2026-10-31", got)
	}
	if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 100, Date: "2026-11-20", Reference: "NOV"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 100, Date: "2026-10-20", Reference: "OCT"}); err != nil {
		t.Fatal(err)
	}
	var posted []string
	s.EachTransfer(ctx, ledger.ExportFilter{UpTo: 1 << 40}, func(r *ledger.ExportRow) error {
		if r.Kind == ledger.KindPaid {
			posted = append(posted, r.DocumentDate+">"+r.Date)
		}
		return nil
	})
	if got, want := strings.Join(posted, " "), "2026-10-20>2026-11-01 2026-11-20>2026-11-20"; got != want {
		t.Errorf("payments (document>posting): got %s, want %s", got, want)
	}
	if err := s.ReopenPeriod(ctx, "", "audit adjustment"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReopenPeriod(ctx, "", "again"), ledger.EINVALID)
	ev, err := s.Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ev {
		got = append(got, e.Action+" "+e.Through+" -> "+e.ClosedThrough+" by "+e.Operator+": "+e.Reason)
	}
	want := []string{
		"close 2026-10-31 -> 2026-10-31 by tester: ",
		"close 2026-11-30 -> 2026-11-30 by tester: ",
		"reopen 2026-11-30 -> 2026-10-31 by Mia (accountant): invoice from October 30 missed",
		"reopen 2026-10-31 ->  by Mia (accountant): audit adjustment",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("period history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	MustCheck(t, s)
}

// TestCheckFindsTransferInClosedPeriod: a transfer written around the
// ledger's methods into a closed period is reported, and so is one posted
// before its own document date; those posted before the close are not.
func TestCheckFindsTransferInClosedPeriod(t *testing.T) {
	s, c := MustOpen(t)
	c.t = time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
	deal := MustDeal(t, s, "Ana Silva", "USD", pct10)
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000}); err != nil {
		t.Fatal(err)
	}
	if err := s.ClosePeriod(ctx, "", "2026-10-31"); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	// Two zero-sum transfers (owed -> bonus expense and back), so that the
	// balances still agree and only the dates are wrong.
	for _, q := range []string{
		`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, posting_date, at, operator, op_id, remaining_after)
			VALUES (1, 'USD', 'owed', 'bonus_expense', 5, 'bonus_voided', '2026-10-30', '2026-10-30', 0, 'x', 'x', 995)`,
		`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, posting_date, at, operator, op_id, remaining_after)
			VALUES (1, 'USD', 'bonus_expense', 'owed', 5, 'bonus', '2026-11-10', '2026-11-09', 0, 'x', 'x', 1000)`,
	} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"is posted on 2026-10-30, inside the period closed through 2026-10-31", `is posted on "2026-11-09", before its document date 2026-11-10`} {
		if !strings.Contains(all, want) {
			t.Errorf("check does not report %q:\n%s", want, all)
		}
	}
}

func TestExportPeriod(t *testing.T) {
	s, c := MustOpen(t)
	c.t = time.Date(2027, 1, 15, 10, 0, 0, 0, time.UTC)
	if _, _, err := s.ExportPeriod(ctx, "closed"); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("closed with none closed: got %v", err)
	}
	for _, d := range []string{"2026-10-31", "2026-12-31"} {
		if err := s.ClosePeriod(ctx, "", d); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ name, from, to string }{
		{"last-month", "2026-12-01", "2026-12-31"},
		{"last month", "2026-12-01", "2026-12-31"},
		{"this-month", "2027-01-01", "2027-01-31"},
		{"this-year", "2027-01-01", "2027-12-31"},
		{"last-year", "2026-01-01", "2026-12-31"},
		{"2026-10", "2026-10-01", "2026-10-31"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2026", "2026-01-01", "2026-12-31"},
		{"closed", "2026-11-01", "2026-12-31"},
	} {
		from, to, err := s.ExportPeriod(ctx, tc.name)
		if err != nil || from != tc.from || to != tc.to {
			t.Errorf("%s: got %s..%s, %v; want %s..%s", tc.name, from, to, err, tc.from, tc.to)
		}
	}
	for _, bad := range []string{"", "2026-13", "october", "26-10", "2026-1"} {
		if _, _, err := s.ExportPeriod(ctx, bad); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("%q: got %v, want invalid", bad, err)
		}
	}
	ps, err := s.ClosedPeriods(ctx)
	if err != nil || len(ps) != 2 || ps[0] != (ledger.ClosedPeriod{Through: "2026-10-31"}) || ps[1] != (ledger.ClosedPeriod{From: "2026-11-01", Through: "2026-12-31"}) {
		t.Errorf("closed periods: got %+v, %v", ps, err)
	}
}
