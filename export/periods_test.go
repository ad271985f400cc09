package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// exports writes the workbook, the journal and the bank statement of f,
// with the store's clock at one fixed moment (the Summary says when it was
// exported), and returns their bytes.
func exports(t *testing.T, s *ledger.Store, f ledger.ExportFilter) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	now := s.Now
	at := time.Date(2026, 12, 10, 8, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	defer func() { s.Now = now }()
	out := map[string][]byte{}
	var wb bytes.Buffer
	if err := export.WriteWorkbook(ctx, s, &wb, export.Options{Filter: f, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	out["xlsx"] = wb.Bytes()
	for _, kind := range []string{export.KindJournal, export.KindBank} {
		var b bytes.Buffer
		if err := export.WriteCSV(ctx, s, &b, kind, export.CSVOptions{Filter: f, Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
		out[kind] = b.Bytes()
	}
	return out
}

// TestClosedPeriodExportNeverChanges: November is exported and closed; a
// payment made on November 28 is recorded in December. November's workbook,
// journal and bank statement, exported again, are the same bytes; the
// payment is in December's, posted December 1 with its own date kept.
func TestClosedPeriodExportNeverChanges(t *testing.T) {
	ctx := context.Background()
	s := monthLedger(t) // clock: 2026-12-02
	deal, err := s.DealByCode(ctx, "MONTH10")
	if err != nil {
		t.Fatal(err)
	}
	before := exports(t, s, november)
	if err := s.ClosePeriod(ctx, "", "2026-11-30"); err != nil {
		t.Fatal(err)
	}
	afterClose := exports(t, s, november)
	if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal.ID, Amount: 2500, Date: "2026-11-28", Reference: "LATE-1"}); err != nil {
		t.Fatal(err)
	}
	after := exports(t, s, november)
	for kind, b := range before {
		if !bytes.Equal(b, afterClose[kind]) {
			t.Errorf("%s: closing the period changed November's export", kind)
		}
		if !bytes.Equal(b, after[kind]) {
			t.Errorf("%s: November's export changed after a late payment was recorded", kind)
		}
	}

	december := ledger.ExportFilter{From: "2026-12-01", To: "2026-12-31"}
	dec := exports(t, s, december)
	for _, kind := range []string{export.KindJournal, export.KindBank} {
		if !strings.Contains(string(dec[kind]), "LATE-1") {
			t.Errorf("December's %s does not hold the late payment:\n%s", kind, dec[kind])
		}
	}
	if !strings.Contains(string(dec[export.KindJournal]), "dated 2026-11-28") {
		t.Errorf("December's journal does not keep the payment's own date:\n%s", dec[export.KindJournal])
	}
	f, err := excelize.OpenReader(bytes.NewReader(dec["xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(export.SheetTransactions)
	found := false
	for _, r := range rows[1:] {
		if len(r) > 19 && r[10] == "LATE-1" && r[4] == "Paid" {
			found = true
			if r[0] != "2026-12-01" || r[19] != "2026-11-28" {
				t.Errorf("late payment: posted %s, document date %s; want 2026-12-01 and 2026-11-28", r[0], r[19])
			}
		}
	}
	if !found {
		t.Errorf("December's Transactions do not hold the late payment")
	}
	// December's roll-forward opens with November's closing balances:
	// the late payment is December's activity.
	checkDecember(t, f)
}

func checkDecember(t *testing.T, f *excelize.File) {
	t.Helper()
	rows, _ := f.GetRows(export.SheetSummary)
	for i, r := range rows {
		if len(r) >= 2 && r[0] == "USD" && r[1] == export.RollCheck {
			for c := 2; c <= 6; c++ {
				name, _ := excelize.CoordinatesToCellName(c+1, i+1)
				if got := calc(t, f, export.SheetSummary, name); got != "OK" {
					t.Errorf("December roll-forward check %s: got %q", name, got)
				}
			}
			return
		}
	}
	t.Error("December's Summary has no roll-forward check")
}
