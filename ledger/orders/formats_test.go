package orders

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestParseDateAs (issue 17): each date format of a mapping, and an
// ambiguous date without one is an error naming the choices.
func TestParseDateAs(t *testing.T) {
	for _, tc := range []struct{ in, format, want, err string }{
		{"2026-10-05 10:12:00", "", "2026-10-05", ""},
		{"2026-10-05T10:12:00+02:00", "iso", "2026-10-05", ""},
		{"10/05/2026", "mdy", "2026-10-05", ""},
		{"05/10/2026", "dmy", "2026-10-05", ""},
		{"05.10.2026", "", "2026-10-05", ""},
		{"05.10.2026 10:12", "dmy", "2026-10-05", ""},
		{"10/25/2026", "", "2026-10-25", ""},
		{"25/10/2026", "", "2026-10-25", ""},
		{"10/05/26", "mdy", "2026-10-05", ""},
		{"03/04/2026", "", "", "ambiguous date \"03/04/2026\": choose the mapping's date format: mdy"},
		{"13/13/2026", "", "", "invalid date"},
		{"02/30/2026", "mdy", "", "invalid date"},
		{"2026-10-05", "mdy", "", "date format is mdy"},
		{"10/05/2026", "iso", "", "date format is iso"},
	} {
		got, err := parseDateAs(tc.in, tc.format)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q %s: err %v, want %q", tc.in, tc.format, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q %s = %q, %v; want %q", tc.in, tc.format, got, err, tc.want)
		}
	}
}

// TestReadAmountDecimalComma (issue 17): "1.234,56" with a decimal comma.
func TestReadAmountDecimalComma(t *testing.T) {
	eur, _ := ledger.LookupCurrency("EUR")
	for _, tc := range []struct {
		in    string
		comma bool
		want  int64
		bad   bool
	}{
		{"1.234,56", true, 123456, false},
		{"12,5", true, 1250, false},
		{"€ 12,00", true, 1200, false},
		{"1,234.56", false, 123456, false},
		{"1,2,3", true, 0, true},
		{"1.234,56", false, 0, true},
	} {
		got, err := readAmount(tc.in, eur, tc.comma)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("readAmount(%q, %v) = %d, %v; want %d (bad %v)", tc.in, tc.comma, got, err, tc.want, tc.bad)
		}
	}
}

// TestDetectPreset (issue 17): each preset's own columns detect it, in any
// case; a header of two presets, or none, is an error.
func TestDetectPreset(t *testing.T) {
	for _, p := range Presets {
		h := append([]string{"Extra"}, p.Detect...)
		for i := range h {
			h[i] = strings.ToUpper(h[i])
		}
		got, err := DetectPreset(h)
		if err != nil || got.Name != p.Name {
			t.Errorf("%s: detected %q, %v", p.Name, got.Name, err)
		}
	}
	two := append(append([]string{}, Presets[0].Detect...), Presets[2].Detect...)
	if _, err := DetectPreset(two); err == nil || !strings.Contains(err.Error(), "several presets") {
		t.Errorf("two presets: %v", err)
	}
	if _, err := DetectPreset([]string{"Name", "Financial Status"}); err == nil {
		t.Error("no preset: no error")
	}
}
