package ledger_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestNumberFormatParseAmount reads amounts as people type them, in the
// locales that write them so, and refuses what the text and the locale
// together do not settle.
func TestNumberFormatParseAmount(t *testing.T) {
	en, de, fr, ch := ledger.FormatDotDecimal, ledger.FormatCommaDecimal, ledger.FormatSpaceGroup, ledger.FormatApostrophe
	for _, tt := range []struct {
		name string
		nf   ledger.NumberFormat
		text string
		code string
		neg  bool
		want int64
		err  string // part of the message; "" when the text is valid
	}{
		{"DollarThousands", en, "$1,250", "USD", false, 125000, ""},
		{"Thousands", en, "1,250", "USD", false, 125000, ""},
		{"ThousandsDecimals", en, "1,250.00", "USD", false, 125000, ""},
		{"Plain", en, "1250.5", "USD", false, 125050, ""},
		{"Code", en, "USD 1,250", "USD", false, 125000, ""},
		{"CodeAfter", en, "1,250.00 usd", "USD", false, 125000, ""},
		{"USDollar", en, "US$5", "USD", false, 500, ""},
		{"Millions", en, "1,250,000", "USD", false, 125000000, ""},
		{"EuroCommaInEnglish", en, "€12,50", "EUR", false, 1250, ""},
		{"GermanInEnglish", en, "1.250,00", "EUR", false, 125000, ""},
		{"SpaceInEnglish", en, "1 250,00", "EUR", false, 125000, ""},
		{"German", de, "1.250,00", "EUR", false, 125000, ""},
		{"GermanThousands", de, "1.250", "EUR", false, 125000, ""},
		{"GermanDecimals", de, "12,5", "EUR", false, 1250, ""},
		{"GermanEuroAfter", de, "1.250,00 €", "EUR", false, 125000, ""},
		{"GermanEuroBefore", de, "€ 12,50", "EUR", false, 1250, ""},
		{"GermanEnglishText", de, "1,250.00", "EUR", false, 125000, ""},
		{"GermanDotDecimals", de, "12.50", "EUR", false, 1250, ""},
		{"French", fr, "1 250,00", "EUR", false, 125000, ""},
		{"FrenchNoBreak", fr, "1\u00a0250,00\u00a0€", "EUR", false, 125000, ""},
		{"FrenchNarrowNoBreak", fr, "12\u202f345\u202f678,90 EUR", "EUR", false, 1234567890, ""},
		{"FrenchZloty", fr, "1 250,00 zł", "PLN", false, 125000, ""},
		{"Swiss", ch, "CHF 1'250.50", "CHF", false, 125050, ""},
		{"SwissTypographic", ch, "1’250.50", "CHF", false, 125050, ""},
		{"Pound", en, "£3.20", "GBP", false, 320, ""},
		{"CanadianDollarSign", en, "$40", "CAD", false, 4000, ""},
		{"CanadianSymbol", en, "CA$40", "CAD", false, 4000, ""},
		{"Yen", en, "¥1,250", "JPY", false, 1250, ""},
		{"YenGerman", de, "1.250 ¥", "JPY", false, 1250, ""},
		{"Crowns", fr, "1 250 kr", "SEK", false, 125000, ""},
		{"Dinar", en, "KD 1.250", "KWD", false, 1250, ""},
		{"DinarGerman", de, "1,250 KWD", "KWD", false, 1250, ""},
		{"DinarZero", en, "0,250", "KWD", false, 250, ""},
		{"NegativeSymbol", en, "-$2.37", "USD", true, -237, ""},
		{"SymbolNegative", en, "$-2.37", "USD", true, -237, ""},
		{"UnicodeMinus", de, "−2,37 €", "EUR", true, -237, ""},
		{"Plus", en, "+5", "USD", false, 500, ""},
		{"Max", en, "$10,000,000,000,000.00", "USD", false, ledger.MaxAmount, ""},

		{"ErrEmpty", en, "  ", "USD", false, 0, "amount required"},
		{"ErrOtherCurrency", en, "€12,50", "USD", false, 0, "the amount is in USD, not €"},
		{"ErrOtherCode", en, "12.50 GBP", "USD", false, 0, "the amount is in USD, not GBP"},
		{"ErrDollarForEuro", en, "$12", "EUR", false, 0, "the amount is in EUR, not $"},
		{"ErrTwice", en, "$12 USD", "USD", false, 0, "write the currency once"},
		{"ErrWord", en, "twelve", "USD", false, 0, "not an amount"},
		{"ErrLetters", en, "12a", "USD", false, 0, "not an amount"},
		{"ErrExponent", en, "1e5", "USD", false, 0, "not an amount"},
		{"ErrNaN", en, "NaN", "USD", false, 0, "not an amount"},
		{"ErrNegative", en, "-$5", "USD", false, 0, "must not be negative"},
		{"ErrTooManyDecimals", en, "1.234", "USD", false, 0, "USD has at most 2 decimals"},
		{"ErrAmbiguousFrenchDot", fr, "1.250", "EUR", false, 0, "ambiguous, write 1250 for a whole amount or 1,25"},
		{"ErrGermanCommaDecimals", de, "1,250", "EUR", false, 0, "EUR has at most 2 decimals"},
		{"ErrAmbiguousSwissDinar", ch, "1,250", "KWD", false, 0, "ambiguous, write 1250 for a whole amount or 1.25"},
		{"ErrAmbiguousSwissComma", ch, "1,000", "CHF", false, 0, "ambiguous, write 1000 for a whole amount or 1"},
		{"ErrAmbiguousYen", fr, "1.250", "JPY", false, 0, "ambiguous, write 1250 for a whole amount"},
		{"ErrYenDecimals", en, "12.5", "JPY", false, 0, "JPY has no decimals"},
		{"ErrEuroDecimals", de, "12,505", "EUR", false, 0, "EUR has at most 2 decimals"},
		{"ErrFourDecimals", en, "1.2345", "USD", false, 0, "USD has at most 2 decimals"},
		{"ErrBadGroup", en, "1,23.00", "USD", false, 0, "misplaced thousands separator"},
		{"ErrIndianGroups", en, "1,25,000", "INR", false, 0, "misplaced thousands separator"},
		{"ErrLongFirstGroup", en, "1250,000", "USD", false, 0, "misplaced thousands separator"},
		{"ErrMixedGroups", en, "1,250 000", "USD", false, 0, "misplaced separator"},
		{"ErrTwoDecimalMarks", en, "1.250.00,5", "USD", false, 0, "misplaced thousands separator"},
		{"ErrDecimalTwiceBoth", en, "1,2.3,4", "USD", false, 0, "misplaced separator"},
		{"ErrDoubleSeparator", en, "1,,250", "USD", false, 0, "misplaced separator"},
		{"ErrTrailingMark", en, "12.", "USD", false, 0, "digits expected after the decimal mark"},
		{"ErrLeadingMark", en, ",50", "USD", false, 0, "digits expected before the decimal mark"},
		{"ErrSpaceInGroups", fr, "12 34", "EUR", false, 0, "misplaced thousands separator"},
		{"ErrAboveMax", en, "10,000,000,000,000.01", "USD", false, 0, "too large"},
		{"ErrHuge", en, "99999999999999999999999", "USD", false, 0, "too large"},
		{"ErrParentheses", en, "(5.00)", "USD", false, 0, "not an amount"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.nf.ParseAmount(tt.text, cur(t, tt.code), tt.neg)
			if tt.err != "" {
				if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseAmount(%q) = %d, %v; want an invalid error containing %q", tt.text, got, err, tt.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Fatalf("message %q is not one line", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("%v.ParseAmount(%q) = %d, %v; want %d", tt.nf, tt.text, got, err, tt.want)
			}
		})
	}
}

// TestNumberFormatRoundTrip: what Format writes, and what Display writes
// for the English format, reads back as the same count in every format and
// currency, so a prefilled field never changes value.
func TestNumberFormatRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	samples := []int64{0, 1, 5, 99, 100, 999, 1000, 1250, 123456, 1000000, ledger.MaxAmount}
	for range 300 {
		samples = append(samples, rng.Int63n(ledger.MaxAmount))
	}
	for _, nf := range ledger.NumberFormats() {
		for _, code := range ledger.Currencies() {
			c := cur(t, code)
			for _, m := range samples {
				text := nf.Format(m, c)
				if got, err := nf.ParseAmount(text, c, false); err != nil || got != m {
					t.Fatalf("%v: ParseAmount(Format(%d %s) = %q) = %d, %v", nf, m, code, text, got, err)
				}
				if nf == ledger.FormatDotDecimal {
					text = ledger.Display(-m, code)
					if got, err := nf.ParseAmount(text, c, true); err != nil || got != -m {
						t.Fatalf("ParseAmount(Display(%d %s) = %q) = %d, %v", -m, code, text, got, err)
					}
				}
			}
		}
	}
}

func TestNumberFormatForLocale(t *testing.T) {
	for _, tt := range []struct {
		locale string
		want   ledger.NumberFormat
	}{
		{"", ledger.FormatDotDecimal},
		{"C", ledger.FormatDotDecimal},
		{"POSIX", ledger.FormatDotDecimal},
		{"C.UTF-8", ledger.FormatDotDecimal},
		{"en_US.UTF-8", ledger.FormatDotDecimal},
		{"ja_JP.UTF-8", ledger.FormatDotDecimal},
		{"de_DE.UTF-8", ledger.FormatCommaDecimal},
		{"de_DE@euro", ledger.FormatCommaDecimal},
		{"pt-BR", ledger.FormatCommaDecimal},
		{"es_ES.UTF-8", ledger.FormatCommaDecimal},
		{"es_MX.UTF-8", ledger.FormatDotDecimal},
		{"fr_FR.UTF-8", ledger.FormatSpaceGroup},
		{"sv_SE", ledger.FormatSpaceGroup},
		{"pt_PT.UTF-8", ledger.FormatSpaceGroup},
		{"de_CH.UTF-8", ledger.FormatApostrophe},
		{"fr-CH", ledger.FormatApostrophe},
	} {
		if got := ledger.NumberFormatForLocale(tt.locale); got != tt.want {
			t.Errorf("NumberFormatForLocale(%q) = %v, want %v", tt.locale, got, tt.want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tt := range []struct {
		env  map[string]string
		want ledger.NumberFormat
	}{
		{map[string]string{}, ledger.FormatDotDecimal},
		{map[string]string{"LANG": "de_DE.UTF-8"}, ledger.FormatCommaDecimal},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_NUMERIC": "fr_FR.UTF-8"}, ledger.FormatSpaceGroup},
		{map[string]string{"LANG": "de_DE.UTF-8", "LC_NUMERIC": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}, ledger.FormatDotDecimal},
	} {
		if got := ledger.NumberFormatFromEnv(env(tt.env)); got != tt.want {
			t.Errorf("NumberFormatFromEnv(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
	for _, nf := range ledger.NumberFormats() {
		if got, ok := ledger.ParseNumberFormat(nf.String()); !ok || got != nf {
			t.Errorf("ParseNumberFormat(%q) = %v, %v", nf.String(), got, ok)
		}
	}
}

// FuzzNumberFormatParseAmount: any text either parses to an amount within
// MaxAmount that the format writes back to the same count, or is refused
// with a one-line invalid error; nothing panics.
func FuzzNumberFormatParseAmount(f *testing.F) {
	for _, s := range []string{"$1,250", "1 250,00 €", "1.250", "CHF 1'250.50", "-€12,50", ",5", "1,,2"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, text string, which int) {
		formats := ledger.NumberFormats()
		nf := formats[(which%len(formats)+len(formats))%len(formats)]
		c := cur(t, "EUR")
		got, err := nf.ParseAmount(text, c, true)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseAmount(%q): %v", text, err)
			}
			return
		}
		if got > ledger.MaxAmount || got < -ledger.MaxAmount {
			t.Fatalf("ParseAmount(%q) = %d, above MaxAmount", text, got)
		}
		if back, err := nf.ParseAmount(nf.Format(got, c), c, true); err != nil || back != got {
			t.Fatalf("ParseAmount(Format(%d)) = %d, %v", got, back, err)
		}
	})
}

func TestNumberFormatParsePercent(t *testing.T) {
	for _, tt := range []struct {
		nf   ledger.NumberFormat
		text string
		want ledger.BasisPoints
		ok   bool
	}{
		{ledger.FormatDotDecimal, "12.5", 1250, true},
		{ledger.FormatDotDecimal, "12.5 %", 1250, true},
		{ledger.FormatCommaDecimal, "12,5%", 1250, true},
		{ledger.FormatSpaceGroup, "7,25 %", 725, true},
		{ledger.FormatDotDecimal, "100", 10000, true},
		{ledger.FormatDotDecimal, "100.01", 0, false},
		{ledger.FormatDotDecimal, "12.555", 0, false},
		{ledger.FormatDotDecimal, "$12", 0, false},
		{ledger.FormatDotDecimal, "-1", 0, false},
		{ledger.FormatDotDecimal, "%", 0, false},
	} {
		got, err := tt.nf.ParsePercent(tt.text)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("%v.ParsePercent(%q) = %v, %v; want %v (ok %v)", tt.nf, tt.text, got, err, tt.want, tt.ok)
		}
	}
}
