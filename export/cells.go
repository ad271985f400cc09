package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/payouts/payouts/ledger"
)

// excelEpoch is day zero of spreadsheet dates (the 1900 date system, as
// Excel and LibreOffice count it for every date after 1900-02-28).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateSerial turns an effective date (YYYY-MM-DD) into the day number a
// spreadsheet stores for a date cell. ok is false for a malformed date,
// which is then written as text rather than dropped.
func dateSerial(date string) (int, bool) {
	if len(date) != 10 || date[4] != '-' || date[7] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(date[0:4])
	m, err2 := strconv.Atoi(date[5:7])
	d, err3 := strconv.Atoi(date[8:10])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 || y < 1901 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return int(t.Sub(excelEpoch).Hours() / 24), true
}

// timeSerial is a moment as a spreadsheet date-time number, in UTC.
func timeSerial(t time.Time) float64 {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := int(day.Sub(excelEpoch).Hours() / 24)
	secs := t.Sub(day).Seconds()
	return float64(days) + float64(int64(secs))/86400
}

// amountValue is the number a spreadsheet cell holds for an amount in
// minor units. It goes through the exact decimal text ("1234.50"), never
// through float arithmetic: ParseFloat gives the double nearest that
// decimal, and the writer prints the shortest text that reads back as that
// double, which is the decimal itself. Money is never summed in float here;
// totals are int64 sums or spreadsheet formulas.
func amountValue(minor int64, cur ledger.Currency) float64 {
	v, _ := strconv.ParseFloat(ledger.FormatMinor(minor, cur), 64)
	return v
}

// needsQuote reports whether text would be taken for something else by a
// spreadsheet if typed or imported: a formula (it begins with = + - or @,
// or a tab or carriage return, which some tools strip before looking), or
// a date or number that loses what it says (looksNumeric).
func needsQuote(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return looksNumeric(s)
}

// looksNumeric reports whether a reference or ID would be converted by a
// spreadsheet: digits with a date or decimal separator ("11-21" becomes 21
// November, "3.4" the 3rd of April in some locales), digits with a leading
// zero (dropped) or longer than the 15 a spreadsheet keeps (rounded), or
// scientific notation ("12E5"). Plain short numbers are left alone: they
// read back as they are.
func looksNumeric(s string) bool {
	digits, seps, exp := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '/' || c == '-' || c == '.' || c == ':' || c == ',' || c == ' ':
			seps++
		case (c == 'e' || c == 'E') && i > 0 && i < len(s)-1:
			exp++
		default:
			return false
		}
	}
	switch {
	case digits == 0:
		return false
	case seps > 0 || exp > 0:
		return s[0] >= '0' && s[0] <= '9'
	}
	return s[0] == '0' && len(s) > 1 || digits > 15
}

// csvSafe makes text fit a CSV field that importers accept: on one line
// (oneLine), and inert where a spreadsheet would evaluate it, since CSV has
// no cell types: a leading apostrophe, the convention Excel, LibreOffice
// and Google Sheets all read as "this is text".
func csvSafe(s string) string {
	s = oneLine(s)
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// oneLine flattens a multi-line comment to one line: bank and accounting
// importers (Xero, QuickBooks) reject a quoted field that spans lines, and
// a memo is one line anyway. Line breaks and tabs become single spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t\v\f\u2028\u2029\u0085") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '\r', '\n', '\t', '\v', '\f', '\u2028', '\u2029', '\u0085':
			return true
		}
		return false
	}), " ")
}
