package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// checkPass is Check's recomputation: the deals, fees, payout requests and
// orders are read into memory (a few thousand rows each, orders a compact
// slice), then every transfer once, in the order it was written, and each
// transfer is applied to whatever it touches. Every rule Check enforces on
// the transfers is checked in that one sequential read of the table: the
// separate GROUP BYs, window and correlated subqueries it replaced read the
// transfers eight times, mostly through index lookups, and took six times
// as long as SQLite's own integrity check of the file.
type checkPass struct {
	add    func(format string, args ...any)
	counts map[string]int // problems reported per rule, for limit

	deals    map[int64]*dealCheck
	fees     map[int64]*linkCheck
	requests map[int64]*linkCheck
	orders   orderChecks
	kinds    map[kindKey]*kindCheck
	brand    map[brandKey]int64
	bonuses  map[int64]bonusCheck
	voids    []voidRow
	periods  []periodSpan // the closes and reopens, in order (periods.go)
	periodAt int          // the first of periods after the transfer read

	// The foreign keys of transfers and orders the pass checks (SQLite:
	// foreignKeyChecks), with the transfers' IDs and their reverses keys.
	keys     map[string]bool
	ids      idSet
	reverses [][2]int64 // transfer, the transfer it reverses
}

// checkLimit is how many problems of one rule Check names: the first ones
// found; more would bury the rest of the report.
const checkLimit = 20

// limit reports whether another problem of rule may still be named.
func (p *checkPass) limit(rule string) bool {
	p.counts[rule]++
	return p.counts[rule] <= checkLimit
}

// dealCheck is one deal: its cached figures, the same recomputed, and what
// its transfers, orders and requests add up to.
type dealCheck struct {
	currency string
	missing  bool // transfers point at a deal that does not exist
	cached   Balances
	got      Balances
	running  int64 // remaining balance after the transfers read so far
	credited int64 // money ever credited to the deal (out of an expense)
	onHold   int64 // the held part of its orders
	open     int64 // its open payout requests
	moved    bool  // it has transfers
}

// linkCheck is a fee or payout request and the transfers that point at it.
type linkCheck struct {
	deal     int64
	amount   int64
	currency string // requests only
	status   string
	all      int64
	byKind   map[string]int64
	fromOwed int64 // fee voids from owed
	mismatch int64 // transfers of another amount, deal or currency
}

type brandKey struct{ acc, currency string }

type kindKey struct{ kind, from, to string }

// kindCheck is one (kind, from, to) found in the file: its first transfer,
// how many there are, and the rows of its two accounts in the table, looked
// up once rather than for each transfer (zero for an account not in it).
type kindCheck struct {
	first, n int64
	from, to account
}

type bonusCheck struct {
	deal     int64
	currency string
	amount   int64
}

// voidRow is a transfer that voids a bonus: the bonus it points at is
// looked up once every transfer is read.
type voidRow struct {
	id       int64
	reverses sql.NullInt64
	bonusCheck
}

// orderCheck is an order: its stored figures and what its transfers moved.
type orderCheck struct {
	deal             int64
	commission, held int64
	gotComm, gotHeld int64
	other            int64 // its transfers on another deal
	exists           bool
}

// orderChecks holds the orders by key: a slice indexed by key when keys
// are dense (they are the table's rowids), else a map.
type orderChecks struct {
	dense  []orderCheck
	sparse map[int64]*orderCheck
}

func (o *orderChecks) get(key int64) *orderCheck {
	if o.sparse != nil {
		return o.sparse[key]
	}
	if key < 0 || key >= int64(len(o.dense)) {
		return nil
	}
	return &o.dense[key]
}

// apply moves b's figures by a transfer of amount from one account to
// another, by their rows of the table of accounts; an account not in the
// table (a zero row) moves none.
func apply(b *Balances, from, to account, amount int64) {
	if f := b.fieldOf(from.field); f != nil {
		*f -= from.sign * amount
	}
	if f := b.fieldOf(to.field); f != nil {
		*f += to.sign * amount
	}
}

// checkPass runs the pass; keys names the tables whose foreign keys it
// checks itself (passKeys).
func (s *Store) checkPass(ctx context.Context, add func(string, ...any), keys map[string]bool) error {
	p := &checkPass{add: add, counts: map[string]int{}, deals: map[int64]*dealCheck{}, fees: map[int64]*linkCheck{},
		requests: map[int64]*linkCheck{}, kinds: map[kindKey]*kindCheck{}, brand: map[brandKey]int64{},
		bonuses: map[int64]bonusCheck{}, keys: keys}
	for _, load := range []func(context.Context, *Store) error{p.loadDeals, p.loadFees, p.loadRequests, p.loadOrders, p.loadPeriods, p.readTransfers} {
		if err := load(ctx, s); err != nil {
			return err
		}
	}
	p.reportReverses()
	p.reportDeals()
	p.reportKinds()
	p.reportLinks()
	if err := p.reportOrders(ctx, s); err != nil {
		return err
	}
	p.reportBonusVoids()
	return p.reportBrand(ctx, s)
}

func (p *checkPass) loadDeals(ctx context.Context, s *Store) error {
	return s.each(ctx, "read deals", `SELECT id, currency, scheduled, held, owed, requested, paid, commission, fees, bonuses, revenue FROM deals`,
		func(scan scanFunc) error {
			var id int64
			d := &dealCheck{}
			c := &d.cached
			if err := scan(&id, &d.currency, &c.Scheduled, &c.Held, &c.Owed, &c.Requested, &c.Paid, &c.Commission, &c.Fees, &c.Bonuses, &c.Revenue); err != nil {
				return err
			}
			p.deals[id] = d
			return nil
		})
}

// deal returns the deal of id, a missing one when the file has no such
// deal (the foreign key check names it).
func (p *checkPass) deal(id int64) *dealCheck {
	d := p.deals[id]
	if d == nil {
		d = &dealCheck{missing: true}
		p.deals[id] = d
	}
	return d
}

func (p *checkPass) loadFees(ctx context.Context, s *Store) error {
	return s.each(ctx, "read fees", `SELECT id, deal_id, amount, status FROM fees`, func(scan scanFunc) error {
		var id int64
		f := &linkCheck{byKind: map[string]int64{}}
		if err := scan(&id, &f.deal, &f.amount, &f.status); err != nil {
			return err
		}
		p.fees[id] = f
		return nil
	})
}

func (p *checkPass) loadRequests(ctx context.Context, s *Store) error {
	return s.each(ctx, "read payout requests", `SELECT id, deal_id, amount, currency, status FROM requests`, func(scan scanFunc) error {
		var id int64
		r := &linkCheck{byKind: map[string]int64{}}
		if err := scan(&id, &r.deal, &r.amount, &r.currency, &r.status); err != nil {
			return err
		}
		p.requests[id] = r
		// The queue: a Stripe failure returns the request to it.
		if r.status == StatusRequested || r.status == StatusSettling || r.status == StatusFailed {
			p.deal(r.deal).open += r.amount
		}
		return nil
	})
}

func (p *checkPass) loadOrders(ctx context.Context, s *Store) error {
	var n, top int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM orders`).Scan(&n, &top); err != nil {
		return fmt.Errorf("count orders: %w", err)
	}
	if top <= 2*n+1024 {
		p.orders.dense = make([]orderCheck, top+1)
	} else {
		p.orders.sparse = map[int64]*orderCheck{}
	}
	return s.each(ctx, "read orders", `SELECT id, deal_id, base, commission, held FROM orders`, func(scan scanFunc) error {
		var id, base int64
		var o orderCheck
		if err := scan(&id, &o.deal, &base, &o.commission, &o.held); err != nil {
			return err
		}
		o.exists = true
		if p.orders.sparse != nil {
			p.orders.sparse[id] = &o
		} else if id >= 0 && id < int64(len(p.orders.dense)) {
			p.orders.dense[id] = o
		} else {
			return fmt.Errorf("order key %d beyond the largest (%d)", id, top)
		}
		d := p.deal(o.deal)
		if d.missing && p.keys["orders"] {
			p.add("%s", foreignKey("orders", rowid(id), "deals"))
		}
		d.got.Revenue += base
		d.onHold += o.held
		return nil
	})
}

// readTransfers is the pass: every transfer, in the order written, applied
// to its deal, the brand's accounts, and the fee, request or order it
// points at.
func (p *checkPass) readTransfers(ctx context.Context, s *Store) error {
	var id, dealID, amount, remaining int64
	var currency, from, to, kind, doc, posted string
	var fee, req, order, reverses sql.NullInt64
	keys := p.keys["transfers"]
	return s.each(ctx, "read transfers", `SELECT id, deal_id, currency, from_account, to_account, amount, kind, remaining_after,
			fee_id, request_id, order_key, reverses, date, posting_date FROM transfers ORDER BY id`, func(scan scanFunc) error {
		if err := scan(&id, &dealID, &currency, &from, &to, &amount, &kind, &remaining, &fee, &req, &order, &reverses, &doc, &posted); err != nil {
			return err
		}
		p.checkPosting(id, doc, posted)
		d := p.deal(dealID)
		d.moved = true
		if keys {
			if d.missing {
				p.add("%s", foreignKey("transfers", rowid(id), "deals"))
			}
			p.ids.add(id)
			if reverses.Valid {
				p.reverses = append(p.reverses, [2]int64{id, reverses.Int64})
			}
		}
		if !d.missing && currency != d.currency && p.limit("currency") {
			p.add("transfer %d is not in its deal's currency", id)
		}
		k := p.kinds[kindKey{kind, from, to}]
		if k == nil {
			k = &kindCheck{first: id}
			k.from, _ = accountOf(from)
			k.to, _ = accountOf(to)
			p.kinds[kindKey{kind, from, to}] = k
		}
		k.n++
		if !k.from.deal && !k.to.deal && p.limit("no deal account") {
			p.add("transfer %d touches no account of its deal", id)
		}
		apply(&d.got, k.from, k.to, amount)
		if k.from.isExpense() {
			d.credited += amount // out of an expense: earned by the deal
		}
		// The brand's accounts are every one not the deal's, known or not.
		if !k.from.deal {
			p.brand[brandKey{from, currency}] -= amount
		}
		if !k.to.deal {
			p.brand[brandKey{to, currency}] += amount
		}
		if k.to.remaining {
			d.running += amount
		}
		if k.from.remaining {
			d.running -= amount
		}
		if d.running != remaining && p.limit("remaining") {
			p.add("transfer %d: remaining balance after it is wrong", id)
		}
		if fee.Valid {
			p.link(p.fees, "fee", fee.Int64, id, dealID, amount, "", kind, from)
		}
		if req.Valid {
			p.link(p.requests, "payout request", req.Int64, id, dealID, amount, currency, kind, from)
		}
		if order.Valid {
			o := p.orders.get(order.Int64)
			if o == nil || !o.exists {
				if p.limit("order link") {
					p.add("transfer %d points at an order that does not exist", id)
				}
			} else {
				// The order's own figures move as the deal's do.
				var b Balances
				apply(&b, k.from, k.to, amount)
				o.gotComm += b.Commission
				o.gotHeld += b.Held
				if dealID != o.deal {
					o.other++
				}
			}
		}
		switch kind {
		case KindBonus:
			p.bonuses[id] = bonusCheck{dealID, currency, amount}
		case KindBonusVoided:
			p.voids = append(p.voids, voidRow{id, reverses, bonusCheck{dealID, currency, amount}})
		}
		return nil
	})
}

// link applies a transfer to the fee or request it points at.
func (p *checkPass) link(m map[int64]*linkCheck, what string, key, id, deal, amount int64, currency, kind, from string) {
	l := m[key]
	if l == nil {
		if p.limit(what + " link") {
			p.add("transfer %d points at a %s that does not exist", id, what)
		}
		return
	}
	l.all++
	l.byKind[kind]++
	if kind == KindFeeVoided && from == AccOwed {
		l.fromOwed++
	}
	if amount != l.amount || deal != l.deal || (currency != "" && currency != l.currency) {
		l.mismatch++
	}
}

// sortedKeys returns m's keys in order: the report reads the same on every
// run.
func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
