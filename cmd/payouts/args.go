package main

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Arguments shared by the commands: IDs and amounts.

// parseID reads an ID argument. IDs are plain decimal: "010" is 10, as a
// spreadsheet's zero-padded column means it, never octal 8. Base prefixes
// (0x10), digit separators (1_0), signs and anything but the digits 0-9 are
// refused, so a typo can never name another deal.
func parseID(what, s string) (int64, error) {
	id, ok := decimal(s)
	if !ok || id == 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "invalid %s ID %q: an ID is a whole number from 1, in decimal digits only", what, s)
	}
	return id, nil
}

// parseDays reads a number of days, such as --hold-days, by the same rule:
// decimal digits only ("010" is 10).
func parseDays(flag, s string) (int, error) {
	n, ok := decimal(s)
	if !ok || n > 3650 {
		return 0, ledger.Errorf(ledger.EINVALID, "invalid %s %q: a whole number of days from 0 to 3650, in decimal digits", flag, s)
	}
	return int(n), nil
}

// decimal reads a whole number written in the digits 0-9 alone (surrounding
// spaces aside), as people and spreadsheets write it.
func decimal(s string) (int64, bool) {
	digits := strings.TrimSpace(s)
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil
}

// idFlag is an ID given as a flag, such as --deal. pflag's Int64 flag parses
// with base prefixes ("010" would be deal 8), so the flag keeps the text and
// parseID reads it when the command runs: a bad ID is then one line and
// exit 1, like a bad ID given as an argument.
type idFlag struct{ text string }

func (f *idFlag) String() string     { return f.text }
func (f *idFlag) Set(s string) error { f.text = s; return nil }
func (f *idFlag) Type() string       { return "ID" }

// id parses the flag's text; what names the ID in the message ("deal").
func (f *idFlag) id(what string) (int64, error) { return parseID(what, f.text) }

// dealAmount parses an amount in the currency of a deal.
func dealAmount(ctx context.Context, s *ledger.Store, dealID int64, text string) (int64, error) {
	d, err := s.Deal(ctx, dealID)
	if err != nil {
		return 0, err
	}
	cur, err := ledger.LookupCurrency(d.Currency)
	if err != nil {
		return 0, err
	}
	return typedAmount(text, cur)
}

// typedAmount reads an amount as the user's locale writes it (LC_ALL,
// LC_NUMERIC or LANG): "1.250,00 €" in German, "$1,250" in English.
func typedAmount(text string, cur ledger.Currency) (int64, error) {
	return ledger.NumberFormatFromEnv(os.Getenv).ParseAmount(text, cur, false)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
