package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Large sizes a large generated program: the scale Payouts must stay fast
// at. The same Large (seed included) and the same clock give the same
// ledger, byte for byte in its figures.
type Large struct {
	Seed      uint64
	Creators  int // creators, one deal each and more for some
	Deals     int // deals, at least Creators, at most Creators × Campaigns
	Campaigns int // campaigns, in USD, EUR and GBP in turn
	Orders    int // orders, one commission transfer each
	Days      int // the program runs over this many days up to the clock's day
}

// DefaultLarge is the size of the benchmarks: 10,000 creators, 12,000 deals
// over 20 campaigns in 3 currencies, 1,000,000 orders over two years.
func DefaultLarge() Large {
	return Large{Seed: 1, Creators: 10000, Deals: 12000, Campaigns: 20, Orders: 1000000, Days: 730}
}

// Scaled returns l with creators, deals and orders multiplied by f (at least
// a few of each); campaigns and days stay.
func (l Large) Scaled(f float64) Large {
	sc := func(n, least int) int { return max(least, int(math.Round(float64(n)*f))) }
	l.Creators = sc(l.Creators, 10)
	l.Deals = sc(l.Deals, l.Creators)
	l.Orders = sc(l.Orders, 100)
	return l
}

func (l Large) normalized() Large {
	d := DefaultLarge()
	if l.Creators <= 0 {
		l.Creators = d.Creators
	}
	if l.Campaigns <= 0 {
		l.Campaigns = d.Campaigns
	}
	if l.Deals < l.Creators {
		l.Deals = l.Creators
	}
	if l.Deals > l.Creators*l.Campaigns {
		l.Deals = l.Creators * l.Campaigns
	}
	if l.Orders < 0 {
		l.Orders = 0
	}
	if l.Days <= 0 {
		l.Days = d.Days
	}
	return l
}

// Currencies of the large program's campaigns, in turn.
var largeCurrencies = []string{"USD", "EUR", "GBP"}

var campaignWords = []string{"Spring Launch", "Summer Glow", "Autumn Edit", "Holiday Gifting", "Back to School", "Wellness Week",
	"Outdoor Days", "Home Refresh", "Travel Light", "Studio Sessions"}

// plannedDeal is a deal of the large program, known before any ledger
// exists, so the Shopify export can use the same discount codes.
type plannedDeal struct {
	creator, campaign int
	currency          string
	code              string
	rule              ledger.Rule
	holdDays          int
}

type plan struct {
	l         Large
	campaigns []string
	creators  []ledger.CreatorInput
	deals     []plannedDeal
	// weight maps a uniform draw to a deal: a few deals sell most, as in
	// real programs (perm[floor(n·u²)]).
	perm []int
}

func makePlan(l Large) *plan {
	l = l.normalized()
	rng := rand.New(rand.NewPCG(l.Seed, 0x1a46e))
	p := &plan{l: l}
	for i := 0; i < l.Campaigns; i++ {
		year := 2025 + i/len(campaignWords)
		p.campaigns = append(p.campaigns, fmt.Sprintf("%s %d", campaignWords[i%len(campaignWords)], year))
	}
	start := make([]int, l.Creators)
	for i := 0; i < l.Creators; i++ {
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i/len(firstNames)+i*7)%len(lastNames)]
		name := first + " " + last
		if n := i / (len(firstNames) * len(lastNames)); n > 0 {
			name += " " + strconv.Itoa(n+1)
		}
		details := ""
		if i%9 != 4 {
			if i%3 == 0 {
				details = fmt.Sprintf("PayPal: %s.%s.%d@example.com", lower(first), lower(last), i)
			} else {
				details = fmt.Sprintf("IBAN DE%02d 1001 0010 %04d %04d 00", 10+i%89, rng.IntN(10000), rng.IntN(10000))
			}
		}
		p.creators = append(p.creators, ledger.CreatorInput{Name: name, Email: fmt.Sprintf("%s.%s.%d@example.com", lower(first), lower(last), i),
			Handle: fmt.Sprintf("@%s%s%d", lower(first), niches[i%len(niches)], i), PayoutDetails: details})
		start[i] = rng.IntN(l.Campaigns)
	}
	for d := 0; d < l.Deals; d++ {
		cr := d % l.Creators
		// A creator's k-th deal is in the campaign after their (k-1)-th:
		// distinct campaigns, as normalized keeps k below the campaign count.
		ca := (start[cr] + d/l.Creators) % l.Campaigns
		rule := ledger.Rule{Kind: ledger.RulePercent, Value: int64(500 + 250*rng.IntN(7))}
		if rng.IntN(5) == 0 {
			rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: int64(300 + 100*rng.IntN(8))}
		}
		code := upper(firstNames[cr%len(firstNames)]) + strconv.Itoa(100+d)
		p.deals = append(p.deals, plannedDeal{creator: cr, campaign: ca, currency: largeCurrencies[ca%len(largeCurrencies)],
			code: code, rule: rule, holdDays: []int{14, 30, 30, 30, 60}[rng.IntN(5)]})
	}
	p.perm = rng.Perm(l.Deals)
	return p
}

// pick draws a deal index, skewed so that a few deals take most orders.
func (p *plan) pick(rng *rand.Rand) int {
	u := rng.Float64()
	return p.perm[int(float64(len(p.perm))*u*u)]
}

// amount draws an order subtotal in minor units: 20.00 to 300.00.
func amount(rng *rand.Rand) int64 { return int64(2000 + rng.IntN(28000)) }

// LargeResult sums up a generated program.
type LargeResult struct {
	Creators, Deals, Orders int
	Transfers               int64
}

type dueRefund struct {
	key  int64
	base int64 // the order's base after the refund
}

type duePayment struct {
	request int64
	cancel  bool // cancelled instead of paid
}

// FillLarge writes the large program into an empty ledger as one bulk
// operation (ledger.Bulk): campaigns and creators, deals with discount codes
// and commission rules, orders day by day over l.Days up to the store's
// clock, with refunds (a few after the hold: clawbacks), commissions
// released as their hold runs out, fixed fees agreed and confirmed, bonuses,
// and monthly payout requests, most paid offline, a few cancelled, the last
// month's still in the queue. progress, when not nil, is called with the
// transfers posted after each simulated day.
func FillLarge(ctx context.Context, s *ledger.Store, l Large, progress func(day int, transfers int64)) (LargeResult, error) {
	c, err := s.Counts(ctx)
	if err != nil {
		return LargeResult{}, err
	}
	if c.Creators > 0 || c.Campaigns > 0 {
		return LargeResult{}, ledger.Errorf(ledger.EINVALID, "the ledger is not empty: demo data goes into a new ledger file")
	}
	p := makePlan(l)
	l = p.l
	end := s.Now().UTC().Truncate(24 * time.Hour)
	first := end.AddDate(0, 0, -(l.Days - 1))
	rng := rand.New(rand.NewPCG(l.Seed, 0x0bde5))
	res := LargeResult{Creators: l.Creators, Deals: l.Deals, Orders: l.Orders}

	r, err := s.Bulk(ctx, "", func(b *ledger.Bulk) error {
		b.SetClock(first.Add(8 * time.Hour))
		campIDs := make([]int64, len(p.campaigns))
		for i, name := range p.campaigns {
			id, err := b.AddCampaign(ledger.CampaignInput{Name: name, Notes: "Generated campaign"})
			if err != nil {
				return err
			}
			campIDs[i] = id
		}
		crIDs := make([]int64, len(p.creators))
		for i, in := range p.creators {
			id, err := b.AddCreator(in)
			if err != nil {
				return err
			}
			crIDs[i] = id
		}
		dealIDs := make([]int64, len(p.deals))
		for i, d := range p.deals {
			id, err := b.AddDeal(ledger.DealInput{CreatorID: crIDs[d.creator], CampaignID: campIDs[d.campaign], Currency: d.currency,
				Rule: d.rule, Codes: []string{d.code}, HoldDays: d.holdDays})
			if err != nil {
				return err
			}
			dealIDs[i] = id
		}

		// Fixed fees: half the deals agree one in the first two months;
		// most are confirmed a month later, a few stay scheduled.
		fees := map[int][]ledger.FeeInput{}
		for i := range p.deals {
			if i%2 == 0 {
				day := rng.IntN(min(60, l.Days))
				unit := int64(100)
				fees[day] = append(fees[day], ledger.FeeInput{DealID: dealIDs[i], Amount: int64(200+100*rng.IntN(8)) * unit,
					Comment: "Launch video + 3 stories", Confirm: i%8 == 0})
			}
		}
		confirms := map[int][]int64{}
		refunds := map[int][]dueRefund{}
		payments := map[int][]duePayment{}
		ref := 0
		orderNo := 100000
		perDay, extra := l.Orders/l.Days, l.Orders%l.Days
		for day := 0; day < l.Days; day++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			date := first.AddDate(0, 0, day)
			b.SetClock(date.Add(time.Duration(8*3600+rng.IntN(10*3600)) * time.Second))
			ds := date.Format(ledger.DateLayout)

			for _, f := range fees[day] {
				id, err := b.AddFee(f)
				if err != nil {
					return err
				}
				if !f.Confirm && rng.IntN(10) != 0 {
					due := day + 20 + rng.IntN(30)
					confirms[due] = append(confirms[due], id)
				}
			}
			for _, id := range confirms[day] {
				if err := b.ConfirmFee(id); err != nil {
					return err
				}
			}

			n := perDay
			if day < extra {
				n++
			}
			for k := 0; k < n; k++ {
				di := p.pick(rng)
				d := p.deals[di]
				base := amount(rng)
				orderNo++
				key, err := b.Order("generated", ledger.OrderInput{OrderID: "#" + strconv.Itoa(orderNo), DealID: dealIDs[di],
					Currency: d.currency, PaidDate: ds, Base: base})
				if err != nil {
					return err
				}
				switch x := rng.IntN(1000); {
				case x < 15: // refunded in full within days
					due := day + 1 + rng.IntN(10)
					refunds[due] = append(refunds[due], dueRefund{key: key})
				case x < 30: // partly refunded
					due := day + 1 + rng.IntN(10)
					refunds[due] = append(refunds[due], dueRefund{key: key, base: base / 2})
				case x < 33: // returned after the hold: a clawback of owed
					due := day + d.holdDays + 5 + rng.IntN(20)
					refunds[due] = append(refunds[due], dueRefund{key: key})
				}
			}
			for _, rf := range refunds[day] {
				if err := b.Refund(rf.key, rf.base); err != nil {
					return err
				}
			}
			delete(refunds, day)
			if _, err := b.Release(); err != nil {
				return err
			}

			// A few bonuses a week.
			if rng.IntN(2) == 0 {
				i := rng.IntN(len(dealIDs))
				if _, err := b.AddBonus(ledger.BonusInput{DealID: dealIDs[i], Amount: int64(50+25*rng.IntN(6)) * 100, Comment: "Top performer of the month"}); err != nil {
					return err
				}
			}

			for _, pm := range payments[day] {
				if pm.cancel {
					if err := b.CancelRequest(pm.request, "Creator asked to wait"); err != nil {
						return err
					}
					continue
				}
				ref++
				method := ledger.MethodBank
				if ref%4 == 0 {
					method = ledger.MethodPayPal
				}
				if err := b.PayOffline(ledger.PayInput{RequestID: pm.request, Method: method, Date: ds,
					Reference: fmt.Sprintf("TRX-%s-%07d", date.Format("200601"), ref)}); err != nil {
					return err
				}
			}
			delete(payments, day)

			// Payout day: on the 1st, a third of the deals with payout
			// details and at least 25.00 owed are requested in full.
			if date.Day() == 1 {
				for i, id := range dealIDs {
					if (i+date.Year()*12+int(date.Month()))%3 != 0 || p.creators[p.deals[i].creator].PayoutDetails == "" {
						continue
					}
					owed := b.Owed(id)
					if owed < 2500 {
						continue
					}
					req, err := b.RequestPayout(ledger.RequestInput{DealID: id, Amount: owed, Date: ds, Comment: "Monthly payout " + date.Format("January 2006")})
					if err != nil {
						return err
					}
					due := day + 2 + rng.IntN(5)
					payments[due] = append(payments[due], duePayment{request: req, cancel: rng.IntN(30) == 0})
				}
			}
			if progress != nil {
				progress(day, b.Transfers())
			}
		}
		return nil
	})
	res.Transfers = r.Transfers
	return res, err
}

// LargeCodes returns the discount codes of l's deals, each with its deal's
// currency, as FillLarge writes them: what a matching store export uses
// (for example orders.GenerateShopify's Codes).
func LargeCodes(l Large) map[string]string {
	p := makePlan(l)
	out := make(map[string]string, len(p.deals))
	for _, d := range p.deals {
		out[d.code] = d.currency
	}
	return out
}
