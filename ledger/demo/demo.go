// Package demo fills a ledger with a realistic creator program, for a first
// look at the app and for tests: campaigns, creators, deals in USD and EUR,
// fixed fees scheduled and confirmed, commissions from orders (some still
// held, some owed, one refunded), bonuses, requests and offline payments.
// It goes through the ledger's own operations (in one Bulk load), so what it
// writes obeys every rule a user's input does, and it is one transaction: a
// demo stopped halfway leaves the ledger empty, not half filled. The same
// seed gives the same program.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Options size the program.
type Options struct {
	Seed     uint64
	Creators int // default 40
}

var firstNames = []string{"Ana", "Ben", "Chloé", "Dario", "Emma", "Farah", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lena", "Milo", "Nora",
	"Omar", "Pia", "Quinn", "Rosa", "Sam", "Tess", "Uma", "Vic", "Wren", "Xavi", "Yara", "Zoe"}
var lastNames = []string{"Silva", "Okafor", "Martin", "Rossi", "Kowalski", "Nguyen", "Schmidt", "Haddad", "Lindqvist", "Moreau", "Tanaka", "Brennan",
	"García", "Novak", "Iversen", "Costa"}
var niches = []string{"fit", "cooks", "travels", "style", "tech", "beauty", "outdoors", "home"}

var campaigns = []struct {
	name     string
	currency string
}{
	{"Spring Launch 2026", "USD"}, {"Summer Glow", "USD"}, {"EU Roadshow", "EUR"}, {"Holiday Gifting", "USD"},
}

// Fill writes the demo program into an empty ledger.
func Fill(ctx context.Context, s *ledger.Store, opt Options) error {
	if opt.Creators <= 0 {
		opt.Creators = 40
	}
	c, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	if c.Creators > 0 || c.Campaigns > 0 {
		return ledger.Errorf(ledger.EINVALID, "the ledger is not empty: demo data goes into a new ledger file")
	}
	_, err = s.Bulk(ctx, "", func(b *ledger.Bulk) error { return fill(b, opt, s.Now().UTC()) })
	return err
}

// fill writes the program through one Bulk load.
func fill(b *ledger.Bulk, opt Options, now time.Time) error {
	rng := rand.New(rand.NewPCG(opt.Seed, 2026))

	var campIDs []int64
	for _, cp := range campaigns {
		id, err := b.AddCampaign(ledger.CampaignInput{Name: cp.name, Notes: "Demo campaign"})
		if err != nil {
			return err
		}
		campIDs = append(campIDs, id)
	}

	type deal struct {
		id    int64
		cur   string
		ready bool // payout details on file
	}
	var deals []deal
	for i := 0; i < opt.Creators; i++ {
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i/len(firstNames)+i*7)%len(lastNames)]
		name := fmt.Sprintf("%s %s", first, last)
		if i >= len(firstNames)*len(lastNames) {
			name = fmt.Sprintf("%s %d", name, i)
		}
		handle := fmt.Sprintf("@%s%s", lower(first), niches[i%len(niches)])
		details := ""
		// Most creators have payout details on file; a few are missing, as
		// in real life, so the app's "Payout details missing" shows.
		if i%9 != 4 {
			if i%3 == 0 {
				details = fmt.Sprintf("PayPal: %s.%s@example.com", lower(first), lower(last))
			} else {
				details = fmt.Sprintf("IBAN DE%02d 1001 0010 %04d %04d 00", 10+i%89, rng.IntN(10000), rng.IntN(10000))
			}
		}
		crID, err := b.AddCreator(ledger.CreatorInput{Name: name, Email: fmt.Sprintf("%s.%s@example.com", lower(first), lower(last)),
			Handle: handle, PayoutDetails: details})
		if err != nil {
			return err
		}
		// One or two campaigns each.
		n := 1 + rng.IntN(2)
		start := rng.IntN(len(campaigns))
		for k := 0; k < n; k++ {
			ci := (start + k) % len(campaigns)
			cur := campaigns[ci].currency
			rule := ledger.Rule{Kind: ledger.RulePercent, Value: int64(500 + 250*rng.IntN(7))}
			if rng.IntN(5) == 0 {
				rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: int64(300 + 100*rng.IntN(8))}
			}
			code := fmt.Sprintf("%s%d", upper(first), 10+i*len(campaigns)+ci)
			id, err := b.AddDeal(ledger.DealInput{CreatorID: crID, CampaignID: campIDs[ci], Currency: cur, Rule: rule,
				Codes: []string{code}, HoldDays: []int{14, 30, 30, 30, 60}[rng.IntN(5)]})
			if err != nil {
				return err
			}
			deals = append(deals, deal{id, cur, details != ""})
		}
	}

	// Orders over the last 120 days: older ones are out of their hold and
	// owed, recent ones still held. A few are refunded later.
	var orders = map[int64][]ledger.OrderInput{}
	for i, d := range deals {
		for k := 0; k < 3+rng.IntN(10); k++ {
			paid := now.AddDate(0, 0, -rng.IntN(120))
			base := int64(2500 + rng.IntN(25000)) // 25.00 to 275.00
			orders[d.id] = append(orders[d.id], ledger.OrderInput{OrderID: fmt.Sprintf("#%d", 1000+i*20+k), DealID: d.id,
				Currency: d.cur, PaidDate: paid.Format(ledger.DateLayout), Base: base})
		}
	}
	var batch []ledger.OrderInput
	for _, d := range deals {
		batch = append(batch, orders[d.id]...)
	}
	keys := make([]int64, len(batch))
	for i, o := range batch {
		k, err := b.Order("demo-shop", o)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	// Commissions whose hold has run out are owed, as an import does.
	if _, err := b.Release(); err != nil {
		return err
	}
	// A later export: a few orders partly or fully refunded.
	for i, o := range batch {
		var err error
		switch {
		case i%23 == 5:
			err = b.Refund(keys[i], o.Base/2)
		case i%41 == 7:
			err = b.Refund(keys[i], 0)
		}
		if err != nil {
			return err
		}
	}

	// Fixed fees, bonuses, requests and payments.
	ref := 0
	for i, d := range deals {
		cur, _ := ledger.LookupCurrency(d.cur)
		unit := int64(1)
		for e := 0; e < cur.Exponent; e++ {
			unit *= 10
		}
		if i%2 == 0 {
			fee, err := b.AddFee(ledger.FeeInput{DealID: d.id, Amount: int64(200+100*rng.IntN(8)) * unit, Comment: "Launch video + 3 stories", Confirm: i%4 == 0})
			if err != nil {
				return err
			}
			if i%4 == 2 && i%3 == 0 {
				if err := b.ConfirmFee(fee); err != nil {
					return err
				}
			}
		}
		if i%7 == 3 {
			if _, err := b.AddBonus(ledger.BonusInput{DealID: d.id, Amount: int64(50+25*rng.IntN(6)) * unit, Comment: "Top performer of the month"}); err != nil {
				return err
			}
		}
		owed := b.Owed(d.id)
		if owed <= 0 || i%5 == 4 {
			continue
		}
		amount := owed
		if i%3 == 1 {
			amount = owed / 2
		}
		if amount <= 0 {
			continue
		}
		req, err := b.RequestPayout(ledger.RequestInput{DealID: d.id, Amount: amount, Comment: "Monthly payout"})
		if err != nil {
			return err
		}
		switch {
		case i%6 == 0 && d.ready:
			ref++
			method := ledger.MethodBank
			if i%12 == 0 {
				method = ledger.MethodPayPal
			}
			if err := b.PayOffline(ledger.PayInput{RequestID: req, Method: method, Date: now.Format(ledger.DateLayout),
				Reference: fmt.Sprintf("TRX-%s-%05d", now.Format("200601"), ref)}); err != nil {
				return err
			}
		case i%13 == 5:
			if err := b.CancelRequest(req, "Creator asked to wait"); err != nil {
				return err
			}
		}
	}
	return nil
}

func lower(s string) string { return toCase(s, false) }
func upper(s string) string { return toCase(s, true) }

func toCase(s string, up bool) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r == 'é':
			r = 'e'
		case r == 'í':
			r = 'i'
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 32
		} else if !up && r >= 'A' && r <= 'Z' {
			r += 32
		}
		out = append(out, r)
	}
	return string(out)
}

var _ = time.Now
