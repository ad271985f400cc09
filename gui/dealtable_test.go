package gui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

func TestDealsSearchAndSort(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	fillDemo(t, s, 40)
	u, _ := newTestUI(t, s)
	ds := u.deals
	all, err := s.CountDeals(ctx, ledger.DealQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if u.current != screenDeals || ds.deals.total != all {
		t.Fatalf("start: screen %q with %d deals, want Deals with %d", u.current, ds.deals.total, all)
	}
	if got, want := ds.count.Text, fmt.Sprintf("%d deals", all); got != want {
		t.Errorf("count: got %q, want %q", got, want)
	}

	t.Run("SearchCampaign", func(t *testing.T) {
		test.Type(ds.search, "roadshow")
		want, _ := s.CountDeals(ctx, ledger.DealQuery{Search: "roadshow"})
		if want == 0 || ds.deals.total != want {
			t.Fatalf("rows: got %d, want %d (> 0)", ds.deals.total, want)
		}
		for i := 0; i < ds.deals.total; i++ {
			if got := tableText(ds.deals.table, i, dealCol("Campaign")); got != "EU Roadshow" {
				t.Errorf("row %d campaign: got %q, want EU Roadshow", i, got)
			}
			if got := tableText(ds.deals.table, i, dealCol("Currency")); got != "EUR" {
				t.Errorf("row %d currency: got %q, want EUR", i, got)
			}
		}
		if got := ds.count.Text; got != fmt.Sprintf("%d deals", want) {
			t.Errorf("count: got %q", got)
		}
	})
	t.Run("SearchCode", func(t *testing.T) {
		ds.search.SetText("")
		d, err := s.Deals(ctx, ledger.DealQuery{Limit: 4})
		if len(d) == 4 {
			d = d[3:]
		}
		if err != nil || len(d) == 0 || len(d[0].Codes) == 0 {
			t.Fatalf("a deal with a code: %v %v", d, err)
		}
		test.Type(ds.search, strings.ToLower(d[0].Codes[0]))
		if ds.deals.total < 1 {
			t.Fatalf("searching code %s: no rows", d[0].Codes[0])
		}
		found := false
		for i := 0; i < ds.deals.total; i++ {
			r, _ := ds.deals.row(i)
			found = found || r.ID == d[0].ID
		}
		if !found {
			t.Errorf("searching code %s: deal %d not listed", d[0].Codes[0], d[0].ID)
		}
	})
	t.Run("EscClears", func(t *testing.T) {
		ds.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if ds.search.Text != "" || ds.deals.total != all {
			t.Errorf("after Esc: search %q, %d rows, want empty and %d", ds.search.Text, ds.deals.total, all)
		}
	})
	t.Run("SortByHeader", func(t *testing.T) {
		col := dealCol(colOwed)
		hdr := ds.deals.table.CreateHeader()
		ds.deals.table.UpdateHeader(tableCell(-1, col), hdr)
		test.Tap(hdr.(fyne.Tappable))
		if got := headerText(ds.deals.table, col); got != colOwed+" ▲" {
			t.Errorf("header after one tap: got %q, want Owed ▲", got)
		}
		first, _ := ds.deals.row(0)
		last, _ := ds.deals.row(ds.deals.total - 1)
		if first.Owed > last.Owed {
			t.Errorf("ascending: first owed %d > last owed %d", first.Owed, last.Owed)
		}
		ds.deals.onSort(col)
		if got := headerText(ds.deals.table, col); got != colOwed+" ▼" {
			t.Errorf("header after two taps: got %q, want Owed ▼", got)
		}
		first, _ = ds.deals.row(0)
		last, _ = ds.deals.row(ds.deals.total - 1)
		if first.Owed < last.Owed {
			t.Errorf("descending: first owed %d < last owed %d", first.Owed, last.Owed)
		}
	})
	t.Run("AmountsRightAligned", func(t *testing.T) {
		o := ds.deals.table.CreateCell()
		ds.deals.table.UpdateCell(tableCell(0, dealCol(colRemaining)), o)
		if l := cellLabel(o); l.Alignment != fyne.TextAlignTrailing || !strings.ContainsAny(l.Text, "$€") {
			t.Errorf("remaining cell: %q aligned %v, want a symbol and trailing", l.Text, l.Alignment)
		}
	})
	t.Run("OpenRow", func(t *testing.T) {
		r, _ := ds.deals.row(2)
		// Lay out again, as the app's driver does on the next frame: the
		// test canvas's one layout, at the widths the wrapped labels had
		// before, leaves the table no height, and a table with no room has
		// no rows to select (tablerows.go).
		u.win.Content().Refresh()
		ds.deals.table.Select(tableCell(2, 0))
		if u.dealPage == nil || u.dealPage.id != r.ID {
			t.Fatalf("tapping row 2: deal page %v, want deal %d", u.dealPage, r.ID)
		}
		test.Tap(findButton(t, u.body, "Back"))
		if u.dealPage != nil || u.current != screenDeals {
			t.Errorf("Back: screen %q, deal page %v", u.current, u.dealPage)
		}
	})
}

// TestDealsPaging reads a long list a page at a time and keeps only a few
// pages.
func TestDealsPaging(t *testing.T) {
	s := mustOpen(t)
	name := func(i int) string {
		if i%5 == 0 {
			return fmt.Sprintf("Creator %04d", i)
		}
		return fmt.Sprintf("Creator %04d x", i) // a search for x selects more than a page, not all
	}
	for i := 0; i < dealPageSize*dealPagesKept/4+30; i++ {
		setup(t, s, name(i), "", int64(i%4)*100) // owed ties across pages
	}
	u, _ := newTestUI(t, s)
	dt := u.deals.deals
	want := dealPageSize*dealPagesKept/4 + 30
	if dt.total != want {
		t.Fatalf("total: got %d, want %d", dt.total, want)
	}
	if got := len(dt.pages); got > 1 {
		t.Errorf("pages read at start: got %d, want at most 1", got)
	}
	if got := tableText(dt.table, want-1, dealCol("Creator")); got != name(want-1) {
		t.Errorf("last row: got %q", got)
	}
	for i := 0; i < want; i += 50 {
		if got := tableText(dt.table, i, dealCol("Creator")); got != name(i) {
			t.Errorf("row %d: got %q", i, got)
		}
	}
	if got := len(dt.pages); got > dealPagesKept {
		t.Errorf("pages kept: got %d, want at most %d", got, dealPagesKept)
	}
	if got := tableText(dt.table, 0, dealCol("Payout details")); got != markerMissing {
		t.Errorf("marker: got %q, want %q", got, markerMissing)
	}

	// Search, sort and keyset paging together: every row, reached by
	// jumping to the last page first, then backwards, then forwards, is the
	// row of the same index in one full sorted read.
	for _, c := range []struct {
		search string
		col    string
		desc   bool
	}{{"", colOwed, false}, {"", colOwed, true}, {"X", "Creator", true}, {"x", colRemaining, false}, {"x", colFeesConfirmed, true}, {"x", "Creator", false}} {
		u.deals.search.SetText(c.search)
		for taps := 0; taps < 2 && (dt.query.Sort != dealColumns[dealCol(c.col)].sort || dt.query.Desc != c.desc); taps++ {
			dt.onSort(dealCol(c.col)) // a header tap: sorts, then reverses
		}
		full, err := s.Deals(context.Background(), dt.query)
		if err != nil {
			t.Fatal(err)
		}
		if dt.total != len(full) || len(full) <= dealPageSize {
			t.Fatalf("%+v: %d rows, full read %d (want more than a page)", c, dt.total, len(full))
		}
		var order []int
		for i := len(full) - 1; i >= 0; i -= 37 {
			order = append(order, i)
		}
		for i := 0; i < len(full); i += 41 {
			order = append(order, i)
		}
		for _, i := range order {
			if r, ok := dt.row(i); !ok || r.ID != full[i].ID {
				t.Fatalf("%+v row %d: got %v %v, want deal %d", c, i, r, ok, full[i].ID)
			}
		}
		if dt.query.Sort != dealColumns[dealCol(c.col)].sort || dt.query.Desc != c.desc {
			t.Fatalf("%+v: query sorts %q desc %v", c, dt.query.Sort, dt.query.Desc)
		}
	}
}
