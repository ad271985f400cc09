package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Payee is a Stripe connected account (Express) that receives deals'
// money, with the status Stripe last reported for it. The app gets no
// webhooks: CheckedAt says when the status was last polled.
type Payee struct {
	Account          string
	CreatorID        int64 // the creator it was invited for; 0 when linked from elsewhere
	Name             string
	DetailsSubmitted bool
	PayoutsEnabled   bool
	CurrentlyDue     []string
	CheckedAt        time.Time // zero: never checked
	CreatedAt        time.Time
}

// Ready reports whether Stripe says the account can be paid.
func (p Payee) Ready() bool { return p.Account != "" && p.DetailsSubmitted && p.PayoutsEnabled }

// Missing says, for a person, why the account cannot be paid yet ("" when
// it can).
func (p Payee) Missing() string {
	switch {
	case p.Account == "":
		return PayoutDetailsMissing + ": no Stripe account (invite the creator or link an account)"
	case p.Ready():
		return ""
	case p.CheckedAt.IsZero():
		return PayoutDetailsMissing + ": " + p.Account + " has not been checked with Stripe yet (refresh the status)"
	case len(p.CurrentlyDue) > 0:
		return PayoutDetailsMissing + ": Stripe still needs " + strings.Join(p.CurrentlyDue, ", ")
	case !p.DetailsSubmitted:
		return PayoutDetailsMissing + ": the creator has not finished Stripe onboarding"
	}
	return PayoutDetailsMissing + ": Stripe has not enabled payouts to " + p.Account + " yet"
}

// Payee sources: where a deal's account comes from.
const (
	PayeeFromDeal    = "deal"    // linked to the deal (an agency, a replacement)
	PayeeFromCreator = "creator" // the creator's default account
	PayeeNone        = "none"    // no account: never invited, or unlinked
)

// DealPayee is the account that will receive a deal's money.
type DealPayee struct {
	DealID   int64
	Source   string // PayeeFromDeal, PayeeFromCreator or PayeeNone
	Unlinked bool   // the deal was unlinked and waits for a new link or invite
	Payee
}

// Secured reads "Secured by acct_... (name on the account)", or "" when the
// deal has no account.
func (p DealPayee) Secured() string {
	if p.Account == "" {
		return ""
	}
	s := "Secured by " + p.Account
	if p.Name != "" {
		s += " (" + p.Name + ")"
	}
	return s
}

// PayeeStatus is what Stripe reports of an account.
type PayeeStatus struct {
	Account          string
	Name             string
	DetailsSubmitted bool
	PayoutsEnabled   bool
	CurrentlyDue     []string
}

// PayeeEvent is one link or unlink in a deal's history.
type PayeeEvent struct {
	ID       int64
	DealID   int64
	Action   string // link or unlink
	Account  string
	Reason   string
	At       time.Time
	Operator string
}

// payeeAccountSQL is a deal's effective account, over deals d and creators cr.
const payeeAccountSQL = `(CASE WHEN d.payee_unlinked = 1 THEN '' WHEN d.payee_account <> '' THEN d.payee_account ELSE cr.stripe_account END)`

// payeeReadySQL is whether that account can be paid, over payees p joined on it.
// It is 1 or 0 (see detailsOnFileSQL).
const payeeReadySQL = `(CASE WHEN p.details_submitted = 1 AND p.payouts_enabled = 1 THEN 1 ELSE 0 END)`

// readyOf is payeeReadySQL over payees joined as alias.
func readyOf(alias string) string {
	return strings.ReplaceAll(payeeReadySQL, "p.", alias+".")
}

// CheckAccountID refuses what is not a Stripe connected account ID.
func CheckAccountID(account string) (string, error) {
	account = strings.TrimSpace(account)
	if !strings.HasPrefix(account, "acct_") || len(account) < 8 || len(account) > 64 || strings.ContainsAny(account, " \t\r\n,") {
		return account, Errorf(EINVALID, "invalid Stripe account %q: it looks like acct_1A2b3C", account)
	}
	return account, nil
}

// InviteCheck says whether a creator can get a new default Stripe account:
// one with none, or whose old account secures none of their deals any more
// (each was unlinked). Checked before the account is created at Stripe, so
// a refused invite leaves no orphan account.
func (s *Store) InviteCheck(ctx context.Context, creatorID int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrap(err, "check invite")
	}
	defer tx.Rollback()
	return inviteCheck(ctx, tx, creatorID)
}

func inviteCheck(ctx context.Context, q querier, creatorID int64) error {
	var name, current string
	err := q.QueryRowContext(ctx, `SELECT name, stripe_account FROM creators WHERE id = ?`, creatorID).Scan(&name, &current)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENOTFOUND, "creator %d not found", creatorID)
	} else if err != nil {
		return wrap(err, "check invite")
	}
	if current == "" {
		return nil
	}
	var following, unlinked int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN payee_account = '' AND payee_unlinked = 0 THEN 1 ELSE 0 END), 0), coalesce(sum(payee_unlinked), 0)
		FROM deals WHERE creator_id = ?`, creatorID).Scan(&following, &unlinked); err != nil {
		return wrap(err, "check invite")
	}
	if following > 0 || unlinked == 0 {
		return Errorf(ECONFLICT, "%s already has Stripe account %s: make a new onboarding link, or unlink their deals first", name, current)
	}
	return nil
}

// AddCreatorAccount records the Express account just created at Stripe for
// a creator (an invite) as their default payee. Deals that were unlinked
// are secured to it, each with a link in its history.
func (s *Store) AddCreatorAccount(ctx context.Context, opID string, creatorID int64, account string) error {
	account, err := CheckAccountID(account)
	if err != nil {
		return err
	}
	_, err = s.do(ctx, opID, "payee.invite", struct {
		Creator int64
		Account string
	}{creatorID, account}, func(tx *Tx) (int64, error) {
		if err := inviteCheck(tx.ctx, tx.Tx, creatorID); err != nil {
			return 0, err
		}
		if err := tx.addPayee(account, creatorID); err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE creators SET stripe_account = ? WHERE id = ?`, account, creatorID); err != nil {
			return 0, err
		}
		rows, err := tx.QueryContext(tx.ctx, `SELECT id FROM deals WHERE creator_id = ? AND (payee_unlinked = 1 OR payee_account = '')`, creatorID)
		if err != nil {
			return 0, err
		}
		var deals []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			deals = append(deals, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		for _, id := range deals {
			if _, err := tx.exec(`UPDATE deals SET payee_account = '', payee_unlinked = 0 WHERE id = ?`, id); err != nil {
				return 0, err
			}
			if err := tx.payeeEvent(id, "link", account, "invited to Stripe"); err != nil {
				return 0, err
			}
		}
		return creatorID, nil
	})
	return err
}

func (tx *Tx) addPayee(account string, creatorID int64) error {
	_, err := tx.exec(`INSERT INTO payees (account, creator_id, created_at) VALUES (?, ?, ?) ON CONFLICT (account) DO NOTHING`,
		account, nullID(creatorID), ms(tx.now))
	return err
}

func (tx *Tx) payeeEvent(dealID int64, action, account, reason string) error {
	_, err := tx.exec(`INSERT INTO payee_events (deal_id, action, account, reason, at, operator, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		dealID, action, account, strings.TrimSpace(reason), ms(tx.now), tx.operator, tx.opID)
	return err
}

// settlingOf returns a request of the deal that is being paid with Stripe,
// or 0: the payee cannot change under money in flight.
func (tx *Tx) settlingOf(dealID int64) (int64, error) {
	var id int64
	err := tx.queryRow(`SELECT id FROM requests WHERE deal_id = ? AND status = ? LIMIT 1`, dealID, StatusSettling).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// LinkPayee secures a deal, and so every open request of it, to a Stripe
// account (an agency's, or a replacement after an unlink).
func (s *Store) LinkPayee(ctx context.Context, opID string, dealID int64, account, reason string) error {
	account, err := CheckAccountID(account)
	if err != nil {
		return err
	}
	_, err = s.do(ctx, opID, "payee.link", struct {
		Deal            int64
		Account, Reason string
	}{dealID, account, reason}, func(tx *Tx) (int64, error) {
		p, err := dealPayee(tx.ctx, tx.Tx, dealID)
		if err != nil {
			return 0, err
		}
		if p.Account == account {
			return 0, Errorf(ECONFLICT, "%s is already secured by %s", tx.dealLabel(dealID), account)
		}
		if id, err := tx.settlingOf(dealID); err != nil || id != 0 {
			return 0, orConflict(err, "%s is being paid with Stripe: link after it settles", tx.requestLabel(id))
		}
		if err := tx.addPayee(account, 0); err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE deals SET payee_account = ?, payee_unlinked = 0 WHERE id = ?`, account, dealID); err != nil {
			return 0, err
		}
		return dealID, tx.payeeEvent(dealID, "link", account, reason)
	})
	return err
}

// UnlinkPayee frees a deal from the account that secures it (the wrong
// person completed onboarding, or the creator changed agency). Its open
// requests wait, "Payout details missing", for the next link or invite.
func (s *Store) UnlinkPayee(ctx context.Context, opID string, dealID int64, reason string) error {
	_, err := s.do(ctx, opID, "payee.unlink", struct {
		Deal   int64
		Reason string
	}{dealID, reason}, func(tx *Tx) (int64, error) {
		p, err := dealPayee(tx.ctx, tx.Tx, dealID)
		if err != nil {
			return 0, err
		}
		if p.Account == "" {
			return 0, Errorf(ECONFLICT, "%s has no Stripe account to unlink", tx.dealLabel(dealID))
		}
		if id, err := tx.settlingOf(dealID); err != nil || id != 0 {
			return 0, orConflict(err, "%s is being paid with Stripe: unlink after it settles", tx.requestLabel(id))
		}
		if _, err := tx.exec(`UPDATE deals SET payee_account = '', payee_unlinked = 1 WHERE id = ?`, dealID); err != nil {
			return 0, err
		}
		return dealID, tx.payeeEvent(dealID, "unlink", p.Account, reason)
	})
	return err
}

func orConflict(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return Errorf(ECONFLICT, format, args...)
}

// SetPayeeStatus records what Stripe reported of an account.
func (s *Store) SetPayeeStatus(ctx context.Context, st PayeeStatus) error {
	account, err := CheckAccountID(st.Account)
	if err != nil {
		return err
	}
	_, err = s.do(ctx, "", "payee.status", st, func(tx *Tx) (int64, error) {
		if err := tx.addPayee(account, 0); err != nil {
			return 0, err
		}
		_, err := tx.exec(`UPDATE payees SET name = ?, details_submitted = ?, payouts_enabled = ?, currently_due = ?, checked_at = ? WHERE account = ?`,
			strings.TrimSpace(st.Name), st.DetailsSubmitted, st.PayoutsEnabled, strings.Join(st.CurrentlyDue, ","), ms(tx.now), account)
		return 0, err
	})
	return err
}

const payeeCols = `p.account, coalesce(p.creator_id, 0), p.name, p.details_submitted, p.payouts_enabled, p.currently_due, p.checked_at, p.created_at`

func scanPayee(sc interface{ Scan(...any) error }, p *Payee) error {
	var due string
	var checked, created int64
	var creator sql.NullInt64
	if err := sc.Scan(&p.Account, &creator, &p.Name, &p.DetailsSubmitted, &p.PayoutsEnabled, &due, &checked, &created); err != nil {
		return err
	}
	p.CreatorID = creator.Int64
	if due != "" {
		p.CurrentlyDue = strings.Split(due, ",")
	}
	if checked != 0 {
		p.CheckedAt = FromMillis(checked)
	}
	p.CreatedAt = FromMillis(created)
	return nil
}

func dealPayee(ctx context.Context, q querier, dealID int64) (DealPayee, error) {
	out := DealPayee{DealID: dealID}
	var account string
	var unlinked bool
	var own string
	err := q.QueryRowContext(ctx, `SELECT `+payeeAccountSQL+`, d.payee_unlinked, d.payee_account FROM deals d JOIN creators cr ON cr.id = d.creator_id WHERE d.id = ?`, dealID).
		Scan(&account, &unlinked, &own)
	if errors.Is(err, sql.ErrNoRows) {
		return out, Errorf(ENOTFOUND, "deal %d not found", dealID)
	} else if err != nil {
		return out, wrap(err, "read payee")
	}
	out.Unlinked = unlinked
	switch {
	case account == "":
		out.Source = PayeeNone
		return out, nil
	case own != "":
		out.Source = PayeeFromDeal
	default:
		out.Source = PayeeFromCreator
	}
	err = scanPayee(q.QueryRowContext(ctx, `SELECT `+payeeCols+` FROM payees p WHERE p.account = ?`, account), &out.Payee)
	if errors.Is(err, sql.ErrNoRows) {
		out.Payee = Payee{Account: account} // recorded before payees existed: never checked
		return out, nil
	}
	return out, wrap(err, "read payee")
}

// DealPayee returns the account that will receive a deal's money, with its
// last known status.
func (s *Store) DealPayee(ctx context.Context, dealID int64) (DealPayee, error) {
	return dealPayee(ctx, s.db, dealID)
}

// Payee returns a known Stripe account.
func (s *Store) Payee(ctx context.Context, account string) (Payee, error) {
	var p Payee
	err := scanPayee(s.db.QueryRowContext(ctx, `SELECT `+payeeCols+` FROM payees p WHERE p.account = ?`, strings.TrimSpace(account)), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, Errorf(ENOTFOUND, "Stripe account %s is not known to this ledger", account)
	}
	return p, wrap(err, "read payee")
}

// PayeeAccounts lists every account that secures a deal: the ones whose
// status is refreshed on start.
func (s *Store) PayeeAccounts(ctx context.Context) ([]string, error) {
	// The alias is named outside its SELECT: PostgreSQL reads no output
	// column in WHERE.
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a FROM (SELECT `+payeeAccountSQL+` AS a FROM deals d JOIN creators cr ON cr.id = d.creator_id) accounts
		WHERE a <> '' ORDER BY a`)
	if err != nil {
		return nil, wrap(err, "list payees")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, wrap(err, "list payees")
		}
		out = append(out, a)
	}
	return out, wrap(rows.Err(), "list payees")
}

// PayeeEvents lists a deal's links and unlinks, newest first.
func (s *Store) PayeeEvents(ctx context.Context, dealID int64) ([]PayeeEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, deal_id, action, account, reason, at, operator FROM payee_events WHERE deal_id = ? ORDER BY id DESC`, dealID)
	if err != nil {
		return nil, wrap(err, "payee history")
	}
	defer rows.Close()
	var out []PayeeEvent
	for rows.Next() {
		var e PayeeEvent
		var at int64
		if err := rows.Scan(&e.ID, &e.DealID, &e.Action, &e.Account, &e.Reason, &at, &e.Operator); err != nil {
			return nil, wrap(err, "payee history")
		}
		e.At = FromMillis(at)
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "payee history")
}

// OpenRequests lists a deal's requests not yet paid or cancelled: the ones
// a link or an unlink of its payee affects.
func (s *Store) OpenRequests(ctx context.Context, dealID int64) ([]Request, error) {
	var out []Request
	for _, st := range []string{StatusRequested, StatusFailed, StatusSettling} {
		rs, err := s.Requests(ctx, RequestQuery{Status: st, DealID: dealID})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}
