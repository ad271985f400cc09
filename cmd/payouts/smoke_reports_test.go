package main_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSmokeReports opens the real window on the Reports screen's charts
// (--screen reports/charts) over the demo ledger under Xvfb: the charts
// render in the GL driver, not only in the test driver.
// PAYOUTS_REPORTS_SHOT, when set, is where the screenshot is copied (the
// README's assets/reports.png).
func TestSmokeReports(t *testing.T) {
	needTools(t, "Xvfb", "import", "convert")
	db := filepath.Join(t.TempDir(), "demo.payouts")
	if r := payouts(t, db, "demo"); r.code != 0 {
		t.Fatalf("payouts demo: exit %d: %s", r.code, r.stderr)
	}
	shot := shootWindow(t, db, "--screen", "reports/charts")
	if dst := os.Getenv("PAYOUTS_REPORTS_SHOT"); dst != "" {
		if err := copyFile(shot, dst); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUnknownScreen: a mistyped --screen is one line, before any window.
func TestUnknownScreen(t *testing.T) {
	r := payouts(t, filepath.Join(t.TempDir(), "x.payouts"), "--screen", "report")
	if r.code == 0 || r.stdout != "" || r.stderr != "payouts: unknown screen \"report\": use one of deals, payouts, creators, campaigns, reports, settings, reports/charts\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
