package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTypedAmountsFollowLocale: the CLI reads amounts as the user's locale
// (LC_ALL, LC_NUMERIC, LANG) writes them, with or without the currency's
// symbol, and refuses what the locale leaves ambiguous.
func TestTypedAmountsFollowLocale(t *testing.T) {
	db := filepath.Join(t.TempDir(), "amounts.payouts")
	ok(t, db, "creator", "add", "Ana")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "EUR", "--percent", "10")
	ok(t, db, "creator", "add", "Ken")
	ok(t, db, "deal", "add", "--creator", "Ken", "--campaign", "Spring", "--currency", "JPY", "--per-order", "¥1,500")
	run := func(locale string, args ...string) result {
		t.Helper()
		return payoutsEnv(t, db, []string{"LC_ALL=" + locale, "LC_NUMERIC=", "LANG=" + locale}, args...)
	}
	for _, tt := range []struct {
		name, locale, amount string
		errPart              string // "" when accepted
	}{
		{"GermanThousands", "de_DE.UTF-8", "1.250,00 €", ""},
		{"FrenchSpaces", "fr_FR.UTF-8", "1 250,00", ""},
		{"EnglishSymbol", "en_US.UTF-8", "€1,250", ""},
		{"EnglishGermanText", "en_US.UTF-8", "1.250,00", ""},
		{"FrenchAmbiguous", "fr_FR.UTF-8", "1.250", "ambiguous, write 1250 for a whole amount or 1,25"},
		{"OtherCurrency", "en_US.UTF-8", "$1,250", "the amount is in EUR, not $"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := run(tt.locale, "fee", "add", "--deal", "1", "--amount", tt.amount)
			if tt.errPart != "" {
				if r.code == 0 || !strings.Contains(r.stderr, tt.errPart) {
					t.Fatalf("fee add %q in %s: exit %d, stderr %q; want %q", tt.amount, tt.locale, r.code, r.stderr, tt.errPart)
				}
				return
			}
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("fee add %q in %s: exit %d, stderr %q", tt.amount, tt.locale, r.code, r.stderr)
			}
		})
	}
	// Four fees of 1250.00 were added; the deal's scheduled column says so.
	list := ok(t, db, "deal", "list", "--format", "csv", "--creator", "Ana")
	if !strings.Contains(list, ",5000.00,") {
		t.Fatalf("deal list after four fees of 1250.00 EUR:\n%s", list)
	}
	if list := ok(t, db, "deal", "list", "--format", "csv", "--creator", "Ken"); !strings.Contains(list, "1500 per order") {
		t.Fatalf("JPY per-order ¥1,500:\n%s", list)
	}
}
