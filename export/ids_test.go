package export_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// TestTransactionIDs: every row of the Transactions sheet can be traced:
// its transfer (the journal's reference), the payout request, fixed fee or
// order it belongs to, and for a reversal the transfer it undoes, which is
// itself a row of the sheet.
func TestTransactionIDs(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	f, _ := writeBook(t, s, export.Options{})
	rows, err := f.GetRows(export.SheetTransactions)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"Transfer", "Reverses", "Request", "Fee", "Order"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("header %v: no %s column", rows[0], h)
		}
	}
	cell := func(r []string, h string) string {
		if i := col[h]; i < len(r) {
			return r[i]
		}
		return ""
	}
	snap, err := s.Snapshot(ctx, ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var want []ledger.ExportRow
	if err := s.EachTransfer(ctx, snap, func(r *ledger.ExportRow) error { want = append(want, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	transfers := map[string]bool{}
	for _, r := range rows[1:] {
		transfers[cell(r, "Transfer")] = true
	}
	seen := map[string]int{}
	for i, w := range want {
		r := rows[i+1]
		if got, want := cell(r, "Transfer"), "PAYOUTS-T"+strconv.FormatInt(w.ID, 10); got != want {
			t.Fatalf("row %d: transfer %q, want %q (the journal's reference)", i+2, got, want)
		}
		switch w.Kind {
		case ledger.KindPaid, ledger.KindRequest, ledger.KindRequestCancel, ledger.KindPaidReversed:
			if got := cell(r, "Request"); got != strconv.FormatInt(w.RequestID, 10) || w.RequestID == 0 {
				t.Errorf("row %d (%s): request %q, want %d", i+2, w.Kind, got, w.RequestID)
			}
			seen["request"]++
		case ledger.KindFee, ledger.KindFeeConfirmed, ledger.KindFeeVoided:
			if got := cell(r, "Fee"); got == "" || got == "0" {
				t.Errorf("row %d (%s): no fee ID", i+2, w.Kind)
			}
			seen["fee"]++
		case ledger.KindCommission:
			if got := cell(r, "Order"); got == "" {
				t.Errorf("row %d (%s): no order ID", i+2, w.Kind)
			}
			seen["order"]++
		}
		if w.Reverses != 0 {
			orig := "PAYOUTS-T" + strconv.FormatInt(w.Reverses, 10)
			if got := cell(r, "Reverses"); got != orig || !transfers[orig] {
				t.Errorf("row %d (%s): reverses %q, want %q, a row of the sheet", i+2, w.Kind, got, orig)
			}
			seen["reversal"]++
		} else if got := cell(r, "Reverses"); got != "" {
			t.Errorf("row %d (%s): reverses %q, want empty", i+2, w.Kind, got)
		}
	}
	for _, k := range []string{"request", "fee", "order", "reversal"} {
		if seen[k] == 0 {
			t.Errorf("the fixture has no %s row: the test proves nothing of it", k)
		}
	}
}

// TestPayoutAndCreatorIDs: the Payouts sheet names each payment's transfer
// (the journal's reference) beside its request, and the Creators sheet
// each creator's ID, so rows trace across sheets and files.
func TestPayoutAndCreatorIDs(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	f, _ := writeBook(t, s, export.Options{})
	tx, err := f.GetRows(export.SheetTransactions)
	if err != nil {
		t.Fatal(err)
	}
	txCol := map[string]int{}
	for i, h := range tx[0] {
		txCol[h] = i
	}
	paidTransfer := map[string]string{} // transfer -> request, of payments
	for _, r := range tx[1:] {
		if r[txCol["Kind"]] == ledger.KindLabel(ledger.KindPaid) {
			paidTransfer[r[txCol["Transfer"]]] = r[txCol["Request"]]
		}
	}
	rows, err := f.GetRows(export.SheetPayouts)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	ti, ok := col["Transfer"]
	if !ok {
		t.Fatalf("Payouts header %v: no Transfer column", rows[0])
	}
	for _, r := range rows[1:] {
		req, ok := paidTransfer[r[ti]]
		if !ok || req != r[col["Request"]] {
			t.Errorf("payout %v: transfer %q is not the Transactions row of request %s", r, r[ti], r[col["Request"]])
		}
	}
	crows, err := f.GetRows(export.SheetCreators)
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Snapshot(ctx, ledger.ExportFilter{})
	want, err := s.PaidByCreatorYear(ctx, snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(crows[0]) == 0 || crows[0][len(crows[0])-1] != "Creator ID" {
		t.Fatalf("Creators header %v: no Creator ID column last", crows[0])
	}
	for i, w := range want {
		r := crows[i+1]
		if got := r[len(crows[0])-1]; got != strconv.FormatInt(w.CreatorID, 10) {
			t.Errorf("Creators row %d (%s): ID %q, want %d", i+2, w.CreatorName, got, w.CreatorID)
		}
	}
}
