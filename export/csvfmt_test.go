package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// TestCSVImporterRules: what importers (LibreOffice, Xero, QuickBooks)
// need of a CSV: a UTF-8 byte-order mark unless turned off, one line per
// record (a multi-line comment is flattened), account names without ":"
// (QuickBooks reads "Parent:Sub"), and the creator in a column of its own.
func TestCSVImporterRules(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	bal, err := s.BalancesAsOf(ctx, mustSnap(t, s))
	if err != nil {
		t.Fatal(err)
	}
	var deal ledger.DealBalance
	for _, b := range bal {
		if b.Currency == "USD" {
			deal = b
			break
		}
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal.DealID, Amount: 101, Comment: "first line\r\nsecond line\nthird\tline"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind string
		opt  export.CSVOptions
	}{
		{"Journal", export.KindJournal, export.CSVOptions{}},
		{"JournalNoBOM", export.KindJournal, export.CSVOptions{NoBOM: true}},
		{"Bank", export.KindBank, export.CSVOptions{Currency: "USD"}},
		{"BankNoBOM", export.KindBank, export.CSVOptions{Currency: "USD", NoBOM: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.WriteCSV(ctx, s, &buf, tc.kind, tc.opt); err != nil {
				t.Fatal(err)
			}
			b := buf.Bytes()
			if hasBOM := bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")); hasBOM == tc.opt.NoBOM {
				t.Errorf("BOM present %v, want %v", hasBOM, !tc.opt.NoBOM)
			}
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if lines := bytes.Count(b, []byte("\r\n")); lines != len(rows) {
				t.Errorf("%d lines for %d records: a field spans lines", lines, len(rows))
			}
			if bytes.ContainsAny(bytes.ReplaceAll(b, []byte("\r\n"), nil), "\r\n\t") {
				t.Errorf("a field holds a line break or tab")
			}
			if tc.kind != export.KindJournal {
				return
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			ci, ok := col["Creator"]
			if !ok {
				t.Fatalf("header %v has no Creator column", rows[0])
			}
			flat := false
			for _, r := range rows[1:] {
				if strings.Contains(r[col["Account"]], ":") {
					t.Errorf("account %q has a colon", r[col["Account"]])
				}
				if r[ci] == "" {
					t.Errorf("line %v: no creator", r)
				}
				if strings.Contains(r[col["Memo"]], "first line second line third line") {
					flat = true
					if r[ci] != deal.CreatorName {
						t.Errorf("creator %q, want %q", r[ci], deal.CreatorName)
					}
				}
			}
			if !flat {
				t.Errorf("the multi-line comment is not in any memo as one line")
			}
		})
	}
}
