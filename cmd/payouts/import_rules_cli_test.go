package main_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger/orders"
)

// importLedger makes a ledger with two deals (ANA10 in USD at 10%, BEN in
// EUR at 12.5%, 30 hold days) for the import rules' tests.
func importLedger(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rules.payouts")
	for _, args := range [][]string{
		{"creator", "add", "Ana Silva"},
		{"creator", "add", "Ben Okafor"},
		{"campaign", "add", "Autumn"},
		{"deal", "add", "--creator", "Ana Silva", "--campaign", "Autumn", "--currency", "USD", "--percent", "10", "--code", "ANA10", "--hold-days", "30"},
		{"deal", "add", "--creator", "Ben Okafor", "--campaign", "Autumn", "--currency", "EUR", "--percent", "12.5", "--code", "BEN", "--hold-days", "30"},
	} {
		ok(t, db, args...)
	}
	return db
}

// generatedExport writes a generated Shopify export of rows rows, paid
// over the year that ended a year ago, and returns its bytes.
func generatedExport(t *testing.T, rows int) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := orders.GenerateShopify(&b, orders.GenerateOptions{Rows: rows, Seed: 11,
		Codes: map[string]string{"ANA10": "USD", "BEN": "EUR"}, Start: time.Now().AddDate(-2, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func saveExport(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportFileRulesCLI (issue 9 items 6, 7, 8): a stray quote refuses
// the whole file naming its line, and nothing is imported; a CR-only file
// imports like the LF one; a header without rows says so; folders and
// devices are refused; a row over 1 MB is a clear error.
func TestImportFileRulesCLI(t *testing.T) {
	data := generatedExport(t, 1000)
	lines := bytes.SplitAfter(data, []byte("\n"))
	lines[11] = append([]byte(`"`), lines[11]...)
	broken := bytes.Join(lines, nil)

	db := importLedger(t)
	before := ok(t, db, "balances", "--format", "csv")
	r := payouts(t, db, "import", "shopify", saveExport(t, "broken.csv", broken))
	if r.code != 1 || !strings.Contains(r.stderr, "broken.csv line 12:") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("stray quote: exit %d, stderr %q; want 1 and the line named", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "imported") {
		t.Errorf("stray quote: stdout %q, want no summary", r.stdout)
	}
	if after := ok(t, db, "balances", "--format", "csv"); after != before {
		t.Errorf("balances changed by a refused file:\n%s", after)
	}

	// The same export with LF and with CR line endings, into two ledgers.
	lf := payouts(t, importLedger(t), "import", "shopify", saveExport(t, "lf.csv", data))
	cr := payouts(t, importLedger(t), "import", "shopify", saveExport(t, "cr.csv", bytes.ReplaceAll(data, []byte("\n"), []byte("\r"))))
	if lf.code != 0 || cr.code != 0 || !strings.Contains(lf.stdout, "Rows read: 1000") ||
		strings.ReplaceAll(cr.stdout, "cr.csv", "lf.csv") != lf.stdout {
		t.Errorf("CR-only file: exit %d %q\nwant as LF: exit %d %q", cr.code, cr.stdout, lf.code, lf.stdout)
	}

	header := strings.Join(orders.ShopifyHeader, ",")
	for _, tt := range []struct {
		name, path, want string
	}{
		{"HeaderOnly", saveExport(t, "none.csv", []byte(header+"\r\n")), "none.csv has a header row but no orders"},
		{"Folder", t.TempDir(), "is a folder, not an export file"},
		{"Device", "/dev/zero", "is not a regular file"},
		{"LongRow", saveExport(t, "long.csv", []byte(header+"\n#1,\""+strings.Repeat("z", 1<<20)+"\"\n")), "long.csv: the row after line 1 is longer than 1 MB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skip(err)
			}
			r := payouts(t, db, "import", "shopify", tt.path)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
	ok(t, db, "check")
}

// rewrite parses a Shopify export, lets edit change each order's first
// row (by column name), and writes it back.
func rewrite(t *testing.T, data []byte, edit func(row map[string]string)) []byte {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range header {
			row[h] = rec[i]
		}
		if row["Financial Status"] == "" {
			continue // a further line item
		}
		edit(row)
		for i, h := range header {
			rec[i] = row[h]
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(recs)
	return b.Bytes()
}

// TestImportMoneyRulesCLI (issue 9 items 1 to 4 and 8) on generated
// exports: January is a generated export; February the same orders with
// every paid one refunded in full. January, February, January again leaves
// the ledger as February says, the stale rows listed; so do both files in
// one import, newest first; so does February after the codes left their
// deals (a known order keeps its deal). Pending orders are counted, not
// earned, and earn when paid, held from their paid date.
func TestImportMoneyRulesCLI(t *testing.T) {
	janData := generatedExport(t, 600)
	refunded := 0
	febData := rewrite(t, janData, func(row map[string]string) {
		if row["Financial Status"] == "paid" {
			row["Financial Status"], row["Refunded Amount"] = "refunded", row["Total"]
			refunded++
		}
	})
	jan, feb := saveExport(t, "jan.csv", janData), saveExport(t, "feb.csv", febData)

	want := importLedger(t)
	ok(t, want, "import", "shopify", feb)
	wantBalances := ok(t, want, "balances", "--format", "csv")

	db := importLedger(t)
	ok(t, db, "import", "shopify", jan)
	first := ok(t, db, "balances", "--format", "csv")
	if first == wantBalances {
		t.Fatal("January's commissions equal February's: the test proves nothing")
	}
	ok(t, db, "import", "shopify", feb)
	out := ok(t, db, "import", "shopify", jan)
	if got := ok(t, db, "balances", "--format", "csv"); got != wantBalances {
		t.Errorf("after January again:\n%s\nwant as February says:\n%s", got, wantBalances)
	}
	if !strings.Contains(out, "older than the ledger: refunded 0.00 here") || !strings.Contains(out, "jan.csv line ") {
		t.Errorf("January again: summary lists no stale row:\n%s", out)
	}
	ok(t, db, "check")

	both := importLedger(t)
	ok(t, both, "import", "shopify", feb, jan)
	if got := ok(t, both, "balances", "--format", "csv"); got != wantBalances {
		t.Errorf("feb, jan in one import:\n%s\nwant:\n%s", got, wantBalances)
	}

	moved := importLedger(t)
	ok(t, moved, "import", "shopify", jan)
	ok(t, moved, "deal", "codes", "1", "--set", "")
	ok(t, moved, "deal", "codes", "2", "--set", "BEN,ANA10")
	ok(t, moved, "import", "shopify", feb)
	if got := ok(t, moved, "balances", "--format", "csv"); got != wantBalances {
		t.Errorf("refunds after the codes moved:\n%s\nwant:\n%s", got, wantBalances)
	}
	ok(t, moved, "check")

	// Item 1: the pending orders earn nothing, then earn when paid: paid
	// yesterday, so held, whatever day they were created.
	if !strings.Contains(out, "Not paid yet, no commission: ") {
		t.Errorf("summary does not count unpaid orders:\n%s", out)
	}
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02 15:04:05 -0700")
	paid := rewrite(t, janData, func(row map[string]string) {
		if row["Financial Status"] == "pending" {
			row["Financial Status"], row["Paid at"] = "paid", yesterday
		}
	})
	pend := importLedger(t)
	ok(t, pend, "import", "shopify", jan)
	before := ok(t, pend, "balances", "--format", "csv")
	ok(t, pend, "import", "shopify", saveExport(t, "later.csv", paid))
	if got := ok(t, pend, "balances", "--format", "csv"); owedColumn(got) != owedColumn(before) || got == before {
		t.Errorf("pending orders paid yesterday: balances\n%s\nwant more held and the same owed as\n%s", got, before)
	}
}

// owedColumn is the owed column of balances --format csv.
func owedColumn(csvText string) string {
	var out []string
	for _, line := range strings.Split(csvText, "\n") {
		if f := strings.Split(line, ","); len(f) > 6 {
			out = append(out, f[6])
		}
	}
	return strings.Join(out, ",")
}

// TestImportRowRulesCLI (issue 9 items 4 and 8): a refund shares shipping
// with the merchandise; an unknown status, two rows of one order that
// disagree and a future paid date are rejected rows naming the problem.
func TestImportRowRulesCLI(t *testing.T) {
	header := strings.Join(orders.ShopifyHeader, ",")
	row := func(name, status, paidAt, subtotal, total, refunded, code string) string {
		f := make([]string, len(orders.ShopifyHeader))
		for i, h := range orders.ShopifyHeader {
			switch h {
			case "Name":
				f[i] = name
			case "Financial Status":
				f[i] = status
			case "Paid at":
				f[i] = paidAt
			case "Currency":
				f[i] = "USD"
			case "Subtotal":
				f[i] = subtotal
			case "Total":
				f[i] = total
			case "Refunded Amount":
				f[i] = refunded
			case "Discount Code":
				f[i] = code
			}
		}
		return strings.Join(f, ",")
	}
	old := time.Now().AddDate(0, -3, 0).Format("2006-01-02 15:04:05 -0700")
	future := time.Now().AddDate(1, 0, 0).Format("2006-01-02 15:04:05 -0700")
	file := saveExport(t, "rows.csv", []byte(strings.Join([]string{header,
		row("#1", "partially_refunded", old, "75.00", "80.00", "25.00", "ANA10"), // 75 x 55/80 = 51.56: 5.16
		row("#2", "weird", old, "10.00", "10.00", "", "ANA10"),
		row("#3", "paid", old, "10.00", "10.00", "", "ANA10"),
		row("#3", "paid", old, "12.00", "12.00", "", "ANA10"),
		row("#4", "paid", future, "10.00", "10.00", "", "ANA10"),
	}, "\n")+"\n"))
	db := importLedger(t)
	r := payouts(t, db, "import", "shopify", file)
	if r.code != 3 {
		t.Fatalf("exit %d, want 3 (stderr %q)", r.code, r.stderr)
	}
	for _, want := range []string{
		`rows.csv line 3 (order #2): unknown financial status "weird"`,
		"rows.csv line 4 (order #3): order #3 not imported: its row on line 5 gives another subtotal",
		"rows.csv line 5 (order #3): order #3 not imported: subtotal 12.00 here, 10.00 on line 4",
		"rows.csv line 6 (order #4): paid date " + future[:10] + " is after today",
		"Rejected rows: 4",
		"Commission posted: USD 5.16",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	ok(t, db, "check")
}
