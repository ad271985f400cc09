package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// reportDeals names each deal whose cached figures differ from its
// transfers', whose accounts are below their floors, whose money does not
// add up, that was paid more than it earned, or whose queue or holds
// disagree with its requests or orders.
func (p *checkPass) reportDeals() {
	for _, id := range sortedKeys(p.deals) {
		d := p.deals[id]
		if d.missing {
			// Named by the foreign key check; only the rules of its
			// transfers apply.
			if d.got.Paid > d.credited && p.limit("paid") {
				p.add("deal %d was paid more than it ever earned", id)
			}
			continue
		}
		cur, got, c := d.currency, d.got, d.cached
		// Each figure the table of accounts moves, and revenue.
		for _, f := range dealFigures() {
			if g, cached := *got.fieldOf(f), *c.fieldOf(f); g != cached {
				p.add("deal %d: cached %s %s differs from recomputed %s", id, f, Format(cached, cur), Format(g, cur))
			}
		}
		// Floors, and double entry within the deal: the signed figures add
		// up to zero, money is neither made nor lost inside a deal.
		var floors []string
		below := false
		for _, a := range accounts {
			if a.deal && a.floor {
				v := *got.fieldOf(a.field)
				below = below || v < 0
				floors = append(floors, a.name+" "+Format(v, cur))
			}
		}
		if below {
			p.add("deal %d: an account is below zero (%s)", id, strings.Join(floors, ", "))
		}
		fields, signs := accountFields()
		var sum int64
		for i, f := range fields {
			sum += signs[i] * *got.fieldOf(f)
		}
		if sum != 0 {
			p.add("deal %d: balances do not add up to what was earned", id)
		}
		// Paid (net of reversed payments) never exceeds what was ever
		// credited to the deal.
		if d.moved && got.Paid > d.credited && p.limit("paid") {
			p.add("deal %d was paid more than it ever earned", id)
		}
		// The queue agrees with the requested account, the holds with held.
		if c.Requested != d.open && p.limit("queue") {
			p.add("deal %d: requested balance differs from its open payout requests", id)
		}
		if c.Held != d.onHold && p.limit("holds") {
			p.add("deal %d: held balance differs from the commissions on hold", id)
		}
	}
}

// reportKinds names the transfers whose kind may not move money between
// their accounts, one line per (kind, from, to).
func (p *checkPass) reportKinds() {
	keys := make([]kindKey, 0, len(p.kinds))
	for k := range p.kinds {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return p.kinds[keys[i]].first < p.kinds[keys[j]].first })
	for _, k := range keys {
		if !FlowAllowed(k.kind, k.from, k.to) {
			c := p.kinds[k]
			p.add("transfer %d (and %d like it): a %s transfer cannot move money from %s to %s", c.first, c.n-1, k.kind, k.from, k.to)
		}
	}
}

// reportLinks names the fees and payout requests whose status or figures
// disagree with the transfers that point at them.
func (p *checkPass) reportLinks() {
	// Fees: one agreement; confirmed once if confirmed; voided once (from
	// owed exactly when it had been confirmed) if voided; every transfer
	// of the fee's amount, on the fee's deal.
	for _, id := range sortedKeys(p.fees) {
		f := p.fees[id]
		agreed, confirmed, voided := f.byKind[KindFee], f.byKind[KindFeeConfirmed], f.byKind[KindFeeVoided]
		if f.mismatch > 0 || f.all != agreed+confirmed+voided {
			p.add("fee %d: its transfers are not of its amount, deal and kinds", id)
		}
		says := "inconsistent"
		switch {
		case agreed != 1 || confirmed > 1 || voided > 1:
		case voided == 1 && f.fromOwed == confirmed:
			says = FeeVoided
		case voided == 0 && confirmed == 1:
			says = FeeConfirmed
		case voided == 0 && confirmed == 0:
			says = FeeScheduled
		}
		if says != f.status {
			p.add("fee %d is %s but its transfers say %s", id, f.status, says)
		}
	}
	// Requests: one request transfer; paid once if paid, cancelled once if
	// cancelled (or paid once and that payment reversed once), neither
	// while open; every transfer of the request's amount, on its deal. A
	// Stripe failure returns the request to the queue without a transfer,
	// so failed counts as open.
	for _, id := range sortedKeys(p.requests) {
		r := p.requests[id]
		requested, cancelled := r.byKind[KindRequest], r.byKind[KindRequestCancel]
		paid, reversed := r.byKind[KindPaid], r.byKind[KindPaidReversed]
		if r.mismatch > 0 || r.all != requested+cancelled+paid+reversed {
			p.add("payout request %d: its transfers are not of its amount, deal and kinds", id)
		}
		says := "inconsistent"
		switch {
		case requested != 1 || cancelled+paid > 1 || reversed > paid:
		case reversed == 1:
			says = StatusCancelled
		case paid == 1:
			says = StatusPaid
		case cancelled == 1:
			says = StatusCancelled
		default:
			says = "open"
		}
		open := r.status == StatusRequested || r.status == StatusSettling || r.status == StatusFailed
		if says != r.status && !(open && says == "open") {
			p.add("payout request %d is %s but its transfers say %s", id, r.status, says)
		}
	}
}

// reportOrders names the orders whose stored commission or held part
// differs from what their transfers moved, or whose transfers are on
// another deal; by source and order ID, read for those few alone.
func (p *checkPass) reportOrders(ctx context.Context, s *Store) error {
	var bad []int64
	check := func(key int64, o *orderCheck) {
		if !o.exists || len(bad) >= checkLimit {
			return
		}
		if d := p.deals[o.deal]; d == nil || d.missing {
			return // named by the foreign key check
		}
		if o.commission != o.gotComm || o.held != o.gotHeld || o.other != 0 {
			bad = append(bad, key)
		}
	}
	if p.orders.sparse != nil {
		for _, key := range sortedKeys(p.orders.sparse) {
			check(key, p.orders.sparse[key])
		}
	} else {
		for key := range p.orders.dense {
			check(int64(key), &p.orders.dense[key])
		}
	}
	for _, key := range bad {
		o := p.orders.get(key)
		var source, orderID string
		if err := s.db.QueryRowContext(ctx, `SELECT source, order_id FROM orders WHERE id = ?`, key).Scan(&source, &orderID); err != nil {
			return fmt.Errorf("read order %d: %w", key, err)
		}
		what, cur := fmt.Sprintf("order %s of %s", orderID, source), p.deals[o.deal].currency
		if o.commission != o.gotComm {
			p.add("%s: stored commission %s differs from its transfers (%s)", what, Format(o.commission, cur), Format(o.gotComm, cur))
		}
		if o.held != o.gotHeld {
			p.add("%s: stored held %s differs from its transfers (%s)", what, Format(o.held, cur), Format(o.gotHeld, cur))
		}
		if o.other != 0 {
			p.add("%s: some of its transfers are on another deal", what)
		}
	}
	return nil
}

// reportBonusVoids names a void that reverses no bonus of its deal,
// currency and amount, and a bonus voided more than once.
func (p *checkPass) reportBonusVoids() {
	type group struct {
		bonus              int64
		n, first, mismatch int64
	}
	groups := map[voidKey]*group{}
	var order []voidKey
	for _, v := range p.voids {
		k := voidKey{v.reverses.Valid, v.reverses.Int64}
		g := groups[k]
		if g == nil {
			g = &group{bonus: v.reverses.Int64, first: v.id}
			groups[k] = g
			order = append(order, k)
		}
		g.n++
		b, ok := p.bonuses[v.reverses.Int64]
		if !v.reverses.Valid || !ok || b != v.bonusCheck {
			g.mismatch++
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].valid != order[j].valid {
			return !order[i].valid // NULL first, as SQL orders it
		}
		return order[i].id < order[j].id
	})
	for _, k := range order {
		g := groups[k]
		if g.mismatch > 0 {
			p.add("transfer %d voids a bonus but does not reverse a bonus of its deal and amount (it points at %d)", g.first, g.bonus)
		}
		if g.n > 1 {
			p.add("bonus %d is voided %d times", g.bonus, g.n)
		}
	}
}

// voidKey groups voids by the transfer they point at (none for NULL).
type voidKey struct {
	valid bool
	id    int64
}

// reportBrand compares the brand's cached accounts with the transfers, and
// checks double entry: per currency, the brand's accounts and the deals'
// own add up to zero.
func (p *checkPass) reportBrand(ctx context.Context, s *Store) error {
	cached := map[brandKey]int64{}
	err := s.each(ctx, "read brand balances", `SELECT kind, currency, balance FROM brand_accounts`, func(scan scanFunc) error {
		var k brandKey
		var v int64
		if err := scan(&k.acc, &k.currency, &v); err != nil {
			return err
		}
		cached[k] = v
		return nil
	})
	if err != nil {
		return err
	}
	keys := make([]brandKey, 0, len(cached)+len(p.brand))
	for k := range cached {
		keys = append(keys, k)
	}
	for k := range p.brand {
		if _, ok := cached[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].acc != keys[j].acc {
			return keys[i].acc < keys[j].acc
		}
		return keys[i].currency < keys[j].currency
	})
	total := map[string]int64{}
	for _, k := range keys {
		if got := p.brand[k]; got != cached[k] {
			p.add("brand account %s %s: cached %s differs from recomputed %s", k.acc, k.currency, Format(cached[k], k.currency), Format(got, k.currency))
		}
		if v, ok := cached[k]; ok {
			total[k.currency] += v
		}
	}
	for _, d := range p.deals {
		if _, ok := total[d.currency]; ok && !d.missing {
			for _, a := range accounts {
				if a.deal {
					total[d.currency] += *d.cached.fieldOf(a.field)
				}
			}
		}
	}
	currencies := make([]string, 0, len(total))
	for cur := range total {
		currencies = append(currencies, cur)
	}
	sort.Strings(currencies)
	for _, cur := range currencies {
		if total[cur] != 0 {
			p.add("%s: debits and credits differ by %s", cur, Format(total[cur], cur))
		}
	}
	return nil
}
