package export_test

import (
	"testing"

	"github.com/payouts/payouts/export"
)

// TestPrintSetup: every sheet prints landscape, one page wide (as many
// pages tall as it needs), with its header row repeated on each page, so
// a month prints as a few pages whose figures keep their labels.
func TestPrintSetup(t *testing.T) {
	s := mustLedger(t)
	f, _ := writeBook(t, s, export.Options{})
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	for _, sheet := range export.Sheets {
		t.Run(sheet, func(t *testing.T) {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" {
				t.Errorf("orientation: got %v, want landscape", pl.Orientation)
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("fit: got width %v height %v, want 1 page wide, any pages tall", pl.FitToWidth, pl.FitToHeight)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("fit to page not turned on: the fit is ignored")
			}
			if want := "'" + sheet + "'!$1:$1"; titles[sheet] != want && titles[sheet] != sheet+"!$1:$1" {
				t.Errorf("print titles: got %q, want %q", titles[sheet], want)
			}
		})
	}
}
