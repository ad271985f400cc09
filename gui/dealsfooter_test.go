package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// The Deals footer sums what the list shows: it follows the search, lists
// currencies side by side (never "+", as if € and $ added up) and says when
// nothing matches.
func TestDealsFooterFollowsSearch(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	fillDemo(t, s, 12)
	u, _ := newTestUI(t, s)
	ds := u.deals

	all, err := s.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Fatalf("the demo has %d currencies, want 2 or more", len(all))
	}
	footer := ds.totals.Text
	if strings.Contains(footer, "+") {
		t.Errorf("footer joins currencies with +: %q", footer)
	}
	if !strings.HasPrefix(footer, "All deals") {
		t.Errorf("footer without a search: %q", footer)
	}
	for _, c := range all {
		if !strings.Contains(footer, ledger.Display(c.Remaining(), c.Currency)) {
			t.Errorf("footer lacks %s remaining %s: %q", c.Currency, ledger.Display(c.Remaining(), c.Currency), footer)
		}
	}

	// Search one campaign in euros: the footer is about those deals only.
	test.Type(ds.search, "EU Roadshow")
	got, err := s.TotalsOf(ctx, ledger.DealQuery{Search: "EU Roadshow"})
	if err != nil || len(got) != 1 || got[0].Currency != "EUR" {
		t.Fatalf("totals of the search: %+v %v", got, err)
	}
	footer = ds.totals.Text
	if strings.HasPrefix(footer, "All deals") || !strings.Contains(footer, "EU Roadshow") {
		t.Errorf("footer with a search: %q, want it to name the search", footer)
	}
	if !strings.Contains(footer, ledger.Display(got[0].Remaining(), "EUR")) || strings.Contains(footer, "$") {
		t.Errorf("footer with a search: %q, want only the EUR sums of those deals", footer)
	}

	// Nothing matches.
	ds.search.SetText("")
	test.Type(ds.search, "zzz-nobody")
	if ds.deals.total != 0 {
		t.Fatalf("deals matching: %d", ds.deals.total)
	}
	if got := ds.totals.Text; !strings.HasPrefix(got, "No deals match") {
		t.Errorf("footer with no match: %q, want No deals match", got)
	}
}
