package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// displayed reads back an amount as the table shows it ("-€1,234.50").
func displayed(t *testing.T, text, currency string) int64 {
	t.Helper()
	neg := strings.HasPrefix(text, "-")
	s := strings.TrimLeft(strings.TrimPrefix(text, "-"), "$€£¥ ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	c, err := ledger.LookupCurrency(currency)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ledger.ParseAmount(s, c, false)
	if err != nil {
		t.Fatalf("cell %q: %v", text, err)
	}
	if neg {
		return -v
	}
	return v
}

// On every demo row the columns add up as people read them:
// Commission + Fees confirmed + Bonuses = Paid + Unpaid, and
// Unpaid = On hold + Not yet requested + In queue (the ledger's identity:
// every amount earned is either paid or still in held, owed or requested).
func TestDealsColumnsAddUp(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 40)
	u, _ := newTestUI(t, s)
	tb := u.deals.deals
	if tb.total == 0 {
		t.Fatal("no demo deals")
	}
	cell := func(row int, title string) int64 {
		return displayed(t, tableText(tb.table, row, dealCol(title)), tableText(tb.table, row, dealCol("Currency")))
	}
	bonuses, pending := 0, 0
	for row := 0; row < tb.total; row++ {
		earned := cell(row, "Commission") + cell(row, colFeesConfirmed) + cell(row, "Bonuses")
		paid, unpaid := cell(row, "Paid"), cell(row, colRemaining)
		parts := cell(row, colHeld) + cell(row, colOwed) + cell(row, colRequested)
		who := tableText(tb.table, row, dealCol("Creator")) + " / " + tableText(tb.table, row, dealCol("Campaign"))
		if earned != paid+unpaid {
			t.Errorf("%s: Commission + Fees confirmed + Bonuses = %d, Paid + Unpaid = %d", who, earned, paid+unpaid)
		}
		if unpaid != parts {
			t.Errorf("%s: Unpaid %d, On hold + Not yet requested + In queue = %d", who, unpaid, parts)
		}
		if cell(row, "Bonuses") != 0 {
			bonuses++
		}
		if cell(row, colFeesPending) != 0 {
			pending++
		}
	}
	if bonuses == 0 {
		t.Error("no demo deal shows a bonus: the Bonuses column is not exercised")
	}
	t.Logf("%d rows checked, %d with bonuses, %d with unconfirmed fees", tb.total, bonuses, pending)
}

// Every figure says how it is computed: in the legend, and in the help line
// when its column is tapped.
func TestDealsColumnsExplained(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 5)
	u, _ := newTestUI(t, s)
	ds := u.deals
	for _, c := range dealColumns {
		if c.amount && c.help == "" {
			t.Errorf("column %q has no help", c.title)
		}
		if c.amount && !strings.Contains(ds.legend.Text, c.title+": ") {
			t.Errorf("legend lacks %q", c.title)
		}
	}
	for _, old := range []string{"Owed", "Remaining", "Fixed fees", "Requested"} {
		for _, c := range dealColumns {
			if c.title == old {
				t.Errorf("column still named %q", old)
			}
		}
	}
	if ds.legend.Visible() {
		t.Error("legend open at start")
	}
	test.Tap(ds.about)
	if !ds.legend.Visible() {
		t.Error("legend not shown after tapping How the figures add up")
	}
	// The header as the table draws it for that column, tapped.
	h := ds.deals.table.CreateHeader()
	ds.deals.table.UpdateHeader(tableCell(-1, dealCol(colRequested)), h)
	test.Tap(h.(*widget.Button))
	if got := ds.help.Text; !strings.HasPrefix(got, colRequested+": ") || !strings.Contains(got, "queue") {
		t.Errorf("help line after tapping In queue: %q", got)
	}
}

// The deal page names its balances with the Deals screen's words.
func TestDealPageUsesDealsWords(t *testing.T) {
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 10000)
	u, _ := newTestUI(t, s)
	u.openDeal(deal)
	if u.dealPage == nil {
		t.Fatal("no deal page")
	}
	shown := map[string]bool{}
	for _, o := range test.LaidOutObjects(u.body) {
		if l, ok := o.(*widget.Label); ok {
			shown[l.Text] = true
		}
	}
	for _, w := range []string{colOwed, colRequested, colRemaining, colFeesConfirmed, colFeesPending, colHeld, "Bonuses", "Paid"} {
		if !shown[w] {
			t.Errorf("deal page lacks the figure %q", w)
		}
	}
	for _, old := range []string{"Owed", "Remaining", "Requested", "Scheduled"} {
		if shown[old] {
			t.Errorf("deal page still says %q", old)
		}
	}
}
