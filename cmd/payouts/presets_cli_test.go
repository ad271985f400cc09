package main_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updatePresets = flag.Bool("update", false, "rewrite the preset goldens in testdata/presets")

// TestPresetGoldensCLI (issue 17): a small realistic export of each store
// (several statuses, refunds, several codes in one field, codes in another
// case, non-ASCII names, a status the preset does not know) imports through
// `payouts import csv FILE` with the preset detected from its header; the
// summary and the balances are golden. Orders are from 2025, so every hold
// has run out and the goldens do not depend on today.
func TestPresetGoldensCLI(t *testing.T) {
	for _, tc := range []struct {
		preset string
		extra  []string
		code   int // 3 when a row is rejected
	}{
		{"woocommerce-analytics", []string{"--currency", "USD"}, 3},
		{"bigcommerce", nil, 3},
		{"squarespace", nil, 3},
		{"etsy-sold-orders", nil, 3},
		{"stripe-payments", nil, 3},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			db := importLedger(t)
			file := filepath.Join("testdata", "presets", tc.preset+".csv")
			r := payouts(t, db, append([]string{"import", "csv", file}, tc.extra...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "Preset "+tc.preset+" (") || !strings.Contains(r.stdout, "detected from the header") {
				t.Errorf("the import did not say which preset it detected:\n%s", r.stdout)
			}
			got := r.stdout + "\n" + ok(t, db, "balances", "--format", "csv") + "\n"
			golden := filepath.Join("testdata", "presets", tc.preset+".golden")
			if *updatePresets {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestPresetGoldensCLI -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
			// The same file again changes nothing: the preset is the source.
			again := payouts(t, db, append([]string{"import", "csv", file, "--preset", tc.preset}, tc.extra...)...)
			if !strings.Contains(again.stdout, "0 new, 0 updated") || !strings.Contains(again.stdout, "chosen") {
				t.Errorf("same file again with --preset:\n%s", again.stdout)
			}
			ok(t, db, "check")
		})
	}
}

// TestPresetDetectionCLI (issue 17): a header that two presets match, or
// none, is refused with the choices and nothing imported; --preset then
// decides; WooCommerce Analytics without --currency says it needs one;
// `import preset list` lists every preset.
func TestPresetDetectionCLI(t *testing.T) {
	db := importLedger(t)
	both := saveExport(t, "both.csv", []byte("Date,Order #,Status,Coupon(s),Net Sales,Order ID,Financial Status,Paid at,Discount Code,Amount Refunded,Currency,Subtotal,Total\n"+
		"2025-10-05 10:12:00,1,Completed,ANA10,10.00,1,PAID,2025-10-05 10:12:00,ANA10,0.00,USD,10.00,10.00\n"))
	r := payouts(t, db, "import", "csv", both)
	if r.code != 1 || !strings.Contains(r.stderr, "several presets (woocommerce-analytics, squarespace)") {
		t.Errorf("two presets: exit %d, stderr %q; want 1 naming both", r.code, r.stderr)
	}
	none := saveExport(t, "none.csv", []byte("Number,When,Code,Amount\n1,2025-10-05,ANA10,10.00\n"))
	if r := payouts(t, db, "import", "csv", none); r.code != 1 || !strings.Contains(r.stderr, "matches no preset") {
		t.Errorf("no preset: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := payouts(t, db, "import", "csv", both, "--preset", "woocommerce-analytics"); r.code != 1 || !strings.Contains(r.stderr, "--currency") {
		t.Errorf("no currency: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := ok(t, db, "balances", "--format", "csv"); strings.Contains(out, "1.00") {
		t.Errorf("a refused import posted: %s", out)
	}
	if r := payouts(t, db, "import", "csv", both, "--preset", "squarespace"); r.code != 0 || !strings.Contains(r.stdout, "Commission posted: USD 1.00") {
		t.Errorf("--preset squarespace: exit %d, stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := payouts(t, db, "import", "csv", both, "--preset", "nope"); r.code != 1 || !strings.Contains(r.stderr, "no preset named") {
		t.Errorf("unknown preset: exit %d, stderr %q", r.code, r.stderr)
	}
	out := ok(t, db, "import", "preset", "list", "--format", "csv")
	for _, name := range []string{"woocommerce-analytics", "bigcommerce", "squarespace", "etsy-sold-orders", "stripe-payments"} {
		if !strings.Contains(out, "\n"+name+",") {
			t.Errorf("preset list lacks %s:\n%s", name, out)
		}
	}
}
