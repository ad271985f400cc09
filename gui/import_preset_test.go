package gui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// TestImportPresetPicker (issue 17): a store export previews with the
// preset detected from its header, whose columns fill the mapping step;
// its status words apply (On hold, Pending payment and Failed earn nothing,
// an unknown status is rejected); the user may change the preset; nothing
// is saved as a mapping.
func TestImportPresetPicker(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("test")
	s, err := ledger.Open(filepath.Join(t.TempDir(), "presets.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDeals(t, s)
	f := newImportFlow(a, w, s, nil)
	f.Show()
	f.path.SetText(filepath.Join("..", "cmd", "payouts", "testdata", "presets", "woocommerce-analytics.csv"))
	f.load(f.path.Text)
	if f.format.Selected != formatMapped || f.mappingName.Selected != presetPrefix+"woocommerce-analytics" {
		t.Fatalf("format %q, mapping %q; want the detected WooCommerce preset", f.format.Selected, f.mappingName.Selected)
	}
	if f.cols["amount"].Selected != "Net Sales" || f.cols["status"].Selected != "Status" {
		t.Errorf("preset columns: amount %q, status %q", f.cols["amount"].Selected, f.cols["status"].Selected)
	}
	// The user may switch to another preset, and back.
	f.mappingName.SetSelected(presetPrefix + "squarespace")
	if f.cols["amount"].Selected != noColumn || f.cols["date"].Selected != noColumn {
		t.Errorf("after switching to squarespace, amount %q", f.cols["amount"].Selected)
	}
	f.mappingName.SetSelected(presetPrefix + "woocommerce-analytics")
	f.fixedCur.SetSelected("USD") // the Analytics download has no currency column
	if err := runImport(t, f); err != nil {
		t.Fatal(err)
	}
	// 1201 (45.00) and 1202 (30.00) earn 10%; 1206 refunded; 1203-1205 not paid;
	// 1208's "Awaiting shipment" is rejected.
	if f.res.Source != "woocommerce-analytics" || f.res.Commission["USD"] != 750 || len(f.res.Rejected) != 1 || f.res.NotPaid["pending_payment"] != 1 {
		t.Errorf("result: source %q, commission %v, rejected %d, not paid %v", f.res.Source, f.res.Commission, len(f.res.Rejected), f.res.NotPaid)
	}
	if names, _ := orders.MappingNames(context.Background(), s); len(names) != 0 {
		t.Errorf("a preset import saved mappings %v", names)
	}
}
