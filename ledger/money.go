package ledger

import (
	"math"
	"math/bits"
	"sort"
	"strings"
)

// Currency is an ISO 4217 currency with the exponent of its minor unit.
type Currency struct {
	Code     string // "USD"
	Exponent int    // digits after the decimal point: JPY 0, USD 2, KWD 3
	Symbol   string // shown in the GUI: "$", "€"
}

// currencies lists the ISO 4217 codes Payouts accepts. Only codes whose
// exponent is known are here: an amount is meaningless without it.
var currencies = map[string]Currency{}

func init() {
	for _, c := range []Currency{
		{"USD", 2, "$"}, {"EUR", 2, "€"}, {"GBP", 2, "£"}, {"JPY", 0, "¥"},
		{"CAD", 2, "CA$"}, {"AUD", 2, "A$"}, {"NZD", 2, "NZ$"}, {"CHF", 2, "CHF "},
		{"SEK", 2, "SEK "}, {"NOK", 2, "NOK "}, {"DKK", 2, "DKK "}, {"PLN", 2, "zł "},
		{"CZK", 2, "Kč "}, {"HUF", 2, "Ft "}, {"RON", 2, "lei "}, {"BGN", 2, "лв "},
		{"ISK", 0, "kr "}, {"TRY", 2, "₺"}, {"ILS", 2, "₪"}, {"AED", 2, "AED "},
		{"SAR", 2, "SAR "}, {"QAR", 2, "QAR "}, {"KWD", 3, "KD "}, {"BHD", 3, "BD "},
		{"OMR", 3, "OMR "}, {"JOD", 3, "JD "}, {"TND", 3, "DT "}, {"INR", 2, "₹"},
		{"CNY", 2, "CN¥"}, {"HKD", 2, "HK$"}, {"SGD", 2, "S$"}, {"KRW", 0, "₩"},
		{"TWD", 2, "NT$"}, {"THB", 2, "฿"}, {"MYR", 2, "RM "}, {"IDR", 2, "Rp "},
		{"PHP", 2, "₱"}, {"VND", 0, "₫"}, {"BRL", 2, "R$"}, {"MXN", 2, "MX$"},
		{"ARS", 2, "AR$"}, {"CLP", 0, "CLP "}, {"COP", 2, "COP "}, {"PEN", 2, "S/ "},
		{"ZAR", 2, "R "}, {"NGN", 2, "₦"}, {"KES", 2, "KSh "}, {"EGP", 2, "E£"},
		{"MAD", 2, "MAD "}, {"UAH", 2, "₴"},
	} {
		currencies[c.Code] = c
	}
}

// LookupCurrency returns the currency for an ISO 4217 code, case-insensitive.
func LookupCurrency(code string) (Currency, error) {
	c, ok := currencies[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		if strings.TrimSpace(code) == "" {
			return Currency{}, Errorf(EINVALID, "currency required")
		}
		return Currency{}, Errorf(EINVALID, "unknown currency %q (use an ISO 4217 code such as USD, EUR, JPY)", code)
	}
	return c, nil
}

// Currencies returns the codes Payouts accepts, for pickers.
func Currencies() []string {
	out := make([]string, 0, len(currencies))
	for code := range currencies {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// MaxAmount is the largest amount, in minor units, that Payouts accepts in
// any one input: 10^15 (ten trillion dollars, a quadrillion yen). Far above
// any real payout, it leaves room for about nine thousand such amounts to be
// summed in an int64, and every sum is checked besides (see addChecked and
// the overflow triggers of the schema).
const MaxAmount = 1_000_000_000_000_000

// Amount is a count of a currency's minor unit. It is never a float.
type Amount struct {
	Minor    int64
	Currency string
}

// ParseAmount reads decimal text such as "1,234.50", "1234.5" or "-2" as a
// count of cur's minor unit. It accepts commas only as thousands separators
// in groups of three, refuses more decimals than the currency has, a negative
// sign unless allowNegative, and anything above MaxAmount.
func ParseAmount(text string, cur Currency, allowNegative bool) (int64, error) {
	s := strings.TrimSpace(text)
	bad := func(why string) (int64, error) {
		return 0, Errorf(EINVALID, "invalid amount %q: %s", text, why)
	}
	if s == "" {
		return 0, Errorf(EINVALID, "amount required")
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if neg && !allowNegative {
		return bad("must not be negative")
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if hasDot && frac == "" {
		return bad("digits expected after the decimal point")
	}
	if intPart == "" {
		return bad("digits expected before the decimal point")
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return bad("misplaced thousands separator")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad("misplaced thousands separator")
			}
		}
		intPart = strings.Join(groups, "")
	}
	return minorUnits(intPart, frac, neg, cur, bad)
}

// minorUnits turns the digits before and after the decimal point into a
// count of cur's minor unit, refusing more decimals than cur has and
// anything above MaxAmount. bad words the error around the text as typed.
func minorUnits(intPart, frac string, neg bool, cur Currency, bad func(why string) (int64, error)) (int64, error) {
	if !allDigits(intPart) || !allDigits(frac) {
		return bad("not a decimal number")
	}
	if len(frac) > cur.Exponent {
		if cur.Exponent == 0 {
			return bad(cur.Code + " has no decimals")
		}
		return bad(cur.Code + " has at most " + itoa(int64(cur.Exponent)) + " decimals")
	}
	frac += strings.Repeat("0", cur.Exponent-len(frac))
	var v uint64
	for _, r := range intPart + frac {
		hi, lo := bits.Mul64(v, 10)
		lo, carry := bits.Add64(lo, uint64(r-'0'), 0)
		if hi != 0 || carry != 0 || lo > MaxAmount {
			return bad("too large (at most " + FormatMinor(MaxAmount, cur) + ")")
		}
		v = lo
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatMinor writes a minor-unit count as a plain decimal with the
// currency's decimals: 123450 USD -> "1234.50", -237 -> "-2.37", 1200 JPY -> "1200".
func FormatMinor(minor int64, cur Currency) string {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor) // also right for MinInt64, read as unsigned
	}
	digits := utoa(u)
	if cur.Exponent > 0 {
		if len(digits) <= cur.Exponent {
			digits = strings.Repeat("0", cur.Exponent-len(digits)+1) + digits
		}
		cut := len(digits) - cur.Exponent
		digits = digits[:cut] + "." + digits[cut:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// Format writes an amount given in code's minor units as a plain decimal. An
// unknown code formats with two decimals rather than failing: formatting is
// for display and the code was validated when the amount was stored.
func Format(minor int64, code string) string {
	c, ok := currencies[code]
	if !ok {
		c = Currency{Code: code, Exponent: 2}
	}
	return FormatMinor(minor, c)
}

// Display writes an amount for people: the currency symbol, thousands
// separators and the currency's decimals: "$1,234.50", "-€2.37", "¥1,200".
func Display(minor int64, code string) string {
	c, ok := currencies[code]
	if !ok {
		c = Currency{Code: code, Exponent: 2, Symbol: code + " "}
	}
	plain := FormatMinor(minor, c)
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, hasDot := strings.Cut(plain, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	s := c.Symbol + b.String()
	if hasDot {
		s += "." + frac
	}
	if neg {
		return "-" + s
	}
	return s
}

// BasisPoints is a percentage in hundredths of a percent: 12.5% = 1250.
type BasisPoints int64

// ParsePercent reads "12.5" or "12.5%" as basis points; at most two decimals,
// between 0 and 100 percent.
func ParsePercent(text string) (BasisPoints, error) {
	s := strings.TrimSuffix(strings.TrimSpace(text), "%")
	v, err := ParseAmount(s, Currency{Code: "percent", Exponent: 2}, false)
	if err != nil {
		return 0, Errorf(EINVALID, "invalid percent %q: use a number from 0 to 100 with at most two decimals", text)
	}
	if v > 10000 {
		return 0, Errorf(EINVALID, "invalid percent %q: above 100%%", text)
	}
	return BasisPoints(v), nil
}

// String writes basis points as a percent: 1250 -> "12.5%".
func (bp BasisPoints) String() string {
	s := FormatMinor(int64(bp), Currency{Exponent: 2})
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// MulDivRound returns a*num/den rounded half up (half away from zero for a
// negative a). It is the one rounding rule of Payouts: every commission and
// every share of an amount goes through it. num and den must be positive; the
// product is computed in 128 bits so it cannot overflow, and a quotient that
// does not fit in an int64 is an error.
func MulDivRound(a, num, den int64) (int64, error) {
	if num < 0 || den <= 0 {
		return 0, Errorf(EINTERNAL, "rounding: bad ratio %d/%d", num, den)
	}
	neg := a < 0
	ua := uint64(a)
	if neg {
		ua = uint64(-a)
	}
	hi, lo := bits.Mul64(ua, uint64(num))
	if hi >= uint64(den) {
		return 0, Errorf(EINVALID, "amount too large")
	}
	q, r := bits.Div64(hi, lo, uint64(den))
	// Half up: round away from zero when the remainder is at least half.
	// The quotient is checked before the increment too: q may be
	// MaxUint64, and q+1 would wrap to 0.
	if q > math.MaxInt64 {
		return 0, Errorf(EINVALID, "amount too large")
	}
	if r >= uint64(den)-r {
		q++
	}
	if q > math.MaxInt64 {
		return 0, Errorf(EINVALID, "amount too large")
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

// ApplyRate returns amount x bp, rounded half up to the minor unit.
func ApplyRate(amount int64, bp BasisPoints) (int64, error) {
	return MulDivRound(amount, int64(bp), 10000)
}

// addChecked adds two amounts, refusing overflow.
func addChecked(a, b int64) (int64, error) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, Errorf(EINVALID, "amount too large")
	}
	return s, nil
}

func itoa(v int64) string {
	if v < 0 {
		return "-" + utoa(uint64(-v))
	}
	return utoa(uint64(v))
}

func utoa(u uint64) string {
	if u == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for u > 0 {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	return string(buf[i:])
}
