package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// waitEarnings waits until the Import dialog shows its latest preview.
func waitEarnings(t *testing.T, f *importFlow) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case gen := <-f.earn.done:
			if gen == f.earn.gen {
				return
			}
		case <-deadline:
			t.Fatal("the preview did not finish")
		}
	}
}

// earningsRow finds the preview's row of an order.
func earningsRow(t *testing.T, f *importFlow, order string) int {
	t.Helper()
	for i, o := range f.earn.res.Preview {
		if o.OrderID == order {
			return i
		}
	}
	t.Fatalf("order %s not in the preview", order)
	return -1
}

// codeButton finds the "Create deal for this code" button of a code.
func codeButton(t *testing.T, codes *fyne.Container, code string) *widget.Button {
	t.Helper()
	for _, o := range codes.Objects {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			continue
		}
		if l, ok := row.Objects[0].(*widget.Label); ok && strings.HasPrefix(l.Text, code+":") {
			return row.Objects[1].(*widget.Button)
		}
	}
	t.Fatalf("no button for the code %s", code)
	return nil
}

func earningsCol(title string) int {
	for i, c := range earningsColumns {
		if c.title == title {
			return i
		}
	}
	panic("no earnings column " + title)
}

// TestImportEarnings (issue 13): before importing, the dialog shows what
// each order will earn and for which creator, as the ledger works it out,
// and what each creator is credited; a code no deal has offers "Create deal
// for this code", which opens the New deal form with the code and, once
// the deal is added, the preview credits its orders. The preview writes
// nothing; the summary after the import lists the amount per creator.
func TestImportEarnings(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	importDeals(t, s) // ANA10 (USD) and BEN (EUR), 10%
	u, _ := newTestUI(t, s)
	before, _ := s.Counts(ctx)

	u.onImport()
	f := u.imports
	f.path.SetText(ordersFile("shopify_first.csv"))
	f.load(f.path.Text)
	waitEarnings(t, f)
	if !f.earn.box.Visible() {
		t.Fatal("no preview shown")
	}
	// #1001: 75.00 at 10% for ANA10; #1007 has the code SUMMER, which no
	// deal has; #1014 is pending.
	cases := []struct{ order, creator, earns, what string }{
		{"#1001", "Creator ANA10", "$7.50", "Credited"},
		{"#1007", "", "", "No deal has this code"},
		{"#1014", "Creator ANA10", "", "Not paid yet (pending)"},
	}
	for _, c := range cases {
		row := earningsRow(t, f, c.order)
		got := []string{tableText(f.earn.table, row, earningsCol("Creator")), tableText(f.earn.table, row, earningsCol("Earns")),
			tableText(f.earn.table, row, earningsCol("What the import does"))}
		if got[0] != c.creator || got[1] != c.earns || !strings.HasPrefix(got[2], c.what) {
			t.Errorf("%s: shows %q, want %q, %q, %q…", c.order, got, c.creator, c.earns, c.what)
		}
	}
	if got := f.earn.credits.Text; !strings.Contains(got, "Creator ANA10: $7.50") || !strings.Contains(got, "Creator BEN: €12.34") {
		t.Errorf("per creator: %q", got)
	}
	if after, _ := s.Counts(ctx); after != before {
		t.Errorf("the preview changed the ledger: %+v, want %+v", after, before)
	}

	// SUMMER: a deal for it, from the preview, with a new creator.
	test.Tap(codeButton(t, f.earn.codes, "SUMMER"))
	df := u.newDeal
	if df == nil || df.codes.Text != "SUMMER" || df.currency.Selected != "USD" {
		t.Fatalf("New deal form: codes %q, currency %q", df.codes.Text, df.currency.Selected)
	}
	df.creator.SetText("Mia Chen")
	df.newCreator.SetChecked(true)
	df.campaign.SetText("Autumn")
	df.value.SetText("20")
	test.Tap(df.dlg.submit)
	waitEarnings(t, f)
	if u.dealPage != nil {
		t.Error("adding the deal left the import for the deal's page")
	}
	row := earningsRow(t, f, "#1007")
	if got := tableText(f.earn.table, row, earningsCol("Creator")); got != "Mia Chen" {
		t.Errorf("#1007 after the deal was added: creator %q, want Mia Chen", got)
	}
	if got := tableText(f.earn.table, row, earningsCol("Earns")); got != "$11.00" {
		t.Errorf("#1007 earns %q, want $11.00 (20%% of $55.00)", got)
	}
	if !strings.Contains(f.earn.credits.Text, "Mia Chen: $11.00") {
		t.Errorf("per creator after the deal: %q", f.earn.credits.Text)
	}

	if err := runImport(t, f); err != nil {
		t.Fatal(err)
	}
	shown := strings.Join(labelTexts(f.summaryView(f.res)), "\n")
	for _, want := range []string{"Credited", "Creator ANA10: $7.50", "Creator BEN: €12.34", "Mia Chen: $11.00"} {
		if !strings.Contains(shown, want) {
			t.Errorf("summary lacks %q:\n%s", want, shown)
		}
	}
	if d, err := s.DealByCode(ctx, "SUMMER"); err != nil || d.Commission != 1100 {
		t.Errorf("SUMMER deal: commission %d, %v; want 1100", d.Commission, err)
	}

	// From the summary: a deal for CHLOE5 reopens the dialog, whose
	// preview now credits #1006, and the import again credits it.
	box := f.summaryView(f.res).(*fyne.Container)
	test.Tap(codeButton(t, box, "CHLOE5"))
	df = u.newDeal
	df.creator.SetText("Chloe")
	df.newCreator.SetChecked(true)
	df.campaign.SetText("Autumn")
	df.value.SetText("10")
	test.Tap(df.dlg.submit)
	waitEarnings(t, f)
	row = earningsRow(t, f, "#1006")
	if got := tableText(f.earn.table, row, earningsCol("Creator")); got != "Chloe" {
		t.Errorf("#1006 after the deal from the summary: creator %q, want Chloe", got)
	}
	if err := runImport(t, f); err != nil {
		t.Fatal(err)
	}
	if len(f.res.Creators) != 1 || f.res.Creators[0].Creator != "Chloe" || f.res.Creators[0].Amount != 180 {
		t.Errorf("second import credited %+v, want Chloe $1.80", f.res.Creators)
	}
}

// TestImportEarningsBounded: a large file is previewed by its first
// orders, and the dialog says so.
func TestImportEarningsBounded(t *testing.T) {
	s := mustOpen(t)
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	importDeals(t, s)
	defer func(n int) { earningsOrders = n }(earningsOrders)
	earningsOrders = 5
	u, _ := newTestUI(t, s)
	u.onImport()
	f := u.imports
	f.path.SetText(ordersFile("shopify_first.csv"))
	f.load(f.path.Text)
	waitEarnings(t, f)
	if n := len(f.earn.res.Preview); n != 5 {
		t.Errorf("previewed %d orders, want 5", n)
	}
	if got := f.earn.status.Text; !strings.HasPrefix(got, "The first 5 of 13 orders:") {
		t.Errorf("status %q, want it to say the first 5 of 13 orders", got)
	}
	if got := f.earn.credits.Text; !strings.HasPrefix(got, "The first 5 orders will credit") {
		t.Errorf("credits %q", got)
	}
}
