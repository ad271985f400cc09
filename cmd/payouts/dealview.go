package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

// Reading deals: the list (the Deals screen) and one deal (the deal page).

// dealTable is the Deals screen as text: one row per deal with its rule,
// codes, payee state and balances.
func dealTable(ds []ledger.Deal) table {
	t := table{header: []string{"id", "creator", "campaign", "currency", "rule", "hold_days", "codes", "payee",
		"scheduled", "held", "owed", "requested", "paid", "remaining"},
		right: map[int]bool{5: true, 8: true, 9: true, 10: true, 11: true, 12: true, 13: true}}
	for _, d := range ds {
		f := func(v int64) string { return ledger.Format(v, d.Currency) }
		t.rows = append(t.rows, []string{itoa(d.ID), d.CreatorName, d.CampaignName, d.Currency, ruleText(d.Rule, d.Currency),
			itoa(int64(d.HoldDays)), strings.Join(d.Codes, " "), payeeText(d.PayeeReady),
			f(d.Scheduled), f(d.Held), f(d.Owed), f(d.Requested), f(d.Paid), f(d.Remaining())})
	}
	return t
}

// ruleText writes a commission rule as "12.5%" or "5.00 per order" (the
// currency has its own column), plain enough for a script to read back.
func ruleText(r ledger.Rule, currency string) string {
	if r.Kind == ledger.RulePercent {
		return ledger.BasisPoints(r.Value).String()
	}
	return ledger.Format(r.Value, currency) + " per order"
}

// payeeText says whether a deal can be paid, in the app's words.
func payeeText(ready bool) string {
	if ready {
		return "ready"
	}
	return "Payout details missing"
}

// timeText writes when something was recorded, in local time.
func timeText(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

func dealListCmd(e *env) *cobra.Command {
	var format, search, creator, campaign string
	c := &cobra.Command{
		Use: "list [--search TEXT] [--creator NAME] [--campaign NAME]", Short: "List deals with their rule, codes and balances", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			q := ledger.DealQuery{Search: search, Sort: "id"}
			if strings.TrimSpace(creator) != "" {
				cr, err := s.CreatorByName(ctx, creator)
				if err != nil {
					return err
				}
				q.CreatorID = cr.ID
			}
			if strings.TrimSpace(campaign) != "" {
				ca, err := s.CampaignByName(ctx, campaign)
				if err != nil {
					return err
				}
				q.CampaignID = ca.ID
			}
			ds, err := s.Deals(ctx, q)
			if err != nil {
				return err
			}
			return dealTable(ds).write(format)
		}),
	}
	c.Flags().StringVar(&search, "search", "", "only deals whose creator, campaign or a discount code contains this text")
	c.Flags().StringVar(&creator, "creator", "", "only this creator's deals (by name)")
	c.Flags().StringVar(&campaign, "campaign", "", "only this campaign's deals (by name)")
	formatFlag(c, &format)
	return c
}

func dealShowCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use: "show ID", Short: "Show a deal: its terms, balances, fixed fees, payout requests and bonuses", Args: cobra.ExactArgs(1),
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("deal", args[0])
			if err != nil {
				return err
			}
			d, err := s.Deal(ctx, id)
			if err != nil {
				return err
			}
			fees, err := s.Fees(ctx, id)
			if err != nil {
				return err
			}
			reqs, err := s.Requests(ctx, ledger.RequestQuery{DealID: id, Desc: true})
			if err != nil {
				return err
			}
			bonuses, err := s.Bonuses(ctx, id)
			if err != nil {
				return err
			}
			r := dealRecord(d, fees, reqs)
			r.list("bonus_payments", "Bonuses", bonusTable(bonuses))
			return r.write(format)
		}),
	}
	showFormatFlag(c, &format)
	return c
}

// dealRecord is the deal page as text.
func dealRecord(d ledger.Deal, fees []ledger.Fee, reqs []ledger.Request) record {
	f := func(v int64) string { return ledger.Format(v, d.Currency) }
	var r record
	r.add("id", itoa(d.ID))
	r.add("creator", d.CreatorName)
	r.add("creator_id", itoa(d.CreatorID))
	r.add("campaign", d.CampaignName)
	r.add("campaign_id", itoa(d.CampaignID))
	r.add("currency", d.Currency)
	r.add("rule", ruleText(d.Rule, d.Currency))
	r.add("hold_days", itoa(int64(d.HoldDays)))
	r.add("codes", strings.Join(d.Codes, " "))
	r.add("payee", payeeText(d.PayeeReady))
	r.add("created", timeText(d.CreatedAt))
	for _, b := range []struct {
		key string
		v   int64
	}{
		{"scheduled", d.Scheduled}, {"held", d.Held}, {"owed", d.Owed}, {"requested", d.Requested}, {"paid", d.Paid},
		{"remaining", d.Remaining()}, {"commission", d.Commission}, {"fees", d.Fees}, {"bonuses", d.Bonuses}, {"revenue", d.Revenue},
	} {
		r.add(b.key, f(b.v))
	}
	ft := table{header: []string{"id", "amount", "status", "comment", "created"}, right: map[int]bool{1: true}}
	for _, x := range fees {
		ft.rows = append(ft.rows, []string{itoa(x.ID), f(x.Amount), x.Status, x.Comment, timeText(x.CreatedAt)})
	}
	r.list("fixed_fees", "Fixed fees", ft)
	rt := table{header: []string{"id", "amount", "status", "method", "reference", "paid_date", "created", "comment"}, right: map[int]bool{1: true}}
	for _, x := range reqs {
		rt.rows = append(rt.rows, []string{itoa(x.ID), f(x.Amount), x.Status, x.Method, x.Reference, x.PaidDate, timeText(x.CreatedAt), x.Comment})
	}
	r.list("payout_requests", "Payout requests", rt)
	return r
}

// bonusTable lists a deal's bonuses, each with whether it was voided.
func bonusTable(bs []ledger.Bonus) table {
	t := table{header: []string{"id", "amount", "status", "date", "operator", "comment"}, right: map[int]bool{1: true}}
	for _, b := range bs {
		status := "active"
		if b.Voided {
			status = "voided"
		}
		t.rows = append(t.rows, []string{itoa(b.ID), ledger.Format(b.Amount, b.Currency), status, b.Date, b.Operator, b.Comment})
	}
	return t
}
