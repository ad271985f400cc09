package orders

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// DateFormats are the date formats a mapping may fix, for exports that
// write the day and month as numbers in a local order. Without one, ISO
// dates (2026-10-05 10:12:00, RFC 3339) are read, d.m.y with dots, and a
// slashed date only when its day is past 12: 03/04/2026 could be either.
var DateFormats = map[string]string{
	"iso": "year first: 2026-10-05 10:12:00, 2026-10-05, RFC 3339",
	"mdy": "month first: 10/05/2026",
	"dmy": "day first: 05/10/2026, 05.10.2026",
}

// numericDate is a date of numbers separated by / or . or -, year last,
// with an optional time after it.
var numericDate = regexp.MustCompile(`^(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{2}|\d{4})(?:[ T,]+.*)?$`)

// parseDateAs reads a date with the mapping's format ("" for none chosen).
func parseDateAs(s, format string) (string, error) {
	m := numericDate.FindStringSubmatch(s)
	if m == nil || m[2] != m[4] {
		if format == "mdy" || format == "dmy" {
			return "", fmt.Errorf("invalid date %q: the mapping's date format is %s, %s", s, format, DateFormats[format])
		}
		return parseDay(s)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	y, _ := strconv.Atoi(m[5])
	if len(m[5]) == 2 {
		y += 2000 // two-digit years of order exports are this century
	}
	switch format {
	case "mdy":
	case "dmy":
		a, b = b, a
	case "iso":
		return "", fmt.Errorf("invalid date %q: the mapping's date format is iso, %s", s, DateFormats["iso"])
	default:
		switch {
		case m[2] == ".": // 05.10.2026: dots are written day first
			a, b = b, a
		case a > 12 && b > 12:
			return "", fmt.Errorf("invalid date %q", s)
		case a > 12 && b <= 12:
			a, b = b, a
		case b > 12 && a <= 12:
		default:
			return "", fmt.Errorf("ambiguous date %q: choose the mapping's date format: mdy (%s) or dmy (%s)", s, DateFormats["mdy"], DateFormats["dmy"])
		}
	}
	d := fmt.Sprintf("%04d-%02d-%02d", y, a, b)
	if _, err := parseDay(d); err != nil {
		return "", fmt.Errorf("invalid date %q", s)
	}
	return d, nil
}

// readAmount reads an amount as the mapping writes them: with a decimal
// comma ("1.234,56", "12,5") when DecimalComma is set.
func readAmount(s string, cur ledger.Currency, decimalComma bool) (int64, error) {
	if decimalComma {
		if strings.Count(s, ",") > 1 {
			return 0, fmt.Errorf("invalid amount %q: more than one decimal comma", s)
		}
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), " ", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	return parseMoney(stripCurrencySign(s), cur)
}

// stripCurrencySign drops a leading currency sign some exports write
// ("$12.00", "€12,00").
func stripCurrencySign(s string) string {
	for _, sign := range []string{"$", "€", "£", "¥"} {
		if rest, ok := strings.CutPrefix(s, sign); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// validateFormats checks the mapping's date format.
func (m *Mapping) validateFormats() error {
	m.DateFormat = strings.ToLower(strings.TrimSpace(m.DateFormat))
	if m.DateFormat != "" {
		if _, ok := DateFormats[m.DateFormat]; !ok {
			return ledger.Errorf(ledger.EINVALID, "mapping: unknown date format %q: choose iso, mdy or dmy", m.DateFormat)
		}
	}
	return nil
}
