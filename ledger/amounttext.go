package ledger

import (
	"strings"
	"unicode/utf8"
)

// NumberFormat is how people of a locale write numbers: the decimal mark
// and the thousands separator. It reads amounts people type: the locale
// only settles what the text alone cannot ("1,250" is 1250 in English,
// 1.25 in German); an amount whose reading is plain from its own marks
// ("1.250,00", "12,50", "1 250") is read the same in every locale.
type NumberFormat struct {
	Decimal rune // '.' or ','
	Group   rune // ',', '.', ' ' or '\''
}

// The number formats Payouts knows, by how they write one thousand two
// hundred thirty-four and 56 hundredths.
var (
	FormatDotDecimal   = NumberFormat{'.', ','}  // 1,234.56: English, Japanese, Chinese, Hebrew
	FormatCommaDecimal = NumberFormat{',', '.'}  // 1.234,56: German, Spanish, Italian, Dutch, Portuguese
	FormatSpaceGroup   = NumberFormat{',', ' '}  // 1 234,56: French, Russian, Polish, Nordic
	FormatApostrophe   = NumberFormat{'.', '\''} // 1'234.56: Swiss
)

// NumberFormats lists the formats in the order a settings picker shows them.
func NumberFormats() []NumberFormat {
	return []NumberFormat{FormatDotDecimal, FormatCommaDecimal, FormatSpaceGroup, FormatApostrophe}
}

// String is the format's example, "1,234.56", which names it in a picker
// and in settings files.
func (nf NumberFormat) String() string {
	return nf.Format(123456, Currency{Code: "XXX", Exponent: 2})
}

// ParseNumberFormat reads a format back from its String.
func ParseNumberFormat(s string) (NumberFormat, bool) {
	for _, nf := range NumberFormats() {
		if nf.String() == s {
			return nf, true
		}
	}
	return NumberFormat{}, false
}

// Languages and regions whose numbers are not written 1,234.56. Go's
// golang.org/x/text keeps CLDR's separators in an internal package, so the
// few that matter for typing an amount are listed here.
var (
	commaDecimalLangs = "de es it nl pt da tr id el ro hr sl sr is vi ca eu gl az mk bs"
	spaceGroupLangs   = "fr ru pl cs sk sv nb nn no fi uk hu bg lt lv et be kk hy ka"
	regionFormats     = map[string]NumberFormat{
		"de_CH": FormatApostrophe, "fr_CH": FormatApostrophe, "it_CH": FormatApostrophe,
		"rm_CH": FormatApostrophe, "de_LI": FormatApostrophe,
		"de_AT": FormatSpaceGroup, "pt_PT": FormatSpaceGroup, "en_ZA": FormatSpaceGroup,
		"es_MX": FormatDotDecimal, "es_US": FormatDotDecimal, "es_PR": FormatDotDecimal,
		"es_DO": FormatDotDecimal, "es_GT": FormatDotDecimal, "es_HN": FormatDotDecimal,
		"es_NI": FormatDotDecimal, "es_PA": FormatDotDecimal, "es_SV": FormatDotDecimal,
		"es_PE": FormatDotDecimal,
	}
)

// NumberFormatForLocale returns how the POSIX or BCP 47 locale writes
// numbers: "de_DE.UTF-8", "fr-CH", "en_US". "C", "POSIX", "" and unknown
// languages write 1,234.56.
func NumberFormatForLocale(locale string) NumberFormat {
	loc, _, _ := strings.Cut(locale, ".")
	loc, _, _ = strings.Cut(loc, "@")
	lang, region, _ := strings.Cut(strings.ReplaceAll(loc, "-", "_"), "_")
	lang, region = strings.ToLower(lang), strings.ToUpper(region)
	if nf, ok := regionFormats[lang+"_"+region]; ok {
		return nf
	}
	if lang == "" || lang == "c" || lang == "posix" {
		return FormatDotDecimal
	}
	for _, l := range strings.Fields(commaDecimalLangs) {
		if l == lang {
			return FormatCommaDecimal
		}
	}
	for _, l := range strings.Fields(spaceGroupLangs) {
		if l == lang {
			return FormatSpaceGroup
		}
	}
	return FormatDotDecimal
}

// NumberFormatFromEnv returns the number format of the locale the
// environment names, as the C library picks it: LC_ALL, else LC_NUMERIC,
// else LANG. getenv is os.Getenv, or a map in tests.
func NumberFormatFromEnv(getenv func(string) string) NumberFormat {
	for _, k := range []string{"LC_ALL", "LC_NUMERIC", "LANG"} {
		if v := getenv(k); v != "" {
			return NumberFormatForLocale(v)
		}
	}
	return FormatDotDecimal
}

// Format writes a minor-unit count with the format's marks and no symbol,
// as a person of the locale would type it: 123456 USD -> "1.234,56" in
// German. ParseAmount of the result gives the count back.
func (nf NumberFormat) Format(minor int64, cur Currency) string {
	plain := FormatMinor(minor, cur)
	neg := strings.HasPrefix(plain, "-")
	intPart, frac, hasDot := strings.Cut(strings.TrimPrefix(plain, "-"), ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteRune(nf.Group)
		}
		b.WriteRune(r)
	}
	if hasDot {
		b.WriteRune(nf.Decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// ParseAmount reads an amount as people type it, in cur's minor units:
// "$1,250", "1,250.00", "1.250,00", "1 250,00 €", "EUR 12.50", "€12,50".
// The currency may be written before or after the number, as its symbol
// or its code, or not at all; another currency's is refused. Spaces and
// apostrophes group thousands; a '.' or ',' is the decimal mark when the
// text says so (the last of both, or not followed by exactly three
// digits) and otherwise as the locale writes it. What neither settles
// ("1,250" where the locale's marks are '.' and an apostrophe) is refused as
// ambiguous rather than guessed. Decimals, sign and size are checked as
// the package-level ParseAmount checks them.
func (nf NumberFormat) ParseAmount(text string, cur Currency, allowNegative bool) (int64, error) {
	bad := func(why string) (int64, error) {
		if why == notAmount {
			why += "; write it like " + nf.Format(123450, cur)
		}
		return 0, Errorf(EINVALID, "invalid amount %q: %s", text, why)
	}
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, Errorf(EINVALID, "amount required")
	}
	s, neg := cutSign(s)
	s, marker, err := cutMarkers(s)
	if err != "" {
		return bad(err)
	}
	if marker != "" {
		if why := checkMarker(marker, cur); why != "" {
			return bad(why)
		}
	}
	if !neg {
		s, neg = cutSign(strings.TrimSpace(s)) // "$-5"
	}
	if neg && !allowNegative {
		return bad("must not be negative")
	}
	groups, seps, why := splitNumber(strings.TrimSpace(s))
	if why != "" {
		return bad(why)
	}
	intPart, frac, why := nf.readMarks(groups, seps, cur)
	if why != "" {
		return bad(why)
	}
	return minorUnits(intPart, frac, neg, cur, bad)
}

// notAmount is the reason given for text that is no number at all.
const notAmount = "not an amount"

// cutSign removes a leading minus (ASCII or U+2212) or plus.
func cutSign(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "-"):
		return s[1:], true
	case strings.HasPrefix(s, "−"):
		return s[len("−"):], true
	case strings.HasPrefix(s, "+"):
		return s[1:], false
	}
	return s, false
}

// isNumberRune reports whether r may be part of the number itself: a digit,
// a decimal mark or a thousands separator.
func isNumberRune(r rune) bool {
	return r >= '0' && r <= '9' || isSeparator(r)
}

func isSeparator(r rune) bool {
	return r == '.' || r == ',' || r == '\'' || r == '’' || isSpace(r)
}

// isSpace is a space that groups thousands: ASCII, no-break, narrow
// no-break (French) and thin.
func isSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// cutMarkers takes the currency symbol or code off either end of s: the
// run of characters before the first, or after the last, that can be part
// of a number. A sign may sit between a leading marker and the number.
func cutMarkers(s string) (rest, marker, why string) {
	start := 0
	for start < len(s) {
		r, n := utf8.DecodeRuneInString(s[start:])
		if isNumberRune(r) || r == '-' || r == '+' || r == '−' {
			break
		}
		start += n
	}
	end := len(s)
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[:end])
		if isNumberRune(r) {
			break
		}
		end -= n
	}
	pre, post := s[:start], strings.TrimSpace(s[end:])
	switch {
	case pre != "" && post != "":
		if isMarker(strings.TrimSpace(pre)) && isMarker(post) {
			return "", "", "write the currency once"
		}
		return "", "", notAmount
	case pre != "":
		return s[start:end], strings.TrimSpace(pre), ""
	}
	return s[start:end], post, ""
}

// checkMarker says why a currency symbol or code written with an amount in
// cur does not fit it, or "" when it does. "$" fits every dollar, "¥" the
// yen and the yuan, "£" every pound, "kr" the Nordic crowns.
func checkMarker(marker string, cur Currency) string {
	sym := strings.TrimSpace(cur.Symbol)
	switch {
	case strings.EqualFold(marker, cur.Code), marker == sym,
		strings.EqualFold(marker, sym) && sym != "" && !strings.ContainsAny(sym, "$¥£"):
		return ""
	case (marker == "$" || marker == "¥" || marker == "£") && strings.HasSuffix(sym, marker):
		return ""
	case marker == "US$" && cur.Code == "USD":
		return ""
	case strings.EqualFold(marker, "kr") && strings.Contains(" SEK NOK DKK ISK ", " "+cur.Code+" "):
		return ""
	}
	if isMarker(marker) {
		return "the amount is in " + cur.Code + ", not " + marker
	}
	return notAmount
}

// isMarker reports whether s is some currency's code or symbol.
func isMarker(s string) bool {
	_, ok := currencies[strings.ToUpper(s)]
	return ok || isSymbol(s) || s == "US$" || strings.EqualFold(s, "kr")
}

// isSymbol reports whether s is some currency's symbol.
func isSymbol(s string) bool {
	for _, c := range currencies {
		if sym := strings.TrimSpace(c.Symbol); sym == s || s == "$" && strings.HasSuffix(sym, "$") {
			return true
		}
	}
	return false
}

// splitNumber cuts the number into its runs of digits and the one-rune
// separators between them. Every space counts as ' ', every apostrophe as an
// ASCII apostrophe.
func splitNumber(s string) (groups []string, seps []rune, why string) {
	if s == "" {
		return nil, nil, notAmount
	}
	cur := strings.Builder{}
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
			continue
		case !isSeparator(r):
			return nil, nil, notAmount
		case cur.Len() == 0 && i == 0:
			if r == '.' || r == ',' {
				return nil, nil, "digits expected before the decimal mark"
			}
			return nil, nil, notAmount
		case cur.Len() == 0:
			return nil, nil, "misplaced separator"
		}
		if isSpace(r) {
			r = ' '
		} else if r == '’' {
			r = '\''
		}
		groups = append(groups, cur.String())
		seps = append(seps, r)
		cur.Reset()
	}
	if cur.Len() == 0 {
		if last := seps[len(seps)-1]; last == '.' || last == ',' {
			return nil, nil, "digits expected after the decimal mark"
		}
		return nil, nil, "misplaced separator"
	}
	return append(groups, cur.String()), seps, ""
}

// readMarks decides which separator, if any, is the decimal mark, checks
// that the others group thousands, and returns the digits before and
// after the mark.
func (nf NumberFormat) readMarks(groups []string, seps []rune, cur Currency) (intPart, frac, why string) {
	n := len(seps)
	count := map[rune]int{}
	for _, r := range seps {
		count[r]++
	}
	dec := -1 // index in seps of the decimal mark
	if n > 0 {
		last := seps[n-1]
		lastIsMark := last == '.' || last == ','
		switch {
		case !lastIsMark:
			// Spaces or apostrophes only, or a '.'/',' before one: thousands.
		case count['.'] > 0 && count[','] > 0:
			// Both: the last is the decimal mark ("1.250,00", "1,250.00").
			if count[last] > 1 {
				return "", "", "misplaced separator"
			}
			dec = n - 1
		case count[last] > 1:
			// "1,250,000": a decimal mark is written once.
		case count[' ']+count['\''] > 0 || len(groups[n]) != 3 || n == 1 && groups[0] == "0":
			// "1 250,5", "12,50", "0,250": it can only be decimals.
			dec = n - 1
		case last == nf.Decimal:
			// "1.250" in English is 1.25 (and too many decimals for USD).
			dec = n - 1
		case last == nf.Group:
			// "1,250" in English, "1.250" in German: thousands.
		default:
			return "", "", nf.ambiguous(groups, cur)
		}
	}
	var group rune
	for i, r := range seps {
		if i == dec {
			continue
		}
		if group != 0 && r != group {
			return "", "", "misplaced separator"
		}
		group = r
		if len(groups[i+1]) != 3 || i == 0 && len(groups[0]) > 3 {
			return "", "", "misplaced thousands separator"
		}
	}
	if dec < 0 {
		return strings.Join(groups, ""), "", ""
	}
	if dec > 0 && len(groups[0]) > 3 {
		return "", "", "misplaced thousands separator"
	}
	return strings.Join(groups[:dec+1], ""), groups[dec+1], ""
}

// ambiguous words the refusal of "1,250" where the locale does not say
// whether ',' marks thousands or decimals: it offers both readings, in
// the locale's marks, or only the whole one when the decimal reading has
// more decimals than the currency.
func (nf NumberFormat) ambiguous(groups []string, cur Currency) string {
	n := len(groups) - 1
	whole := strings.Join(groups, "")
	msg := "ambiguous, write " + whole + " for a whole amount"
	frac := strings.TrimRight(groups[n], "0")
	if len(frac) > cur.Exponent {
		return msg
	}
	alt := strings.Join(groups[:n], "")
	if frac != "" {
		alt += string(nf.Decimal) + frac
	}
	return msg + " or " + alt
}

// ParsePercent reads "12.5", "12,5 %" or "12.5%" as basis points, with the
// format's decimal mark: at most two decimals, from 0 to 100 percent.
func (nf NumberFormat) ParsePercent(text string) (BasisPoints, error) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "%"))
	v, err := nf.ParseAmount(s, Currency{Code: "percent", Exponent: 2}, false)
	if err != nil || s == "" {
		return 0, Errorf(EINVALID, "invalid percent %q: use a number from 0 to 100 with at most two decimals", text)
	}
	if v > 10000 {
		return 0, Errorf(EINVALID, "invalid percent %q: above 100%%", text)
	}
	return BasisPoints(v), nil
}
