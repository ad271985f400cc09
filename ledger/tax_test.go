package ledger_test

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/payouts/payouts/ledger"
)

func TestCreatorTaxData(t *testing.T) {
	s, c := MustOpen(t)
	id, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana", PayoutDetails: "IBAN X"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("NothingOnFile", func(t *testing.T) {
		tax, err := s.CreatorTax(ctx, id)
		if err != nil || tax.Form != ledger.TaxFormNone || tax.TaxID != "" {
			t.Fatalf("got %+v, %v; want form none", tax, err)
		}
	})
	base := ledger.CreatorInput{Name: "Ana", PayoutDetails: "IBAN X", Email: "ana@example.com"}
	with := func(tax ledger.TaxInfo) ledger.CreatorInput { in := base; in.Tax = &tax; return in }
	t.Run("Invalid", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			tax  ledger.TaxInfo
			want string
		}{
			{"UnknownCountry", ledger.TaxInfo{Country: "XX"}, `unknown country "XX"`},
			{"UK", ledger.TaxInfo{Country: "uk"}, "the United Kingdom is GB"},
			{"ThreeLetters", ledger.TaxInfo{Country: "USA"}, `unknown country "USA"`},
			{"UnknownForm", ledger.TaxInfo{Form: "1099"}, `unknown tax form "1099"`},
			{"FormWithoutDate", ledger.TaxInfo{Form: "w9"}, "the date the W-9 was received is required"},
			{"DateWithoutForm", ledger.TaxInfo{FormReceived: "2026-01-05"}, "needs a tax form"},
			{"BadDate", ledger.TaxInfo{Form: "W-9", FormReceived: "5/1/2026"}, `invalid date "5/1/2026"`},
			{"FutureDate", ledger.TaxInfo{Form: "W-9", FormReceived: "2027-01-05"}, "in the future"},
			{"TaxIDChars", ledger.TaxInfo{TaxID: "12345;6789"}, "tax ID •••• 6789 has a character"},
			{"LegalNameLines", ledger.TaxInfo{LegalName: "Ana\nLopez"}, "legal name must be one line"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := s.UpdateCreator(ctx, id, with(tc.tax))
				wantCode(t, err, ledger.EINVALID)
				if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
					t.Errorf("got %q, want one line containing %q", msg, tc.want)
				}
			})
		}
		if tax, _ := s.CreatorTax(ctx, id); tax.FormOnFile() || tax.Country != "" {
			t.Errorf("a refused edit wrote %+v", tax)
		}
		if ev, _ := s.CreatorEvents(ctx, id); len(ev) != 0 {
			t.Errorf("a refused edit left history %+v", ev)
		}
	})
	outer := t // maria's store lives as long as the test
	t.Run("OK", func(t *testing.T) {
		s = as(outer, s, "maria")
		in := with(ledger.TaxInfo{LegalName: " Ana María López ", TaxID: "123-45-6789", Address: "1 Main St\r\nSpringfield, IL 62701",
			Country: "us", Form: "w9", FormReceived: "2026-01-05"})
		if err := s.UpdateCreator(ctx, id, in); err != nil {
			t.Fatal(err)
		}
		got, err := s.CreatorTax(ctx, id)
		want := ledger.TaxInfo{LegalName: "Ana María López", TaxID: "123-45-6789", Address: "1 Main St\nSpringfield, IL 62701",
			Country: "US", Form: ledger.TaxFormW9, FormReceived: "2026-01-05"}
		if err != nil || got != want {
			t.Fatalf("got %+v, %v; want %+v", got, err, want)
		}
		ev, err := s.CreatorEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]ledger.CreatorEvent{}
		for _, e := range ev {
			fields[e.Field] = e
			if e.Operator != "maria" || !e.At.Equal(c.Now()) {
				t.Errorf("event %+v: want operator maria at %v", e, c.Now())
			}
			if strings.Contains(e.Old+e.New, "123-45") {
				t.Errorf("history holds the whole tax ID: %+v", e)
			}
		}
		if len(ev) != 7 || fields["tax ID"].New != "•••• 6789" || fields["tax form"].Old != "none" || fields["tax form"].New != "W-9" ||
			fields["email"].Old != "" || fields["country"].New != "US" {
			t.Errorf("history %+v", ev)
		}
	})
	t.Run("SameLastFourIsStillAChange", func(t *testing.T) {
		tax, _ := s.CreatorTax(ctx, id)
		tax.TaxID = "987-65-6789"
		if err := s.UpdateCreator(ctx, id, with(tax)); err != nil {
			t.Fatal(err)
		}
		ev, _ := s.CreatorEvents(ctx, id)
		if len(ev) != 8 || ev[0].Field != "tax ID" || ev[0].Old != "•••• 6789" || ev[0].New != "•••• 6789 (another ID)" {
			t.Errorf("newest event %+v of %d", ev[0], len(ev))
		}
	})
	t.Run("NilTaxKeepsIt", func(t *testing.T) {
		in := base
		in.Notes = "prefers bank"
		if err := s.UpdateCreator(ctx, id, in); err != nil {
			t.Fatal(err)
		}
		if tax, _ := s.CreatorTax(ctx, id); tax.TaxID != "987-65-6789" || tax.Form != ledger.TaxFormW9 {
			t.Errorf("tax data changed by an edit without it: %+v", tax)
		}
		if ev, _ := s.CreatorEvents(ctx, id); len(ev) != 9 || ev[0].Field != "notes" {
			t.Errorf("history %+v", ev)
		}
	})
	t.Run("OnAdd", func(t *testing.T) {
		id2, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bo", Tax: &ledger.TaxInfo{Country: "de", Form: "W-8BEN", FormReceived: "2026-02-01"}})
		if err != nil {
			t.Fatal(err)
		}
		if tax, _ := s.CreatorTax(ctx, id2); tax.Country != "DE" || tax.Form != ledger.TaxFormW8BEN {
			t.Errorf("added with %+v", tax)
		}
		_, err = s.AddCreator(ctx, ledger.CreatorInput{Name: "Cy", Tax: &ledger.TaxInfo{Country: "ZZ"}})
		wantCode(t, err, ledger.EINVALID)
		if _, err := s.CreatorByName(ctx, "Cy"); ledger.ErrorCode(err) != ledger.ENOTFOUND {
			t.Errorf("a refused add left a creator: %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantCode(t, s.UpdateCreator(ctx, 999, with(ledger.TaxInfo{})), ledger.ENOTFOUND)
		_, err := s.CreatorTax(ctx, 999)
		wantCode(t, err, ledger.ENOTFOUND)
	})
	MustCheck(t, s)
}

func TestMaskTaxID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""}, {"123-45-6789", "•••• 6789"}, {"12-3456789", "•••• 6789"}, {"DE 123 456 789", "•••• 6789"},
		{"1234", "••••"}, {"12-34", "••••"}, {"AB12345C", "•••• 345C"},
	} {
		if got := ledger.MaskTaxID(tc.in); got != tc.want {
			t.Errorf("MaskTaxID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCountriesAreISO holds the embedded list against golang.org/x/text's
// region data: each listed code is a country there, and every country there
// that is not listed is one of the reserved codes a form does not use.
func TestCountriesAreISO(t *testing.T) {
	list := ledger.Countries()
	if len(list) != 249 {
		t.Errorf("%d codes, want the 249 of ISO 3166-1", len(list))
	}
	listed := map[string]bool{}
	for _, c := range list {
		listed[c] = true
		r, err := language.ParseRegion(c)
		if err != nil || !r.IsCountry() || r.String() != c {
			t.Errorf("%s: x/text says %v, %v", c, r, err)
		}
	}
	reserved := map[string]bool{"AC": true, "CP": true, "DG": true, "EA": true, "IC": true, "TA": true, "UK": true, "XK": true, "CQ": true,
		// Deleted or transitionally reserved: no longer countries.
		"AN": true, "CS": true, "EZ": true, "FQ": true, "NT": true, "PC": true, "SU": true, "UN": true, "YU": true}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			c := string([]rune{a, b})
			r, err := language.ParseRegion(c)
			if err == nil && r.IsCountry() && r.Canonicalize().String() == c && !listed[c] && !reserved[c] {
				t.Errorf("x/text has country %s, the list does not", c)
			}
		}
	}
}
