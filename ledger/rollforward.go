package ledger

import (
	"context"
	"sort"
)

// Creators is what the brand holds for creators in their four accounts:
// a deal's balances, or the sum of many deals' of one currency.
type Creators struct {
	Scheduled int64 // fees agreed, not confirmed: a commitment, not yet a liability
	Held      int64
	Owed      int64
	Requested int64
}

// Remaining is held + owed + requested: what the brand owes creators.
// Scheduled fees are left out (they are not payable until confirmed).
func (c Creators) Remaining() int64 {
	var r int64
	for _, a := range accounts {
		if p := c.fieldOf(a.field); a.remaining && p != nil {
			r += *p
		}
	}
	return r
}

// Add returns c plus d, account by account.
func (c Creators) Add(d Creators) Creators {
	return Creators{c.Scheduled + d.Scheduled, c.Held + d.Held, c.Owed + d.Owed, c.Requested + d.Requested}
}

// move adds v to acc by the table of accounts when it is a creator
// account, a deal's own; a brand account (an expense, cash) is not the
// creators' and is left out.
func (c *Creators) move(acc string, v int64) {
	if a, ok := accountOf(acc); ok && a.deal {
		if p := c.fieldOf(a.field); p != nil {
			*p += a.sign * v
		}
	}
}

// fieldOf returns the figure of c that field names, nil when c has none
// (TestAccountTable holds every deal account to one).
func (c *Creators) fieldOf(field string) *int64 {
	switch field {
	case "scheduled":
		return &c.Scheduled
	case "held":
		return &c.Held
	case "owed":
		return &c.Owed
	case "requested":
		return &c.Requested
	}
	return nil
}

// RollForward is one currency's creator accounts over a range: the
// balances at its start (every transfer posted before it), what each kind
// of transfer moved in the range, and the balances at its end. Opening
// plus the sum of Activity equals Closing, which Check-style tests and the
// workbook's formulas verify against balances read apart.
type RollForward struct {
	Currency string
	Opening  Creators
	Activity map[string]Creators // by transfer kind; kinds with no transfer are absent
	Closing  Creators
}

// Moved is the sum of the range's activity.
func (r RollForward) Moved() Creators {
	var m Creators
	for _, a := range r.Activity {
		m = m.Add(a)
	}
	return m
}

// RollForwardActivity sums transfers per currency and kind, on the creator
// accounts each moves (its from and to, which kindFlows allows): an export
// that streams a range's transfers builds the activity without another
// read.
type RollForwardActivity map[string]map[string]*Creators

// Apply adds one transfer.
func (a RollForwardActivity) Apply(r *ExportRow) {
	byKind := a[r.Currency]
	if byKind == nil {
		byKind = map[string]*Creators{}
		a[r.Currency] = byKind
	}
	c := byKind[r.Kind]
	if c == nil {
		c = &Creators{}
		byKind[r.Kind] = c
	}
	c.move(r.From, -r.Amount)
	c.move(r.To, r.Amount)
}

// SumBalances adds deals' balances per currency.
func SumBalances(deals []DealBalance) map[string]Creators {
	out := map[string]Creators{}
	for _, d := range deals {
		out[d.Currency] = out[d.Currency].Add(Creators{d.Scheduled, d.Held, d.Owed, d.Requested})
	}
	return out
}

// OpeningFilter is the filter of the balances at the start of f's range:
// every transfer posted before From, of the same campaign and snapshot. ok
// is false when the range has no start (the opening balances are zero).
func (f ExportFilter) OpeningFilter() (ExportFilter, bool) {
	if f.From == "" {
		return f, false
	}
	d, err := ParseDate(f.From)
	if err != nil {
		return f, false
	}
	o := f
	o.From, o.To = "", d.AddDate(0, 0, -1).Format(DateLayout)
	return o, true
}

// RollForwards returns, per currency, the roll-forward of the creator
// accounts over the filter's range. Opening and closing balances are read
// as BalancesAsOf reads them; the activity is the range's transfers summed
// by kind, a read of its own, so that a test comparing opening + activity
// with closing compares three reads, not one twice.
func (s *Store) RollForwards(ctx context.Context, f ExportFilter) ([]RollForward, error) {
	f, err := s.Snapshot(ctx, f)
	if err != nil {
		return nil, err
	}
	closing, err := s.BalancesAsOf(ctx, f)
	if err != nil {
		return nil, err
	}
	var opening []DealBalance
	if of, ok := f.OpeningFilter(); ok {
		if opening, err = s.BalancesAsOf(ctx, of); err != nil {
			return nil, err
		}
	}
	act := RollForwardActivity{}
	if err := s.EachTransfer(ctx, f, func(r *ExportRow) error { act.Apply(r); return nil }); err != nil {
		return nil, err
	}
	return RollForwardsOf(SumBalances(opening), act, SumBalances(closing)), nil
}

// RollForwardsOf puts sums together into roll-forwards, one per currency
// met in any of them, in currency order.
func RollForwardsOf(opening map[string]Creators, act RollForwardActivity, closing map[string]Creators) []RollForward {
	seen := map[string]bool{}
	var codes []string
	for _, m := range []map[string]Creators{opening, closing} {
		for c := range m {
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	for c := range act {
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	out := make([]RollForward, 0, len(codes))
	for _, c := range codes {
		r := RollForward{Currency: c, Opening: opening[c], Closing: closing[c], Activity: map[string]Creators{}}
		for k, v := range act[c] {
			r.Activity[k] = *v
		}
		out = append(out, r)
	}
	return out
}
