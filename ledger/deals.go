package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// NormalizeCode is how discount codes compare: trimmed, case-insensitive.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// Validate checks a deal's fields and normalizes its codes and currency.
func (in *DealInput) Validate() error {
	cur, err := LookupCurrency(in.Currency)
	if err != nil {
		return err
	}
	in.Currency = cur.Code
	switch in.Rule.Kind {
	case RulePercent:
		if in.Rule.Value < 0 || in.Rule.Value > 10000 {
			return Errorf(EINVALID, "commission percent must be between 0 and 100")
		}
	case RulePerOrder:
		if err := checkAmount(in.Rule.Value, "amount per order"); err != nil {
			return err
		}
	default:
		return Errorf(EINVALID, "commission rule required: a percent or an amount per order")
	}
	if err := validHoldDays(in.HoldDays); err != nil {
		return err
	}
	seen := map[string]bool{}
	codes := in.Codes[:0:0]
	for _, c := range in.Codes {
		c = NormalizeCode(c)
		if c == "" || seen[c] {
			continue
		}
		if strings.ContainsAny(c, ", \t\n") {
			return Errorf(EINVALID, "invalid discount code %q: no spaces or commas", c)
		}
		seen[c] = true
		codes = append(codes, c)
	}
	in.Codes = codes
	return nil
}

// AddDeal adds a deal and returns its ID.
func (s *Store) AddDeal(ctx context.Context, in DealInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return s.do(ctx, in.OpID, "deal.add", in, func(tx *Tx) (int64, error) { return tx.addDeal(in) })
}

// addDeal inserts a validated deal and its codes inside an operation.
func (tx *Tx) addDeal(in DealInput) (int64, error) {
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM creators WHERE id = ?`, in.CreatorID).Scan(&n); err != nil || n == 0 {
		return 0, orNotFound(err, "creator %d not found", in.CreatorID)
	}
	if err := tx.queryRow(`SELECT count(*) FROM campaigns WHERE id = ?`, in.CampaignID).Scan(&n); err != nil || n == 0 {
		return 0, orNotFound(err, "campaign %d not found", in.CampaignID)
	}
	id, err := tx.insertID(`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.CreatorID, in.CampaignID, in.Currency, in.Rule.Kind, in.Rule.Value, in.HoldDays, ms(tx.now))
	if err != nil {
		if isUnique(err) {
			return 0, Errorf(ECONFLICT, "this creator already has a %s deal in this campaign", in.Currency)
		}
		return 0, err
	}
	if err := tx.addCodes(id, in.Codes); err != nil {
		return 0, err
	}
	return id, nil
}

func (tx *Tx) addCodes(dealID int64, codes []string) error {
	for _, c := range codes {
		var owner int64
		err := tx.queryRow(`SELECT deal_id FROM deal_codes WHERE code = ?`, c).Scan(&owner)
		if err == nil {
			if owner == dealID {
				continue
			}
			return Errorf(ECONFLICT, "discount code %s already belongs to %s", c, tx.dealLabel(owner))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.exec(`INSERT INTO deal_codes (code, deal_id) VALUES (?, ?)`, c, dealID); err != nil {
			return err
		}
	}
	return nil
}

// SetDealCodes replaces a deal's discount codes.
func (s *Store) SetDealCodes(ctx context.Context, opID string, dealID int64, codes []string) error {
	in := DealInput{Currency: "USD", Rule: Rule{Kind: RulePerOrder, Value: 1}, Codes: codes}
	if err := in.Validate(); err != nil {
		return err
	}
	_, err := s.do(ctx, opID, "deal.codes", struct {
		Deal  int64
		Codes []string
	}{dealID, in.Codes}, func(tx *Tx) (int64, error) {
		return dealID, tx.replaceCodes(dealID, in.Codes)
	})
	return err
}

// SetDealHoldDays changes how many days a deal's commissions are held (its
// return window). It applies to commissions recorded from now on: one
// already held keeps the release date it was given, so changing the window
// never releases money early nor holds back money already promised.
func (s *Store) SetDealHoldDays(ctx context.Context, opID string, dealID int64, days int) error {
	if err := validHoldDays(days); err != nil {
		return err
	}
	_, err := s.do(ctx, opID, "deal.holddays", struct {
		Deal int64
		Days int
	}{dealID, days}, func(tx *Tx) (int64, error) {
		return dealID, tx.setHoldDays(dealID, days)
	})
	return err
}

func validHoldDays(days int) error {
	if days < 0 || days > 3650 {
		return Errorf(EINVALID, "hold days must be between 0 and 3650")
	}
	return nil
}

func orNotFound(err error, format string, args ...any) error {
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return Errorf(ENOTFOUND, format, args...)
}

// dealRow is what operations need to know of a deal inside a transaction.
type dealRow struct {
	ID        int64
	Currency  string
	Rule      Rule
	HoldDays  int
	CreatorID int64
	Balances
}

// dealSelect reads deals with their names, codes and payee. The payee is
// joined on plain columns (the deal's own account, the creator's) and the
// effective one picked in the SELECT: a join on payeeAccountSQL, an
// expression over two tables, had PostgreSQL probe payees once per deal.
// The unlinked account (the empty one) is read once, as payeeAccountSQL would join it.
var dealSelect = dealSelectWith(dealCodesSQL, "")

// dealCodesSQL is a deal's discount codes, comma-separated in order: one
// lookup per deal, what a page or a single deal wants.
const dealCodesSQL = `coalesce((SELECT group_concat(code, ',' ORDER BY code) FROM deal_codes dc WHERE dc.deal_id = d.id), '')`

// dealListSelect is dealSelect for the whole list: the codes of every deal
// aggregated once and joined, instead of a subquery run for each of
// 12,000 deals (on PostgreSQL the list's largest cost, issue 18).
var dealListSelect = dealSelectWith(`coalesce(dcs.codes, '')`,
	` LEFT JOIN (SELECT deal_id, group_concat(code, ',' ORDER BY code) AS codes FROM deal_codes GROUP BY deal_id) dcs ON dcs.deal_id = d.id`)

func dealSelectWith(codes, codesJoin string) string {
	return `SELECT d.id, d.creator_id, cr.name, d.campaign_id, ca.name, d.currency, d.rule_kind, d.rule_value, d.hold_days,
	` + detailsOnFileSQL + `, d.created_at,
	d.scheduled, d.held, d.owed, d.requested, d.paid, d.commission, d.fees, d.bonuses, d.revenue,
	` + codes + `,
	` + payeeAccountSQL + `, ` + dealPayeeReadySQL + `
	FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id` + codesJoin + `
	LEFT JOIN payees pd ON pd.account = d.payee_account LEFT JOIN payees pc ON pc.account = cr.stripe_account`
}

// dealPayeeReadySQL is payeeReadySQL over dealSelect's joins: the payee of
// the effective account is pd, pc or the one of the empty account.
var dealPayeeReadySQL = `(CASE WHEN d.payee_unlinked = 1 THEN coalesce((SELECT ` + payeeReadySQL + ` FROM payees p WHERE p.account = ''), 0)
	WHEN d.payee_account <> '' THEN ` + readyOf("pd") + ` ELSE ` + readyOf("pc") + ` END)`

func scanDeal(sc interface{ Scan(...any) error }) (Deal, error) {
	var d Deal
	var at int64
	var codes string
	err := sc.Scan(&d.ID, &d.CreatorID, &d.CreatorName, &d.CampaignID, &d.CampaignName, &d.Currency, &d.Rule.Kind, &d.Rule.Value, &d.HoldDays,
		&d.PayeeReady, &at, &d.Scheduled, &d.Held, &d.Owed, &d.Requested, &d.Paid, &d.Commission, &d.Fees, &d.Bonuses, &d.Revenue, &codes,
		&d.StripeAccount, &d.StripeReady)
	d.CreatedAt = FromMillis(at)
	if codes != "" {
		d.Codes = strings.Split(codes, ",")
	}
	return d, err
}

// Deal returns a deal with its names, codes and cached balances.
func (s *Store) Deal(ctx context.Context, id int64) (Deal, error) {
	d, err := scanDeal(s.db.QueryRowContext(ctx, dealSelect+` WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "deal %d not found", id)
	}
	return d, wrap(err, "read deal")
}

// DealByCode returns the deal a discount code belongs to.
func (s *Store) DealByCode(ctx context.Context, code string) (Deal, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT deal_id FROM deal_codes WHERE code = ?`, NormalizeCode(code)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Deal{}, Errorf(ENOTFOUND, "no deal has the discount code %q", code)
	} else if err != nil {
		return Deal{}, wrap(err, "find code")
	}
	return s.Deal(ctx, id)
}

// DealRef is what attributing an order needs to know of a deal.
type DealRef struct {
	ID       int64
	Currency string
}

// CodeMap returns every discount code (normalized) with its deal, for
// attributing a whole import without a query per order.
func (s *Store) CodeMap(ctx context.Context) (map[string]DealRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT dc.code, d.id, d.currency FROM deal_codes dc JOIN deals d ON d.id = dc.deal_id`)
	if err != nil {
		return nil, wrap(err, "read codes")
	}
	defer rows.Close()
	out := map[string]DealRef{}
	for rows.Next() {
		var code string
		var r DealRef
		if err := rows.Scan(&code, &r.ID, &r.Currency); err != nil {
			return nil, wrap(err, "read codes")
		}
		out[NormalizeCode(code)] = r
	}
	return out, wrap(rows.Err(), "read codes")
}

// CurrencyTotals are the balances of all deals in one currency.
type CurrencyTotals struct {
	Currency string
	Deals    int
	Balances
}

// Totals sums the cached balances of every deal, per currency.
func (s *Store) Totals(ctx context.Context) ([]CurrencyTotals, error) {
	return s.TotalsOf(ctx, DealQuery{})
}

// TotalsOf sums the cached balances of the deals a query selects (its
// search, creator and campaign; not its sort or page), per currency: the
// footer of a searched list sums what the list shows.
func (s *Store) TotalsOf(ctx context.Context, q DealQuery) ([]CurrencyTotals, error) {
	where, args := dealWhere(q)
	rows, err := s.db.QueryContext(ctx, `SELECT d.currency, count(*), sum(d.scheduled), sum(d.held), sum(d.owed), sum(d.requested), sum(d.paid),
		sum(d.commission), sum(d.fees), sum(d.bonuses), sum(d.revenue)
		FROM deals d JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id`+where+`
		GROUP BY d.currency ORDER BY d.currency`, args...)
	if err != nil {
		return nil, wrap(err, "totals")
	}
	defer rows.Close()
	var out []CurrencyTotals
	for rows.Next() {
		var t CurrencyTotals
		if err := rows.Scan(&t.Currency, &t.Deals, &t.Scheduled, &t.Held, &t.Owed, &t.Requested, &t.Paid,
			&t.Commission, &t.Fees, &t.Bonuses, &t.Revenue); err != nil {
			return nil, wrap(err, "totals")
		}
		out = append(out, t)
	}
	return out, wrap(rows.Err(), "totals")
}
