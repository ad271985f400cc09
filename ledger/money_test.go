package ledger_test

import (
	"math"
	"testing"

	"github.com/payouts/payouts/ledger"
)

func cur(t *testing.T, code string) ledger.Currency {
	t.Helper()
	c, err := ledger.LookupCurrency(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseAmount(t *testing.T) {
	for _, tt := range []struct {
		name, text, code string
		neg              bool
		want             int64
		wantErr          bool
	}{
		{"Plain", "1234.50", "USD", false, 123450, false},
		{"Thousands", "1,234.50", "USD", false, 123450, false},
		{"OneDecimal", "1234.5", "USD", false, 123450, false},
		{"Integer", "12", "USD", false, 1200, false},
		{"Spaces", "  7.01 ", "EUR", false, 701, false},
		{"JPY", "1200", "JPY", false, 1200, false},
		{"KWD", "1.234", "KWD", false, 1234, false},
		{"NegativeAllowed", "-2.37", "USD", true, -237, false},
		{"Zero", "0", "USD", false, 0, false},
		{"Max", "10,000,000,000,000.00", "USD", false, ledger.MaxAmount, false},
		{"MaxJPY", "1000000000000000", "JPY", false, ledger.MaxAmount, false},
		{"ErrAboveMax", "10000000000000.01", "USD", false, 0, true},
		{"ErrAboveMaxJPY", "1000000000000001", "JPY", false, 0, true},
		{"ErrAboveMaxNegative", "-1000000000000001", "JPY", true, 0, true},
		{"ErrMaxInt", "92233720368547758.07", "USD", false, 0, true},
		{"ErrNegative", "-2.37", "USD", false, 0, true},
		{"ErrTooManyDecimals", "1.234", "USD", false, 0, true},
		{"ErrJPYDecimals", "12.5", "JPY", false, 0, true},
		{"ErrOverflow", "92233720368547758.08", "USD", false, 0, true},
		{"ErrHuge", "99999999999999999999999", "USD", false, 0, true},
		{"ErrEmpty", "", "USD", false, 0, true},
		{"ErrLetters", "12a", "USD", false, 0, true},
		{"ErrTwoDots", "1.2.3", "USD", false, 0, true},
		{"ErrTrailingDot", "12.", "USD", false, 0, true},
		{"ErrLeadingDot", ".5", "USD", false, 0, true},
		{"ErrBadGroup", "1,23.00", "USD", false, 0, true},
		{"ErrExponent", "1e5", "USD", false, 0, true},
		{"ErrFloatLike", "NaN", "USD", false, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ledger.ParseAmount(tt.text, cur(t, tt.code), tt.neg)
			if tt.wantErr {
				if err == nil || ledger.ErrorCode(err) != ledger.EINVALID {
					t.Fatalf("ParseAmount(%q) = %d, %v; want an invalid error", tt.text, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseAmount(%q) = %d, %v; want %d", tt.text, got, err, tt.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		minor         int64
		code          string
		plain, people string
	}{
		{123450, "USD", "1234.50", "$1,234.50"},
		{-237, "USD", "-2.37", "-$2.37"},
		{5, "USD", "0.05", "$0.05"},
		{0, "EUR", "0.00", "€0.00"},
		{1200, "JPY", "1200", "¥1,200"},
		{1234, "KWD", "1.234", "KD 1.234"},
		{math.MinInt64, "USD", "-92233720368547758.08", "-$92,233,720,368,547,758.08"},
	} {
		if got := ledger.Format(tt.minor, tt.code); got != tt.plain {
			t.Errorf("Format(%d, %s) = %q, want %q", tt.minor, tt.code, got, tt.plain)
		}
		if got := ledger.Display(tt.minor, tt.code); got != tt.people {
			t.Errorf("Display(%d, %s) = %q, want %q", tt.minor, tt.code, got, tt.people)
		}
	}
}

// Formatting then parsing gives the amount back, for every exponent.
func TestFormatParseRoundTrip(t *testing.T) {
	for _, code := range []string{"USD", "JPY", "KWD"} {
		c := cur(t, code)
		for _, v := range []int64{0, 1, 9, 10, 99, 100, 101, 123456789, -1, -100, -987654321, ledger.MaxAmount, -ledger.MaxAmount} {
			got, err := ledger.ParseAmount(ledger.FormatMinor(v, c), c, true)
			if err != nil || got != v {
				t.Errorf("%s: round trip of %d = %d, %v", code, v, got, err)
			}
		}
	}
}

func TestMulDivRound(t *testing.T) {
	for _, tt := range []struct {
		a, num, den, want int64
		wantErr           bool
	}{
		{1000, 1250, 10000, 125, false}, // 12.5% of 10.00
		{1, 5000, 10000, 1, false},      // 0.005 rounds half up
		{1, 4999, 10000, 0, false},
		{3, 5000, 10000, 2, false}, // 1.5 -> 2
		{-3, 5000, 10000, -2, false},
		{19999, 1250, 10000, 2500, false}, // 2499.875 -> 2500
		{10001, 1250, 10000, 1250, false}, // 1250.125 -> 1250
		{math.MaxInt64, 10000, 10000, math.MaxInt64, false},
		{math.MaxInt64, 10001, 10000, 0, true},
		{1, -1, 1, 0, true},
		// The quotient is MaxUint64 before rounding: rounding up used to
		// wrap it to 0.
		{1190112520884487201, 31, 2, 0, true},
		{-1190112520884487201, 31, 2, 0, true},
		{math.MaxInt64, 2, 2, math.MaxInt64, false},
	} {
		got, err := ledger.MulDivRound(tt.a, tt.num, tt.den)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("MulDivRound(%d, %d, %d) = %d, %v; want %d (err %v)", tt.a, tt.num, tt.den, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for _, tt := range []struct {
		text    string
		want    ledger.BasisPoints
		wantErr bool
	}{
		{"12.5", 1250, false}, {"12.5%", 1250, false}, {"0", 0, false}, {"100", 10000, false},
		{"0.01", 1, false}, {"100.01", 0, true}, {"-1", 0, true}, {"1.234", 0, true}, {"x", 0, true},
	} {
		got, err := ledger.ParsePercent(tt.text)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", tt.text, got, err, tt.want)
		}
	}
	if s := ledger.BasisPoints(1250).String(); s != "12.5%" {
		t.Errorf("1250 bp = %q, want 12.5%%", s)
	}
}

func TestLookupCurrency(t *testing.T) {
	if c := cur(t, "jpy"); c.Exponent != 0 || c.Code != "JPY" {
		t.Errorf("jpy = %+v", c)
	}
	for _, bad := range []string{"", "XYZ", "US", "dollars"} {
		if _, err := ledger.LookupCurrency(bad); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("LookupCurrency(%q) err = %v, want invalid", bad, err)
		}
	}
}
