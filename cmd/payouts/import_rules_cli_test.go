package main_test

import (
	"bytes"
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
