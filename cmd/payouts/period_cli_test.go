package main_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPeriodCLI: close last month, record a payment made in it, and its
// journal, bank statement and workbook exported by --period are the same
// bytes; the payment is in this month's, with its own date in the memo. A reopen needs a reason, which
// period list shows with the operator.
func TestPeriodCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.payouts")
	ok(t, db, "demo", "--creators", "6")
	now := time.Now().UTC()
	firstOfMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	lastMonthEnd := firstOfMonth.AddDate(0, 0, -1).Format("2006-01-02")
	lateDay := firstOfMonth.AddDate(0, 0, -3).Format("2006-01-02")

	exports := func() map[string][]byte {
		// The workbook says when it was exported, so its bytes are
		// compared in the export package, under a fixed clock.
		return map[string][]byte{
			"journal": []byte(ok(t, db, "export", "csv", "--kind", "journal", "--period", "last-month")),
			"bank":    []byte(ok(t, db, "export", "csv", "--kind", "bank", "--currency", "USD", "--period", "last-month")),
		}
	}
	before := exports()
	if got := ok(t, db, "period", "close", "--through", lastMonthEnd); !strings.HasPrefix(got, "closed through "+lastMonthEnd) {
		t.Errorf("close: got %q", got)
	}
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "5.00")
	req := ok(t, db, "payout", "request", "--deal", "1", "--amount", "5.00", "--date", lateDay)
	ok(t, db, "payout", "pay", req, "--offline", "--reference", "LATE-CLI", "--date", lateDay)
	after := exports()
	for _, k := range []string{"journal", "bank"} {
		if !bytes.Equal(before[k], after[k]) {
			t.Errorf("%s of the closed month changed after a late payment", k)
		}
	}
	if strings.Contains(string(after["journal"]), "LATE-CLI") {
		t.Error("the late payment is in the closed month's journal")
	}
	if j := ok(t, db, "export", "csv", "--kind", "journal", "--period", "this-month"); !strings.Contains(j, "LATE-CLI") || !strings.Contains(j, "dated "+lateDay) {
		t.Errorf("this month's journal does not hold the late payment with its date:\n%s", j)
	}
	// The one closed period runs from the first transfer through its close.
	if closed := ok(t, db, "export", "csv", "--kind", "journal", "--period", "closed"); !strings.Contains(closed, "PAYOUTS-T1,") || strings.Contains(closed, "LATE-CLI") {
		t.Errorf("--period closed: got %.300q", closed)
	}
	ok(t, db, "check")

	for name, tc := range map[string]struct {
		args []string
		code int
	}{
		"ErrReopenNoReason":    {[]string{"period", "reopen"}, 2},
		"ErrReopenBlankReason": {[]string{"period", "reopen", "--reason", "  "}, 1},
		"ErrCloseAgain":        {[]string{"period", "close", "--through", lastMonthEnd}, 1},
		"ErrCloseFuture":       {[]string{"period", "close", "--through", now.AddDate(0, 0, 3).Format("2006-01-02")}, 1},
		"ErrPeriodAndFrom":     {[]string{"export", "csv", "--kind", "journal", "--period", "last-month", "--from", "2026-01-01"}, 1},
		"ErrUnknownPeriod":     {[]string{"export", "csv", "--kind", "journal", "--period", "fortnight"}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			r := payouts(t, db, tc.args...)
			if r.code != tc.code || !strings.HasPrefix(r.stderr, "payouts: ") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
				t.Errorf("got exit %d, stderr %q; want exit %d and a short message", r.code, r.stderr, tc.code)
			}
		})
	}

	r := payouts(t, db, "period", "reopen", "--reason", "missed invoice")
	if r.code != 0 || !strings.Contains(r.stdout, "no period is closed") {
		t.Errorf("reopen: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	list := ok(t, db, "period", "list", "--format", "csv")
	for _, want := range []string{"when,action,through,closed_through,operator,reason", ",close," + lastMonthEnd + "," + lastMonthEnd + ",ops@brand,",
		",reopen," + lastMonthEnd + ",,ops@brand,missed invoice"} {
		if !strings.Contains(list, want) {
			t.Errorf("period list does not hold %q:\n%s", want, list)
		}
	}
	if got := ok(t, db, "period", "list"); !strings.HasPrefix(got, "No period is closed.") {
		t.Errorf("period list: got %q", got)
	}
}
