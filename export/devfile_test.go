package export_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// An export to a full disk says so (not "internal error"), and an export to
// a device writes to the device instead of renaming a file over it.
func TestExportToFullDisk(t *testing.T) {
	fi, err := os.Stat("/dev/full")
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full character device here")
	}
	s := mustLedger(t)
	err = export.WriteCSVFile(context.Background(), s, "/dev/full", "journal", export.CSVOptions{})
	if err == nil || ledger.ErrorCode(err) == ledger.EINTERNAL || !strings.Contains(ledger.ErrorMessage(err), "disk is full") {
		t.Fatalf("export to /dev/full: %v", err)
	}
	after, err := os.Stat("/dev/full")
	if err != nil || after.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is no longer a device: %v %v", after.Mode(), err)
	}
}
