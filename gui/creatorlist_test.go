package gui

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// rowOf renders row i of the Creators list as the screen does.
func rowOf(s *creatorsScreen, i int) *creatorRow {
	o := s.createItem()
	s.updateItem(i, o)
	return s.rows[o.(*fyne.Container)]
}

// TestCreatorsListPaged: the Creators screen reads its list by page (never
// all 430 creators at once), in the ledger's order, keeps only a few pages,
// follows the search, and Open creator finds one on a deep page.
func TestCreatorsListPaged(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	const n = 430 // more than two pages
	var last int64
	for i := 0; i < n; i++ {
		id, err := s.AddCreator(ctx, ledger.CreatorInput{Name: fmt.Sprintf("Creator %03d", i), PayoutDetails: "IBAN"})
		if err != nil {
			t.Fatal(err)
		}
		last = id
	}
	u, _ := newTestUI(t, s)
	u.showScreen(screenCreators)
	cs := u.creators
	if cs.list.total != n {
		t.Fatalf("total %d, want %d", cs.list.total, n)
	}
	if len(cs.list.pages) > 1 {
		t.Errorf("%d pages read on opening, want at most the first", len(cs.list.pages))
	}
	full, err := s.CreatorList(ctx, ledger.CreatorQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 199, 200, 429, 250, 5} {
		if got := rowOf(cs, i).name.Text; got != full[i].Name {
			t.Errorf("row %d: %q, want %q", i, got, full[i].Name)
		}
	}
	if len(cs.list.pages) != 3 {
		t.Errorf("pages cached %d, want 3", len(cs.list.pages))
	}
	// Open creator (from the missing-details alert) selects a creator on
	// the last page without the list holding every creator.
	u.openCreator(last)
	if cs.profile == nil || cs.profile.id != last {
		t.Fatalf("Open creator: profile %+v, want creator %d", cs.profile, last)
	}
	if cs.count.Text != "430 creators" {
		t.Errorf("count line %q", cs.count.Text)
	}
	test.Type(cs.search, "Creator 042")
	if cs.list.total != 1 || rowOf(cs, 0).name.Text != "Creator 042" || cs.count.Text != "1 creator" {
		t.Errorf("search: %d creators, first %q, count line %q", cs.list.total, rowOf(cs, 0).name.Text, cs.count.Text)
	}
	cs.search.SetText("zzz")
	if cs.list.total != 0 || cs.count.Text != `No creators match "zzz"` {
		t.Errorf("search zzz: %d creators, count line %q", cs.list.total, cs.count.Text)
	}
}

// TestCreatorsListOwedAndBadge: each row shows what the creator is still
// owed, one amount per currency side by side (never summed), or "Nothing
// unpaid"; a creator without payout details (whitespace is none) has the
// badge, the others not.
func TestCreatorsListOwedAndBadge(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	usd := setup(t, s, "Ana", "IBAN A", 10000)
	ca, err := s.CampaignByName(ctx, "Launch")
	if err != nil {
		t.Fatal(err)
	}
	ana, err := s.CreatorByName(ctx, "Ana")
	if err != nil {
		t.Fatal(err)
	}
	eur, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: ana.ID, CampaignID: ca.ID, Currency: "EUR",
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: eur, Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	// A request is still owed until paid: Ana is owed $100 whole.
	request(t, s, usd, 4000)
	setup(t, s, "Bo", " \t", 2500)
	setup(t, s, "Cy", "PayPal cy@example.com", 0)

	u, w := newTestUI(t, s)
	u.showScreen(screenCreators)
	cs := u.creators
	want := []struct {
		name, unpaid string
		badge        bool
	}{
		{"Ana", "Unpaid €50.00 · $100.00", false},
		{"Bo", "Unpaid $25.00", true},
		{"Cy", "Nothing unpaid", false},
	}
	if cs.list.total != len(want) {
		t.Fatalf("total %d, want %d", cs.list.total, len(want))
	}
	for i, w := range want {
		r := rowOf(cs, i)
		if r.name.Text != w.name || r.unpaid.Text != w.unpaid || r.badge.Visible() != w.badge {
			t.Errorf("row %d: %q %q badge %v; want %q %q badge %v", i, r.name.Text, r.unpaid.Text, r.badge.Visible(), w.name, w.unpaid, w.badge)
		}
	}
	// What the window draws, not only the row's fields.
	drawn := map[string]bool{}
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			drawn[l.Text] = true
		}
	}
	for _, text := range []string{"Unpaid €50.00 · $100.00", "Details missing"} {
		if !drawn[text] {
			t.Errorf("%q not drawn", text)
		}
	}
	// Details added elsewhere take the badge away on the next refresh.
	bo, err := s.CreatorByName(ctx, "Bo")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateCreator(ctx, bo.ID, ledger.CreatorInput{Name: "Bo", PayoutDetails: "IBAN B"}); err != nil {
		t.Fatal(err)
	}
	u.changed()
	if rowOf(cs, 1).badge.Visible() {
		t.Error("badge still shown after details were added")
	}
}
