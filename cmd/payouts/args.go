package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Arguments shared by the commands: IDs and amounts.

// parseID reads an ID argument.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "invalid %s ID %q", what, s)
	}
	return id, nil
}

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
	return ledger.ParseAmount(text, cur, false)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
